"""The generator's services delivered (bench/assistance): the product's rules hold on every generated row, the
same seed gives the same rows whatever the batches, and the benchmark's pages of issue #12 answer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

import bench.assistance.legal
import bench.assistance.shelter
import bench.interventions
from bench.generator import RunConfig, generate
from bench.scenarios import assistance_targets, scenarios
from bench.tests.test_generator_workers import snapshot_of
from conftest import login_verified
from sigap.accounts.models import User
from sigap.assistance.kinds import LEGAL_POLICE_REPORT, SHELTER_LIMIT
from sigap.assistance.models import (
    AccompanimentSession,
    Hearing,
    LegalStage,
    LegalTrack,
    Mediation,
    OutreachVisit,
    SessionPlace,
    SessionStatus,
    ShelterStay,
)
from sigap.assistance.models.session import SessionExpert, SessionStaff
from sigap.assistance.rules.legal import police_report_due
from sigap.assistance.rules.session import service_code_of
from sigap.assistance.rules.shelter import LIMIT_DAYS
from sigap.assistance.services.mediation import mediation_refusals
from sigap.assistance.services.reminder import kind_key
from sigap.audit.models import AuditEvent
from sigap.audit.selectors import audit_chain_verify
from sigap.cases.models import OPEN_STATES, Case
from sigap.cases.models.people import PersonRole
from sigap.cases.models.plan import PlanItem, PlanState
from sigap.cases.selectors.team import is_sexual_violence_case
from sigap.cases.services.incident import case_has_tpks
from sigap.cases.services.plan import MEDIATION
from sigap.work.models import WorkItem

N = 160
NOW = timezone.now()
NOT_CLOSED = [WorkItem.State.OPEN, WorkItem.State.MISSED]


@pytest.fixture
def generated(db: None) -> RunConfig:
    config = RunConfig(cases=N, units=2, years=2, batch_size=40, now=NOW)
    generate(config)
    return config


def test_sessions_deliver_the_services_of_approved_plans(generated: RunConfig) -> None:
    sessions = list(AccompanimentSession.objects.select_related("plan_item__plan", "case", "room"))
    assert sessions and {SessionStatus.HELD, SessionStatus.PLANNED} <= {s.status for s in sessions}
    per_case: dict[Any, int] = defaultdict(int)
    experts = {row.session_id: row.user_id for row in SessionExpert.objects.all()}
    staff = {row.session_id: row.user_id for row in SessionStaff.objects.all()}
    for session in sessions:
        plan = session.plan_item.plan
        assert plan.case_id == session.case_id and plan.state == PlanState.APPROVED
        assert session.planned_start > plan.decided_at and session.unit_id == session.case.unit_id
        assert session.service_code == service_code_of(session.kind, session.plan_item.service) != ""
        assert (session.pk in experts) != (session.pk in staff)  # one booking: the expert or the staff member
        assert (session.room is not None) == (session.place == SessionPlace.UNIT_OFFICE)
        if session.room is not None:
            assert session.room.unit_id == session.unit_id
        if session.status == SessionStatus.PLANNED:
            assert session.planned_start > NOW and session.case.state in OPEN_STATES
        else:
            assert session.recorded_at is not None and session.recorded_at <= NOW
        if session.status == SessionStatus.HELD:
            assert session.actual_end <= NOW and session.notes_group and session.notes.startswith("Catatan sesi")
        per_case[session.case_id] += 1
    assert max(per_case.values()) <= 8
    assert 2 <= len(sessions) / len(per_case) <= 6


def test_planned_sessions_carry_their_reminders(generated: RunConfig) -> None:
    for session in AccompanimentSession.objects.filter(status=SessionStatus.PLANNED):
        for name, model in (("expert", SessionExpert), ("staff", SessionStaff)):
            for row in model.objects.filter(session=session):
                for lead, before in (("day", dt.timedelta(hours=24)), ("hour", dt.timedelta(hours=1))):
                    items = WorkItem.objects.filter(kind=kind_key(lead, name), object_id=str(row.pk))
                    assert items.count() == (1 if session.planned_start - before > NOW else 0)
                    if items:
                        assert items.get().responsible_id == row.user_id and items.get().due_at == session.planned_start


def test_legal_tracks_follow_the_product_rules_and_their_clock(generated: RunConfig) -> None:
    tracks = list(LegalTrack.objects.select_related("case", "perpetrator"))
    cases = Case.objects.count()
    assert 0.2 < len(tracks) / cases < 0.6
    for track in tracks:
        assert track.perpetrator.role == PersonRole.PERPETRATOR and track.perpetrator.case_id == track.case_id
        assert track.victim_reported_at <= track.case.opened_at < track.created_at <= NOW
        if track.stage != LegalStage.NOT_REPORTED:
            assert track.police_report_date is not None and track.report_number
        if track.stage == LegalStage.STOPPED:
            assert track.stop_reason
        clock = WorkItem.objects.filter(kind=LEGAL_POLICE_REPORT, object_id=str(track.pk), state__in=NOT_CLOSED)
        waiting = track.stage == LegalStage.NOT_REPORTED and track.case.is_open
        assert clock.count() == (1 if waiting and is_sexual_violence_case(track.case) else 0)
        if clock:
            assert clock.get().due_at == police_report_due(track.victim_reported_at)
    for hearing in Hearing.objects.select_related("track"):
        assert hearing.track.stage in (LegalStage.TRIAL, LegalStage.VERDICT, LegalStage.DONE, LegalStage.STOPPED)
        assert hearing.court == "Pengadilan Negeri Sintetis"


def test_outreach_visits_come_before_the_case(generated: RunConfig) -> None:
    visits = list(OutreachVisit.objects.select_related("complaint"))
    assert visits
    for visit in visits:
        complaint = visit.complaint
        assert complaint.received_at < visit.planned_at < visit.done_at <= complaint.decided_at
        assert visit.team.count() == 2 and visit.unit_id == complaint.unit_id


def test_audit_events_name_the_services_never_their_content(generated: RunConfig) -> None:
    assert not audit_chain_verify().breaks
    fields = [["sessions"], ["legal"], ["shelter"], ["mediation"], ["outreach"]]
    events = list(AuditEvent.objects.filter(changed_fields__in=fields))
    assert {e.changed_fields[0] for e in events} >= {"sessions", "legal", "outreach"}
    secrets = ["sintetis", "Sintetis", "LP/B/"]
    for event in events:
        assert not any(secret in str(event.new_values) + event.reason for secret in secrets)
    held = AccompanimentSession.objects.exclude(status=SessionStatus.PLANNED).count()
    session_events = [e for e in events if e.changed_fields == ["sessions"]]
    assert len(session_events) == AccompanimentSession.objects.count() + held


def _stays_never_overlap_on_a_bed() -> list[ShelterStay]:
    stays = list(ShelterStay.objects.select_related("bed__room", "person__person", "case").order_by("admitted_at"))
    by_bed: dict[int, list[ShelterStay]] = defaultdict(list)
    for stay in stays:
        by_bed[stay.bed_id].append(stay)
        assert stay.person.role == PersonRole.VICTIM and stay.person.case_id == stay.case_id
        assert stay.admitted_at >= stay.case.opened_at and stay.criteria and stay.criteria_reason
        if stay.discharged_at is not None:
            assert stay.onward and stay.admitted_at < stay.discharged_at <= NOW
            assert stay.discharged_at - stay.admitted_at <= dt.timedelta(days=LIMIT_DAYS)
        clock = WorkItem.objects.filter(kind=SHELTER_LIMIT, object_id=str(stay.pk), state__in=NOT_CLOSED)
        assert clock.count() == (1 if stay.discharged_at is None else 0)
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    for on_bed in by_bed.values():
        for first, second in zip(on_bed, on_bed[1:], strict=False):
            assert (first.discharged_at or far) <= second.admitted_at, (first.case.number, second.case.number)
    return stays


def test_shelter_stays_never_overlap_on_a_bed_even_when_the_shelter_is_full(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every case a candidate and admitted: each window has more candidates than its half of the beds.
    monkeypatch.setattr(bench.assistance.shelter, "CANDIDATE", 1.0)
    monkeypatch.setattr(bench.assistance.shelter, "ADMIT", {"TINGGI": 1.0, "SEDANG": 1.0, "RENDAH": 1.0})
    generate(RunConfig(cases=300, units=1, years=1, batch_size=37, now=NOW))
    stays = _stays_never_overlap_on_a_bed()
    assert len(stays) > 60 and len({s.bed_id for s in stays}) == 12
    assert any(s.discharged_at is None for s in stays)


def test_no_mediation_on_a_case_the_law_bars(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every plan gets the mediation service, sexual-violence cases too: the guard alone must keep them out.
    weights = bench.interventions._weights
    monkeypatch.setattr(
        bench.interventions,
        "_weights",
        lambda plan: [*[w for w in weights(plan) if w[0] != MEDIATION], (MEDIATION, 50.0)],
    )
    generate(RunConfig(cases=120, units=1, years=2, batch_size=50, now=NOW))
    offered = {i.plan.case_id for i in PlanItem.objects.filter(service=MEDIATION).select_related("plan")}
    assert any(case_has_tpks(case) for case in Case.objects.filter(pk__in=offered))  # the guard had work to do
    mediations = list(Mediation.objects.select_related("case"))
    assert mediations
    for mediation in mediations:
        assert mediation_refusals(mediation.case) == [], mediation.case.number
        assert mediation.mediator_id == mediation.free_decision_by_id and mediation.created_at <= NOW


def test_the_same_seed_gives_the_same_services_whatever_the_batches(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench.assistance.shelter, "CANDIDATE", 0.5)
    monkeypatch.setattr(bench.assistance.shelter, "ADMIT", {"TINGGI": 1.0, "SEDANG": 1.0, "RENDAH": 1.0})
    config = RunConfig(cases=90, units=2, years=1, batch_size=90, now=NOW)
    whole = snapshot_of(lambda: generate(config))
    batched = snapshot_of(lambda: generate(RunConfig(**{**config.__dict__, "batch_size": 7})))
    assert whole["sessions"] and whole["stays"] and whole["legal"] and whole["hearings"] and whole["outreach"]
    for key in ("sessions", "bookings", "legal", "hearings", "stays", "mediations", "outreach", "work", "audit"):
        assert batched[key] == whole[key], key


def test_the_benchmarks_service_pages_answer(generated: RunConfig) -> None:
    unit = User.objects.get(username="syn001_head").membership.unit  # type: ignore[union-attr]
    targets = assistance_targets(unit)
    assert targets["psychologist"].startswith("syn001_ex") and targets["session_case_id"]
    prep: dict[str, Any] = {
        "case_id": targets["session_case_id"],
        "session_case_id": targets["session_case_id"],
        "deep_page": 1,
        "filtered_deep_page": 1,
        "nik": "",
        "name": "",
        "birth_year": None,
        "recap_year": NOW.year - 1,
        "simfoni_month": "2026-01",
        "contract_period": 0,  # the contracts page of #13 is not one of the services' pages checked here
    }
    users = {"head": "syn001_head", "psy": targets["psychologist"], "legal": targets["deadline_user"]}
    new = [
        s for s in scenarios(prep) if s.who in ("psy", "legal") or "/pendampingan/" in s.path or "sessions" in s.name
    ]
    assert len(new) == 6
    for scenario in new:
        client = Client()
        login_verified(client, User.objects.get(username=users[scenario.who]))
        response = client.get(scenario.path)
        assert response.status_code == 200, scenario.name
