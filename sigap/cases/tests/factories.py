"""Test data of the case tests, built through the services as the personas would (no factories)."""

from __future__ import annotations

from typing import Any

from sigap.cases.models import Case, TeamRole
from sigap.cases.models_people import PersonRole
from sigap.cases.services import case_open
from sigap.cases.services_people import PersonData, person_create
from sigap.cases.services_team import case_team_assign

VICTIM_NAME = "Siti Canary Nurhaliza"
VICTIM_NIK = "6402014507100001"
VICTIM_PHONE = "0812 3456 7890"


def make_case(
    personas: Any,
    *,
    unit: str = "kukar",
    manager: str | None = "case_manager",
    experts: tuple[str, ...] = ("expert",),
    victim: PersonData | None = None,
    restricted: bool = False,
    category: str = "KTP",
    subtype: str = "",
) -> Case:
    head = personas["head"] if unit == "kukar" else personas["other_head"]
    case = case_open(
        actor=head,
        category=category,
        category_subtype=subtype,
        risk_level="SEDANG",
        restricted=restricted,
        case_manager=personas[manager] if manager else None,
    )
    for name in experts:
        case_team_assign(actor=head, case=case, user=personas[name], team_role=TeamRole.EXPERT)
    if victim is not None:
        person_create(actor=head, case=case, data=victim, role=PersonRole.VICTIM)
    return case


def victim_data(**overrides: Any) -> PersonData:
    values: dict[str, Any] = {
        "name": VICTIM_NAME,
        "sex": "P",
        "nik": VICTIM_NIK,
        "phone": VICTIM_PHONE,
        "address": "Jalan Canary 7",
        "estimated_age": 30,
    }
    values.update(overrides)
    return PersonData(**values)
