"""Cases and follow-ups for the empowerment tests, built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.cases.models import Case, CaseState
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.services.incident import IncidentData
from sigap.cases.tests import casework_steps as steps
from sigap.cases.tests.factories import make_case, victim_data
from sigap.empowerment.models import FollowUp, FollowUpStatus
from sigap.empowerment.services.follow_up import FollowUpData, Indicators, follow_up_record


def monitored_case(personas: Any, **kwargs: Any) -> Case:
    """A Kukar case (case_manager, expert on the team, a victim) walked to PEMANTAUAN."""
    case = make_case(personas, victim=victim_data(), **kwargs)
    return steps.walk_to(case, CaseState.PEMANTAUAN)


def scheduled(case: Case) -> list[FollowUp]:
    return list(FollowUp.objects.filter(case=case, status=FollowUpStatus.SCHEDULED).order_by("sequence"))


def reached(*, independent: bool = False, income: str = "FROM_1M", goals: str = "ON_TRACK", **kw: Any) -> FollowUpData:
    return FollowUpData(
        mode="VISIT",
        held_on=timezone.localdate(),
        reached=True,
        wellbeing="GOOD",
        goals_progress=goals,
        notes="Visited at home.",
        indicators=Indicators(income_band=income, documents_complete=True, independent=independent),
        **kw,
    )


def not_reached() -> FollowUpData:
    return FollowUpData(mode="CALL", held_on=timezone.localdate(), reached=False, notes="No answer.")


def new_incident(case: Case) -> IncidentData:
    return IncidentData(
        victim=CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).order_by("added_at")[0],
        date_from=timezone.localdate() - dt.timedelta(days=1),
        place="RUMAH_TANGGA",
        account="Fictional: hit again by the husband.",
        violence_types=["FISIK"],
        gbv_type="PHYSICAL_ASSAULT",
    )


def record(personas: Any, case: Case, data: FollowUpData, *, follow_up: FollowUp | None = None, **kw: Any) -> FollowUp:
    return follow_up_record(actor=personas["case_manager"], case=case, data=data, follow_up=follow_up, **kw)
