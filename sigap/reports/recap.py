"""The unit's recap for a year or a month (domain.md §E2): six GROUP BY queries, whatever the cases.

What each table counts (said on the page too):

- *victims* (one per victim per case, as SIMFONI counts): kecamatan, sex, age group, education, and
  the forms of violence — several forms per victim, so that table can add up to more than the victims;
- *incidents*: place and the perpetrator's relationship to the victim;
- *cases*: category, stage, closure reason, services planned (a case counts once per service);
- *services delivered*: from the accompaniment and mediation sessions held, the police reports made and the
  admissions to a temporary shelter in the period (issue #12: what was really done, beside what was
  planned), four more queries in ``sigap.assistance.selectors.delivered``;
- the summary: cases, victims, and the KDRT share (cases with at least one incident marked KDRT,
  out of all cases of the period);
- empowerment and partners (issue #14, ``sigap.reports.outcomes``, two queries more): victims who reached
  independence in the period, the median days from opening to independence, partners' median response times.

Tables that count the same thing come from one query grouped by all their columns at once (the cases
by category × stage × closure reason × KDRT, the victims by sex × education × age group × kecamatan,
the incidents by place × relationship); each table is then the sum of those groups over its own column.
The database does the counting; Python only folds a few hundred group rows (never a row per case), and
every query pays the period filter once instead of once per table.

The kecamatan of a victim is the district of the village of their first incident, or of the victim's
own village when no incident is recorded (or it has no village). The age group is the one the first
incident stored (derived from the birth date at the incident date by the incident service).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.models import Unit
from sigap.assistance.selectors.delivered import (
    LEGAL_TRACK_SERVICE,
    MEDIATION_SERVICE,
    SHELTER_SERVICE,
    mediation_sessions_held,
    police_reports_made,
    shelter_admissions,
)
from sigap.assistance.selectors.session import sessions_held
from sigap.cases.models import CaseState
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson
from sigap.core.choices import CaseCategory
from sigap.intake.models import Complaint
from sigap.regions.models import District
from sigap.reports.compiled import grouped_rows
from sigap.reports.outcomes import Outcomes, unit_outcomes
from sigap.reports.periods import Period
from sigap.reports.selectors import (
    CLOSED_STATES,
    cases_reported,
    district_of,
    first_incident,
    incidents_of,
    period_case_ids,
    services_of,
    victims_of,
    violence_types_of,
)
from sigap.reports.tables import Row, Table, code_rows, rows_of

VICTIMS = gettext_lazy("victims")
CASES = gettext_lazy("cases")
INCIDENTS = gettext_lazy("incidents")
SESSIONS = gettext_lazy("times given")  # each session, mediation session, police report or admission once


@dataclass
class Summary:
    cases: int = 0
    victims: int = 0
    kdrt_cases: int = 0
    closed_cases: int = 0

    @property
    def kdrt_share(self) -> float | None:
        return 100 * self.kdrt_cases / self.cases if self.cases else None


@dataclass
class UnitRecap:
    unit: Unit
    period: Period
    summary: Summary
    tables: list[Table] = field(default_factory=list)
    outcomes: Outcomes = field(default_factory=Outcomes)


def kdrt_case() -> Exists:
    """A case with at least one incident marked KDRT (domestic violence, UU 23/2004)."""
    return Exists(Incident.objects.filter(case_id=OuterRef("pk"), is_kdrt=True))


def _grouped(queryset: QuerySet[Any], keys: list[str], **counts: Any) -> QuerySet[Any]:
    """One GROUP BY over ``keys`` with the given counts (``n`` = rows when none given)."""
    return queryset.values(*keys).annotate(**(counts or {"n": Count("pk")})).order_by()


def _fold(groups: Iterable[dict[str, Any]], key: str, count: str = "n") -> Counter[str | None]:
    """The sum of ``count`` over the groups, by the value of one of their keys."""
    folded: Counter[str | None] = Counter()
    for group in groups:
        folded[group[key]] += group[count]
    return folded


def district_rows(victim_groups: list[dict[str, Any]]) -> list[Row]:
    """Victims by kecamatan, largest first, "not recorded" last."""
    counts: Counter[tuple[str, str]] = Counter()
    for group in victim_groups:
        code = group["district"] or ""
        counts[(code, group["district_name"] or code)] += group["n"]
    known = sorted(((code, name, n) for (code, name), n in counts.items() if code), key=lambda r: (-r[2], r[1]))
    rows = [Row(code, name, n) for code, name, n in known]
    blank = sum(n for (code, _name), n in counts.items() if not code)
    return rows + ([Row("", _("Not recorded"), blank)] if blank else [])


def _victim_groups(victims: QuerySet[CasePerson]) -> QuerySet[Any]:
    located = victims.annotate(
        age_group=Subquery(first_incident().values("age_group")[:1]),
        district=Coalesce(
            Subquery(first_incident().annotate(district=district_of("village_id")).values("district")[:1]),
            district_of("person__village_id"),
            output_field=CharField(),
        ),
    ).annotate(district_name=Subquery(District.objects.filter(code=OuterRef("district")).order_by().values("name")[:1]))
    return _grouped(located, ["person__sex", "person__education", "age_group", "district", "district_name"])


# The recap's queries, each a function of (unit ids, period) so that it is built and compiled once per
# process (``sigap.reports.compiled``) and only run with each request's values.
def case_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return _grouped(
        cases_reported(unit_ids, period),
        ["category", "state", "closure_reason"],
        n=Count("pk"),
        kdrt=Count("pk", filter=Q(kdrt_case())),
    )


def victim_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return _victim_groups(victims_of(period_case_ids(unit_ids, period)))


def incident_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return _grouped(incidents_of(period_case_ids(unit_ids, period)), ["place", "relationship"])


def form_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    forms = violence_types_of(period_case_ids(unit_ids, period))
    return _grouped(forms, ["code"], n=Count("incident__victim_id", distinct=True))


def service_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    services = services_of(period_case_ids(unit_ids, period))
    return _grouped(services, ["service"], n=Count("plan__case_id", distinct=True))


def delivered_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return sessions_held(unit_ids, period).values("service_code").annotate(n=Count("pk")).order_by()


def mediation_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return mediation_sessions_held(unit_ids, period).values("mediation__unit_id").annotate(n=Count("pk")).order_by()


def police_report_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return police_reports_made(unit_ids, period).values("unit_id").annotate(n=Count("pk")).order_by()


def shelter_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return shelter_admissions(unit_ids, period).values("unit_id").annotate(n=Count("pk")).order_by()


# SIMFONI's "Pengaduan" (domain.md §C.10, the SPM's complaint handling): every complaint the unit received in
# the period, whatever became of it (a case, a referral, closed without a case), once; its outreach visits are
# part of handling it, not a second service. An index range on (unit, received_at) (walk finding 14).
COMPLAINT_SERVICE = "PENGADUAN"


def complaint_groups_query(unit_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    return (
        Complaint.objects.filter(unit_id__in=list(unit_ids), received_at__gte=period.start, received_at__lt=period.end)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _delivered(rows: dict[str, list[dict[str, Any]]]) -> Counter[str | None]:
    """Services delivered (``sigap.assistance.selectors.delivered``): sessions by their service, mediation
    sessions, police reports and shelter admissions by theirs — never the plan."""
    counts = _fold(rows["recap.delivered"], "service_code")
    counts[MEDIATION_SERVICE] += sum(g["n"] for g in rows["recap.mediations"])
    counts[LEGAL_TRACK_SERVICE] += sum(g["n"] for g in rows["recap.police_reports"])
    counts[SHELTER_SERVICE] += sum(g["n"] for g in rows["recap.shelter_admissions"])
    counts[COMPLAINT_SERVICE] += sum(g["n"] for g in rows["recap.complaints"])
    return Counter({code: n for code, n in counts.items() if n})


RECAP_QUERIES: dict[str, Callable[[Sequence[int], Period], QuerySet[Any]]] = {
    "recap.cases": case_groups_query,
    "recap.victims": victim_groups_query,
    "recap.incidents": incident_groups_query,
    "recap.forms": form_groups_query,
    "recap.services": service_groups_query,
    "recap.delivered": delivered_groups_query,
    "recap.mediations": mediation_groups_query,
    "recap.police_reports": police_report_groups_query,
    "recap.shelter_admissions": shelter_groups_query,
    "recap.complaints": complaint_groups_query,
}


def unit_recap(*, unit: Unit, period: Period) -> UnitRecap:
    """Every table of the unit's recap: six queries whatever the number of cases (one on the sessions).

    The period filter runs in each (as a subquery): for one unit's year that costs a few milliseconds, less
    than the temporary table the leadership recap uses (``cases_materialised``).
    """
    unit_ids = [unit.pk]
    rows = {name: grouped_rows(name, build, unit_ids, period) for name, build in RECAP_QUERIES.items()}
    case_groups, victim_groups, incident_groups = rows["recap.cases"], rows["recap.victims"], rows["recap.incidents"]
    forms, services = rows["recap.forms"], rows["recap.services"]

    closed = [g for g in case_groups if g["state"] in CLOSED_STATES]
    summary = Summary(
        cases=sum(g["n"] for g in case_groups),
        victims=sum(g["n"] for g in victim_groups),
        kdrt_cases=sum(g["kdrt"] for g in case_groups),
        closed_cases=sum(g["n"] for g in closed),
    )
    tables = [
        Table("district", _("Kecamatan (district)"), VICTIMS, district_rows(victim_groups)),
        Table("sex", _("Sex of the victim"), VICTIMS, code_rows("sex", _fold(victim_groups, "person__sex"))),
        Table(
            "age_group",
            _("Age group at the incident"),
            VICTIMS,
            code_rows("age_group", _fold(victim_groups, "age_group")),
            _("Victims without a recorded incident or birth date are counted as not recorded."),
        ),
        Table(
            "education",
            _("Education"),
            VICTIMS,
            code_rows("education", _fold(victim_groups, "person__education")),
        ),
        Table(
            "violence_type",
            _("Form of violence"),
            VICTIMS,
            code_rows("violence_type", _fold(forms, "code")),
            _(
                "A victim may suffer several forms of violence: the counts of forms may add up to more "
                "than the number of victims."
            ),
        ),
        Table("place", _("Place of the incident"), INCIDENTS, code_rows("place", _fold(incident_groups, "place"))),
        Table(
            "relationship",
            _("Perpetrator's relationship to the victim"),
            INCIDENTS,
            code_rows("relationship", _fold(incident_groups, "relationship")),
        ),
        Table(
            "service",
            _("Services planned"),
            CASES,
            code_rows("service_type", _fold(services, "service")),
            _("A case counts once per service in its intervention plans (cancelled services are left out)."),
        ),
        Table(
            "service_delivered",
            _("Services delivered"),
            SESSIONS,
            code_rows("service_type", _delivered(rows)),
            _(
                "Complaint handling: the complaints received in the period (each once, whatever became of it; "
                "outreach visits are part of it). Law enforcement: police reports made. Mediation: mediation "
                "sessions held. Temporary shelter: admissions (a victim with her children counts once, in the "
                "period of her admission). Every other service: the accompaniment sessions held, by their "
                "SIMFONI service. Never the plan."
            ),
        ),
        Table("category", _("Case category"), CASES, rows_of(CaseCategory.choices, _fold(case_groups, "category"))),
        Table("state", _("Stage"), CASES, rows_of(CaseState.choices, _fold(case_groups, "state"))),
        Table(
            "closure_reason",
            _("Reason for closing"),
            CASES,
            code_rows("termination_reason", _fold(closed, "closure_reason")),
        ),
    ]
    return UnitRecap(unit=unit, period=period, summary=summary, tables=tables, outcomes=unit_outcomes(unit.pk, period))
