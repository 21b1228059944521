"""Resume and worker processes: the same seed gives the same data whatever the interruptions and workers.

Ids (random UUIDs, sequence values) differ from run to run; everything else is compared: cases, persons,
consents, assessments, plans, work items and every unit's audit chain event by event (times included).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench.generator import (
    RunConfig,
    batch_write,
    case_units,
    generate,
    generate_part,
    pending_batches,
    units_ensure,
    worker_units,
)
from bench.writer import event_row, new
from sigap.assistance.models import (
    AccompanimentSession,
    Hearing,
    LegalTrack,
    Mediation,
    OutreachVisit,
    ShelterStay,
)
from sigap.assistance.models.session import SessionExpert, SessionStaff
from sigap.audit.chain import event_payload, payload_hash
from sigap.audit.models import AuditEvent
from sigap.audit.selectors import audit_chain_verify
from sigap.cases.models import Case, CaseStateChange
from sigap.cases.models.consent import Consent
from sigap.cases.models.people import CasePerson, Person
from sigap.cases.models.plan import Assessment, AssessmentSection, Plan, PlanItem
from sigap.empowerment.models import FollowUp, OutcomeRecord
from sigap.referrals.models import Referral, ReferralEvent
from sigap.work.models import WorkItem


def snapshot() -> dict[str, list[Any]]:
    """Everything but ids (users and units by name: sequences do not roll back on PostgreSQL), in order."""
    number = "case__number"
    return {
        "cases": list(
            Case.objects.order_by("number").values_list(
                "number", "category", "state", "risk_level", "opened_at", "closure_requested_at", "closed_at"
            )
        ),
        "persons": sorted(
            CasePerson.objects.values_list(number, "role", "relationship", "person__birth_year", "person__sex")
        ),
        "history": sorted(CaseStateChange.objects.values_list(number, "to_state", "changed_at")),
        "consents": sorted(
            Consent.objects.values_list(
                number, "scope", "given_by", "child_assent", "given_on", "withdrawn_on", "agency", "method"
            )
        ),
        "assessments": sorted(Assessment.objects.values_list(number, "risk_before", "risk_after", "completed_at")),
        "sections": sorted(AssessmentSection.objects.values_list("assessment__case__number", "area", "written_at")),
        "plans": sorted(Plan.objects.values_list(number, "state", "submitted_at", "decided_at")),
        "items": sorted(
            PlanItem.objects.values_list(
                "plan__case__number", "service", "status", "target_date", "provider_agency", "provider_user__username"
            )
        ),
        "work": sorted(WorkItem.objects.values_list("kind", "title_key", "state", "due_at")),
        # The services delivered (bench/assistance): sessions with their bookings, legal tracks and hearings,
        # shelter stays (the bed by its label), mediations and outreach visits.
        "sessions": sorted(
            AccompanimentSession.objects.values_list(
                number, "kind", "service_code", "status", "planned_start", "actual_start", "room__name"
            )
        ),
        "bookings": sorted(
            [*SessionExpert.objects.values_list("session__case__number", "session__planned_start", "user__username")]
            + [*SessionStaff.objects.values_list("session__case__number", "session__planned_start", "user__username")]
        ),
        "legal": sorted(LegalTrack.objects.values_list(number, "stage", "victim_reported_at", "police_report_date")),
        "hearings": sorted(Hearing.objects.values_list("track__case__number", "starts_at")),
        "stays": sorted(
            ShelterStay.objects.values_list(number, "bed__room__name", "bed__label", "admitted_at", "discharged_at")
        ),
        "mediations": sorted(Mediation.objects.values_list(number, "matter", "status", "created_at")),
        "outreach": sorted(OutreachVisit.objects.values_list("complaint__number", "status", "planned_at", "done_at")),
        # Issue #14 (bench/partnership): referrals with their steps, follow-ups and their indicator rows.
        "referrals": sorted(
            Referral.objects.values_list(
                number, "number", "partner__name", "status", "urgency", "sent_at", "answered_at", "done_at"
            )
        ),
        "referral_steps": sorted(ReferralEvent.objects.values_list("referral__number", "status", "at")),
        "follow_ups": sorted(
            FollowUp.objects.values_list(number, "sequence", "due_on", "status", "held_on", "post_closure"),
            key=repr,
        ),
        "outcomes": sorted(
            OutcomeRecord.objects.values_list(number, "recorded_at", "income_band", "independent", "documents_complete")
        ),
        "audit": list(
            AuditEvent.objects.order_by("unit__case_number_prefix", "seq").values_list(
                "unit__case_number_prefix",  # the chain's name holds the unit id
                "seq",
                "created_at",
                "action",
                "object_type",
                "changed_fields",
                "actor__username",
                "reason",
            )
        ),
    }


class _Rollback(Exception):
    pass


def snapshot_of(run: Any) -> dict[str, list[Any]]:
    """Run ``run()`` in a transaction, take the snapshot, roll everything back."""
    taken: dict[str, list[Any]] = {}
    try:
        with transaction.atomic():
            run()
            taken = snapshot()
            raise _Rollback
    except _Rollback:
        pass
    assert Case.objects.count() == 0
    return taken


NOW = timezone.now()
CONFIG = RunConfig(cases=36, units=3, years=3, batch_size=8, now=NOW)


def test_the_hash_is_the_products(db: None) -> None:
    rng = random.Random(5)
    prev = "0" * 64
    for seq in range(1, 200):
        values = {
            "chain": f"unit-{rng.randint(1, 9)}",
            "seq": seq,
            "created_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=rng.uniform(0, 1e8)),
            "actor_id": rng.choice([None, 4, 17]),
            "actor_role": rng.choice(["", "HEAD", "CASE_MANAGER"]),
            "unit_id": rng.choice([None, 2]),
            "action": rng.choice(["CREATE", "UPDATE", "OVERRIDE"]),
            "object_type": "cases.case",
            "object_id": str(rng.getrandbits(64)),
            "reason": rng.choice(["", "alasan \u201cé\u201d\n\t\\"]),
            "prev_hash": prev,
        }
        changed = rng.sample(["state", "plan", "consents", "risk_level"], k=rng.randint(0, 3))
        old = {"state": "ASESMEN"} if rng.random() < 0.3 else {}
        new_values = {"plan": {"plan": "x", "item": rng.randint(1, 10**6), "ok": True, "none": None}}
        row = event_row(changed=changed, old=old, new=new_values, **values)  # type: ignore[arg-type]
        expected = payload_hash(
            event_payload(
                changed_fields=changed,
                old_values=old,
                new_values=new_values,
                request_id="",
                ip_address="",
                user_agent="",
                **values,  # type: ignore[arg-type]
            )
        )
        assert row[-1] == expected
        prev = expected


def test_fast_instances_equal_model_instances(db: None) -> None:
    staff = units_ensure(count=1, total_cases=10)
    unit, head = staff[0].unit, staff[0].head
    kwargs = {"unit": unit, "name": "Ara Sari", "sex": "P", "birth_year": 1990, "created_by": head, "disabilities": []}
    fast, slow = new(Person, **kwargs), Person(**kwargs)
    for f in Person._meta.concrete_fields:
        if not f.primary_key:
            assert getattr(fast, f.attname) == getattr(slow, f.attname), f.name
    assert fast.pk != slow.pk and fast.unit is unit and fast.created_by is head
    with pytest.raises(TypeError):
        new(Person, nmae="typo")


def test_units_are_split_by_size_and_cover_every_case(db: None) -> None:
    staff = units_ensure(count=5, total_cases=100)
    shares = worker_units(staff, 2)
    assert len(shares) == 2 and set().union(*shares) == {s.unit.pk for s in staff} and not shares[0] & shares[1]
    weight = {s.unit.pk: s.weight for s in staff}
    loads = [sum(weight[u] for u in share) for share in shares]
    assert abs(loads[0] - loads[1]) < max(weight.values())
    config = RunConfig(cases=100, units=5, years=2, batch_size=7)
    batches = [b for share in shares for b in pending_batches(config, staff, units=share, done={})]
    assert sorted(i for b in batches for i in b) == list(range(100))
    assert all(len(b) <= 7 for b in batches)
    assert len({u for _, u in case_units(config, staff)}) == 5


def test_two_workers_write_the_same_data_as_one(db: None) -> None:
    def one() -> None:
        generate(CONFIG)

    def two() -> None:  # each share in turn, as the two processes do (their own memory, own batches)
        staff = units_ensure(count=CONFIG.units, total_cases=CONFIG.cases)
        for share in worker_units(staff, 2):
            generate_part(CONFIG, staff, units=share, done={})

    single, split = snapshot_of(one), snapshot_of(two)
    assert single["cases"] and single["consents"] and single["items"] and single["audit"]
    assert single["sessions"] and single["bookings"] and single["legal"] and single["outreach"]
    for key in single:
        assert split[key] == single[key], key


def test_a_resumed_run_writes_the_same_data_as_an_uninterrupted_one(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.plans

    monkeypatch.setattr(bench.plans, "REPEAT_VICTIM", 0.4)  # the resumed run must pick the same earlier victims

    def uninterrupted() -> None:
        generate(CONFIG)

    def interrupted() -> None:
        # Worker 0 committed two batches, worker 1 one, then both stopped; the rerun (one process,
        # other batch size) resumes each unit after its own last case.
        staff = units_ensure(count=CONFIG.units, total_cases=CONFIG.cases)
        shares = worker_units(staff, 2)
        for share, count in zip(shares, (2, 1), strict=True):
            memory: dict[int, list[Any]] = {}
            for indices in list(pending_batches(CONFIG, staff, units=share, done={}))[:count]:
                batch_write(staff=staff, config=CONFIG, indices=indices, unit_ids=sorted(share), recent_victims=memory)
        assert 0 < Case.objects.count() < CONFIG.cases
        result = generate(RunConfig(**{**CONFIG.__dict__, "batch_size": 5}))
        assert result["already"] + result["written"] == CONFIG.cases
        assert not audit_chain_verify().breaks

    whole, resumed = snapshot_of(uninterrupted), snapshot_of(interrupted)
    for key in whole:
        assert resumed[key] == whole[key], key


def test_the_command_refuses_workers_on_sqlite(db: None) -> None:
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate_data", cases=5, units=1, workers=2, no_progress=True)
    with pytest.raises(CommandError, match="positive"):
        call_command("generate_data", cases=5, units=1, workers=0, no_progress=True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_processes_write_the_same_data_as_one_process() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: worker processes share a database server, not an in-memory SQLite")
    from django.core.management import call_command as run

    generate(CONFIG, workers=2)
    split = snapshot()
    assert not audit_chain_verify().breaks
    run("flush", interactive=False, verbosity=0)
    generate(CONFIG, workers=1)
    single = snapshot()
    assert single["cases"] and single["audit"]
    for key in single:
        assert split[key] == single[key], key
