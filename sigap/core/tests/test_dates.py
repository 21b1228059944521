"""One date and time format everywhere (#21): ``6 Des 2026 12.38 WITA`` in Indonesian, ``6 Dec 2026 12:38 WITA``
in English; templates show dates only through ``when`` and ``day``; the pages show no other shape."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from sigap.core.dates import day_writer as format_day_writer
from sigap.core.dates import format_day, format_when

MOMENT = dt.datetime(2026, 12, 6, 4, 38, tzinfo=dt.UTC)  # 12.38 in Makassar


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("id", "Asia/Makassar", "6 Des 2026 12.38 WITA"),
        ("en", "Asia/Makassar", "6 Dec 2026 12:38 WITA"),
        ("id", "Asia/Jakarta", "6 Des 2026 11.38 WIB"),
        ("id", "Asia/Jayapura", "6 Des 2026 13.38 WIT"),
    ],
)
def test_one_format_per_language_with_the_zone(language: str, zone: str, expected: str) -> None:
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        assert format_when(MOMENT) == expected
        assert format_day(MOMENT) == expected.rsplit(" ", 2)[0]


def test_no_template_formats_a_date_its_own_way() -> None:
    """``|date:`` only for the machine-readable ``c`` (a <time datetime>), never ``|time:`` or naturaltime."""
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "sigap"]
    offenders = []
    for root in roots:
        for path in [*root.rglob("*.html"), *root.rglob("*.txt")]:
            text = path.read_text(encoding="utf-8")
            for match in re.finditer(r"\|date(:\s*['\"]?([^'\"}|\s]*))?|\|time\b|naturaltime|naturalday", text):
                if match.group(0).startswith("|date") and match.group(2) == "c":
                    continue
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}")
    assert offenders == []


# Any date-like text that is not "6 Des 2026" / "6 Des 2026 12.38 WITA": 06/12/2026, 6-12-2026, 2026-12-06 12:38,
# "6 Desember 2026", "Des. 6".
OTHER_SHAPES = re.compile(
    r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}|\b\d{1,2} (Desember|December|Des\.) \d{4}"
)
WHEN = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}\.\d{2} WITA\b")


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)  # attribute values (value="2026-12-06T12:38", datetime=) are not read
    return html


def test_the_main_pages_show_dates_in_the_one_format(personas: Any) -> None:
    from sigap.cases.tests.factories import make_case, victim_data
    from sigap.intake.tests.factories import make_complaint

    case = make_case(personas, victim=victim_data())
    complaint = make_complaint(personas)
    pages = [
        ("head", reverse("cases:case_detail", kwargs={"case_id": case.pk})),
        ("head", reverse("cases:case_timeline", kwargs={"case_id": case.pk})),
        ("head", reverse("cases:case_list")),
        ("intake", reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk})),
        ("intake", reverse("intake:complaint_list")),
        ("head", reverse("core:home")),
    ]
    seen_when = 0
    for persona, url in pages:
        client = personas.client(persona)
        client.cookies["sigap_language"] = "id"
        text = _visible(client.get(url).content.decode())
        assert OTHER_SHAPES.findall(text) == [], url
        seen_when += len(WHEN.findall(text))
    assert seen_when > 0, "the pages must show at least one moment, in the one format"


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_day_writer_writes_what_format_day_writes(language: str) -> None:
    """The list's writer (language and zone read once, each day's text kept) and ``format_day`` agree, across
    midnight in the unit's zone and after a change of language."""
    late = dt.datetime(2026, 12, 6, 17, 30, tzinfo=dt.UTC)  # 7 Dec 01.30 WITA
    values = [dt.date(2026, 5, 1), late, dt.datetime(2026, 12, 6, 12, 0), None]
    with timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")), translation.override(language):
        write = format_day_writer()
        assert [write(value) for value in values] == [format_day(value) for value in values]
        assert write(late) == ("7 Des 2026" if language == "id" else "7 Dec 2026")


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_moment_kept_by_its_minute_reads_as_django_formats_it(language: str) -> None:
    """``format_when`` keeps each local minute's text: the seconds and the zone it drops from the key must not
    show in ``DATETIME_FORMAT`` (a format that showed them would make two moments of one minute differ here)."""
    from django.utils import formats

    from sigap.core.dates import zone_abbreviation

    zone = zoneinfo.ZoneInfo("Asia/Makassar")
    with timezone.override(zone), translation.override(language):
        for moment in (MOMENT, MOMENT.replace(second=59, microsecond=999), MOMENT + dt.timedelta(hours=20)):
            local = timezone.localtime(moment, zone)
            expected = f"{formats.date_format(local, 'DATETIME_FORMAT')} {zone_abbreviation(zone)}"
            assert format_when(moment) == expected
