"""Every hand-off reaches its person (#21): a notification at once and, where they must act, a work item
with its due time that closes when they act. Data made through the services only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.models import Case, PersonRole, TeamRole
from sigap.cases.models.plan import AssessmentArea
from sigap.cases.services.assessment import assessment_section_assign, assessment_section_write
from sigap.cases.services.closure import case_approve_closure, case_reject_closure, case_request_closure
from sigap.cases.services.lifecycle import case_open, case_start_assessment
from sigap.cases.services.people import person_create
from sigap.cases.services.plan import plan_decide, plan_item_add, plan_save, plan_submit
from sigap.cases.services.team import case_team_assign, case_team_end
from sigap.cases.tests.casework_steps import record_services_consent, walk_to
from sigap.cases.tests.factories import make_case, victim_data
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import work_items_tick


def _notes(user: User, kind: str | None = None) -> list[Notification]:
    rows = Notification.objects.filter(recipient=user).select_related("work_item")
    return list(rows.filter(kind=kind) if kind else rows)


def _items(user: User, kind: str, state: str | None = WorkItem.State.OPEN) -> list[WorkItem]:
    rows = WorkItem.objects.filter(responsible=user, kind=kind)
    return list(rows.filter(state=state) if state else rows)


def _plan(case: Case, actor: User) -> Any:
    plan = plan_save(
        actor=actor, case=case, goals="Safety.", made_with_victim=True, made_with_victim_how="Met at the office."
    )
    plan_item_add(
        actor=actor,
        plan=plan,
        service="PSIKOLOGIS",
        target_date=timezone.localdate() + timedelta(days=30),
        provider_agency="RSUD A. M. Parikesit",
    )
    return plan


def test_an_expert_added_to_the_team_is_told_and_reads_the_file(personas: Any) -> None:
    case = make_case(personas, experts=())
    expert = personas["expert"]
    before = timezone.now()
    case_team_assign(actor=personas["head"], case=case, user=expert, team_role=TeamRole.EXPERT)
    [note] = _notes(expert, Notification.Kind.HANDED)
    [item] = _items(expert, "case_team_joined")
    assert note.work_item == item and item.title_key == case.number
    assert before < item.due_at <= before + timedelta(days=4)  # one working day (a weekend in between at most)
    # The link of the item leads to the case file; opening it is what the item asks: done.
    client = personas.client("expert")
    response = client.get(item.target_url())
    assert response.status_code == 302 and response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert client.get(response["Location"]).status_code == 200
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE and item.closed_by == expert


def test_only_the_first_view_of_the_file_writes_to_the_work_items(personas: Any) -> None:
    case = make_case(personas, experts=())
    case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    client = personas.client("expert")
    url = reverse("cases:case_detail", args=[case.pk])
    work_table = WorkItem._meta.db_table
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as later:
        assert client.get(url).status_code == 200
    updates = [q["sql"] for q in first.captured_queries if q["sql"].startswith("UPDATE") and work_table in q["sql"]]
    assert len(updates) == 1  # the open item closed
    assert not [q["sql"] for q in later.captured_queries if work_table in q["sql"] and "UPDATE" in q["sql"]]


def test_the_item_of_a_member_taken_off_the_team_is_cancelled(personas: Any) -> None:
    case = make_case(personas, experts=())
    member = case_team_assign(actor=personas["head"], case=case, user=personas["expert"], team_role=TeamRole.EXPERT)
    case_team_end(actor=personas["head"], case=case, member_id=member.pk)
    [item] = _items(personas["expert"], "case_team_joined", state=None)
    assert item.state == WorkItem.State.CANCELLED
    # Off the team, the link is a 404 like the case itself.
    assert personas.client("expert").get(item.target_url()).status_code == 404


def test_case_manager_of_a_new_high_risk_child_case_has_24_hours_for_first_contact(personas: Any) -> None:
    manager = personas["case_manager"]
    case = case_open(actor=personas["head"], category="KTA", risk_level="TINGGI", case_manager=manager)
    [item] = _items(manager, "case_first_contact")
    assert item.due_at == case.opened_at + timedelta(hours=24)
    assert "24" in item.kind_label  # the rule is named where the item is shown
    assert {n.work_item.kind for n in _notes(manager, Notification.Kind.HANDED)} == {
        "case_first_contact",
        "case_team_joined",
    }
    person_create(actor=personas["head"], case=case, data=victim_data(), role=PersonRole.VICTIM)
    record_services_consent(case, actor=manager)
    case_start_assessment(actor=manager, case=case)
    assert _items(manager, "case_first_contact") == []
    assert _items(manager, "case_first_contact", state=WorkItem.State.DONE)


def test_a_medium_risk_or_adult_case_has_no_first_contact_item(personas: Any) -> None:
    manager = personas["case_manager"]
    case_open(actor=personas["head"], category="KTA", risk_level="SEDANG", case_manager=manager)
    case_open(actor=personas["head"], category="KTP", risk_level="TINGGI", case_manager=manager)
    assert _items(manager, "case_first_contact", state=None) == []


def test_a_case_manager_assigned_later_to_a_high_risk_child_case_gets_the_item(personas: Any) -> None:
    case = case_open(
        actor=personas["head"], category="AMPK", risk_level="TINGGI", category_subtype="AMPK_SITUASI_DARURAT"
    )
    manager = personas["case_manager"]
    case_team_assign(actor=personas["head"], case=case, user=manager, team_role=TeamRole.CASE_MANAGER)
    [item] = _items(manager, "case_first_contact")
    assert item.title_key == case.number


def test_an_assessment_section_given_to_an_expert_closes_when_written(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    manager, expert = personas["case_manager"], personas["expert"]
    walk_to(case, "ASESMEN")
    assessment = case.assessments.get()  # started with the step
    area = AssessmentArea.values[0]
    assessment_section_assign(actor=manager, assessment=assessment, area=area, expert=expert)
    [item] = _items(expert, "case_assessment_section")
    assert any(n.work_item_id == item.pk for n in _notes(expert, Notification.Kind.HANDED))
    assert personas.client("expert").get(item.target_url()).status_code == 302
    assessment_section_write(actor=expert, assessment=assessment, area=area, text="Findings.")
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE and item.closed_by == expert


def test_a_section_given_back_cancels_the_experts_item(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    manager, expert = personas["case_manager"], personas["expert"]
    walk_to(case, "ASESMEN")
    assessment = case.assessments.get()  # started with the step
    area = AssessmentArea.values[0]
    assessment_section_assign(actor=manager, assessment=assessment, area=area, expert=expert)
    assessment_section_assign(actor=manager, assessment=assessment, area=area, expert=None)
    [item] = _items(expert, "case_assessment_section", state=None)
    assert item.state == WorkItem.State.CANCELLED


def test_a_submitted_plan_is_handed_to_the_head(personas: Any) -> None:
    case = walk_to(make_case(personas, victim=victim_data()), "RENCANA_INTERVENSI")
    plan_submit(actor=personas["case_manager"], plan=_plan(case, personas["case_manager"]))
    [note] = _notes(personas["head"], Notification.Kind.HANDED)
    assert note.work_item.kind == "case_plan_approval" and note.work_item.title_key == case.number


def test_a_returned_plan_goes_back_to_its_author_until_resubmitted(personas: Any) -> None:
    manager, head = personas["case_manager"], personas["head"]
    case = walk_to(make_case(personas, victim=victim_data()), "RENCANA_INTERVENSI")
    plan = plan_submit(actor=manager, plan=_plan(case, manager))
    plan_decide(actor=head, plan=plan, approve=False, comment="Add a safety plan.")
    [item] = _items(manager, "case_plan_revision")
    [note] = _notes(manager, Notification.Kind.RETURNED)
    assert note.work_item == item
    page = personas.client("case_manager").get(reverse("work:notifications")).content.decode()
    assert case.number in page
    plan_submit(actor=manager, plan=plan)
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE


def test_an_approved_plan_is_told_to_its_author(personas: Any) -> None:
    manager, head = personas["case_manager"], personas["head"]
    case = walk_to(make_case(personas, victim=victim_data()), "RENCANA_INTERVENSI")
    plan = plan_submit(actor=manager, plan=_plan(case, manager))
    plan_decide(actor=head, plan=plan, approve=True)
    [note] = _notes(manager, Notification.Kind.APPROVED)
    assert note.work_item.title_key == case.number
    page = personas.client("case_manager").get(reverse("work:notifications")).content.decode()
    assert "Approved by the head" in page or "Disetujui" in page


@pytest.mark.parametrize("approve", [True, False])
def test_a_closure_decision_is_told_to_who_asked(personas: Any, approve: bool) -> None:
    manager, head = personas["case_manager"], personas["head"]
    case = make_case(personas, experts=())
    case_request_closure(actor=manager, case=case, reason="TUJUAN_TERCAPAI", summary="Moved away.")
    assert [n.work_item.kind for n in _notes(head, Notification.Kind.HANDED)] == ["case_closure_approval"]
    if approve:
        case_approve_closure(actor=head, case=case)
    else:
        case_reject_closure(actor=head, case=case, comment="Check the safety plan with the family first.")
    kind = Notification.Kind.APPROVED if approve else Notification.Kind.RETURNED
    [note] = _notes(manager, kind)
    assert note.work_item.kind == "case_closure_approval"


def test_the_mail_of_a_hand_off_names_nobody(personas: Any, settings: Any) -> None:
    settings.SIGAP_BASE_URL = "https://sigap.example.test"
    manager = personas["case_manager"]
    case = case_open(actor=personas["head"], category="KTA", risk_level="TINGGI", case_manager=manager)
    person_create(actor=personas["head"], case=case, data=victim_data(), role=PersonRole.VICTIM)
    mail.outbox.clear()
    work_items_tick()
    [message] = [m for m in mail.outbox if manager.email in m.to]
    text = message.subject + message.body
    assert "handed to you" in text or "diserahkan" in text
    for secret in (case.number, victim_data().name, manager.full_name):
        assert secret not in text


def test_nobody_is_told_about_what_they_gave_themselves(personas: Any) -> None:
    head = personas["head"]
    case = make_case(personas, manager="head", experts=())
    case_request_closure(actor=head, case=case, reason="TUJUAN_TERCAPAI", summary="Goals met.")
    assert _notes(head) == []
    assert _items(head, "case_closure_approval")  # the decision still waits in the head's queue


def test_a_replaced_case_manager_hands_over_the_first_contact(personas: Any) -> None:
    head, first = personas["head"], personas["case_manager"]
    second = personas["head"]  # the HEAD may be the case manager (Probolinggo)
    case = case_open(actor=head, category="ABH", risk_level="TINGGI", case_manager=first)
    case_team_assign(actor=head, case=case, user=second, team_role=TeamRole.CASE_MANAGER)
    assert _items(first, "case_first_contact") == [] and _items(first, "case_team_joined") == []
    [item] = _items(second, "case_first_contact")
    assert item.due_at == case.opened_at + timedelta(hours=24)  # the child waits the same: no new clock


def test_a_closed_case_leaves_nobody_asked_to_read_it(personas: Any) -> None:
    """Walk of #21 (shots 62, 82): "Read the case file you joined" stayed open on a closed case."""
    manager, head, expert = personas["case_manager"], personas["head"], personas["expert"]
    case = make_case(personas)  # the head puts the expert on the team: a "read the case file" item
    assert len(_items(expert, "case_team_joined")) == 1
    case_request_closure(actor=manager, case=case, reason="TUJUAN_TERCAPAI", summary="Moved away.")
    case_approve_closure(actor=head, case=case)
    [item] = _items(expert, "case_team_joined", state=None)
    assert item.state == WorkItem.State.CANCELLED and item.closed_by == head
    # The approval told to the case manager asks nothing of her: no due time, no "open" state.
    client = personas.client("case_manager")
    client.cookies["sigap_language"] = "en"
    page = client.get(reverse("work:notifications")).content.decode()
    row = page[page.index("Approved by the head") :].split("</li>")[0]
    assert "due" not in row


def test_the_state_and_the_link_of_a_notification_are_different_words(personas: Any) -> None:
    """Walk of #21 (shot 31): "Buka" was both the link and the state of the task."""
    make_case(personas)
    client = personas.client("expert")
    for language, link, state in (("id", "Lihat", "Belum selesai"), ("en", "View", "Open")):
        client.cookies["sigap_language"] = language
        page = client.get(reverse("work:notifications")).content.decode()
        assert f">{link} PPA-" in page and f"· {state}" in page
