"""The few PDF helpers every printed record of Sigap shares (fpdf2, its core fonts).

The core fonts cover Latin-1 only: every text goes through :func:`latin1` (a character outside it prints as
"?" instead of failing the whole document). Pages carry a footer with the document's own text and
"page/pages".
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sigap.core.dates import format_when

# The PDF core font (Helvetica) is Latin-1: typographic characters outside it get their plain twins instead
# of "?" (walk #13, finding 10: "… di antaranya tepat waktu" printed "? di antaranya").
_PLAIN = str.maketrans({"…": "...", "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


def latin1(text: object) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


class FooterPDF(FPDF):
    """A4 document whose every page ends with ``footer_text`` and the page number."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 10, latin1(f"{self.footer_text} · {self.page_no()}/{{nb}}"), align="C")


def pdf_line(pdf: FPDF, text: str, *, bold: bool = False, size: int = 10) -> None:
    """One paragraph, wrapped to the page width."""
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.multi_cell(0, 5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def pdf_heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf_line(pdf, text, bold=True, size=11)


def unit_letterhead_lines(unit: Any) -> list[str]:
    """An ``accounts.Unit``'s letterhead lines, or its name and address (and phone) when it has none."""
    if unit.letterhead:
        return list(unit.letterhead)
    contact = " · ".join(part for part in (unit.address.replace("\n", ", ").strip(), unit.phone) if part)
    return [unit.name, *([contact] if contact else [])]


def letterhead_document(*, unit: Any, title: str, author: Any, reference: str) -> FooterPDF:
    """A new A4 letter of ``unit``: its letterhead, a rule, ``title`` in capitals; the footer names
    ``reference`` (a number, never a person), the author and when it was made (in the unit's time zone)."""
    pdf = FooterPDF(format="A4")
    pdf.footer_text = _("%(number)s, made by %(author)s on %(date)s") % {
        "number": reference,
        "author": author.full_name or author.username,
        "date": format_when(timezone.now(), unit.zone),
    }
    pdf.set_title(latin1(title))
    pdf.set_margins(18, 15, 18)
    pdf.add_page()
    for index, line in enumerate(unit_letterhead_lines(unit)):
        pdf.set_font("Helvetica", "B" if index == 0 else "", 12 if index == 0 else 9)
        pdf.cell(0, 6, latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.line(18, pdf.get_y() + 1, 192, pdf.get_y() + 1)
    pdf.ln(5)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, latin1(title.upper()), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf
