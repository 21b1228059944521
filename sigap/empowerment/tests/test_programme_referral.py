"""A programme delivered through a referral to its partner (D82): sent only through the referral service and its
consent guard, the referral's status shown on the programme, the programme moved by the referral's steps."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.timeline.case import case_timeline
from sigap.empowerment.models import Programme, ProgrammeStatus
from sigap.empowerment.services.delivery import programme_refer
from sigap.empowerment.services.programme import programme_add, programme_update
from sigap.partners.models import PartnerKind
from sigap.referrals.models import Referral, Status
from sigap.referrals.services import referral_accept, referral_decline, referral_done
from sigap.referrals.tests.steps import adult_case, data, partner, share_consent


def _programme(personas: Any, case: Any, kind: str = PartnerKind.BAZNAS) -> Programme:
    return programme_add(actor=personas["case_manager"], case=case, kind="CAPITAL", partner=partner(personas, kind))


def test_no_referral_without_consent_and_none_to_another_partner(personas: Any) -> None:
    case = adult_case(personas)
    programme = _programme(personas, case)
    manager = personas["case_manager"]
    with pytest.raises(TransitionRefused, match="consent"):
        programme_refer(actor=manager, programme=programme, data=data(case, programme.partner))
    other = partner(personas, PartnerKind.MANPOWER)
    share_consent(personas, case, other)
    with pytest.raises(TransitionRefused, match="programme's partner"):
        programme_refer(actor=manager, programme=programme, data=data(case, other))
    programme.refresh_from_db()
    assert programme.referral_id is None and not Referral.objects.filter(case=case).exists()


def test_without_a_partner_no_referral(personas: Any) -> None:
    case = adult_case(personas)
    programme = programme_add(actor=personas["case_manager"], case=case, kind="TRAINING")
    with pytest.raises(TransitionRefused, match="partner who delivers"):
        programme_refer(actor=personas["case_manager"], programme=programme, data=data(case, partner(personas)))


def test_the_referral_moves_the_programme_to_done(personas: Any) -> None:
    case = adult_case(personas)
    programme = _programme(personas, case)
    manager = personas["case_manager"]
    share_consent(personas, case, programme.partner)
    referral = programme_refer(actor=manager, programme=programme, data=data(case, programme.partner))
    programme.refresh_from_db()
    assert referral.status == Status.SENT and programme.referral_id == referral.pk
    assert programme.status == ProgrammeStatus.PLANNED
    with pytest.raises(TransitionRefused, match="under way"):  # one referral at a time
        programme_refer(actor=manager, programme=programme, data=data(case, programme.partner))
    referral_accept(actor=manager, referral=referral)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.IN_PROGRESS and programme.start == timezone.localdate()
    with pytest.raises(TransitionRefused, match="partner cannot change"):
        programme_update(
            actor=manager,
            programme=programme,
            status=programme.status,
            start=programme.start,
            partner=partner(personas, PartnerKind.MANPOWER),
        )
    referral_done(actor=manager, referral=referral, outcome="Capital given; the stall is open.")
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.DONE and programme.status_changed_by == manager
    assert programme.end == timezone.localdate()
    lines = [entry.text for entry in case_timeline(case)]
    assert any(f"referred to its partner (referral {referral.number})" in line for line in lines)
    assert "Empowerment programme: Business capital (BAZNAS, cooperative, KUR), done." in lines


def test_a_declined_referral_leaves_the_programme_open_to_refer_again(personas: Any) -> None:
    case = adult_case(personas)
    programme = _programme(personas, case)
    manager = personas["case_manager"]
    share_consent(personas, case, programme.partner)
    first = programme_refer(actor=manager, programme=programme, data=data(case, programme.partner))
    referral_decline(actor=manager, referral=first, reason="No budget this quarter.")
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PLANNED
    second = programme_refer(actor=manager, programme=programme, data=data(case, programme.partner))
    programme.refresh_from_db()
    assert programme.referral_id == second.pk != first.pk


def test_a_cancelled_programme_is_not_moved_by_its_referral(personas: Any) -> None:
    case = adult_case(personas)
    programme = _programme(personas, case)
    manager = personas["case_manager"]
    share_consent(personas, case, programme.partner)
    referral = programme_refer(actor=manager, programme=programme, data=data(case, programme.partner))
    programme_update(actor=manager, programme=programme, status="CANCELLED", cancel_reason="She moved away.")
    referral_accept(actor=manager, referral=referral)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.CANCELLED


def test_the_head_overrides_through_the_same_guard(personas: Any) -> None:
    case = adult_case(personas)
    programme = _programme(personas, case)
    reason = "She needs the capital now; consent is being collected."
    referral = programme_refer(
        actor=personas["head"], programme=programme, data=data(case, programme.partner, override_reason=reason)
    )
    assert referral.is_override and referral.status == Status.SENT


def _form(case: Any, programme: Programme, **extra: Any) -> dict[str, Any]:
    values = data(case, programme.partner)
    return {
        "victim": values.victim.pk,
        "partner": programme.partner_id,
        "services": values.services,
        "needs_summary": values.needs_summary,
        "response_due": values.response_due.isoformat(),
        "urgency": "ROUTINE",
        "mode": "LETTER",
        "shared_sections": ["INCIDENT"],
        **extra,
    }


def test_the_programme_page_refers_and_shows_the_status(personas: Any) -> None:
    case = adult_case(personas)
    programme = _programme(personas, case)
    client = personas.client("case_manager")
    page = reverse("empowerment:programme_edit", args=[programme.pk])
    refer = reverse("empowerment:programme_refer", args=[programme.pk])
    assert refer in client.get(page).content.decode()
    # No consent: the referral service's refusal at the top of the form, what was typed kept.
    response = client.post(refer, _form(case, programme))
    body = response.content.decode()
    assert response.status_code == 200 and "consent" in body and "Capital for a small food stall." in body
    assert not Referral.objects.filter(case=case).exists()
    # Another partner posted: not among the choices, a form error.
    other = partner(personas, PartnerKind.MANPOWER)
    assert client.post(refer, _form(case, programme, partner=other.pk)).status_code == 200
    share_consent(personas, case, programme.partner)
    response = client.post(refer, _form(case, programme))
    assert response.status_code == 302 and response["Location"] == page
    referral = Referral.objects.get(case=case)
    body = client.get(page).content.decode()
    assert referral.number in body and "Sent" in body and refer not in body
    overview = client.get(reverse("empowerment:case_empowerment", args=[case.pk])).content.decode()
    assert referral.number in overview and programme.partner.name in overview
    # The expert of the team reads the section but does not refer.
    assert personas.client("expert").get(refer).status_code == 403


def test_the_refer_page_starts_from_the_programme(personas: Any) -> None:
    """Walk #14: the service the programme stands for is ticked, its notes start the needs summary, and the
    breadcrumb leads back to the empowerment page."""
    case = adult_case(personas)
    programme = programme_add(
        actor=personas["case_manager"],
        case=case,
        kind="CAPITAL",
        partner=partner(personas),
        notes="Modal warung Qzv sekitar Rp 3 juta.",
    )
    client = personas.client("case_manager")
    page = client.get(reverse("empowerment:programme_refer", kwargs={"programme_id": programme.pk})).content.decode()
    assert 'value="PEMBERDAYAAN_EKONOMI"' in page
    ticked = page[
        page.index('value="PEMBERDAYAAN_EKONOMI"') : page.index(">", page.index('value="PEMBERDAYAAN_EKONOMI"'))
    ]
    assert "checked" in ticked
    assert "Modal warung Qzv sekitar Rp 3 juta.</textarea>" in page
    crumbs = page[page.index('class="breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</ol>")]
    assert reverse("empowerment:case_empowerment", kwargs={"case_id": case.pk}) in crumbs
