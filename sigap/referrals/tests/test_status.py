"""The steps of a referral (domain.md §E4): the status rules, reasons and outcome required, every step on the
case timeline, a plan item done when its referral is done, and the referral letter."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sigap.cases.models import CaseState
from sigap.cases.models.plan import PlanItem, PlanItemStatus
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.casework_steps import approve_plan, walk_to
from sigap.cases.tests.test_case_summary import _text
from sigap.cases.timeline.case import case_timeline
from sigap.referrals.models import ReferralEvent, Status
from sigap.referrals.services import (
    referral_accept,
    referral_decline,
    referral_done,
    referral_service_given,
    referral_withdraw,
)
from sigap.referrals.tests.steps import adult_case, partner, sent


def test_the_happy_path_and_its_history_and_timeline(personas: Any) -> None:
    manager = personas["case_manager"]
    referral = sent(personas)
    referral_accept(actor=manager, referral=referral)
    referral_service_given(actor=manager, referral=referral, outcome="Capital of Rp 2.000.000 given.")
    with pytest.raises(TransitionRefused):
        referral_done(actor=manager, referral=referral, outcome="")  # the outcome is required
    done = referral_done(actor=manager, referral=referral, outcome="Stall open.", feedback="Good follow-up.")
    assert done.status == Status.DONE and done.done_at and done.answered_by == manager
    steps = list(ReferralEvent.objects.filter(referral=referral).values_list("status", flat=True))
    assert steps == [Status.SENT, Status.ACCEPTED, Status.SERVICE_GIVEN, Status.DONE]
    lines = [entry.text for entry in case_timeline(referral.case)]
    number = referral.number
    assert f"Referral {number} sent to BAZNAS Kabupaten Kutai Kartanegara." in lines
    assert f"Referral {number} accepted by the partner." in lines
    assert f"Referral {number} done." in lines
    assert not any("Stall open" in line for line in lines)  # never the outcome on the timeline


def test_what_may_not_follow(personas: Any) -> None:
    manager = personas["case_manager"]
    referral = sent(personas)
    with pytest.raises(TransitionRefused):
        referral_service_given(actor=manager, referral=referral)  # not accepted yet
    with pytest.raises(TransitionRefused):
        referral_decline(actor=manager, referral=referral, reason="")  # a reason is required
    declined = referral_decline(actor=manager, referral=referral, reason="No budget this year.")
    assert declined.status == Status.DECLINED and declined.decline_reason == "No budget this year."
    for write in (referral_accept, referral_withdraw):
        with pytest.raises(TransitionRefused):
            write(actor=manager, referral=declined, **({"reason": "x"} if write is referral_withdraw else {}))


def test_withdrawn_with_a_reason_and_only_by_the_case_manager_or_head(personas: Any) -> None:
    referral = sent(personas)
    with pytest.raises(TransitionRefused):
        referral_withdraw(actor=personas["expert"], referral=referral, reason="The victim moved.")
    withdrawn = referral_withdraw(actor=personas["head"], referral=referral, reason="The victim moved.")
    assert withdrawn.status == Status.WITHDRAWN and withdrawn.withdrawn_at is not None


def test_a_plan_item_delivered_by_the_partner_is_done_with_its_referral(personas: Any) -> None:
    case = walk_to(adult_case(personas), CaseState.RENCANA_INTERVENSI)
    plan = approve_plan(case, services=("PEMBERDAYAAN_EKONOMI",))
    item = PlanItem.objects.get(plan=plan)
    baznas = partner(personas)
    PlanItem.objects.filter(pk=item.pk).update(provider_partner=baznas, provider_agency=baznas.name)
    referral = sent(personas, case=case, to=baznas)
    assert referral.plan_item_id == item.pk  # the one open item of this partner for the service, linked
    referral_accept(actor=personas["case_manager"], referral=referral)
    assert PlanItem.objects.get(pk=item.pk).status == PlanItemStatus.PLANNED
    referral_done(actor=personas["case_manager"], referral=referral, outcome="Capital given.")
    assert PlanItem.objects.get(pk=item.pk).status == PlanItemStatus.DONE


def test_the_letter_names_the_case_not_the_victim_unless_consent_and_identity(personas: Any) -> None:
    referral = sent(personas)
    client = personas.client("case_manager")
    url = reverse("referrals:referral_letter", kwargs={"referral_id": referral.pk})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert referral.case.number in text and referral.number in text and "REFERRAL LETTER" in text
    assert "Siti Canary" not in text
    named = sent(personas, case=referral.case, shared_sections=["IDENTITY", "CONTACT"])
    letter = client.get(reverse("referrals:referral_letter", kwargs={"referral_id": named.pk}))
    assert "Siti Canary Nurhaliza" in _text(letter.content)
