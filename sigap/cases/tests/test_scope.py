"""cases_visible_to / get_case_for_user: need to know, restricted cases and break-glass."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import BreakGlassGrant
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.case import cases_visible_to, get_case_for_user, restricted_case_for_head
from sigap.cases.services.team import break_glass_open, case_team_end
from sigap.cases.tests.factories import make_case


def _visible(personas: Any, name: str) -> set[Any]:
    return set(cases_visible_to(personas[name]).values_list("pk", flat=True))


def test_each_role_sees_its_scope(personas: Any) -> None:
    team_case = make_case(personas)  # case_manager + expert on the team
    other_team = make_case(personas, manager=None, experts=())
    samarinda = make_case(personas, unit="samarinda", manager="other_case_manager", experts=())
    assert _visible(personas, "head") == {team_case.pk, other_team.pk}
    assert _visible(personas, "case_manager") == {team_case.pk}
    assert _visible(personas, "expert") == {team_case.pk}
    assert _visible(personas, "other_head") == {samarinda.pk}
    assert _visible(personas, "other_case_manager") == {samarinda.pk}
    for name in ("intake", "partner", "admin", "data_officer", "leadership", "auditor"):
        assert _visible(personas, name) == set(), name


def test_get_case_for_user_answers_404_outside_scope(personas: Any) -> None:
    case = make_case(personas)
    assert get_case_for_user(personas["expert"], str(case.pk)) == case
    for name in ("other_head", "other_case_manager", "intake", "partner"):
        with pytest.raises(Http404):
            get_case_for_user(personas[name], case.pk)
    for bad in ("not-a-uuid", "", None, "1' OR 1=1"):
        with pytest.raises(Http404):
            get_case_for_user(personas["head"], bad)


def test_leaving_the_team_ends_access_at_once(personas: Any) -> None:
    case = make_case(personas)
    member = case.team.get(user=personas["expert"], is_active=True)
    case_team_end(actor=personas["head"], case=case, member_id=member.pk)
    with pytest.raises(Http404):
        get_case_for_user(personas["expert"], case.pk)


def test_restricted_case_needs_break_glass_for_the_head(personas: Any) -> None:
    case = make_case(personas, restricted=True)
    assert case.pk in _visible(personas, "case_manager")  # the team sees it
    assert case.pk not in _visible(personas, "head")
    assert restricted_case_for_head(personas["head"], case.pk) == case
    assert restricted_case_for_head(personas["other_head"], case.pk) is None
    assert restricted_case_for_head(personas["case_manager"], case.pk) is None
    with pytest.raises(TransitionRefused):
        break_glass_open(actor=personas["head"], case=case, reason="too short")
    with pytest.raises(TransitionRefused):
        break_glass_open(actor=personas["other_head"], case=case, reason="An urgent court hearing needs the file.")
    with pytest.raises(TransitionRefused):
        break_glass_open(actor=personas["case_manager"], case=case, reason="An urgent court hearing needs the file.")
    break_glass_open(actor=personas["head"], case=case, reason="An urgent court hearing needs the file.")
    assert get_case_for_user(personas["head"], case.pk) == case
    event = AuditEvent.objects.get(action="BREAK_GLASS")
    # Only the grant id in the append-only trail; the reason stays encrypted on the grant (finding 10).
    assert event.reason == "" and "court" not in str(event.new_values)
    assert event.new_values["grant"] == BreakGlassGrant.objects.get(case=case).pk
    assert event.object_id == str(case.pk)
    with time_machine.travel(timezone.now() + timedelta(hours=9)), pytest.raises(Http404):
        get_case_for_user(personas["head"], case.pk)


def test_break_glass_is_only_for_restricted_cases(personas: Any) -> None:
    case = make_case(personas)
    with pytest.raises(TransitionRefused):
        break_glass_open(actor=personas["head"], case=case, reason="An urgent court hearing needs the file.")
