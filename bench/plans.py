"""One synthetic case: its persons, states, team, notes, closure and audit events (see bench/generator.py).

Proportions follow domain.md §E6 (SIMFONI): about 58 % of cases concern children, 61 % are domestic
violence (KDRT), victims are mostly female, and among children sexual violence dominates (~60 %).
The stage of a case follows from its age: the steps take realistic durations, and a case is in the
last step reached before "now" (old cases are mostly closed, recent ones open).

Extensions: ``EXTENSIONS`` holds one function per record type of later issues; each gets
``(ctx, batch, plan)``, adds rows with ``batch.add(obj)`` and audit events with ``batch.event(...)``, and
registers its model in ``bench.generator.WRITE_ORDER`` (see bench/complaints.py, bench/incidents.py).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType

from bench.complaints import complaint_number_next
from bench.complaints import register as register_complaints
from bench.generator import RELINK, WRITE_ORDER, Batch, RunConfig, UnitStaff
from bench.incidents import register as register_incidents
from bench.proportions import (
    AMPK_SUBTYPES,
    ARCHIVE_AFTER,
    CATEGORIES,
    DISABILITIES,
    EDUCATION_ADULT,
    EDUCATION_CHILD,
    FURTHEST,
    KDRT_RELATIONSHIPS,
    KDRT_SHARE,
    OCCUPATION_ADULT,
    OTHER_RELATIONSHIPS,
    RISKS,
    STEPS,
    TERMINATION_REASONS,
    VIOLENCE_ADULT,
    VIOLENCE_CHILD,
)
from bench.synthetic import synthetic_address, synthetic_name, synthetic_nik, synthetic_phone
from sigap.accounts.models import Role, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_diff
from sigap.cases.classification import safe_fields
from sigap.cases.kinds import CLOSURE_APPROVAL
from sigap.cases.models import Case, CaseState, CaseStateChange, CaseTeamMember, TeamRole
from sigap.cases.models_people import CaseNote, CasePerson, NoteConfidentiality, Person, PersonNameToken, PersonRole
from sigap.core.crypto.tokens import expected_token_rows
from sigap.work.models import WorkItem

PERSON_SAFE = frozenset(safe_fields("Person"))
CASE_SAFE = frozenset(safe_fields("Case"))


def pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


@dataclass
class CaseContext:
    """What every case of a batch shares."""

    staff: list[UnitStaff]
    config: RunConfig
    now: dt.datetime
    closure_ct: ContentType
    person_index: int
    cum_weights: list[float] = field(default_factory=list)
    recent_victims: dict[int, list[Person]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        total = 0.0
        for s in self.staff:
            total += s.weight
            self.cum_weights.append(total)


@dataclass
class CasePlan:
    """The decisions about one case that extensions reuse (incident type, KDRT, child victim...)."""

    index: int
    case: Case
    staff: UnitStaff
    manager: User
    child_victim: bool
    is_kdrt: bool
    violence_type: str
    victim: Person
    steps: list[tuple[str, dt.datetime]]
    victim_link: CasePerson | None = None
    perpetrator_link: CasePerson | None = None
    relationship: str = ""


EXTENSIONS: list[Callable[[CaseContext, Batch, CasePlan], None]] = []


def _person(
    ctx: CaseContext,
    batch: Batch,
    case_rng: random.Random,
    *,
    staff: UnitStaff,
    female: bool,
    age: int,
    year: int,
    nik_share: float,
    phone_share: float,
    actor: User,
    at: dt.datetime,
) -> Person:
    # Its own RNG: whether a person is created must not shift the case's later draws (determinism).
    rng = random.Random(case_rng.getrandbits(64))
    ctx.person_index += 1
    index = ctx.person_index
    village = rng.choice(staff.villages) if staff.villages else None
    region6 = village[1] if village else staff.unit.region_code.replace(".", "") + "01"
    exact = rng.random() < 0.6
    birth_year = year - age
    birth_date = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)) if exact else None
    child = age < 18
    person = Person(
        unit=staff.unit,
        name=synthetic_name(rng),
        sex="P" if female else "L",
        birth_date=birth_date,
        birth_year=birth_year,
        age_estimated=not exact,
        nik=synthetic_nik(region6=region6, female=female, person_index=index) if rng.random() < nik_share else None,
        phone=synthetic_phone(index) if rng.random() < phone_share else None,
        address=synthetic_address(rng),
        village_id=village[0] if village else None,
        education=rng.choice(EDUCATION_CHILD if child else EDUCATION_ADULT),
        occupation="PELAJAR" if child and age > 6 else ("" if child else rng.choice(OCCUPATION_ADULT)),
        disabilities=[rng.choice(DISABILITIES)] if rng.random() < 0.03 else [],
        marital_status="BELUM_KAWIN"
        if child
        else rng.choice(["KAWIN_TERCATAT", "KAWIN_TIDAK_TERCATAT", "CERAI_HIDUP"]),
        nationality="WNI" if rng.random() < 0.99 else "WNA",
        created_by=actor,
    )
    batch.add(person)
    for token, token_year in expected_token_rows(person.name, birth_year):
        batch.add(PersonNameToken(owner=person, unit=staff.unit, token=token, token_year=token_year))
    diff = audit_diff(before=None, after=person, safe_fields=PERSON_SAFE)
    batch.event(
        unit_id=staff.unit.pk,
        actor=actor,
        role=Role.CASE_MANAGER,
        action=AuditAction.CREATE,
        obj=person,
        at=at,
        changed=diff.changed_fields,
        new=diff.new,
    )
    return person


def _link(
    batch: Batch, case: Case, person: Person, role: str, relationship: str, actor: User, at: dt.datetime
) -> CasePerson:
    link = CasePerson(case=case, person=person, role=role, relationship=relationship, added_at=at, added_by=actor)
    batch.add(link)
    batch.event(
        unit_id=case.unit.pk,
        actor=actor,
        role=Role.CASE_MANAGER,
        action=AuditAction.UPDATE,
        obj=case,
        at=at,
        changed=["persons"],
        new={"persons": {"person": str(person.pk), "role": role, "linked": True}},
    )
    return link


def _steps(rng: random.Random, opened_at: dt.datetime, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """The states reached before ``now``, with their times (opening excluded)."""
    furthest, at = pick(rng, FURTHEST), opened_at
    reached: list[tuple[str, dt.datetime]] = []
    for state, low, high in STEPS[:furthest]:
        at = at + dt.timedelta(days=rng.uniform(low, high))
        if at >= now:
            break
        reached.append((state, at))
    closed_long_ago = reached and reached[-1][0] == CaseState.TERMINASI and now - reached[-1][1] > ARCHIVE_AFTER
    if closed_long_ago and rng.random() < 0.5:
        reached.append((CaseState.ARSIP, reached[-1][1] + ARCHIVE_AFTER))
    return reached


def _unit_for(ctx: CaseContext, rng: random.Random) -> UnitStaff:
    roll, low, high = rng.random() * ctx.cum_weights[-1], 0, len(ctx.cum_weights) - 1
    while low < high:
        mid = (low + high) // 2
        if ctx.cum_weights[mid] < roll:
            low = mid + 1
        else:
            high = mid
    return ctx.staff[low]


def case_plan_write(ctx: CaseContext, batch: Batch, index: int) -> CasePlan:
    """Plan case ``index`` and add its rows and events to ``batch``."""
    config = ctx.config
    rng = random.Random(config.seed * 1_000_003 + index)
    staff = _unit_for(ctx, rng)
    unit, head = staff.unit, staff.head
    span = dt.timedelta(days=365 * config.years)
    # Spread evenly (in index order) over the years up to yesterday, so numbers rise with time.
    opened_at = ctx.now - span + span * ((index + rng.random()) / config.cases) - dt.timedelta(days=1)
    year = opened_at.astimezone(unit.zone).year
    category = pick(rng, CATEGORIES)
    child = category in ("KTA", "AMPK", "ABH") or (category == "TPPO" and rng.random() < 0.5)
    manager = rng.choice(staff.case_managers)
    sequence, number = batch.next_number(unit, year)
    case = Case(
        unit=unit,
        number=number,
        year=year,
        sequence=sequence,
        state=CaseState.KASUS_DIBUKA,
        category=category,
        category_subtype=rng.choice(AMPK_SUBTYPES) if category == "AMPK" else "",
        risk_level=pick(rng, RISKS),
        restricted=rng.random() < 0.01,
        complaint_ref=complaint_number_next(batch, unit.pk, year)[1],
        opened_at=opened_at,
        opened_by=manager,
    )
    batch.add(case)
    created = {
        k: getattr(case, k) for k in ("number", "state", "category", "risk_level", "restricted", "complaint_ref")
    }
    if case.category_subtype:
        created["category_subtype"] = case.category_subtype
    batch.event(
        unit_id=unit.pk,
        actor=manager,
        role=Role.CASE_MANAGER,
        action=AuditAction.CREATE,
        obj=case,
        at=opened_at,
        changed=list(created),
        new={k: v for k, v in created.items() if k in CASE_SAFE},
    )
    batch.add(
        CaseStateChange(
            case=case, from_state="", to_state=CaseState.KASUS_DIBUKA, changed_at=opened_at, changed_by=manager
        )
    )
    _team(batch, case, manager, TeamRole.CASE_MANAGER, head, opened_at)

    # Persons: the victim (a repeat victim now and then), a perpetrator, a reporter or guardian.
    at = opened_at + dt.timedelta(minutes=rng.randint(5, 120))
    female = category == "KTP" or rng.random() < 0.7
    age = rng.randint(1, 17) if child else rng.randint(18, 60)
    earlier = ctx.recent_victims.setdefault(unit.pk, [])
    reuse, which = rng.random() < 0.03, rng.random()  # both drawn always, so later draws do not shift
    if earlier and reuse:
        victim = earlier[int(which * len(earlier))]
        child = victim.birth_year is not None and year - victim.birth_year < 18
    else:
        victim = _person(
            ctx,
            batch,
            rng,
            staff=staff,
            female=female,
            age=age,
            year=year,
            nik_share=0.75,
            phone_share=0.2 if child else 0.6,
            actor=manager,
            at=at,
        )
        earlier.append(victim)
        del earlier[:-50]
    victim_link = _link(batch, case, victim, PersonRole.VICTIM, "", manager, at)
    perpetrator_link, relationship = None, ""
    is_kdrt = rng.random() < KDRT_SHARE[category]
    if rng.random() < 0.9:
        relationship = rng.choice(KDRT_RELATIONSHIPS["child" if child else "adult"] if is_kdrt else OTHER_RELATIONSHIPS)
        perpetrator = _person(
            ctx,
            batch,
            rng,
            staff=staff,
            female=rng.random() < 0.08,
            age=rng.randint(17, 65),
            year=year,
            nik_share=0.5,
            phone_share=0.2,
            actor=manager,
            at=at,
        )
        perpetrator_link = _link(batch, case, perpetrator, PersonRole.PERPETRATOR, relationship, manager, at)
    if child and rng.random() < 0.6:
        guardian = _person(
            ctx,
            batch,
            rng,
            staff=staff,
            female=rng.random() < 0.7,
            age=rng.randint(25, 60),
            year=year,
            nik_share=0.8,
            phone_share=0.8,
            actor=manager,
            at=at,
        )
        _link(batch, case, guardian, PersonRole.PARENT_GUARDIAN, "", manager, at)
    elif rng.random() < 0.4:
        reporter = _person(
            ctx,
            batch,
            rng,
            staff=staff,
            female=rng.random() < 0.6,
            age=rng.randint(20, 60),
            year=year,
            nik_share=0.3,
            phone_share=0.9,
            actor=manager,
            at=at,
        )
        _link(batch, case, reporter, PersonRole.REPORTER, "", manager, at)

    steps = _steps(rng, opened_at, ctx.now)
    _walk(ctx, batch, rng, case, steps, manager, head)
    if steps and rng.random() < 0.4:
        expert = rng.choice(staff.experts)
        _team(batch, case, expert, TeamRole.EXPERT, head, steps[0][1])
    if rng.random() < 0.6:
        note_at = opened_at + dt.timedelta(hours=rng.randint(1, 72))
        note = CaseNote(
            case=case,
            author=manager,
            confidentiality=NoteConfidentiality.TEAM,
            body=f"Catatan sintetis {index + 1}: kunjungan rumah, korban didampingi.",
            created_at=note_at,
        )
        batch.add(note)
        batch.event(
            unit_id=unit.pk,
            actor=manager,
            role=Role.CASE_MANAGER,
            action=AuditAction.UPDATE,
            obj=case,
            at=note_at,
            changed=["notes"],
            new={"notes": {"note": str(note.pk), "confidentiality": "TEAM"}},
        )
    plan = CasePlan(
        index,
        case,
        staff,
        manager,
        child,
        is_kdrt,
        pick(rng, VIOLENCE_CHILD if child else VIOLENCE_ADULT),
        victim,
        steps,
        victim_link,
        perpetrator_link,
        relationship,
    )
    for extension in EXTENSIONS:
        extension(ctx, batch, plan)
    return plan


def _team(batch: Batch, case: Case, user: User, team_role: str, head: User, at: dt.datetime) -> None:
    batch.add(CaseTeamMember(case=case, user=user, team_role=team_role, assigned_at=at, assigned_by=head))
    batch.event(
        unit_id=case.unit.pk,
        actor=head,
        role=Role.HEAD,
        action=AuditAction.ASSIGN,
        obj=case,
        at=at,
        changed=["team"],
        new={"team": {"user": user.pk, "team_role": team_role, "active": True}},
    )


def _walk(
    ctx: CaseContext,
    batch: Batch,
    rng: random.Random,
    case: Case,
    steps: list[tuple[str, dt.datetime]],
    manager: User,
    head: User,
) -> None:
    """Record each transition (history + audit); closure is requested by the manager, approved by the head."""
    state: str = CaseState.KASUS_DIBUKA
    for to_state, at in steps:
        if to_state == CaseState.TERMINASI:
            _closure_request(batch, rng, case, manager, at - dt.timedelta(days=2))
            case.closed_at, case.closed_by = at, head
            batch.event(
                unit_id=case.unit.pk,
                actor=head,
                role=Role.HEAD,
                action=AuditAction.UPDATE,
                obj=case,
                at=at,
                changed=["state", "closed_at", "closed_by"],
                old={"state": state},
                new={"state": to_state, "closed_at": at.isoformat(), "closed_by": head.pk},
            )
        else:
            actor, role = (head, Role.HEAD) if to_state == CaseState.ARSIP else (manager, Role.CASE_MANAGER)
            batch.event(
                unit_id=case.unit.pk,
                actor=actor,
                role=role,
                action=AuditAction.UPDATE,
                obj=case,
                at=at,
                changed=["state"],
                old={"state": state},
                new={"state": to_state},
            )
        batch.add(
            CaseStateChange(
                case=case,
                from_state=state,
                to_state=to_state,
                reason=case.closure_reason if to_state == CaseState.TERMINASI else "",
                changed_at=at,
                changed_by=head if to_state in (CaseState.TERMINASI, CaseState.ARSIP) else manager,
            )
        )
        state = to_state
    case.state = state
    # A case in monitoring for a while may wait for the head to approve its closure right now.
    if (
        state == CaseState.PEMANTAUAN
        and steps
        and ctx.now - steps[-1][1] > dt.timedelta(days=14)
        and rng.random() < 0.15
    ):
        requested = ctx.now - dt.timedelta(days=rng.uniform(0, 6))
        _closure_request(batch, rng, case, manager, requested)
        due = requested + dt.timedelta(days=3)
        missed = due <= ctx.now
        batch.add(
            WorkItem(
                unit_id=case.unit.pk,
                kind=CLOSURE_APPROVAL,
                title_key=case.number,
                responsible=head,
                content_type=ctx.closure_ct,
                object_id=str(case.pk),
                state=WorkItem.State.MISSED if missed else WorkItem.State.OPEN,
                due_at=due,
                missed_at=due if missed else None,
            )
        )


def _closure_request(batch: Batch, rng: random.Random, case: Case, manager: User, at: dt.datetime) -> None:
    case.closure_requested_at, case.closure_requested_by = at, manager
    case.closure_reason = pick(rng, TERMINATION_REASONS)
    case.closure_summary = "Ringkasan penutupan sintetis: layanan selesai diberikan."
    batch.event(
        unit_id=case.unit.pk,
        actor=manager,
        role=Role.CASE_MANAGER,
        action=AuditAction.UPDATE,
        obj=case,
        at=at,
        changed=["closure_requested_at", "closure_requested_by", "closure_reason", "closure_summary"],
        new={
            "closure_requested_at": at.isoformat(),
            "closure_requested_by": manager.pk,
            "closure_reason": case.closure_reason,
        },
    )


# Extensions whose models exist (add incidents, consents, assessments, plans, sessions … the same way).
register_complaints(EXTENSIONS, WRITE_ORDER)
register_incidents(EXTENSIONS, WRITE_ORDER, RELINK)
