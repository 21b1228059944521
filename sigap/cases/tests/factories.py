"""Test data of the case tests, built through the services as the personas would (no factories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.cases.models import Case, TeamRole
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.services.incident import IncidentData, incident_record
from sigap.cases.services.lifecycle import case_open
from sigap.cases.services.people import PersonData, person_create
from sigap.cases.services.team import case_team_assign
from sigap.regions.models import District, Province, Regency, Village

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
        case_manager=personas[manager] if manager else None,
    )
    if restricted:
        # The flag alone, as the tests of restricted cases and emergency access need it: a HEAD off the team
        # of a restricted case (the services put the HEAD who restricts a case on its team, D21).
        Case.objects.filter(pk=case.pk).update(restricted=True)
        case.restricted = True
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


def regions() -> dict[str, Village]:
    """Two districts of Kukar (the persona unit's regency) and one of Samarinda, a village in each."""
    province = Province.objects.create(code="64", name="Kalimantan Timur")
    kukar = Regency.objects.create(code="64.02", province=province, name="Kutai Kartanegara")
    samarinda = Regency.objects.create(code="64.72", province=province, name="Samarinda")
    found = {}
    for regency, code, name in (
        (kukar, "64.02.01", "Tenggarong"),
        (kukar, "64.02.02", "Loa Kulu"),
        (samarinda, "64.72.01", "Palaran"),
    ):
        district = District.objects.create(code=code, regency=regency, name=name)
        found[code] = Village.objects.create(
            code=f"{code}.2001", district=district, regency=regency, province=province, name=f"Desa {name}"
        )
    return found


def incident(personas: Any, case: Case, *, types: list[str], village: Village | None = None) -> Incident:
    """An incident of the case's first victim, recorded by the HEAD (the violence-type rows with it)."""
    return incident_record(
        actor=personas["head"],
        case=case,
        data=IncidentData(
            victim=CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).order_by("added_at", "pk")[0],
            date_from=timezone.localdate() - dt.timedelta(days=3),
            place="RUMAH_TANGGA",
            account="Fictional account.",
            violence_types=types,
            gbv_type="PHYSICAL_ASSAULT",
            village=village,
        ),
    )
