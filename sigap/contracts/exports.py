"""Documents of the contracts app: the evaluation record and the extension letter (PDF with the unit's
letterhead), the contract register of a fiscal year (XLSX for the finance office), the signed contract.

The register is a one-sheet :class:`sigap.core.xlsx.Table` (standard library only, docs/decisions.md): real
dates and money cells, a total, a frozen header repeated on every printed page. Every download is audited
(EXPORT / PRINT / DOWNLOAD).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.accounts.request import StaffRequest
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_view
from sigap.contracts import selectors
from sigap.contracts.evidence import FIGURE_LABELS, Evidence, period_evidence
from sigap.contracts.models import Contract, ContractPeriod, PeriodDecision
from sigap.contracts.rating import decision_scale
from sigap.contracts.services.evaluation import current_decision
from sigap.core.access import staff_view
from sigap.core.dates import format_day, format_when
from sigap.core.files.store import download_name, file_open
from sigap.core.pdf import FooterPDF, letterhead_document, pdf_heading, pdf_line
from sigap.core.xlsx import CONTENT_TYPE as XLSX_CONTENT_TYPE
from sigap.core.xlsx import Column, Table, xlsx_workbook

VIEW_ROLES = (Role.HEAD, Role.EXPERT)


def _document(unit: Unit, title: str, author: User, reference: str) -> FooterPDF:
    return letterhead_document(unit=unit, title=title, author=author, reference=reference)


def _contract_lines(pdf: FooterPDF, contract: Contract, period: ContractPeriod) -> None:
    pdf_line(pdf, _("Expert: %(name)s") % {"name": contract.expert.user.full_name})
    pdf_line(pdf, _("Post: %(post)s") % {"post": contract.post})
    pdf_line(
        pdf, _("Contract: %(number)s, fiscal year %(year)s") % {"number": contract.number, "year": contract.fiscal_year}
    )
    pdf_line(
        pdf,
        _("Period %(n)s: %(start)s to %(end)s")
        % {"n": period.number, "start": format_day(period.start), "end": format_day(period.end)},
    )


def _evidence_lines(pdf: FooterPDF, evidence: Evidence) -> None:
    for code, label in FIGURE_LABELS:
        pdf_line(pdf, f"- {label}: {evidence[code].value}")
    # Numbers as the page shows them in the document's language ("3,0" in Indonesian).
    pdf_line(pdf, f"- {_('Hours of sessions held')}: {number_format(evidence.hours, 1)}")
    pdf_line(pdf, f"- {_('Days without a valid licence')}: {len(evidence.unlicensed_days)}")
    if evidence.amount_due is not None:
        amount = number_format(evidence.amount_due, 0, force_grouping=True)
        pdf_line(pdf, f"- {_('Billable sessions')}: {evidence.billable} · {_('Amount due')}: Rp {amount}")


def _decision_lines(pdf: FooterPDF, decision: PeriodDecision | None) -> None:
    if decision is None:
        pdf_line(pdf, _("Not decided yet."))
        return
    labels = dict(decision_scale(decision).criteria)  # the scale the decision was rated on
    for code, score in decision.ratings.items():
        pdf_line(pdf, f"- {labels.get(code, code)}: {score}")
    pdf_line(pdf, decision.get_decision_display(), bold=True)
    labelled = ((_("Conditions"), decision.conditions), (_("Reason"), decision.reason), (_("Notes"), decision.notes))
    for label, text in labelled:
        if text:
            pdf_line(pdf, f"{label}:", bold=True)
            pdf_line(pdf, text)
    pdf_line(
        pdf, _("Decided on %(date)s") % {"date": format_when(decision.decided_at, decision.period.contract.unit.zone)}
    )


def _signature(pdf: FooterPDF, unit: Unit) -> None:
    """The HEAD's signature block: the line, and her name under it (the unit's active HEAD)."""
    head = (
        Membership.objects.filter(unit=unit, role=Role.HEAD, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    pdf.ln(14)
    pdf_line(pdf, _("Head of the unit: ______________________________"))
    if head is not None:
        pdf_line(pdf, f"({head.user.full_name or head.user.username})")


def _pdf_response(request: StaffRequest, period: ContractPeriod, data: bytes, name: str) -> HttpResponse:
    audit_view(request, period, AuditAction.PRINT, context={"document": name})
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["Cache-Control"] = "no-store"
    return response


@staff_view(*VIEW_ROLES)
@require_GET
def evaluation_pdf(request: StaffRequest, period_id: int) -> HttpResponse:
    """The evaluation record of a period: the evidence, the ratings and the decision."""
    period = selectors.get_period_for_user(request.user, period_id)
    contract = period.contract
    pdf = _document(
        contract.unit, _("Record of the evaluation of an expert"), request.user, f"K{contract.pk}-P{period.number}"
    )
    _contract_lines(pdf, contract, period)
    pdf_heading(pdf, _("Evidence recorded in Sigap"))
    _evidence_lines(pdf, period_evidence(period))
    pdf_heading(pdf, _("Rating and decision"))
    _decision_lines(pdf, current_decision(period))
    _signature(pdf, contract.unit)
    return _pdf_response(request, period, bytes(pdf.output()), f"evaluasi-K{contract.pk}-P{period.number}.pdf")


@staff_view(*VIEW_ROLES)
@require_GET
def extension_letter_pdf(request: StaffRequest, period_id: int) -> HttpResponse:
    """The letter extending the contract after ``period`` (only once the period was extended)."""
    period = selectors.get_period_for_user(request.user, period_id)
    decision = current_decision(period)
    if decision is None or decision.decision == "END":
        raise Http404
    contract = period.contract
    following = contract.periods.filter(number=period.number + 1).first()
    pdf = _document(contract.unit, _("Letter of contract extension"), request.user, f"K{contract.pk}-P{period.number}")
    _contract_lines(pdf, contract, period)
    pdf.ln(3)
    if following is not None:
        pdf_line(
            pdf,
            _(
                "On the evaluation of the period above, the contract is extended for period %(n)s, from %(start)s to %(end)s."
            )
            % {"n": following.number, "start": format_day(following.start), "end": format_day(following.end)},
        )
    else:
        pdf_line(pdf, _("On the evaluation of the last period, a contract for the next fiscal year is proposed."))
    if decision.conditions:
        pdf_heading(pdf, _("Conditions"))
        pdf_line(pdf, decision.conditions)
    _signature(pdf, contract.unit)
    return _pdf_response(request, period, bytes(pdf.output()), f"perpanjangan-K{contract.pk}-P{period.number}.pdf")


# --- the register (XLSX) ------------------------------------------------------------------------------


@staff_view(Role.HEAD)
@require_GET
def register_xlsx(request: StaffRequest, year: int) -> HttpResponse:
    """The unit's contracts of fiscal year ``year``, one row each, for the finance office."""
    contracts = (
        selectors.contracts_visible_to(request.user)
        .filter(fiscal_year=year)
        .select_related("expert__user")
        .order_by("number", "pk")
    )
    unit = request.membership.unit
    columns = [
        Column(_("Contract number"), 24), Column(_("Expert"), 28), Column(_("Post"), 24),
        Column(_("Fiscal year"), 10, "number"), Column(_("Funding source"), 20), Column(_("Fee basis"), 18),
        Column(_("Unit price (Rp)"), 16, "money", total=False), Column(_("Contract value (Rp)"), 18, "money", total=True),
        Column(pgettext("contract dates", "Start date"), 12, "date"), Column(pgettext("contract dates", "End date"), 12, "date"),
        Column(_("State"), 14),
    ]  # fmt: skip
    rows = [
        [
            c.number,
            c.expert.user.full_name,
            c.post,
            c.fiscal_year,
            c.get_funding_source_display(),
            c.get_fee_basis_display(),
            c.unit_price,
            c.amount,
            c.start,
            c.end,
            c.get_state_display(),
        ]  # fmt: skip
        for c in contracts
    ]
    title = [
        unit.name,
        _("Register of the experts' contracts, fiscal year %(year)s") % {"year": year},
        _("Made on %(when)s by %(name)s")
        % {"when": format_when(timezone.now(), unit.zone), "name": request.user.full_name},
    ]
    sheet = Table(_("Register")[:31], columns, rows, title=title, total_label=_("Total"))
    audit_view(request, None, AuditAction.EXPORT, object_type="contracts.register", object_id=year)
    response = HttpResponse(xlsx_workbook([sheet]), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"register-kontrak-{year}.xlsx") or "attachment"
    response["Cache-Control"] = "no-store"
    return response


@staff_view(*VIEW_ROLES)
@require_GET
def contract_document(request: StaffRequest, contract_id: int) -> Any:
    """The signed contract, decrypted and streamed as a download; audited."""
    contract = selectors.get_contract_for_user(request.user, contract_id)
    if not contract.document_storage:
        return redirect("contracts:contract_detail", contract_id=contract.pk)
    audit_view(request, contract, AuditAction.DOWNLOAD)
    response = StreamingHttpResponse(
        file_open(contract.document_storage, contract.document_key), content_type=contract.document_type
    )
    name = download_name(contract.document_name, contract.document_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
