"""The berita acara of a mediation (domain.md §B3 "Mediasi": a berita acara with the unit's letterhead), as a
PDF drawn with fpdf2 as the case summary is (``sigap.cases.pdf``).

It records what the mediation settled and nothing more: the unit's letterhead (its letterhead lines, or its
name and address), the case number, the matter, the mediator, the parties by their role in the case, the
sessions held with who was present, the outcome and the points of the agreement (the follow-ups, with the
date each is checked), and the places to sign. Parties are named by the one rule of
``disclosure.person_label`` (a child by a pseudonym): no NIK, phone or address, no incident account, no
session notes, no assessment of the victim's free decision.

The built-in PDF fonts cover Latin-1 only: other characters are replaced, never dropped silently.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf.enums import XPos, YPos

from sigap.accounts.models import User
from sigap.assistance.models.mediation import Mediation, MediationFollowUp, MediationSession
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.rules.disclosure import persons_shown
from sigap.core.dates import format_day, format_when
from sigap.core.pdf import FooterPDF, latin1, pdf_heading, pdf_line, unit_letterhead_lines

# The parties of a mediation and who stands by them; reporters and witnesses are not parties.
PARTY_ROLES = (PersonRole.VICTIM, PersonRole.PARENT_GUARDIAN, PersonRole.PERPETRATOR)


def letterhead_lines(mediation: Mediation) -> list[str]:
    """The unit's letterhead lines, or its name and address (and phone) when it has none."""
    return unit_letterhead_lines(mediation.case.unit)


def mediation_record_pdf(*, mediation: Mediation, author: User) -> bytes:
    """The berita acara of ``mediation`` (its outcome recorded), as PDF bytes."""
    case = mediation.case
    zone = case.unit.zone
    now = timezone.localtime(timezone.now(), zone)
    pdf = FooterPDF(format="A4")
    pdf.footer_text = _("%(number)s, made by %(author)s on %(date)s") % {
        "number": case.number,
        "author": author.full_name or author.username,
        "date": format_when(now, zone),
    }
    pdf.set_title(latin1(_("Official record of mediation")))
    pdf.set_margins(18, 15, 18)
    pdf.add_page()
    for index, line in enumerate(letterhead_lines(mediation)):
        pdf.set_font("Helvetica", "B" if index == 0 else "", 12 if index == 0 else 9)
        pdf.cell(0, 6, latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.line(18, pdf.get_y() + 1, 192, pdf.get_y() + 1)
    pdf.ln(5)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, latin1(_("OFFICIAL RECORD OF MEDIATION")), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf_line(pdf, _("Case %(number)s") % {"number": case.number})
    pdf_line(pdf, _("Matter: %(matter)s") % {"matter": mediation.get_matter_display()})
    when = mediation.outcome_at or mediation.created_at
    pdf_line(pdf, _("Date: %(date)s") % {"date": format_day(timezone.localtime(when, zone))})
    pdf_line(pdf, _("Mediator: %(name)s") % {"name": mediation.mediator.full_name or mediation.mediator.username})

    pdf_heading(pdf, _("The parties"))
    links = list(
        CasePerson.objects.filter(case=case, role__in=PARTY_ROLES).select_related("person").order_by("role", "added_at")
    )
    shown = persons_shown(links, case=case, full=False, year=now.year)
    order = {role: index for index, role in enumerate(PARTY_ROLES)}
    for person in sorted(shown, key=lambda s: order[PersonRole(s.link.role)]):
        pdf_line(pdf, f"- {PersonRole(person.link.role).label}: {person.name}")
    if not shown:
        pdf_line(pdf, _("No party recorded on the case."))

    pdf_heading(pdf, _("Sessions with the parties"))
    sessions = list(MediationSession.objects.filter(mediation=mediation).order_by("held_at", "pk"))
    for session in sessions:
        pdf_line(pdf, f"- {format_when(session.held_at, zone)}: {session.present}")
    if not sessions:
        pdf_line(pdf, _("No session recorded."))

    pdf_heading(pdf, _("Outcome"))
    pdf_line(pdf, mediation.get_status_display(), bold=True)
    pdf_line(pdf, mediation.outcome_note or "—")

    pdf_heading(pdf, _("Points of the agreement"))
    points = list(MediationFollowUp.objects.filter(mediation=mediation).order_by("due_on", "pk"))
    for number, point in enumerate(points, start=1):
        pdf_line(
            pdf,
            _("%(n)s. %(promise)s (checked on %(date)s)")
            % {
                "n": number,
                "promise": point.promise,
                "date": format_day(point.due_on),
            },
        )
    if not points:
        pdf_line(pdf, _("None recorded."))

    pdf.ln(12)
    pdf_line(pdf, _("Signed by the parties and the mediator:"))
    pdf.ln(14)
    signers = [*(PersonRole(person.link.role).label for person in shown), _("Mediator")]
    for label in signers:
        pdf_line(pdf, f"{label}: ______________________________")
        pdf.ln(4)
    return bytes(pdf.output())
