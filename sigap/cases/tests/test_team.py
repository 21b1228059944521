"""Team assignment by the HEAD, and the expert suggestions ranked by caseload."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import make_user
from sigap.accounts.models import Role
from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseTeamMember, TeamRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors import case as selectors
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.services.team import case_team_assign, case_team_end
from sigap.cases.tests.factories import make_case


def test_only_the_head_assigns(personas: Any) -> None:
    case = make_case(personas, experts=())
    for name in ("case_manager", "expert", "other_head"):
        with pytest.raises(TransitionRefused):
            case_team_assign(actor=personas[name], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    event = AuditEvent.objects.filter(action="ASSIGN").order_by("seq").last()
    assert event is not None and event.new_values["team"]["user"] == personas["expert"].pk


def test_it_checks_who_fits_the_role(personas: Any) -> None:
    case = make_case(personas, manager=None, experts=())
    head = personas["head"]
    with pytest.raises(TransitionRefused):
        case_team_assign(actor=head, case=case, user=personas["case_manager"], team_role=TeamRole.EXPERT)
    with pytest.raises(TransitionRefused):
        case_team_assign(actor=head, case=case, user=personas["expert"], team_role=TeamRole.CASE_MANAGER)
    with pytest.raises(TransitionRefused):
        case_team_assign(actor=head, case=case, user=personas["other_case_manager"], team_role=TeamRole.CASE_MANAGER)
    with pytest.raises(TransitionRefused):
        case_team_assign(actor=head, case=case, user=personas["inactive"], team_role=TeamRole.CASE_MANAGER)
    with pytest.raises(TransitionRefused):
        case_team_assign(actor=head, case=case, user=personas["expert"], team_role="JANITOR")


def test_a_new_case_manager_replaces_the_old_one(personas: Any) -> None:
    case = make_case(personas)
    second = make_user("second_manager", personas.kukar, Role.CASE_MANAGER)
    case_team_assign(actor=personas["head"], case=case, user=second, team_role=TeamRole.CASE_MANAGER)
    managers = CaseTeamMember.objects.filter(case=case, team_role=TeamRole.CASE_MANAGER)
    assert [(m.user, m.is_active) for m in managers.order_by("assigned_at")] == [
        (personas["case_manager"], False),
        (second, True),
    ]
    with pytest.raises(TransitionRefused):
        case_team_assign(actor=personas["head"], case=case, user=second, team_role=TeamRole.CASE_MANAGER)


def test_ending_twice_is_refused(personas: Any) -> None:
    case = make_case(personas)
    member = CaseTeamMember.objects.get(case=case, user=personas["expert"])
    case_team_end(actor=personas["head"], case=case, member_id=member.pk)
    with pytest.raises(TransitionRefused):
        case_team_end(actor=personas["head"], case=case, member_id=member.pk)


def test_suggestions_rank_experts_by_open_caseload(personas: Any) -> None:
    busy = personas["expert"]
    free = make_user("free_expert", personas.kukar, Role.EXPERT, full_name="Zahra Free")
    mid = make_user("mid_expert", personas.kukar, Role.EXPERT, full_name="Ani Mid")
    make_user("samarinda_expert", personas.samarinda, Role.EXPERT)
    make_case(personas, experts=("expert",))
    make_case(personas, experts=("expert",))
    c3 = make_case(personas, experts=())
    case_team_assign(actor=personas["head"], case=c3, user=mid, team_role=TeamRole.EXPERT)
    # A closed case does not count towards the caseload.
    closed = make_case(personas, experts=())
    case_team_assign(actor=personas["head"], case=closed, user=free, team_role=TeamRole.EXPERT)
    case_request_closure(actor=personas["head"], case=closed, reason="TUJUAN_TERCAPAI", summary="Done.")
    case_approve_closure(actor=personas["head"], case=closed)

    target = make_case(personas, experts=())
    ranked = selectors.expert_suggestions(target)
    assert [(u.pk, u.caseload) for u in ranked] == [(free.pk, 0), (mid.pk, 1), (busy.pk, 2)]
    # Experts already on the team are not suggested.
    assert mid not in selectors.expert_suggestions(c3)


def test_suggestion_hooks_can_narrow_the_list(personas: Any) -> None:
    make_user("free_expert", personas.kukar, Role.EXPERT)
    target = make_case(personas, experts=())

    def only_persona_expert(case: Any, qs: Any) -> Any:
        return qs.filter(username="expert")

    selectors.EXPERT_CANDIDATE_HOOKS.append(only_persona_expert)
    try:
        assert [u.username for u in selectors.expert_suggestions(target)] == ["expert"]
    finally:
        selectors.EXPERT_CANDIDATE_HOOKS.remove(only_persona_expert)


def test_team_page_assigns_and_removes(personas: Any) -> None:
    case = make_case(personas, experts=())
    url = reverse("cases:case_team", kwargs={"case_id": case.pk})
    head = personas.client("head")
    page = head.get(url)
    assert [u.pk for u in page.context["suggestions"]] == [personas["expert"].pk]
    assert head.post(url, {"user": personas["expert"].pk, "team_role": "EXPERT"}).status_code == 302
    member = CaseTeamMember.objects.get(case=case, user=personas["expert"], is_active=True)
    # Who is on the team is not offered again (walk #14, 12); the case manager was there from the start.
    offered = {u.pk for u in head.get(url).context["form"].fields["user"].queryset}
    assert personas["expert"].pk not in offered and personas["case_manager"].pk not in offered
    # Someone of another unit is not a choice (form error, no 500).
    bad = head.post(url, {"user": personas["other_case_manager"].pk, "team_role": "CASE_MANAGER"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert head.post(url, {"member": member.pk}).status_code == 302
    member.refresh_from_db()
    assert not member.is_active


def test_a_refused_role_says_which_role_it_needs_and_which_the_person_has(personas: Any) -> None:
    """Shot 26 of the walk: an expert as case manager was refused without a reason."""
    case = make_case(personas, manager=None, experts=())
    expert = personas["expert"]
    with pytest.raises(TransitionRefused) as refused:
        case_team_assign(actor=personas["head"], case=case, user=expert, team_role=TeamRole.CASE_MANAGER)
    assert refused.value.messages == [
        f"The team's case manager must have the role Case manager or Head of unit; {expert} has the role Expert."
    ]
    with pytest.raises(TransitionRefused) as refused:  # a user of another unit is no member of this one
        case_team_assign(
            actor=personas["head"], case=case, user=personas["other_case_manager"], team_role=TeamRole.CASE_MANAGER
        )
    assert "is not an active member of the unit" in refused.value.messages[0]


def test_a_team_members_id_is_posted_as_a_plain_number_past_a_thousand(personas: Any) -> None:
    """Ids are integers: with the thousands separator of the Indonesian format, member 1000 was posted as
    "1.000" and its removal refused (found by the golden pages on PostgreSQL, whose ids run past 1,000)."""
    case = make_case(personas)
    member = CaseTeamMember.objects.filter(case=case, team_role=TeamRole.EXPERT).get()
    CaseTeamMember.objects.filter(pk=member.pk).update(id=12345)
    page = personas.client("head").get(reverse("cases:case_team", kwargs={"case_id": case.pk})).content.decode()
    assert 'name="member" value="12345"' in page
    assert "12.345" not in page and "12,345" not in page
