"""Walk #13, findings 10 and 12: the evaluation record in Indonesian reads as the page does ("3,0" hours, no English
line, no "?" for "…"), labels the conditions and the notes, and names the HEAD under the signature line; the date
fields of a contract are labelled "Tanggal mulai / Tanggal berakhir", not the imperative "Akhiri"."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sigap.accounts.tests.auth_helpers import full_login
from sigap.assistance.tests.factories import held_session, session_case
from sigap.contracts.forms import ContractForm
from sigap.contracts.services.evaluation import period_decide
from sigap.contracts.tests.factories import contract

pytestmark = pytest.mark.django_db

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 3, 20, 10, 0, tzinfo=WITA)
GOOD = {"quality": 4, "timeliness": 5, "attitude": 5, "documentation": 3}


def pdf_text(data: bytes) -> str:
    """The text drawn by the PDF's content streams (fpdf2 compresses them with zlib)."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            chunks.append(stream.decode("latin-1"))
    drawn = re.findall(r"\(((?:\\.|[^\\)])*)\)\s*Tj", "\n".join(chunks))
    return "\n".join(re.sub(r"\\(.)", r"\1", line) for line in drawn)


@time_machine.travel(NOW, tick=False)
def test_the_indonesian_evaluation_record_reads_as_the_page(personas: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"  # the installation's language (this app's tests read English by default)
    built = session_case(personas)
    c = contract(personas)
    held_session(personas["head"], built.case, experts=[built.psychologist])
    period = c.periods.get()
    period_decide(
        actor=personas["head"], period=period, decision="EXTEND_WITH_CONDITIONS", ratings=GOOD,
        conditions="Laporan paling lambat 7 hari.", notes="Bekerja baik dengan anak.",
    )  # fmt: skip
    browser = Client()
    full_login(browser, "head")  # Indonesian: the default language
    text = pdf_text(browser.get(reverse("contracts:evaluation_pdf", args=[period.pk])).content)
    assert "?" not in text.replace("??", "")  # no glyph fell out ("…" printed "?")
    assert "... di antaranya tepat waktu" in text
    assert "Days without" not in text and "Hari tanpa lisensi yang berlaku: " in text
    assert re.search(r"Jam sesi yang terlaksana: \d+,\d\b", text), text
    assert "Syarat:" in text and "Catatan:" in text
    assert f"({personas['head'].full_name})" in text
    letter = pdf_text(browser.get(reverse("contracts:extension_letter_pdf", args=[period.pk])).content)
    assert f"({personas['head'].full_name})" in letter


def test_the_contract_dates_are_labelled_as_dates() -> None:
    with translation.override("id"):
        form = ContractForm()
        assert str(form.fields["start"].label) == "Tanggal mulai"
        assert str(form.fields["end"].label) == "Tanggal berakhir"
