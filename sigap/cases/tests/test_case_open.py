"""case_open: numbers per unit and year, who may open, category rules, audit and history."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.utils import timezone

from sigap.audit.models import AuditAction, AuditEvent
from sigap.cases.models import Case, CaseState, CaseStateChange, CaseTeamMember, TeamRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import only_by_break_glass
from sigap.cases.selectors import cases_visible_to
from sigap.cases.services.lifecycle import case_number_issue, case_open


def test_it_numbers_cases_per_unit_and_year(personas: Any) -> None:
    first = case_open(actor=personas["head"], category="KTP", risk_level="TINGGI")
    second = case_open(actor=personas["head"], category="KTA", risk_level="RENDAH")
    other = case_open(actor=personas["other_head"], category="KTP", risk_level="RENDAH")
    year = timezone.localtime(timezone.now(), personas.kukar.zone).year
    assert first.number == f"PPA-KKR/{year}/0001"
    assert second.number == f"PPA-KKR/{year}/0002"
    assert other.number == f"PPA-SMD/{year}/0001"
    assert first.state == CaseState.KASUS_DIBUKA


def test_it_uses_the_units_local_year(personas: Any) -> None:
    # 31 Dec 2030 17:00 UTC is already 1 Jan 2031 01:00 in Kukar (WITA, UTC+8).
    with time_machine.travel("2030-12-31 17:00:00+00:00", tick=False):
        case = case_open(actor=personas["head"], category="KTP", risk_level="TINGGI")
    assert case.number == "PPA-KKR/2031/0001"
    assert case.year == 2031


def test_a_rolled_back_number_is_issued_again_so_numbering_stays_gapless(personas: Any) -> None:
    case_open(actor=personas["head"], category="KTP", risk_level="TINGGI")
    with pytest.raises(TransitionRefused):
        # Refused after validation of the category: nothing is issued.
        case_open(actor=personas["head"], category="NOPE", risk_level="TINGGI")
    year = timezone.localtime(timezone.now(), personas.kukar.zone).year
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        case_number_issue(unit=personas.kukar, year=year)  # issues 0002 ...
        raise RuntimeError("rolled back")  # ... and rolls back: the counter returns too
    third = case_open(actor=personas["head"], category="KTP", risk_level="TINGGI")
    assert third.number.endswith("/0002")


def test_it_requires_an_opening_role(personas: Any) -> None:
    for name in ("expert", "admin", "data_officer", "partner", "auditor", "leadership"):
        with pytest.raises(TransitionRefused):
            case_open(actor=personas[name], category="KTP", risk_level="TINGGI")
    with pytest.raises(TransitionRefused):
        case_open(actor=personas["intake"], category="KTP", risk_level="TINGGI")
    assert Case.objects.count() == 0


def test_it_lets_intake_open_from_a_complaint(personas: Any) -> None:
    case = case_open(actor=personas["intake"], category="KTP", risk_level="TINGGI", complaint_ref="ADU/2026/0007")
    assert case.complaint_ref == "ADU/2026/0007"


def test_it_makes_the_opening_case_manager_the_manager(personas: Any) -> None:
    case = case_open(actor=personas["case_manager"], category="KTP", risk_level="SEDANG")
    member = CaseTeamMember.objects.get(case=case)
    assert member.user == personas["case_manager"]
    assert member.team_role == TeamRole.CASE_MANAGER


def test_it_refuses_a_manager_who_is_not_a_case_manager(personas: Any) -> None:
    with pytest.raises(TransitionRefused):
        case_open(actor=personas["head"], category="KTP", risk_level="SEDANG", case_manager=personas["expert"])
    with pytest.raises(TransitionRefused):
        case_open(
            actor=personas["head"], category="KTP", risk_level="SEDANG", case_manager=personas["other_case_manager"]
        )


def test_it_checks_the_ampk_subtype(personas: Any) -> None:
    with pytest.raises(TransitionRefused):
        case_open(actor=personas["head"], category="AMPK", risk_level="SEDANG")
    with pytest.raises(TransitionRefused):
        case_open(actor=personas["head"], category="KTP", category_subtype="AMPK_NAPZA", risk_level="SEDANG")
    case = case_open(actor=personas["head"], category="AMPK", category_subtype="AMPK_NAPZA", risk_level="SEDANG")
    assert case.category_subtype == "AMPK_NAPZA"


def test_only_the_head_opens_a_restricted_case(personas: Any) -> None:
    with pytest.raises(TransitionRefused):
        case_open(actor=personas["case_manager"], category="KTP", risk_level="SEDANG", restricted=True)
    assert case_open(actor=personas["head"], category="KTP", risk_level="SEDANG", restricted=True).restricted


@pytest.mark.parametrize("manager", ["case_manager", None])
def test_a_head_who_opens_a_restricted_case_joins_its_team(personas: Any, manager: str | None) -> None:
    """D21: otherwise she could reach the case she just restricted by emergency access only."""
    head = personas["head"]
    case = case_open(
        actor=head,
        category="KTP",
        risk_level="SEDANG",
        restricted=True,
        case_manager=personas[manager] if manager else None,
    )
    team = {(m.user_id, m.team_role) for m in CaseTeamMember.objects.filter(case=case, is_active=True)}
    expected = {(head.pk, TeamRole.HEAD)} | ({(personas[manager].pk, TeamRole.CASE_MANAGER)} if manager else set())
    assert team == expected
    joined = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk), action=AuditAction.ASSIGN)
    assert {"user": head.pk, "team_role": TeamRole.HEAD, "active": True, "via_break_glass": False} in [
        event.new_values["team"] for event in joined
    ]
    assert cases_visible_to(head).filter(pk=case.pk).exists() and not only_by_break_glass(head, case)


def test_a_head_who_manages_her_restricted_case_is_on_its_team_once(personas: Any) -> None:
    head = personas["head"]
    case = case_open(actor=head, category="KTP", risk_level="SEDANG", restricted=True, case_manager=head)
    assert list(CaseTeamMember.objects.filter(case=case).values_list("user_id", "team_role")) == [
        (head.pk, TeamRole.CASE_MANAGER)
    ]


def test_an_open_case_puts_no_head_on_the_team(personas: Any) -> None:
    case = case_open(actor=personas["head"], category="KTP", risk_level="SEDANG", case_manager=personas["case_manager"])
    assert not CaseTeamMember.objects.filter(case=case, team_role=TeamRole.HEAD).exists()


def test_it_records_history_and_audit(personas: Any) -> None:
    case = case_open(actor=personas["head"], category="KTP", risk_level="TINGGI", case_manager=personas["case_manager"])
    change = CaseStateChange.objects.get(case=case)
    assert (change.from_state, change.to_state) == ("", CaseState.KASUS_DIBUKA)
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=str(case.pk))
    assert {e.action for e in events} == {"CREATE", "ASSIGN"}
    created = events.get(action="CREATE")
    assert created.new_values["number"] == case.number
    assert created.unit_id == personas.kukar.pk
