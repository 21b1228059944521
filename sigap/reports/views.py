"""Report pages: index, unit recap, SIMFONI export, leadership recap. Thin: parse the period, read
through the selectors (scoped to the user), render, or record the EXPORT event and send the file."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.accounts.stepup import step_up_response
from sigap.core.access import staff_view
from sigap.core.navigation import url_for_role
from sigap.reports import leadership, recap, selectors, simfoni
from sigap.reports.csvout import CONTENT_TYPE, attachment, csv_text
from sigap.reports.forms import LeadershipPeriodForm, RecapPeriodForm, SimfoniExportForm
from sigap.reports.periods import Period
from sigap.reports.services import ReportKind, report_export_record

# How many case numbers the HEAD sees in the "left out for lack of consent" list.
MAX_LEFT_OUT_NUMBERS = 200


def _wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def _period_form(
    request: HttpRequest, zone: zoneinfo.ZoneInfo, form_class: type[RecapPeriodForm] = RecapPeriodForm
) -> RecapPeriodForm:
    asked = "year" in request.GET or "month" in request.GET
    return form_class(request.GET if asked else None, zone=zone)


def _period_or_default(form: RecapPeriodForm) -> Period | None:
    """The period asked for; this year when nothing was asked; None when the input is wrong."""
    if not form.is_bound:
        return Period.year(form.initial["year"], form.zone)
    return form.period() if form.is_valid() else None


@staff_view(Role.HEAD, Role.DATA_OFFICER, Role.LEADERSHIP)
@require_GET
def index(request: StaffRequest) -> HttpResponse:
    """The reports a role may use, each with what it shows."""
    role = request.membership.role
    offered = [
        ("reports:unit_recap", _("Unit recap"), _("The unit's cases and victims for a year or a month, by table.")),
        (
            "reports:simfoni_export",
            _("SIMFONI PPA export"),
            _("De-identified rows to enter in SIMFONI PPA, for the victims who consented."),
        ),
        (
            "reports:leadership_recap",
            _("Leadership recap"),
            _("Aggregated figures of the units you oversee; small numbers are hidden."),
        ),
    ]
    links = [(url, title, text) for name, title, text in offered if (url := url_for_role(name, role))]
    return render(request, "reports/index.html", {"links": links})


# --- unit recap ----------------------------------------------------------------------------------


def _recap_csv(found: recap.UnitRecap) -> list[list[object]]:
    lines: list[list[object]] = [[found.unit.name, found.period.label()]]
    summary = found.summary
    lines += [
        [_("Cases"), summary.cases],
        [_("Victims"), summary.victims],
        [_("Cases with KDRT"), summary.kdrt_cases],
    ]
    outcomes = found.outcomes
    lines += [
        [],
        [_("Victims who reached independence"), outcomes.independence.n],
        [_("Median days from opening to independence"), str(outcomes.independence.cell)],
        [_("Partner response time (median days from sent to the answer)"), _("Referrals answered")],
    ]
    lines += [[line.label, line.median.n, str(line.median.cell)] for line in outcomes.responses]
    for table in found.tables:
        lines += [[], [str(table.title), str(table.counted)]]
        lines += [[row.label, row.count] for row in table.rows]
        if table.note:
            lines.append([str(table.note)])
    return lines


@staff_view(Role.HEAD, Role.DATA_OFFICER)
@require_GET
def unit_recap(request: StaffRequest) -> HttpResponseBase:
    """The unit's recap for a year (default: this year in the unit's time zone) or a month; ``format=csv``
    downloads the same tables (recorded as an EXPORT)."""
    user = request.user
    unit = selectors.report_unit_for(user)
    form = _period_form(request, unit.zone)
    period = _period_or_default(form)
    found = None
    if period is not None:
        with selectors.report_queries():
            found = recap.unit_recap(unit=unit, period=period)
    if found is not None and period is not None and _wants_csv(request):
        if (ask := step_up_response(request)) is not None:  # every download asks for a step-up (SESS-05)
            return ask
        lines = _recap_csv(found)
        report_export_record(
            actor=user,
            unit=unit,
            kind=ReportKind.UNIT_RECAP,
            period=period.as_context(),
            rows=len(lines),
            request=request,
        )
        response = HttpResponse(csv_text(lines), content_type=CONTENT_TYPE)
        return attachment(response, f"rekap-{unit.case_number_prefix}-{period.slug()}.csv")
    kdrt = found.summary.kdrt_share if found is not None else None
    return render(
        request,
        "reports/unit_recap.html",
        {
            "form": form,
            "recap": found,
            "kdrt_share": formats.number_format(kdrt, decimal_pos=1) if kdrt is not None else "",
            "query": request.GET.urlencode(),
        },
    )


# --- SIMFONI export --------------------------------------------------------------------------------


@staff_view(Role.HEAD, Role.DATA_OFFICER)
@require_GET
def simfoni_export(request: StaffRequest) -> HttpResponseBase:
    """Choose the months, see how many victims the file holds and how many lack a SIMFONI consent, then
    download (``download=1``): a streamed CSV."""
    user = request.user
    unit = selectors.report_unit_for(user)
    form = SimfoniExportForm(request.GET if "from_month" in request.GET else None, zone=unit.zone)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        period = form.period()
        today = dt.datetime.now(tz=unit.zone).date()
        reported = selectors.victims_reported([unit.pk], period)
        with selectors.report_queries():
            counts = simfoni.consent_counts(reported, today)
        victims = simfoni.exportable(reported)
        if request.GET.get("download") == "1":
            if (ask := step_up_response(request)) is not None:  # a bulk export: step-up first (SESS-05)
                return ask
            # The EXPORT event is written *before* the first byte leaves, in its own transaction, with the
            # period and the row count just counted: if it cannot be written nothing is sent (fail
            # closed), and a download the browser abandons halfway is still on record. Writing it at
            # the end of the stream would lose the event whenever the client disconnects.
            report_export_record(
                actor=user,
                unit=unit,
                kind=ReportKind.SIMFONI,
                period=period.as_context(),
                rows=counts.exported,
                request=request,
            )
            rows = simfoni.export_rows(simfoni.with_simfoni_consent(victims, today))
            response = StreamingHttpResponse(
                simfoni.stream_csv(rows, simfoni.RowFormatter(unit.zone)), content_type=CONTENT_TYPE
            )
            return attachment(response, f"simfoni-{unit.case_number_prefix}-{period.slug()}.csv")
        left_out_numbers: list[str] = []
        if request.membership.role == Role.HEAD and counts.left_out:
            with selectors.report_queries():
                left_out_numbers = list(
                    simfoni.without_simfoni_consent(victims, today)
                    .order_by("case__number")
                    .values_list("case__number", flat=True)
                    .distinct()[: MAX_LEFT_OUT_NUMBERS + 1]
                )
        context |= {
            "period": period,
            "counts": counts,
            "left_out_numbers": left_out_numbers[:MAX_LEFT_OUT_NUMBERS],
            "left_out_more": len(left_out_numbers) > MAX_LEFT_OUT_NUMBERS,
            # Only the HEAD learns how many restricted victims the period holds: to a data officer even
            # a count of one could point at a colleague's relative.
            "restricted_count": counts.restricted if request.membership.role == Role.HEAD else 0,
            "download_query": request.GET.urlencode(),
        }
    return render(request, "reports/simfoni_export.html", context)


# --- leadership --------------------------------------------------------------------------------------


def _leadership_csv(found: leadership.LeadershipRecap) -> list[list[object]]:
    lines: list[list[object]] = [[_("Leadership recap"), found.period.label()], leadership_header()]
    for line in found.lines:
        lines.append(
            [
                line.name,
                line.region_code,
                *(
                    str(cell)
                    for cell in (
                        line.cases,
                        line.open,
                        line.closed,
                        line.kdrt_share,
                        line.median_days,
                        line.female,
                        line.male,
                        line.children,
                        line.adults,
                        line.independent,
                        line.days_to_independence,
                    )
                ),
            ]
        )
    lines += [[], [_("Form of violence"), _("Victims")]]
    lines += [[form.label, str(form.victims)] for form in found.forms]
    lines += [
        [],
        [_("Counts from 1 to 4 are shown as <5; both figures of a pair are shown as — when either is from 1 to 4.")],
    ]
    return lines


def leadership_header() -> list[object]:
    """The column titles, in the language of the request (called per request, not at import)."""
    return [
        _("Unit"),
        _("Region code"),
        _("Cases"),
        _("Open"),
        _("Closed"),
        _("KDRT share"),
        _("Median days to closure"),
        _("Female victims"),
        _("Male victims"),
        _("Child victims"),
        _("Adult victims"),
        _("Victims who reached independence"),
        _("Median days from opening to independence"),
    ]


@staff_view(Role.LEADERSHIP)
@require_GET
def leadership_recap(request: StaffRequest) -> HttpResponseBase:
    """Aggregates of the units the leader oversees, small cells suppressed; ``format=csv`` downloads them."""
    user = request.user
    own_unit = request.membership.unit
    form = _period_form(request, own_unit.zone, LeadershipPeriodForm)
    period = _period_or_default(form)
    units = selectors.units_overseen_by(user)
    found = None
    if period is not None:
        with selectors.report_queries():
            found = leadership.leadership_recap(units=units, period=period)
    if found is not None and period is not None and _wants_csv(request):
        if (ask := step_up_response(request)) is not None:  # every download asks for a step-up (SESS-05)
            return ask
        lines = _leadership_csv(found)
        report_export_record(
            actor=user,
            unit=own_unit,
            kind=ReportKind.LEADERSHIP,
            period=period.as_context(),
            rows=len(found.lines),
            request=request,
        )
        response = HttpResponse(csv_text(lines), content_type=CONTENT_TYPE)
        return attachment(response, f"rekap-pimpinan-{own_unit.case_number_prefix}-{period.slug()}.csv")
    return render(
        request,
        "reports/leadership_recap.html",
        {"form": form, "recap": found, "header": leadership_header(), "query": request.GET.urlencode()},
    )
