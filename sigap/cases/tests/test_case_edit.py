"""Re-rating the risk, correcting the category, restricting a case (services and page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, TeamRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.case import cases_visible_to
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.services.lifecycle import case_set_restricted, case_update_classification
from sigap.cases.tests.factories import make_case


def test_it_rerates_and_audits_old_and_new(personas: Any) -> None:
    case = make_case(personas)
    case = case_update_classification(actor=personas["case_manager"], case=case, category="KTP", risk_level="TINGGI")
    assert case.risk_level == "TINGGI"
    event = AuditEvent.objects.filter(changed_fields=["risk_level"]).get()
    assert (event.old_values, event.new_values) == ({"risk_level": "SEDANG"}, {"risk_level": "TINGGI"})
    # Nothing changed: nothing recorded.
    case_update_classification(actor=personas["case_manager"], case=case, category="KTP", risk_level="TINGGI")
    assert AuditEvent.objects.filter(changed_fields=["risk_level"]).count() == 1


def test_it_guards_the_rerating(personas: Any) -> None:
    case = make_case(personas)
    with pytest.raises(TransitionRefused):
        case_update_classification(actor=personas["expert"], case=case, category="KTP", risk_level="TINGGI")
    with pytest.raises(TransitionRefused):
        case_update_classification(actor=personas["head"], case=case, category="AMPK", risk_level="TINGGI")
    with pytest.raises(TransitionRefused):
        case_update_classification(actor=personas["head"], case=case, category="KTP", risk_level="EXTREME")
    case_request_closure(actor=personas["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    case = case_approve_closure(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused):
        case_update_classification(actor=personas["head"], case=case, category="KTP", risk_level="TINGGI")


def test_only_the_head_restricts(personas: Any) -> None:
    case = make_case(personas, manager="head")
    with pytest.raises(TransitionRefused):
        case_set_restricted(actor=personas["case_manager"], case=case, restricted=True)
    assert case_set_restricted(actor=personas["head"], case=case, restricted=True).restricted


def _visible_to_head(personas: Any, case: Case) -> bool:
    return cases_visible_to(personas["head"]).filter(pk=case.pk).exists()


def test_a_head_off_the_team_is_refused_before_she_restricts(personas: Any) -> None:
    """Issue #19: restricting a case she is not on would leave her only emergency access to it."""
    case = make_case(personas)  # the HEAD is not on its team
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as refused:
        case_set_restricted(actor=personas["head"], case=case, restricted=True)
    message = str(refused.value.messages[0])
    assert "not on" in message and "Add me to the case team" in message  # says why and what to do
    case.refresh_from_db()
    assert not case.restricted and _visible_to_head(personas, case)
    assert AuditEvent.objects.count() == before


def test_a_head_who_joins_the_team_restricts_and_keeps_her_access(personas: Any) -> None:
    case = make_case(personas)
    case = case_set_restricted(actor=personas["head"], case=case, restricted=True, join_team=True)
    assert case.restricted
    member = case.team.get(user=personas["head"], is_active=True)
    assert member.team_role == TeamRole.HEAD
    assert case.team.get(team_role=TeamRole.CASE_MANAGER, is_active=True).user == personas["case_manager"]
    assert _visible_to_head(personas, case)  # no emergency access needed
    # Both writes are in the trail: joining the team, then the restriction.
    events = list(AuditEvent.objects.filter(object_id=str(case.pk)).order_by("-id")[:2])
    assert [e.changed_fields for e in events] == [["restricted"], ["team"]]
    assert events[1].new_values["team"] == {
        "user": personas["head"].pk,
        "team_role": TeamRole.HEAD,
        "active": True,
        "via_break_glass": False,
    }
    # And she can lift it again.
    assert not case_set_restricted(actor=personas["head"], case=case, restricted=False).restricted


def test_joining_and_restricting_is_one_transaction(personas: Any) -> None:
    case = make_case(personas)
    case_request_closure(actor=personas["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    case = case_approve_closure(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused):  # a closed case has no team changes: nothing happens
        case_set_restricted(actor=personas["head"], case=case, restricted=True, join_team=True)
    case.refresh_from_db()
    assert not case.restricted and not case.team.filter(user=personas["head"]).exists()


def test_the_edit_page_warns_a_head_off_the_team_and_offers_to_join(personas: Any) -> None:
    case = make_case(personas)
    url = reverse("cases:case_edit", kwargs={"case_id": case.pk})
    head = personas.client("head")
    page = head.get(url)
    assert "join_team" in page.context["form"].fields
    assert 'id="restrict-off-team"' in page.content.decode()
    refused = head.post(url, {"category": "KTP", "risk_level": "TINGGI", "restricted": "on"})
    assert refused.status_code == 200
    assert "Add me to the case team" in str(refused.context["form"].non_field_errors())
    case.refresh_from_db()
    assert not case.restricted and case.risk_level == "SEDANG"  # nothing of the refused form was saved
    ok = head.post(url, {"category": "KTP", "risk_level": "TINGGI", "restricted": "on", "join_team": "on"})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert case.restricted and case.risk_level == "TINGGI"
    assert case.team.filter(user=personas["head"], is_active=True, team_role=TeamRole.HEAD).exists()
    assert head.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).status_code == 200
    # On the team now: no warning, no checkbox.
    page = head.get(url)
    assert "join_team" not in page.context["form"].fields
    assert 'id="restrict-off-team"' not in page.content.decode()


def test_a_head_on_the_team_restricts_as_before(personas: Any) -> None:
    case = make_case(personas, manager="head")
    url = reverse("cases:case_edit", kwargs={"case_id": case.pk})
    head = personas.client("head")
    assert "join_team" not in head.get(url).context["form"].fields
    assert head.post(url, {"category": "KTP", "risk_level": "SEDANG", "restricted": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.restricted and _visible_to_head(personas, case)


def test_edit_page(personas: Any) -> None:
    case = make_case(personas)
    url = reverse("cases:case_edit", kwargs={"case_id": case.pk})
    manager = personas.client("case_manager")
    assert "restricted" not in manager.get(url).context["form"].fields
    bad = manager.post(url, {"category": "AMPK", "risk_level": "TINGGI"})
    assert bad.status_code == 200 and bad.context["form"].errors
    ok = manager.post(url, {"category": "AMPK", "category_subtype": "AMPK_NAPZA", "risk_level": "TINGGI"})
    assert ok.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert (case.category, case.category_subtype, case.risk_level) == ("AMPK", "AMPK_NAPZA", "TINGGI")
    head = personas.client("head")
    head.post(url, {"category": "KTA", "risk_level": "RENDAH", "restricted": "on", "join_team": "on"})
    case.refresh_from_db()
    assert case.restricted and case.category_subtype == ""


def test_a_head_cannot_take_herself_off_the_team_of_a_restricted_case(personas: Any) -> None:
    """The other way to lock herself out (issue #19): leaving the team of a case that stays restricted."""
    from sigap.cases.services.team import case_team_end

    case = case_set_restricted(actor=personas["head"], case=make_case(personas), restricted=True, join_team=True)
    own = case.team.get(user=personas["head"], is_active=True)
    with pytest.raises(TransitionRefused, match="Lift the restriction first"):
        case_team_end(actor=personas["head"], case=case, member_id=own.pk)
    assert _visible_to_head(personas, case)
    # Lifted first, she may leave.
    case = case_set_restricted(actor=personas["head"], case=case, restricted=False)
    case_team_end(actor=personas["head"], case=case, member_id=own.pk)
    assert not case.team.filter(user=personas["head"], is_active=True).exists()
