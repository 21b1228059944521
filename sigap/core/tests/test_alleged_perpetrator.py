"""One word for the alleged perpetrator (#21): "terduga pelaku" wherever a case is not decided.

Sigap records complaints and cases, never verdicts: every Indonesian text that names the perpetrator says
"terduga pelaku" (or "diduga … pelaku"). Only the statistics of reports keep SIMFONI's column wording.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.urls import reverse

PO_PATH = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"
# Column titles of the SIMFONI-style report tables (aggregates, worded as the national form words them).
REPORT_COLUMNS = {
    "Perpetrator's relationship to the victim",
    "Sex of the perpetrator(s)",
    "Age group of the perpetrator(s)",
}


def test_every_indonesian_text_says_terduga_pelaku() -> None:
    bare = [
        f"{entry.msgid!r} → {entry.msgstr!r}"
        for entry in polib.pofile(str(PO_PATH)).translated_entries()
        if re.search(r"\bpelaku\b", entry.msgstr, re.I)
        and not re.search(r"terduga pelaku|diduga\b", entry.msgstr, re.I)
        and entry.msgid not in REPORT_COLUMNS
    ]
    assert bare == []


def test_the_person_role_reads_terduga_pelaku_on_the_case_page(personas: Any) -> None:
    from sigap.cases.models.people import PersonRole
    from sigap.cases.services.people import PersonData, person_create
    from sigap.cases.tests.factories import make_case, victim_data

    case = make_case(personas, victim=victim_data())
    person_create(
        actor=personas["case_manager"], case=case, data=PersonData(name="Budi", sex="L"), role=PersonRole.PERPETRATOR
    )
    client = personas.client("case_manager")
    client.cookies["sigap_language"] = "id"
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "Terduga pelaku" in page
    assert not re.search(r">\s*Pelaku\b", page)
