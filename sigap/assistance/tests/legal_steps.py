"""Test data of the legal-process tests, built through the services as the personas would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conftest import make_user
from sigap.accounts.models import Role, User
from sigap.assistance.models.legal import LegalTrack
from sigap.assistance.services.legal import legal_track_start
from sigap.cases.models import Case, TeamRole
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.services.people import person_create
from sigap.cases.services.team import case_team_assign
from sigap.cases.tests.factories import incident, make_case, victim_data
from sigap.experts.models import ExpertProfile, Profession
from sigap.experts.tests.factories import profile


@dataclass
class LegalCase:
    case: Case
    perpetrator: CasePerson
    legal: User


def legal_case(
    personas: Any, *, sexual: bool = True, kdrt: bool = False, experts: tuple[str, ...] = ("expert",)
) -> LegalCase:
    """A Kukar case with a victim, one perpetrator, an incident (sexual violence and/or KDRT) and a legal
    counsellor (``legal``) on the team besides ``expert``."""
    case = make_case(personas, victim=victim_data(), experts=experts)
    legal = personas.users.get("legal") or make_user("legal", personas.kukar, Role.EXPERT)
    if not ExpertProfile.objects.filter(user=legal).exists():
        personas.users["legal"] = legal
        profile(personas, legal, profession=Profession.LEGAL_COUNSELLOR)
    case_team_assign(actor=personas["head"], case=case, user=legal, team_role=TeamRole.EXPERT)
    link = person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name="Pelaku Fiktif", nik="", phone="", sex="L"),
        role=PersonRole.PERPETRATOR,
    )
    incident(personas, case, types=["SEKSUAL"] if sexual else ["FISIK"])
    if kdrt:
        Incident.objects.filter(case=case).update(is_kdrt=True)
    return LegalCase(case=case, perpetrator=link, legal=legal)


def start(personas: Any, lc: LegalCase, actor: str = "case_manager") -> LegalTrack:
    return legal_track_start(actor=personas[actor], case=lc.case, perpetrator=lc.perpetrator)


def at_prosecution(personas: Any, lc: LegalCase, actor: str = "case_manager") -> LegalTrack:
    """A started track set to prosecution: the first stage that takes a court hearing (D60)."""
    from sigap.assistance.services.legal import LegalStepData, legal_stage_set

    return legal_stage_set(actor=personas[actor], track=start(personas, lc, actor), data=LegalStepData("PROSECUTION"))
