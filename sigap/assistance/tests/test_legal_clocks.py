"""The deadlines of the legal-process track (domain.md §D1) with a frozen clock: created, reminded,
escalated, closed when the step is recorded; each message names its rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from sigap.assistance.kinds import LEGAL_POLICE_REPORT, LEGAL_PROTECTION, LEGAL_RESTITUTION
from sigap.assistance.models.legal import LegalStage, StopReason, VerdictOutcome
from sigap.assistance.services.legal import LegalStepData, legal_stage_set
from sigap.assistance.tests.legal_steps import legal_case, start
from sigap.cases.models import CaseTeamMember
from sigap.work.kinds import get_kind
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import work_items_tick

pytestmark = pytest.mark.django_db
MONDAY_9AM_WITA = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)  # Kukar is UTC+8


def _item(track: Any, kind: str) -> WorkItem:
    return WorkItem.objects.get(kind=kind, object_id=str(track.pk))


def _tick(item: WorkItem, at: dt.datetime) -> WorkItem:
    """One scheduler step at ``at``; the item as it then is (other kinds of the case tick too)."""
    work_items_tick(now=at)
    item.refresh_from_db()
    return item


def _reminded_then_escalated(item: WorkItem, remind_at: dt.datetime) -> None:
    assert _tick(item, remind_at - dt.timedelta(minutes=1)).reminded_at is None
    assert _tick(item, remind_at).reminded_at is not None
    item = _tick(item, item.due_at + dt.timedelta(minutes=1))
    assert item.state == WorkItem.State.MISSED and item.escalated_at is not None
    assert Notification.objects.filter(kind=Notification.Kind.ESCALATED, work_item=item).exists()


def _police(personas: Any, track: Any, day: dt.date) -> Any:
    step = LegalStepData(
        stage=LegalStage.POLICE_REPORT, police_report_date=day, police_unit="Polres X", report_number="LP/1"
    )
    return legal_stage_set(actor=personas["case_manager"], track=track, data=step)


def test_the_police_report_clock_runs_3x24h_is_reminded_escalated_and_closed(personas: Any) -> None:
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        lc = legal_case(personas)
        track = start(personas, lc)
    item = _item(track, LEGAL_POLICE_REPORT)
    assert item.due_at == lc.case.opened_at + dt.timedelta(hours=72)
    assert item.responsible == lc.legal  # the legal counsellor of the team takes the victim to the police
    assert "UU TPKS" in str(get_kind(LEGAL_POLICE_REPORT).label)
    assert item.target_url() == reverse("assistance:legal_track_go", args=[track.pk])
    _reminded_then_escalated(item, item.due_at - dt.timedelta(hours=24))
    with time_machine.travel(item.due_at + dt.timedelta(hours=2), tick=False):
        _police(personas, track, dt.date(2026, 11, 26))
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE and item.missed_at is not None


def test_no_police_report_clock_outside_sexual_violence(personas: Any) -> None:
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        track = start(personas, legal_case(personas, sexual=False, kdrt=True))
    assert not WorkItem.objects.filter(object_id=str(track.pk)).exists()


@pytest.mark.parametrize(("sexual", "kdrt", "days"), [(True, False, 14), (False, True, 7)])
def test_the_protection_clock_is_14_days_tpks_or_7_days_kdrt(
    personas: Any, sexual: bool, kdrt: bool, days: int
) -> None:
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        track = start(personas, legal_case(personas, sexual=sexual, kdrt=kdrt))
        track = _police(personas, track, dt.date(2026, 11, 23))
        step = LegalStepData(stage=LegalStage.PROTECTION, protection_from=dt.date(2026, 11, 23))
        track = legal_stage_set(actor=personas["head"], track=track, data=step)
    item = _item(track, LEGAL_PROTECTION)
    # Midnight (UTC+8) after the last day of protection.
    assert item.due_at == dt.datetime(2026, 11, 22, 16, 0, tzinfo=dt.UTC) + dt.timedelta(days=days)
    _reminded_then_escalated(item, item.due_at - dt.timedelta(days=2))
    with time_machine.travel(item.due_at + dt.timedelta(hours=1), tick=False):
        legal_stage_set(actor=personas["head"], track=track, data=LegalStepData(stage=LegalStage.INVESTIGATION))
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE


def test_the_restitution_clock_runs_30_days_from_the_final_verdict(personas: Any) -> None:
    head = personas["head"]
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        track = start(personas, legal_case(personas))
        verdict = LegalStepData(
            stage=LegalStage.VERDICT,
            verdict_date=dt.date(2026, 11, 20),
            verdict_outcome=VerdictOutcome.CONVICTED,
            sentence="5 y",
        )
        track = legal_stage_set(actor=head, track=track, data=verdict)
        step = LegalStepData(stage=LegalStage.RESTITUTION, restitution_decided=Decimal(10_000_000))
        track = legal_stage_set(actor=head, track=track, data=step)
    item = _item(track, LEGAL_RESTITUTION)
    assert item.due_at == dt.datetime(2026, 12, 20, 16, 0, tzinfo=dt.UTC)  # end of 20 Dec WITA
    assert "30" in str(get_kind(LEGAL_RESTITUTION).label)
    _reminded_then_escalated(item, item.due_at - dt.timedelta(days=7))
    paid = LegalStepData(
        stage=LegalStage.RESTITUTION,
        restitution_decided=Decimal(10_000_000),
        restitution_paid=Decimal(10_000_000),
        restitution_paid_date=dt.date(2026, 12, 21),
    )
    with time_machine.travel(item.due_at + dt.timedelta(days=1), tick=False):
        legal_stage_set(actor=head, track=track, data=paid)
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE
    # The police-report clock closed when a later stage was recorded.
    assert _item(track, LEGAL_POLICE_REPORT).state == WorkItem.State.DONE


def test_a_stopped_track_cancels_its_clocks(personas: Any) -> None:
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        track = start(personas, legal_case(personas))
        step = LegalStepData(stage=LegalStage.STOPPED, stop_reason=StopReason.WITHDRAWN)
        legal_stage_set(actor=personas["head"], track=track, data=step)
    assert _item(track, LEGAL_POLICE_REPORT).state == WorkItem.State.CANCELLED


def _from_complaint(personas: Any, lc: Any, received_at: dt.datetime, *, number: str | None = None) -> None:
    """Make ``lc.case`` a case opened from a complaint received at ``received_at`` (linked as the intake
    decision links them: its number in ``complaint_ref``, the case in its ``case_id``)."""
    from sigap.intake.models import Complaint
    from sigap.intake.tests.factories import make_complaint

    complaint = make_complaint(personas, received_at=received_at)
    Complaint.objects.filter(pk=complaint.pk).update(case_id=lc.case.pk, case_number=lc.case.number)
    lc.case.complaint_ref = number or complaint.number
    lc.case.save(update_fields=["complaint_ref"])


def test_the_police_report_clock_starts_at_the_origin_complaints_receipt(personas: Any) -> None:
    received = MONDAY_9AM_WITA - dt.timedelta(days=2)
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        lc = legal_case(personas)
        _from_complaint(personas, lc, received)
        track = start(personas, lc)
    assert track.victim_reported_at == received
    item = _item(track, LEGAL_POLICE_REPORT)
    assert lc.case.opened_at == MONDAY_9AM_WITA
    assert item.due_at == lc.case.opened_at + dt.timedelta(days=1)
    body = personas.client("head").get(reverse("assistance:legal_track", args=[lc.case.pk])).content.decode()
    assert "(the complaint was received)" in body


def test_a_complaint_ref_not_linked_back_does_not_move_the_clock(personas: Any) -> None:
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        lc = legal_case(personas)
        _from_complaint(personas, lc, MONDAY_9AM_WITA - dt.timedelta(days=2), number="ADU-TYPED-1")
        track = start(personas, lc)
    assert _item(track, LEGAL_POLICE_REPORT).due_at == lc.case.opened_at + dt.timedelta(hours=72)


def test_a_case_without_complaint_starts_the_clock_at_its_opening(personas: Any) -> None:
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        lc = legal_case(personas)
        track = start(personas, lc)
    assert track.victim_reported_at == lc.case.opened_at
    body = personas.client("head").get(reverse("assistance:legal_track", args=[lc.case.pk])).content.decode()
    assert "(the case was opened)" in body


def test_a_complaint_received_after_the_opening_does_not_delay_the_clock(personas: Any) -> None:
    with time_machine.travel(MONDAY_9AM_WITA, tick=False):
        lc = legal_case(personas)
        _from_complaint(personas, lc, MONDAY_9AM_WITA)
    later = MONDAY_9AM_WITA + dt.timedelta(hours=5)
    from sigap.intake.models import Complaint

    Complaint.objects.filter(case_id=lc.case.pk).update(received_at=later)
    with time_machine.travel(later + dt.timedelta(hours=1), tick=False):
        track = start(personas, lc)
    assert _item(track, LEGAL_POLICE_REPORT).due_at == lc.case.opened_at + dt.timedelta(hours=72)


def test_the_legal_counsellor_finds_the_police_report_in_his_tasks(personas: Any) -> None:
    """Fresh-eyes walk 2, A: the case manager starts the track; the counsellor who goes to the police sees it."""
    lc = legal_case(personas)
    track = start(personas, lc, actor="case_manager")
    page = personas.client("legal").get(reverse("work:my_work")).content.decode()
    assert reverse("assistance:legal_track_go", args=[track.pk]) in page
    assert lc.case.number in page


def test_without_a_legal_counsellor_the_case_manager_keeps_the_police_report(personas: Any) -> None:
    lc = legal_case(personas)
    CaseTeamMember.objects.filter(case=lc.case, user=lc.legal).update(is_active=False)
    track = start(personas, lc, actor="head")
    assert _item(track, LEGAL_POLICE_REPORT).responsible == personas["case_manager"]


def test_an_incident_changed_to_sexual_violence_opens_the_police_report_clock(personas: Any) -> None:
    """Fresh-eyes walk 2, A: the track started before the incident said sexual violence; no clock ever opened."""
    from dataclasses import replace

    from django.utils import timezone

    from sigap.cases.models.incident import Incident
    from sigap.cases.models.people import CasePerson, PersonRole
    from sigap.cases.services.incident import IncidentData, incident_update

    lc = legal_case(personas, sexual=False, kdrt=True)
    track = start(personas, lc)
    assert not WorkItem.objects.filter(object_id=str(track.pk)).exists()
    row = Incident.objects.get(case=lc.case)
    data = IncidentData(
        victim=CasePerson.objects.get(case=lc.case, role=PersonRole.VICTIM),
        date_from=timezone.localdate() - dt.timedelta(days=3),
        place="RUMAH_TANGGA",
        account="Fictional account.",
        violence_types=["FISIK"],
        gbv_type="PHYSICAL_ASSAULT",
        is_kdrt=True,
    )
    incident_update(actor=personas["case_manager"], incident=row, data=replace(data, violence_types=["SEKSUAL"]))
    item = _item(track, LEGAL_POLICE_REPORT)
    assert item.due_at == track.victim_reported_at + dt.timedelta(hours=72)
    assert item.responsible == lc.legal and item.state == WorkItem.State.OPEN
