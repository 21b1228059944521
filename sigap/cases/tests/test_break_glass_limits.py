"""Break-glass stays temporary (finding 9) and its reason stays out of the audit trail (finding 10)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import BreakGlassGrant, CaseTeamMember, TeamRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.lifecycle import case_set_restricted
from sigap.cases.services.team import break_glass_open, case_team_assign
from sigap.cases.tests.factories import make_case

REASON = "An urgent court hearing needs the file today."


def _opened_by_break_glass(personas: Any) -> Any:
    case = make_case(personas, restricted=True, experts=())
    break_glass_open(actor=personas["head"], case=case, reason=REASON)
    return case


def test_the_head_cannot_join_the_team_during_break_glass(personas: Any) -> None:
    case = _opened_by_break_glass(personas)
    with pytest.raises(TransitionRefused):
        case_team_assign(actor=personas["head"], case=case, user=personas["head"], team_role=TeamRole.CASE_MANAGER)
    assert not CaseTeamMember.objects.filter(case=case, user=personas["head"]).exists()


def test_the_head_cannot_lift_the_restriction_during_break_glass(personas: Any) -> None:
    case = _opened_by_break_glass(personas)
    with pytest.raises(TransitionRefused):
        case_set_restricted(actor=personas["head"], case=case, restricted=False)
    case.refresh_from_db()
    assert case.restricted
    # Through the page: the form answers with a message, never a 500; the case stays restricted.
    response = personas.client("head").post(
        reverse("cases:case_edit", kwargs={"case_id": case.pk}),
        {"category": "KTP", "risk_level": "SEDANG"},
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.restricted


def test_other_team_changes_during_break_glass_are_flagged_for_review(personas: Any) -> None:
    case = _opened_by_break_glass(personas)
    case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    event = AuditEvent.objects.filter(object_id=str(case.pk), action="ASSIGN").order_by("-seq").first()
    assert event is not None
    assert event.new_values["team"]["via_break_glass"] is True


def test_a_head_on_the_team_may_still_lift_the_restriction(personas: Any) -> None:
    case = make_case(personas, manager="head", restricted=True, experts=())
    case_set_restricted(actor=personas["head"], case=case, restricted=False)
    case.refresh_from_db()
    assert not case.restricted


def test_the_break_glass_reason_is_not_copied_into_the_trail(personas: Any) -> None:
    case = _opened_by_break_glass(personas)
    event = AuditEvent.objects.get(action="BREAK_GLASS", object_id=str(case.pk))
    assert "court" not in (event.reason or "") and "court" not in str(event.new_values)
    assert event.new_values["grant"] == BreakGlassGrant.objects.get(case=case).pk
    assert BreakGlassGrant.objects.get(case=case).reason == REASON
