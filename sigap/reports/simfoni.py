"""The SIMFONI PPA export (domain.md §E1): one de-identified row per victim per case, streamed.

No public SIMFONI API exists, so the data officer enters these rows by hand; the file carries the
minimum payload SIMFONI publishes dimensions for, and nothing that names or locates a person: no name,
NIK, phone, address, birth date or free text. Codes are written as their labels in the active language.

Victims of restricted cases are never exported (:func:`exportable`: their case team enters them).
Only victims with a SIMFONI-entry consent in force today are exported (:func:`with_simfoni_consent`):
given on or before today, not withdrawn (or withdrawn after today), and — when a parent or guardian
gave it — not given by someone the case now records as a suspected perpetrator (domain.md §D2, the rule
``consent_problem`` applies). The other checks of ``consent_problem`` are enforced when the consent is
recorded.

Every column comes from the same SELECT (subqueries and ``GroupConcat``), read with
``values_list(...).iterator(chunk_size=…)``: no query per row and no model instances, so the
worker's memory stays flat however many rows are streamed. The only per-row Python work is formatting
(labels, dates, and the decryption of the victim's disability codes, an encrypted field).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.assistance.selectors.delivered import (
    LEGAL_TRACK_SERVICE,
    MEDIATION_SERVICE,
    SHELTER_SERVICE,
    held_sessions_of,
    mediated,
    police_reported,
    sheltered,
)
from sigap.cases.models import CaseState
from sigap.cases.models.consent import Consent, ConsentGiver, ConsentScope
from sigap.cases.models.incident import Incident, IncidentViolenceType
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.services.incident import age_group_for
from sigap.regions.models import District
from sigap.reports.aggregates import GroupConcat
from sigap.reports.csvout import csv_chunks
from sigap.reports.periods import file_date, local_date, origin_complaint, reporting_date
from sigap.reports.selectors import district_of, first_incident, report_queries
from sigap.reports.tables import list_labels

CHUNK_SIZE = 2000

# (column key, header) in file order; the keys are the names of the values_list columns below.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("case_number", gettext_lazy("Case number")),
    ("reported_at", gettext_lazy("Reporting date")),
    ("channel", gettext_lazy("Complaint channel")),
    ("sex", gettext_lazy("Sex of the victim")),
    ("age_group", gettext_lazy("Age group of the victim")),
    ("education", gettext_lazy("Education")),
    ("occupation", gettext_lazy("Occupation")),
    ("disabilities", gettext_lazy("Disability")),
    ("nationality", gettext_lazy("Nationality")),
    ("district_code", gettext_lazy("District code")),
    ("district_name", gettext_lazy("Kecamatan (district)")),
    ("incident_date", gettext_lazy("Incident date")),
    ("place", gettext_lazy("Place of the incident")),
    ("violence", gettext_lazy("Forms of violence")),
    ("kdrt", gettext_lazy("KDRT")),
    ("perpetrator_sex", gettext_lazy("Sex of the perpetrator(s)")),
    ("perpetrator_age", gettext_lazy("Age group of the perpetrator(s)")),
    ("relationship", gettext_lazy("Relationship to the victim")),
    ("services", gettext_lazy("Services given")),
    ("state", gettext_lazy("Stage")),
    ("closure_reason", gettext_lazy("Reason for closing")),
)

# The SELECT's columns, in this order (values_list gives tuples: no dict per row).
_SELECTED = (
    "case__number",
    "reported_at",
    "channel",
    "person__sex",
    "age_group",
    "person__education",
    "person__occupation",
    "person__disabilities",
    "person__nationality",
    "district_code",
    "district_name",
    "incident_date",
    "place",
    "violence",
    "kdrt",
    "perpetrators",
    "services",
    "case__state",
    "case__closure_reason",
)
_FIELD_SEP = "|"


def _suspect_guardian() -> Exists:
    return Exists(
        CasePerson.objects.filter(
            case_id=OuterRef("case_id"), person_id=OuterRef("guardian__person_id"), role=PersonRole.PERPETRATOR
        )
    )


def simfoni_consent_in_force(today: dt.date) -> Exists:
    """A SIMFONI consent of the victim (``OuterRef("pk")`` is a victim CasePerson) that can be relied on today."""
    consents = (
        Consent.objects.filter(victim_id=OuterRef("pk"), scope=ConsentScope.SIMFONI, given_on__lte=today)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
        .exclude(
            Q(given_by=ConsentGiver.PARENT_GUARDIAN)
            # A guardian removed from the case as a mistake gave no consent that can be relied on.
            & (Q(guardian__isnull=True) | Q(guardian__removed_at__isnull=False) | Q(_suspect_guardian()))
        )
    )
    return Exists(consents)


def with_simfoni_consent(victims: QuerySet[CasePerson], today: dt.date) -> QuerySet[CasePerson]:
    return victims.filter(simfoni_consent_in_force(today))


def without_simfoni_consent(victims: QuerySet[CasePerson], today: dt.date) -> QuerySet[CasePerson]:
    return victims.exclude(simfoni_consent_in_force(today))


@dataclass(frozen=True)
class ConsentCounts:
    exported: int
    left_out: int
    restricted: int = 0


def exportable(victims: QuerySet[CasePerson]) -> QuerySet[CasePerson]:
    """The victims the file may hold: not those of restricted cases.

    A restricted case (a staff member's relative, a public figure) is open to its case team only
    (ARCHITECTURE §3); the HEAD and the data officer who run the export are usually not on it, and a row
    carries its case number, dates, district and forms of violence. Its case team enters it in SIMFONI
    PPA; the aggregates of the recaps still count it.
    """
    return victims.filter(case__restricted=False)


def consent_counts(victims: QuerySet[CasePerson], today: dt.date) -> ConsentCounts:
    """How many victims of the period the export holds, how many it leaves out for lack of a consent,
    and how many belong to restricted cases (never in the file), in one query."""
    open_case = Q(case__restricted=False)
    found = victims.aggregate(
        total=Count("pk"),
        restricted=Count("pk", filter=~open_case),
        exported=Count("pk", filter=open_case & Q(simfoni_consent_in_force(today))),
    )
    return ConsentCounts(
        exported=found["exported"],
        left_out=found["total"] - found["restricted"] - found["exported"],
        restricted=found["restricted"],
    )


def export_rows(victims: QuerySet[CasePerson]) -> QuerySet[Any]:
    """The payload of every victim row as one SELECT (tuples in the order of ``_SELECTED``)."""
    complaint = origin_complaint("case__")
    incident = first_incident()
    forms = (
        IncidentViolenceType.objects.filter(incident__victim_id=OuterRef("pk"))
        .values("incident__victim_id")
        .annotate(codes=GroupConcat("code"))
        .values("codes")
    )
    perpetrator = Concat(
        Coalesce("person__sex", Value("")),
        Value(_FIELD_SEP),
        Coalesce(Cast("person__birth_year", CharField()), Value("")),
        Value(_FIELD_SEP),
        Coalesce("relationship", Value("")),
        output_field=CharField(),
    )
    perpetrators = (
        CasePerson.objects.filter(case_id=OuterRef("case_id"), role=PersonRole.PERPETRATOR)
        .values("case_id")
        .annotate(found=GroupConcat(perpetrator))
        .values("found")
    )
    # The services given (issue #12): from the sessions held, the mediation, the legal track and the shelter, never
    # the plan; one string of codes (duplicates and empty parts are folded by the formatter).
    session_codes = held_sessions_of("case_id").values("case_id").annotate(codes=GroupConcat("service_code"))
    services = Concat(
        Coalesce(Subquery(session_codes.values("codes")), Value("")),
        DbCase(When(mediated("case_id"), then=Value("," + MEDIATION_SERVICE)), default=Value("")),
        DbCase(When(police_reported("case_id"), then=Value("," + LEGAL_TRACK_SERVICE)), default=Value("")),
        DbCase(When(sheltered("case_id"), then=Value("," + SHELTER_SERVICE)), default=Value("")),
        output_field=CharField(),
    )
    return (
        victims.annotate(
            reported_at=reporting_date("case__"),
            channel=Subquery(complaint.values("channel")[:1]),
            age_group=Subquery(incident.values("age_group")[:1]),
            district_code=Coalesce(
                Subquery(incident.annotate(district=district_of("village_id")).values("district")[:1]),
                district_of("person__village_id"),
                output_field=CharField(),
            ),
            incident_date=Subquery(incident.values("date_from")[:1]),
            place=Subquery(incident.values("place")[:1]),
            violence=Subquery(forms),
            kdrt=Exists(Incident.objects.filter(victim_id=OuterRef("pk"), is_kdrt=True)),
            perpetrators=Subquery(perpetrators),
            services=services,
        )
        .annotate(
            district_name=Subquery(
                District.objects.filter(code=OuterRef("district_code")).order_by().values("name")[:1]
            )
        )
        .order_by("case__number", "pk")
        .values_list(*_SELECTED)
    )


class RowFormatter:
    """Turns a SELECT tuple into the CSV line. Labels are looked up once, in the request's language,
    before streaming starts (the generator runs after the view has returned)."""

    def __init__(self, zone: zoneinfo.ZoneInfo):
        self.zone = zone
        self.labels = {
            key: list_labels(key)
            for key in (
                "complaint_channel",
                "sex",
                "age_group",
                "education",
                "occupation",
                "disability",
                "nationality",
                "place",
                "violence_type",
                "relationship",
                "service_type",
                "termination_reason",
            )
        }
        self.states = {str(code): str(label) for code, label in CaseState.choices}
        self.yes, self.no = _("Yes"), _("No")
        self.header = [str(title) for _key, title in COLUMNS]

    def label(self, key: str, code: str | None) -> str:
        return self.labels[key].get(code, code) if code else ""

    def labels_of(self, key: str, codes: Iterable[str] | str | None) -> str:
        if not codes:
            return ""
        found = codes.split(",") if isinstance(codes, str) else codes
        return ", ".join(self.label(key, code) for code in sorted(set(found) - {""}))

    def perpetrators(self, packed: str | None, on: dt.date | None) -> tuple[str, str, str]:
        if not packed:
            return "", "", ""
        sexes, ages, relationships = [], [], []
        for one in sorted(packed.split(",")):
            sex, birth_year, relationship = (one.split(_FIELD_SEP) + ["", "", ""])[:3]
            age = on.year - int(birth_year) if on is not None and birth_year.isdigit() else None
            sexes.append(self.label("sex", sex) or "?")
            ages.append(self.label("age_group", age_group_for(age if age is None or age >= 0 else None)) or "?")
            relationships.append(self.label("relationship", relationship) or "?")
        return ", ".join(sexes), ", ".join(ages), ", ".join(relationships)

    def row(self, values: tuple[Any, ...]) -> list[Any]:
        (
            number,
            reported_at,
            channel,
            sex,
            age_group,
            education,
            occupation,
            disabilities,
            nationality,
            district_code,
            district_name,
            incident_date,
            place,
            violence,
            kdrt,
            perpetrators,
            services,
            state,
            closure_reason,
        ) = values
        reported = local_date(reported_at, self.zone)
        perpetrator_sex, perpetrator_age, relationship = self.perpetrators(perpetrators, incident_date or reported)
        return [
            number,
            file_date(reported),
            self.label("complaint_channel", channel),
            self.label("sex", sex),
            self.label("age_group", age_group),
            self.label("education", education),
            self.label("occupation", occupation),
            self.labels_of("disability", disabilities),
            self.label("nationality", nationality),
            district_code or "",
            district_name or "",
            file_date(incident_date),
            self.label("place", place),
            self.labels_of("violence_type", violence),
            self.yes if kdrt else self.no,
            perpetrator_sex,
            perpetrator_age,
            relationship,
            self.labels_of("service_type", services),
            self.states.get(state, state),
            self.label("termination_reason", closure_reason),
        ]


def stream_csv(rows: QuerySet[Any], formatter: RowFormatter, *, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The CSV file, produced while the database cursor is read ``chunk_size`` rows at a time.

    On PostgreSQL the rows are read inside a read-only transaction (``report_queries``: JIT off), so the
    server-side cursor streams too instead of being materialised WITH HOLD; the transaction ends with
    the file, or when the client goes away (the generator is closed).
    """
    with report_queries():
        lines = (formatter.row(values) for values in rows.iterator(chunk_size=chunk_size))
        yield from csv_chunks(_with_header(formatter.header, lines))


def _with_header(header: list[str], lines: Iterable[list[Any]]) -> Iterator[list[Any]]:
    yield header
    yield from lines
