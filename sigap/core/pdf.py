"""The few PDF helpers every printed record of Sigap shares (fpdf2, its core fonts).

The core fonts cover Latin-1 only: every text goes through :func:`latin1` (a character outside it prints as
"?" instead of failing the whole document). Pages carry a footer with the document's own text and
"page/pages".
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

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
