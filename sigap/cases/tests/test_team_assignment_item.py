"""A case without a case manager gives the HEAD an "assign the case team" work item (1 working day)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from sigap.cases.kinds import TEAM_ASSIGNMENT
from sigap.cases.models import Case, TeamRole
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.services.team import case_team_assign, case_team_end
from sigap.cases.tests.factories import make_case
from sigap.intake.models import Decision
from sigap.intake.services.decision import complaint_decide
from sigap.intake.tests.factories import make_complaint, triaged
from sigap.work.models import WorkItem
from sigap.work.workdays import add_working_days


def _items(case: Case, state: str | None = None) -> list[WorkItem]:
    rows = WorkItem.objects.filter(
        kind=TEAM_ASSIGNMENT, content_type=ContentType.objects.get_for_model(Case), object_id=str(case.pk)
    )
    return list(rows.filter(state=state) if state else rows)


def test_a_case_opened_from_a_complaint_gives_the_head_a_work_item(personas: Any) -> None:
    complaint = triaged(personas, make_complaint(personas))
    complaint = complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
    case = Case.objects.get(pk=complaint.case_id)
    [item] = _items(case)
    assert item.state == WorkItem.State.OPEN and item.responsible == personas["head"]
    assert item.title_key == case.number and item.unit_id == case.unit_id
    assert item.due_at == add_working_days(case.opened_at, 1, unit=case.unit)
    # The item is on the HEAD's work list and leads to the team page.
    page = personas.client("head").get(reverse("work:my_work")).content.decode()
    assert reverse("cases:case_team", args=[case.pk]) in page


def test_assigning_a_case_manager_closes_it(personas: Any) -> None:
    case = make_case(personas, manager=None, experts=())
    assert len(_items(case, WorkItem.State.OPEN)) == 1
    case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    assert len(_items(case, WorkItem.State.OPEN)) == 1  # an expert is not a case manager
    case_team_assign(actor=personas["head"], case=case, user=personas["case_manager"], team_role=TeamRole.CASE_MANAGER)
    [item] = _items(case)
    assert item.state == WorkItem.State.DONE and item.closed_by == personas["head"]


def test_a_case_opened_with_a_case_manager_has_none(personas: Any) -> None:
    assert _items(make_case(personas)) == []


def test_removing_the_case_manager_tells_the_head_again(personas: Any) -> None:
    case = make_case(personas, experts=())
    member = case.team.get(team_role=TeamRole.CASE_MANAGER, is_active=True)
    case_team_end(actor=personas["head"], case=case, member_id=member.pk)
    assert len(_items(case, WorkItem.State.OPEN)) == 1


def test_closing_a_case_without_a_manager_cancels_it(personas: Any) -> None:
    case = make_case(personas, manager=None, experts=())
    case_request_closure(actor=personas["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    case_approve_closure(actor=personas["head"], case=case)
    [item] = _items(case)
    assert item.state == WorkItem.State.CANCELLED
