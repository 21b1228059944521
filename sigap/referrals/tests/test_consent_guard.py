"""The consent guard of a referral (domain.md §D4): refused without a SHARING consent covering the partner,
the HEAD's override with a reason (audited), and for a child a second staff member's confirmation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sigap.audit.models import AuditAction, AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.consent import consent_withdraw
from sigap.partners.models import PartnerKind
from sigap.referrals.kinds import OVERRIDE_CONFIRM
from sigap.referrals.models import Referral, Status
from sigap.referrals.services import referral_override_confirm, referral_send
from sigap.referrals.tests.steps import adult_case, child_case, data, partner, share_consent
from sigap.work.models import WorkItem

REASON = "The victim is in hospital and cannot sign; the police need the report today."


def test_refused_without_consent_and_the_message_names_the_partner(personas: Any) -> None:
    case, baznas = adult_case(personas), partner(personas)
    with pytest.raises(TransitionRefused) as refused:
        referral_send(actor=personas["case_manager"], case=case, data=data(case, baznas))
    assert "No valid consent of the victim covers sharing with BAZNAS" in refused.value.messages[0]
    assert not Referral.objects.exists()


def test_a_consent_for_another_partner_does_not_count(personas: Any) -> None:
    case = adult_case(personas)
    share_consent(personas, case, partner(personas, PartnerKind.POLICE))
    with pytest.raises(TransitionRefused):
        referral_send(actor=personas["case_manager"], case=case, data=data(case, partner(personas)))


def test_sent_under_a_valid_consent_and_numbered(personas: Any) -> None:
    case, baznas = adult_case(personas), partner(personas)
    consent = share_consent(personas, case, baznas)
    referral = referral_send(actor=personas["case_manager"], case=case, data=data(case, baznas))
    year = timezone.localdate().year
    assert referral.status == Status.SENT and referral.consent == consent and referral.sent_at is not None
    assert referral.number == f"PPA-KKR/RJK/{year}/0001"
    second = referral_send(actor=personas["case_manager"], case=case, data=data(case, baznas))
    assert second.number.endswith("/0002")


def test_a_withdrawn_consent_no_longer_covers(personas: Any) -> None:
    case, baznas = adult_case(personas), partner(personas)
    consent = share_consent(personas, case, baznas, given_on=timezone.localdate() - dt.timedelta(days=2))
    consent_withdraw(actor=personas["case_manager"], consent=consent, on=timezone.localdate())
    with pytest.raises(TransitionRefused):
        referral_send(actor=personas["case_manager"], case=case, data=data(case, baznas))


def test_only_the_head_overrides_and_with_a_real_reason(personas: Any) -> None:
    case, baznas = adult_case(personas), partner(personas)
    with pytest.raises(TransitionRefused) as refused:
        referral_send(actor=personas["case_manager"], case=case, data=data(case, baznas, override_reason=REASON))
    assert "Only the head of the unit can send a referral without consent." in refused.value.messages
    with pytest.raises(TransitionRefused):
        referral_send(actor=personas["head"], case=case, data=data(case, baznas, override_reason="urgent"))
    referral = referral_send(actor=personas["head"], case=case, data=data(case, baznas, override_reason=REASON))
    assert referral.status == Status.SENT and referral.is_override and referral.override_reason == REASON
    event = AuditEvent.objects.filter(action=AuditAction.OVERRIDE).latest("pk")
    assert event.new_values["referrals"]["override"] is True
    assert REASON not in str(event.new_values) and REASON not in event.reason  # the reason stays on the referral


def test_a_childs_override_waits_for_a_second_staff_member(personas: Any) -> None:
    case, baznas = child_case(personas), partner(personas)
    referral = referral_send(actor=personas["head"], case=case, data=data(case, baznas, override_reason=REASON))
    assert referral.status == Status.AWAITING_CONFIRMATION and referral.sent_at is None
    item = WorkItem.objects.get(kind=OVERRIDE_CONFIRM)
    assert item.responsible == personas["case_manager"] and item.state == "OPEN"
    with pytest.raises(TransitionRefused) as refused:
        referral_override_confirm(actor=personas["head"], referral=referral)  # not the one who decided
    assert "not the one who decided" in refused.value.messages[0]
    with pytest.raises(TransitionRefused):
        referral_override_confirm(actor=personas["expert"], referral=referral)  # on the team, not a manager
    confirmed = referral_override_confirm(actor=personas["case_manager"], referral=referral)
    assert confirmed.status == Status.SENT and confirmed.override_confirmed_by == personas["case_manager"]
    assert confirmed.sent_at is not None
    item.refresh_from_db()
    assert item.state == "DONE"
    with pytest.raises(TransitionRefused):
        referral_override_confirm(actor=personas["case_manager"], referral=confirmed)  # once


def test_a_child_with_a_guardians_consent_needs_no_override(personas: Any) -> None:
    from sigap.cases.models.people import PersonRole
    from sigap.cases.services.people import person_create
    from sigap.cases.tests.factories import victim_data

    case, baznas = child_case(personas), partner(personas)
    guardian = person_create(
        actor=personas["head"], case=case, data=victim_data(name="Ibu Wali", nik="", phone="", estimated_age=40),
        role=PersonRole.PARENT_GUARDIAN, relationship="",
    )  # fmt: skip
    share_consent(personas, case, baznas, given_by="PARENT_GUARDIAN", guardian=guardian, child_assent="GIVEN")
    referral = referral_send(actor=personas["case_manager"], case=case, data=data(case, baznas))
    assert referral.status == Status.SENT and not referral.is_override


def test_another_units_partner_is_refused(personas: Any) -> None:
    case = adult_case(personas)
    foreign = partner(personas).__class__.objects.filter(unit=personas.samarinda).first()
    with pytest.raises(TransitionRefused):
        referral_send(actor=personas["head"], case=case, data=data(case, foreign, override_reason=REASON))
