"""One synthetic case: its persons, states, team, notes, closure and audit events (see bench/generator.py).

Proportions follow domain.md §E6 (SIMFONI): about 58 % of cases concern children, 61 % are domestic
violence (KDRT), victims are mostly female, and among children sexual violence dominates (~60 %).
The stage of a case follows from its age: the steps take realistic durations, and a case is in the
last step reached before "now" (old cases are mostly closed, recent ones open).

Extensions: ``EXTENSIONS`` holds one function per record type of later issues; each gets
``(ctx, batch, plan)``, adds rows with ``batch.add(obj)`` and audit events with ``batch.event(...)``, and
registers its model in ``bench.base.WRITE_ORDER`` (see bench/complaints.py, bench/incidents.py).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from bench.assessments import register as register_assessments
from bench.assistance import register as register_assistance
from bench.base import (
    CASE_SAFE,
    NEED_IDS,
    RECENT_VICTIMS,
    RELINK,
    WRITE_ORDER,
    Batch,
    CaseContext,
    CasePlan,
    case_rng,
    pick,
    unit_position,
)
from bench.complaints import complaint_number_next
from bench.complaints import register as register_complaints
from bench.consents import register as register_consents
from bench.incidents import register as register_incidents
from bench.interventions import register as register_interventions
from bench.partnership import register as register_partnership
from bench.persons import PERSON_SLOTS, link_add, person_add
from bench.proportions import (
    AMPK_SUBTYPES,
    ARCHIVE_AFTER,
    CATEGORIES,
    FURTHEST,
    KDRT_RELATIONSHIPS,
    KDRT_SHARE,
    OTHER_RELATIONSHIPS,
    RISKS,
    STEPS,
    TERMINATION_REASONS,
    VIOLENCE_ADULT,
    VIOLENCE_CHILD,
)
from bench.writer import new
from sigap.accounts.models import Role, User
from sigap.audit.models import AuditAction
from sigap.cases.kinds import CLOSURE_APPROVAL
from sigap.cases.models import Case, CaseState, CaseStateChange, CaseTeamMember, TeamRole
from sigap.cases.models.people import CaseNote, NoteConfidentiality, PersonRole
from sigap.work.models import WorkItem

EXTENSIONS: list[Callable[[CaseContext, Batch, CasePlan], None]] = []


GUARDIAN_SHARE = 0.9  # of child victims: a parent or guardian recorded in the case
REPEAT_VICTIM = 0.03  # of cases: the victim is one of the unit's recent victims (a repeat victim)


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


def case_plan_write(ctx: CaseContext, batch: Batch, index: int) -> CasePlan:
    """Plan case ``index`` and add its rows and events to ``batch``."""
    config = ctx.config
    rng = case_rng(config, index)
    staff = ctx.staff[unit_position(ctx.cum_weights, rng)]
    unit, head = staff.unit, staff.head
    span = dt.timedelta(days=365 * config.years)
    # Spread evenly (in index order) over the years up to yesterday, so numbers rise with time.
    opened_at = ctx.now - span + span * ((index + rng.random()) / config.cases) - dt.timedelta(days=1)
    year = opened_at.astimezone(unit.zone).year
    category = pick(rng, CATEGORIES)
    child = category in ("KTA", "AMPK", "ABH") or (category == "TPPO" and rng.random() < 0.5)
    manager = rng.choice(staff.case_managers)
    sequence, number = batch.next_number(unit, year)
    case = new(
        Case,
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
        new(
            CaseStateChange,
            case=case,
            from_state="",
            to_state=CaseState.KASUS_DIBUKA,
            changed_at=opened_at,
            changed_by=manager,
        )
    )
    _team(batch, case, manager, TeamRole.CASE_MANAGER, head, opened_at)

    # Persons: the victim (a repeat victim now and then), a perpetrator, a reporter or guardian.
    at = opened_at + dt.timedelta(minutes=rng.randint(5, 120))
    female = category == "KTP" or rng.random() < 0.7
    age = rng.randint(1, 17) if child else rng.randint(18, 60)
    earlier = ctx.recent_victims.setdefault(unit.pk, [])
    reuse, which = rng.random() < REPEAT_VICTIM, rng.random()  # both drawn always: later draws do not shift
    if earlier and reuse:
        victim = earlier[int(which * len(earlier))]
        child = victim.birth_year is not None and year - victim.birth_year < 18
    else:
        victim = person_add(
            ctx,
            batch,
            rng,
            number=index * PERSON_SLOTS + 1,
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
        del earlier[:-RECENT_VICTIMS]
    victim_link = link_add(batch, case, victim, PersonRole.VICTIM, "", manager, at)
    perpetrator_link, relationship = None, ""
    is_kdrt = rng.random() < KDRT_SHARE[category]
    if rng.random() < 0.9:
        relationship = rng.choice(KDRT_RELATIONSHIPS["child" if child else "adult"] if is_kdrt else OTHER_RELATIONSHIPS)
        perpetrator = person_add(
            ctx,
            batch,
            rng,
            number=index * PERSON_SLOTS + 2,
            staff=staff,
            female=rng.random() < 0.08,
            age=rng.randint(17, 65),
            year=year,
            nik_share=0.5,
            phone_share=0.2,
            actor=manager,
            at=at,
        )
        perpetrator_link = link_add(batch, case, perpetrator, PersonRole.PERPETRATOR, relationship, manager, at)
    guardian_link = None
    # Most children come with a parent or guardian: a child's consent is theirs (services_consent), the
    # rest get the HEAD's best-interest decision (bench/consents.py).
    if child and rng.random() < GUARDIAN_SHARE:
        guardian = person_add(
            ctx,
            batch,
            rng,
            number=index * PERSON_SLOTS + 3,
            staff=staff,
            female=rng.random() < 0.7,
            age=rng.randint(25, 60),
            year=year,
            nik_share=0.8,
            phone_share=0.8,
            actor=manager,
            at=at,
        )
        guardian_link = link_add(batch, case, guardian, PersonRole.PARENT_GUARDIAN, "", manager, at)
    elif rng.random() < 0.4:
        reporter = person_add(
            ctx,
            batch,
            rng,
            number=index * PERSON_SLOTS + 3,
            staff=staff,
            female=rng.random() < 0.6,
            age=rng.randint(20, 60),
            year=year,
            nik_share=0.3,
            phone_share=0.9,
            actor=manager,
            at=at,
        )
        link_add(batch, case, reporter, PersonRole.REPORTER, "", manager, at)

    steps = _steps(rng, opened_at, ctx.now)
    _walk(ctx, batch, rng, case, steps, manager, head)
    expert = None
    if steps and rng.random() < 0.4:
        expert = rng.choice(staff.experts)
        _team(batch, case, expert, TeamRole.EXPERT, head, steps[0][1])
    if rng.random() < 0.6:
        note_at = min(opened_at + dt.timedelta(hours=rng.randint(1, 72)), ctx.now)  # never in the future
        note = new(
            CaseNote,
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
        guardian_link,
        expert,
    )
    for extension in EXTENSIONS:
        extension(ctx, batch, plan)
    return plan


def _team(batch: Batch, case: Case, user: User, team_role: str, head: User, at: dt.datetime) -> None:
    batch.add(new(CaseTeamMember, case=case, user=user, team_role=team_role, assigned_at=at, assigned_by=head))
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
            new(
                CaseStateChange,
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
            new(
                WorkItem,
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


# Extensions whose models exist. Order matters where
# one reuses another's decisions: consents ask the plan (interventions) which partners it names.
register_complaints(EXTENSIONS, WRITE_ORDER)
register_incidents(EXTENSIONS, WRITE_ORDER, RELINK)
register_consents(EXTENSIONS, WRITE_ORDER)
register_assessments(EXTENSIONS, WRITE_ORDER)
register_interventions(EXTENSIONS, WRITE_ORDER, NEED_IDS)
# The services delivered (issue #12): sessions on the plan's items, legal tracks, shelter, mediation, outreach.
register_assistance(EXTENSIONS, WRITE_ORDER, NEED_IDS)
# Issue #14: referrals to the unit's partners (with the sharing consent each needs), monitoring's follow-ups.
register_partnership(EXTENSIONS, WRITE_ORDER, NEED_IDS)
