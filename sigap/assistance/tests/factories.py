"""Test data of the session tests, built through the services as the personas would (no factories).

:func:`session_case` builds a Kukar case in intervention whose approved plan holds one psychological
service delivered by ``expert`` (a licensed clinical psychologist), with two more experts on the team:
``counsellor`` (psychological counsellor) and ``legal`` (legal counsellor), both extra Kukar users.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from conftest import make_user
from sigap.accounts.models import Role, User
from sigap.assistance.models.session import AccompanimentSession, SessionKind, SessionPlace
from sigap.assistance.services.session import SessionHeldData, SessionPlanData, session_plan, session_record_held
from sigap.cases.models import Case, CaseState, TeamRole
from sigap.cases.models.plan import PlanItem
from sigap.cases.services.lifecycle import case_start_intervention
from sigap.cases.services.plan import plan_decide, plan_item_add, plan_save, plan_submit
from sigap.cases.services.team import case_team_assign
from sigap.cases.tests.casework_steps import walk_to
from sigap.cases.tests.factories import make_case, victim_data
from sigap.experts.models import CredentialKind, Profession
from sigap.experts.tests.factories import credential, licensed_clinical, profile


@dataclass
class SessionCase:
    case: Case
    item: PlanItem
    psychologist: User
    counsellor: User
    legal: User


def _expert(personas: Any, name: str, profession: str) -> User:
    user = personas.users.get(name) or make_user(name, personas.kukar, Role.EXPERT)
    personas.users[name] = user
    profile(personas, user, profession=profession)
    return user


def session_case(personas: Any, *, licensed: bool = True) -> SessionCase:
    psychologist = personas["expert"]
    if licensed:
        licensed_clinical(personas, psychologist)
    else:
        profile(personas, psychologist)
    counsellor = _expert(personas, "counsellor", Profession.PSYCHOLOGICAL_COUNSELLOR)
    legal = _expert(personas, "legal", Profession.LEGAL_COUNSELLOR)
    case = make_case(personas, victim=victim_data())
    head, manager = personas["head"], personas["case_manager"]
    for user in (counsellor, legal):
        case_team_assign(actor=head, case=case, user=user, team_role=TeamRole.EXPERT)
    case = walk_to(case, CaseState.RENCANA_INTERVENSI)
    plan = plan_save(actor=manager, case=case, goals="Recovery.", made_with_victim=True, made_with_victim_how="Met.")
    item = plan_item_add(
        actor=manager,
        plan=plan,
        service="PSIKOLOGIS",
        target_date=timezone.localdate() + dt.timedelta(days=30),
        provider_user=psychologist,
    )
    plan_decide(actor=head, plan=plan_submit(actor=manager, plan=plan), approve=True)
    case = case_start_intervention(actor=manager, case=case)
    return SessionCase(case, item, psychologist, counsellor, legal)


def tpks_trained(personas: Any, user: User) -> None:
    credential(personas, user.expert_profile, CredentialKind.SERTIFIKAT_PELATIHAN_TPKS, days_left=None)


# Each booking of a test gets its own hour (the calendar refuses to book the victim twice at one time): a
# future slot moves a little further into the future, a past one further into the past.
_slots = itertools.count()


def plan_data(
    *,
    kind: str = SessionKind.COUNSELLING,
    experts: list[User] | None = None,
    item: PlanItem | None = None,
    hours_from_now: float = 24,
    place: str = SessionPlace.UNIT_OFFICE,
) -> SessionPlanData:
    shift = dt.timedelta(minutes=65 * (next(_slots) % 20)) * (1 if hours_from_now >= 0 else -1)
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(hours=hours_from_now) + shift
    return SessionPlanData(
        kind=kind,
        planned_start=start,
        planned_end=start + dt.timedelta(hours=1),
        place=place,
        plan_item=item,
        experts=experts or [],
    )


def held_session(
    actor: User, case: Case, *, kind: str = SessionKind.COUNSELLING, experts: list[User] | None = None, notes: str = ""
) -> AccompanimentSession:
    """A session planned two hours ago and recorded as held by ``actor`` with ``notes``."""
    session = session_plan(actor=actor, case=case, data=plan_data(kind=kind, experts=experts, hours_from_now=-2))
    return session_record_held(
        actor=actor,
        session=session,
        data=SessionHeldData(
            actual_start=session.planned_start,
            actual_end=session.planned_end,
            victim_present=True,
            experts=experts or [],
            outcome_summary="Outcome summary text.",
            notes=notes,
        ),
    )
