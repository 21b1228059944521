"""The surat rujukan (referral letter) as a PDF with the unit's letterhead and the referral's number, drawn
with fpdf2 like the berita acara of a mediation (``sigap.core.pdf.letterhead_document``).

It names the case by its number, never the victim, unless the victim's consent covers this partner and the
identity is among the sections shared (``names_victim``): an override of the HEAD never names anyone. It
carries what the partner needs to act (services, urgency, due date, the needs summary) and the list of
sections the partner may see, not their content.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.core.dates import format_day
from sigap.core.pdf import letterhead_document, pdf_heading, pdf_line
from sigap.partners.forms import service_label
from sigap.referrals.models import Referral, SharedSection


def names_victim(referral: Referral) -> bool:
    return referral.consent_id is not None and SharedSection.IDENTITY in (referral.shared_sections or [])


def referral_letter_pdf(*, referral: Referral, author: User) -> bytes:
    case = referral.case
    assert case is not None
    unit = case.unit
    pdf = letterhead_document(unit=unit, title=_("Referral letter"), author=author, reference=referral.number)
    pdf_line(pdf, _("Number: %(number)s") % {"number": referral.number})
    sent = referral.sent_at or referral.created_at
    pdf_line(pdf, _("Date: %(date)s") % {"date": format_day(timezone.localtime(sent, unit.zone))})
    pdf_line(pdf, _("Urgency: %(urgency)s") % {"urgency": referral.get_urgency_display()})
    pdf.ln(3)
    pdf_line(pdf, _("To: %(partner)s") % {"partner": referral.partner.name}, bold=True)
    if referral.contact is not None:
        # "u.p." (for the attention of): the partner's own staff member, named by the partner, not a victim.
        position = f", {referral.contact.position}" if referral.contact.position else ""
        pdf_line(
            pdf, _("For the attention of: %(name)s%(position)s") % {"name": referral.contact.name, "position": position}
        )

    pdf_heading(pdf, _("Who is referred"))
    pdf_line(pdf, _("Case %(number)s") % {"number": case.number})
    if names_victim(referral) and referral.victim is not None:
        pdf_line(pdf, _("Victim: %(name)s") % {"name": referral.victim.person.spoken_name})
    else:
        pdf_line(pdf, _("The victim is named by the case number only (identity not shared)."))

    pdf_heading(pdf, _("Services requested"))
    for code in referral.services:
        pdf_line(pdf, f"- {service_label(code)}")
    pdf_heading(pdf, _("Needs"))
    pdf_line(pdf, referral.needs_summary or "—")
    pdf_line(pdf, _("Please answer by %(date)s.") % {"date": format_day(referral.response_due)}, bold=True)

    pdf_heading(pdf, _("What the partner may see of the case"))
    labels = dict(SharedSection.choices)
    for section in referral.shared_sections or []:
        pdf_line(pdf, f"- {labels.get(section, section)}")
    if not referral.shared_sections:
        pdf_line(pdf, _("Nothing beyond this letter."))
    pdf_heading(pdf, _("Basis for sharing"))
    if referral.consent is not None:
        pdf_line(
            pdf,
            _("The consent of the victim (or their guardian) given on %(date)s.")
            % {"date": format_day(referral.consent.given_on)},
        )
    else:
        pdf_line(pdf, _("A decision of the head of the unit, recorded with its reason."))
    pdf_line(pdf, _("Keep this information confidential and use it only for the services requested."))
    pdf.ln(12)
    pdf_line(pdf, _("Head of the unit"))
    pdf.ln(14)
    pdf_line(pdf, "______________________________")
    return bytes(pdf.output())
