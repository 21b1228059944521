"""Test data of the report tests: a small hand-made year of cases with known counts, and a fast bulk builder.

``recap_year(personas)`` builds, for the year before the current one (``Y``), through the case services
where they allow it (persons, incidents, consents) and plain updates for what happened in the past
(opening and closing dates):

=====  ==================================================================================================
case   what it is
=====  ==================================================================================================
A      Kukar, opened Y-03-10 directly. Victim A1 (F, 29 at the incident, SLTA, homemaker, WNI, disability
       FISIK, Tenggarong). Husband as perpetrator. Incident Y-03-01 at home in Tenggarong, FISIK + PSIKIS,
       KDRT. SIMFONI consent by A1. Plan: KESEHATAN, BANTUAN_HUKUM, PEMULANGAN (cancelled). Closed
       (TUJUAN_TERCAPAI) on Y-06-10.
B      Kukar, complaint received (Y-1)-12-30, opened Y-01-05: reported in Y-1, not in Y.
C      Kukar, complaint received Y-12-30 by phone, opened (Y+1)-01-03: reported in Y. Victim C1 (M, 11, SD,
       pupil, Loa Kulu), incident Y-12-20 at school in Loa Kulu, SEKSUAL, by a teacher; SIMFONI consent
       by the mother (guardian). Victim C2 (F, SLTP, Loa Kulu) without incident or consent. Plan v1 and v2
       both with KESEHATAN.
D      Kukar, opened Y-07-15 directly. Victim D1 (F, no village, no incident). SIMFONI consent withdrawn.
       In INTERVENSI.
E      Samarinda (another unit), opened Y-02-01: never in Kukar's figures.
F      Kukar, opened (Y-1)-05-01: not in Y.
G      Kukar, restricted, opened Y-09-09. Victim G1 (F, 24, university, Palaran village), incident without
       village, PSIKIS, KDRT, husband. SIMFONI consent given by a "guardian" who is also recorded as a
       perpetrator: not valid.
=====  ==================================================================================================
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sigap.accounts.models import Unit, User
from sigap.cases.models import Case, CaseState
from sigap.cases.models.consent import Consent, ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.incident import Incident, IncidentViolenceType
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.models.plan import Plan, PlanItem, PlanItemStatus, PlanState
from sigap.cases.services.consent import ConsentData, consent_record, consent_withdraw
from sigap.cases.services.incident import IncidentData, incident_record
from sigap.cases.services.lifecycle import case_open
from sigap.cases.services.people import PersonData, person_create
from sigap.cases.tests.factories import regions
from sigap.intake.models import Complaint
from sigap.regions.models import Village

WITA = zoneinfo.ZoneInfo("Asia/Makassar")
# Values no export or leadership page may ever show (the canary approach of tests/test_canary.py).
CANARY_NAME = "Canaryname Qzxvwu"
CANARY_NIK = "6402014507880001"
CANARY_PHONE = "0813 9988 7766"
CANARY_ADDRESS = "Jalan Canaryaddress Vbnq 3"
CANARIES = ["Canaryname", "Qzxvwu", "6402014507880001", "9988 7766", "81399887766", "Canaryaddress", "Vbnq"]


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=WITA)


def report_year() -> int:
    """Y: the last full year, so that every date of the data set is in the past."""
    return timezone.localdate(timezone.now(), WITA).year - 1


@dataclass
class RecapData:
    year: int
    cases: dict[str, Case] = field(default_factory=dict)
    victims: dict[str, CasePerson] = field(default_factory=dict)


def opened_case(head: User, *, opened: dt.datetime, category: str = "KTP", restricted: bool = False) -> Case:
    case = case_open(actor=head, category=category, risk_level="SEDANG")
    # restricted: the flag alone, the HEAD off the team (case_open would put her on it, D21).
    Case.objects.filter(pk=case.pk).update(opened_at=opened, restricted=restricted)
    case.refresh_from_db()
    return case


def person(head: User, case: Case, role: str = PersonRole.VICTIM, *, relationship: str = "", **data: Any) -> CasePerson:
    values: dict[str, Any] = {"name": CANARY_NAME, "nik": "", "phone": CANARY_PHONE, "address": CANARY_ADDRESS}
    values.update(data)
    return person_create(actor=head, case=case, data=PersonData(**values), role=role, relationship=relationship)


def incident(head: User, case: Case, victim: CasePerson, **data: Any) -> Incident:
    values: dict[str, Any] = {
        "victim": victim,
        "place": "RUMAH_TANGGA",
        "account": "Fictional account of the canary Qzxvwu.",
        "gbv_type": "PHYSICAL_ASSAULT",
    }
    values.update(data)
    return incident_record(actor=head, case=case, data=IncidentData(**values))


def simfoni_consent(head: User, case: Case, victim: CasePerson, given_on: dt.date, **data: Any) -> Consent:
    values: dict[str, Any] = {
        "victim": victim,
        "scope": ConsentScope.SIMFONI,
        "given_by": ConsentGiver.VICTIM,
        "method": ConsentMethod.WRITTEN,
        "given_on": given_on,
    }
    values.update(data)
    return consent_record(actor=head, case=case, data=ConsentData(**values))


def complaint_for(case: Case, *, received: dt.datetime, channel: str = "TELEPON") -> Complaint:
    """The complaint a case came from, linked as the intake decision links it (number in complaint_ref)."""
    sequence = Complaint.objects.filter(unit=case.unit).count() + 1
    complaint = Complaint.objects.create(
        unit=case.unit,
        number=f"ADU/{received.year}/{sequence:04d}",
        year=received.year,
        sequence=sequence,
        channel=channel,
        received_at=received,
        reporter_type="KORBAN",
        account="Fictional complaint.",
        risk_level="SEDANG",
        state="KASUS_DIBUKA",
        case_id=case.pk,
        case_number=case.number,
    )
    Case.objects.filter(pk=case.pk).update(complaint_ref=complaint.number)
    case.refresh_from_db()
    return complaint


def plan_with(case: Case, head: User, services: list[tuple[str, str]], *, version: int = 1) -> Plan:
    plan = Plan.objects.create(
        case=case, version=version, state=PlanState.APPROVED, created_at=timezone.now(), created_by=head
    )
    for service, status in services:
        PlanItem.objects.create(
            plan=plan,
            service=service,
            provider_agency="Puskesmas Sintetis",
            target_date=timezone.localdate(),
            status=status,
            created_at=timezone.now(),
        )
    return plan


def close(case: Case, *, reason: str, closed: dt.datetime) -> None:
    Case.objects.filter(pk=case.pk).update(state=CaseState.TERMINASI, closure_reason=reason, closed_at=closed)


def recap_year(personas: Any) -> RecapData:
    """The data set of the module docstring (regions of Kukar and Samarinda included)."""
    villages = regions()
    tenggarong, loa_kulu, palaran = villages["64.02.01"], villages["64.02.02"], villages["64.72.01"]
    head, other_head = personas["head"], personas["other_head"]
    y = report_year()
    # Ages are typed as estimated ages today: born ``today.year - age``; today.year is Y + 1.
    data = RecapData(year=y)

    a = data.cases["A"] = opened_case(head, opened=at(y, 3, 10))
    a1 = data.victims["A1"] = person(
        head,
        a,
        sex="P",
        estimated_age=30,
        education="SLTA",
        occupation="IBU_RUMAH_TANGGA",
        nationality="WNI",
        disabilities=["FISIK"],
        village=tenggarong,
        nik=CANARY_NIK,
    )
    husband = person(head, a, PersonRole.PERPETRATOR, relationship="SUAMI_ISTRI", sex="L", estimated_age=36)
    incident(
        head,
        a,
        a1,
        date_from=dt.date(y, 3, 1),
        village=tenggarong,
        violence_types=["FISIK", "PSIKIS"],
        is_kdrt=True,
        perpetrators=[husband],
    )
    simfoni_consent(head, a, a1, dt.date(y, 3, 10))
    plan_with(
        a,
        head,
        [
            ("KESEHATAN", PlanItemStatus.DONE),
            ("BANTUAN_HUKUM", PlanItemStatus.DONE),
            ("PEMULANGAN", PlanItemStatus.CANCELLED),
        ],
    )
    close(a, reason="TUJUAN_TERCAPAI", closed=at(y, 6, 10))

    b = data.cases["B"] = opened_case(head, opened=at(y, 1, 5), category="KTA")
    complaint_for(b, received=at(y - 1, 12, 30))
    person(head, b, sex="P", estimated_age=10, village=tenggarong)

    c = data.cases["C"] = opened_case(head, opened=at(y + 1, 1, 3), category="KTA")
    complaint_for(c, received=at(y, 12, 30), channel="TELEPON")
    c1 = data.victims["C1"] = person(
        head, c, sex="L", estimated_age=12, education="SD", occupation="PELAJAR", nationality="WNI", village=loa_kulu
    )
    data.victims["C2"] = person(head, c, sex="P", estimated_age=15, education="SLTP", village=loa_kulu)
    mother = person(head, c, PersonRole.PARENT_GUARDIAN, sex="P", estimated_age=40)
    teacher = person(head, c, PersonRole.PERPETRATOR, relationship="GURU", sex="L", estimated_age=50)
    incident(
        head,
        c,
        c1,
        date_from=dt.date(y, 12, 20),
        place="SEKOLAH",
        village=loa_kulu,
        violence_types=["SEKSUAL"],
        perpetrators=[teacher],
        gbv_type="SEXUAL_ASSAULT",
    )
    simfoni_consent(
        head,
        c,
        c1,
        dt.date(y + 1, 1, 3),
        given_by=ConsentGiver.PARENT_GUARDIAN,
        guardian=mother,
        child_assent="GIVEN",
    )
    plan_with(c, head, [("KESEHATAN", PlanItemStatus.PLANNED)])
    plan_with(c, head, [("KESEHATAN", PlanItemStatus.IN_PROGRESS)], version=2)

    d = data.cases["D"] = opened_case(head, opened=at(y, 7, 15))
    d1 = data.victims["D1"] = person(head, d, sex="P", estimated_age=40)
    consent = simfoni_consent(head, d, d1, dt.date(y, 7, 15))
    consent_withdraw(actor=head, consent=consent, on=dt.date(y, 8, 1))
    Case.objects.filter(pk=d.pk).update(state=CaseState.INTERVENSI)

    e = data.cases["E"] = opened_case(other_head, opened=at(y, 2, 1))
    person(other_head, e, sex="P", estimated_age=33, village=palaran)

    f = data.cases["F"] = opened_case(head, opened=at(y - 1, 5, 1))
    person(head, f, sex="P", estimated_age=20, village=tenggarong)

    g = data.cases["G"] = opened_case(head, opened=at(y, 9, 9), restricted=True)
    g1 = data.victims["G1"] = person(head, g, sex="P", estimated_age=25, education="PERGURUAN_TINGGI", village=palaran)
    suspect = person(head, g, PersonRole.PARENT_GUARDIAN, sex="L", estimated_age=55)
    CasePerson.objects.create(
        case=g, person=suspect.person, role=PersonRole.PERPETRATOR, added_at=timezone.now(), added_by=head
    )
    incident(
        head, g, g1, date_from=dt.date(y, 9, 1), violence_types=["PSIKIS"], is_kdrt=True, relationship="SUAMI_ISTRI"
    )
    # Recorded while valid, the guardian is now also a suspect: the consent cannot be relied on.
    Consent.objects.create(
        case=g,
        victim=g1,
        scope=ConsentScope.SIMFONI,
        given_by=ConsentGiver.PARENT_GUARDIAN,
        guardian=suspect,
        method=ConsentMethod.WRITTEN,
        given_on=dt.date(y, 9, 9),
        recorded_at=timezone.now(),
        recorded_by=head,
    )
    return data


def bulk_victims(unit: Unit, head: User, *, count: int, opened: dt.datetime, consent: bool = True) -> None:
    """``count`` cases with one victim each (incident, violence type, SIMFONI consent), in bulk: fast
    enough for the streaming test's thousands of rows. Values go through the fields' own encryption."""
    village = Village.objects.order_by("code").first()
    tag = uuid.uuid4().hex[:6].upper()
    # Sequences far above what the case-number counter issues, and after any earlier bulk of the year.
    first = 500_000 + Case.objects.filter(unit=unit, year=opened.year).count()
    cases, persons, links, incidents, kinds, consents = [], [], [], [], [], []
    now = timezone.now()
    for n in range(count):
        case = Case(
            unit=unit,
            number=f"BULK-{tag}/{n:06d}",
            year=opened.year,
            sequence=first + n,
            category="KTP",
            risk_level="SEDANG",
            opened_at=opened,
            opened_by=head,
        )
        one = Person(unit=unit, name=CANARY_NAME, sex="P", birth_year=1990, nik=None, created_by=head, village=village)
        link = CasePerson(case=case, person=one, role=PersonRole.VICTIM, added_at=now, added_by=head)
        cases.append(case)
        persons.append(one)
        links.append(link)
    Case.objects.bulk_create(cases)
    Person.objects.bulk_create(persons)
    for link in links:
        link.case_id, link.person_id = link.case.pk, link.person.pk
    CasePerson.objects.bulk_create(links)
    for link in links:
        found = Incident(
            case_id=link.case_id,
            victim=link,
            date_from=opened.date(),
            place="RUMAH_TANGGA",
            account="Fictional.",
            violence_types=["FISIK"],
            is_kdrt=True,
            gbv_type="PHYSICAL_ASSAULT",
            age_group="25_44",
            age_status="DEWASA",
            recorded_at=now,
            recorded_by=head,
            village=village,
        )
        incidents.append(found)
        if consent:
            consents.append(
                Consent(
                    case_id=link.case_id,
                    victim=link,
                    scope=ConsentScope.SIMFONI,
                    given_by=ConsentGiver.VICTIM,
                    method=ConsentMethod.WRITTEN,
                    given_on=opened.date(),
                    recorded_at=now,
                    recorded_by=head,
                )
            )
    Incident.objects.bulk_create(incidents)
    kinds = [IncidentViolenceType(incident=found, code="FISIK") for found in incidents]
    IncidentViolenceType.objects.bulk_create(kinds)
    Consent.objects.bulk_create(consents)
