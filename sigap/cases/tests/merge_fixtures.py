"""Two records of one person, built through the services as the personas would (the merge tests' data).

``duplicate(personas)``: record A is the victim of case 1 (NIK, estimated age 30); record B, typed again
for case 2 with another NIK, a phone and an occupation, is also linked to case 1 as a victim (the same
case and role as A) and named there by an incident and a consent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sigap.cases.models import Case
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.services.people import PersonData, case_person_link, person_create
from sigap.cases.tests.factories import VICTIM_NIK, make_case, victim_data

OTHER_NIK = "6402014507100002"
OTHER_NAME = "Siti Nurhaliza"


@dataclass
class Duplicate:
    case1: Case
    case2: Case
    a: Person
    b: Person
    b_in_case1: CasePerson
    incident: Incident
    consent: Consent


def recorded_incident(personas: Any, victim: CasePerson, perpetrators: list[CasePerson] | None = None) -> Incident:
    """An incident row naming ``victim`` (and ``perpetrators``): written directly, the merge is under test."""
    incident = Incident.objects.create(
        case=victim.case,
        victim=victim,
        date_from=timezone.localdate() - dt.timedelta(days=3),
        place="RUMAH_TANGGA",
        account="Fictional account.",
        gbv_type="PHYSICAL_ASSAULT",
        recorded_at=timezone.now(),
        recorded_by=personas["head"],
    )
    incident.perpetrators.set(perpetrators or [])
    return incident


def duplicate(personas: Any) -> Duplicate:
    head = personas["head"]
    case1 = make_case(personas, victim=victim_data(nik=VICTIM_NIK, phone=""))
    a = Person.objects.get(case_links__case=case1)
    case2 = make_case(personas)
    b_data = PersonData(name=OTHER_NAME, sex="P", nik=OTHER_NIK, phone="0812 1111 2222", estimated_age=31)
    b = person_create(actor=head, case=case2, data=b_data, role=PersonRole.VICTIM).person
    b_in_case1 = case_person_link(actor=head, case=case1, person=b, role=PersonRole.VICTIM)
    consent = Consent.objects.create(
        case=case1,
        victim=b_in_case1,
        scope="SERVICES",
        given_by="VICTIM",
        method="WRITTEN",
        given_on=timezone.localdate(),
        recorded_at=timezone.now(),
        recorded_by=head,
    )
    return Duplicate(case1, case2, a, b, b_in_case1, recorded_incident(personas, b_in_case1), consent)
