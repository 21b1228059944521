"""The printable case summary (PDF, fpdf2): letterhead, case data, team, persons, history, closure.

Minimum necessary: no NIK, phone or address. A child's name (under 18 in the year of printing, or of
unknown age) is replaced by the case code ``<number>-A<n>`` unless the reader's role needs it
(``permissions.sees_child_names``). The built-in PDF fonts cover Latin-1 only: other characters are
replaced, never dropped silently from the middle of a word.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sigap.accounts.models import User
from sigap.cases import codes
from sigap.cases.models import Case, CaseState, CaseStateChange, CaseTeamMember, TeamRole
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.rules.disclosure import persons_shown
from sigap.core.dates import format_day, format_when


def _latin1(text: str) -> str:
    return str(text).encode("latin-1", "replace").decode("latin-1")


class _SummaryPDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 10, _latin1(f"{self.footer_text} · {self.page_no()}/{{nb}}"), align="C")


def _line(pdf: FPDF, text: str, *, bold: bool = False, size: int = 10) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.multi_cell(0, 5, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    _line(pdf, text, bold=True, size=11)


def case_summary_pdf(*, case: Case, reader: User, show_child_names: bool) -> bytes:
    unit = case.unit
    zone = unit.zone
    now = timezone.localtime(timezone.now(), zone)
    pdf = _SummaryPDF(format="A4")
    pdf.footer_text = _("Confidential: %(number)s, printed by %(reader)s on %(date)s") % {
        "number": case.number,
        "reader": reader.full_name or reader.username,
        "date": format_when(now, zone),
    }
    pdf.set_title(_latin1(case.number))
    pdf.set_margins(18, 15, 18)
    pdf.add_page()
    for line in unit.letterhead or [unit.name]:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 6, _latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.line(18, pdf.get_y() + 1, 192, pdf.get_y() + 1)
    pdf.ln(5)
    _line(pdf, _("Case summary %(number)s") % {"number": case.number}, bold=True, size=13)
    _line(pdf, _("State: %(state)s") % {"state": case.get_state_display()})
    category = case.get_category_display()
    if case.category_subtype:
        category += f" ({codes.label_of(codes.CASE_CATEGORY, case.category_subtype)})"
    _line(pdf, _("Category: %(category)s") % {"category": category})
    _line(pdf, _("Risk level: %(risk)s") % {"risk": case.get_risk_level_display()})
    _line(pdf, _("Opened: %(date)s") % {"date": format_day(timezone.localtime(case.opened_at, zone))})
    if case.closed_at:
        _line(pdf, _("Closed: %(date)s") % {"date": format_day(timezone.localtime(case.closed_at, zone))})

    _heading(pdf, _("Team"))
    team = CaseTeamMember.objects.filter(case=case, is_active=True).select_related("user")
    for member in team:
        _line(pdf, f"- {TeamRole(member.team_role).label}: {member.user}")
    if not team:
        _line(pdf, _("No one assigned yet."))

    _heading(pdf, _("Persons"))
    links = list(CasePerson.objects.filter(case=case).select_related("person").order_by("role", "added_at"))
    # The same field rules as the case page (disclosure.py); the PDF prints only the name of them.
    for shown in persons_shown(links, case=case, full=show_child_names, year=now.year):
        link = shown.link
        text = f"- {PersonRole(link.role).label}: {shown.name}"
        details = [codes.label_of(codes.SEX, link.person.sex)]
        if link.person.birth_year:
            details.append(_("born %(year)s") % {"year": link.person.birth_year})
        if link.relationship:
            details.append(codes.label_of(codes.RELATIONSHIP, link.relationship))
        _line(pdf, text + " (" + ", ".join(d for d in details if d) + ")")
    if not links:
        _line(pdf, _("No persons recorded yet."))

    _heading(pdf, _("History"))
    for change in CaseStateChange.objects.filter(case=case):
        when = format_day(timezone.localtime(change.changed_at, zone))
        _line(pdf, f"- {when}: {CaseState(change.to_state).label}")

    if case.closure_reason:
        _heading(pdf, _("Closure"))
        _line(pdf, _("Reason: %(reason)s") % {"reason": codes.label_of(codes.TERMINATION_REASON, case.closure_reason)})
        _line(pdf, case.closure_summary or "")
    return bytes(pdf.output())
