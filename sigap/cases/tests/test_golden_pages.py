"""Differential HTML test of the case pages (issue #22): the same data renders the same HTML.

Every case page (detail, team, add-person, incident, assessment, plan, consent, closure or reopen,
timeline), the case list (first, deep and filtered pages; search by name and by NIK), the complaint
list, "my work", the unit recap and the SIMFONI export page are rendered for a case in every lifecycle
state, in Indonesian and English, for each persona that may open them, on a frozen clock. The HTML is
compared with the golden files of ``sigap/cases/tests/golden/`` after masking what changes between two
runs: CSP nonces, CSRF tokens, request ids, UUIDs and integer row ids (replaced by stable names in the
order they first appear, so the files do not depend on the database's sequences).

A change of the loading code (selectors, guards, templates' data) must leave these files unchanged.
After an *intentional* change of a page, re-record and review the diff before committing::

    SIGAP_GOLDEN_RECORD=1 .venv/bin/pytest sigap/cases/tests/test_golden_pages.py -p no:cacheprovider
    git diff sigap/cases/tests/golden/
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sigap.cases.models import Case, CaseState
from sigap.cases.models.people import PersonRole
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.services.people import PersonData, person_create
from sigap.cases.tests import casework_steps as steps
from sigap.cases.tests.factories import incident, make_case, regions, victim_data

GOLDEN = Path(__file__).parent / "golden"
RENDERED = Path(tempfile.gettempdir()) / "sigap-golden-rendered"
RECORD = os.environ.get("SIGAP_GOLDEN_RECORD") == "1"
FROZEN = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)
LANGUAGES = ("id", "en")
CASE_PERSONAS = ("head", "case_manager", "expert")

# --- masking ----------------------------------------------------------------------------------

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX32 = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
_FIXED = [
    (re.compile(r'nonce="[^"]*"'), 'nonce="#"'),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value="#"'),
    (re.compile(r'"X-CSRFToken": "[^"]*"'), '"X-CSRFToken": "#"'),
    (re.compile(r'data-csrf="[^"]*"'), 'data-csrf="#"'),
    (re.compile(r'(id="request-id"[^>]*>)[^<]*'), r"\1#"),
]
# An integer row id in a URL path ("/tim/12/") or the value of a named form control.
_PATH_ID = re.compile(r"(/[a-z][a-z-]*/)(\d+)(?=/)")
_CONTROL = re.compile(r"<(select|input)\b[^>]*>", re.S)
_SELECT = re.compile(r'(<select\b[^>]*name="([^"]+)"[^>]*>)(.*?)(</select>)', re.S)
_VALUE_INT = re.compile(r'value="(\d+)"')


class Masker:
    """Replaces the values that differ between two runs by names given in the order they first appear."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, str], str] = {}

    def name(self, kind: str, value: str) -> str:
        key = (kind, value)
        if key not in self.names:
            self.names[key] = f"{kind}#{sum(1 for k in self.names if k[0] == kind) + 1}"
        return self.names[key]

    def __call__(self, text: str) -> str:
        for pattern, replacement in _FIXED:
            text = pattern.sub(replacement, text)
        text = _UUID.sub(lambda m: self.name("uuid", m.group(0)), text)
        text = _HEX32.sub(lambda m: self.name("uuid", m.group(0)), text)
        text = _PATH_ID.sub(lambda m: m.group(1) + self.name(m.group(1).strip("/"), m.group(2)), text)
        text = _SELECT.sub(self._select, text)
        return _CONTROL.sub(self._input, text)

    def _select(self, match: re.Match[str]) -> str:
        name = match.group(2)
        body = _VALUE_INT.sub(lambda m: f'value="{self.name(name, m.group(1))}"', match.group(3))
        return match.group(1) + body + match.group(4)

    def _input(self, match: re.Match[str]) -> str:
        tag = match.group(0)
        if not tag.startswith("<input"):
            return tag
        found = re.search(r'name="([^"]+)"', tag)
        if found is None:
            return tag
        return _VALUE_INT.sub(lambda m: f'value="{self.name(found.group(1), m.group(1))}"', tag)


# --- data -------------------------------------------------------------------------------------


class Clock:
    """The frozen clock, moved a minute after each recorded step (a stable order of same-time rows)."""

    def __init__(self, traveller: Any) -> None:
        self.traveller = traveller

    def tick(self) -> None:
        self.traveller.shift(dt.timedelta(minutes=1))


def _victim(index: int) -> PersonData:
    return victim_data(
        name=f"Golden Korban {index}", nik=f"64020145071000{index:02d}", phone=f"0812 3456 78{index:02d}"
    )


def _build(personas: Any, clock: Clock) -> dict[str, Case]:
    """A case in each lifecycle state, a restricted one (a locked row of the HEAD's list), filler cases."""
    villages = regions()
    head, manager = personas["head"], personas["case_manager"]
    targets = [
        ("opened", CaseState.KASUS_DIBUKA),
        ("assessment", CaseState.ASESMEN),
        ("planning", CaseState.RENCANA_INTERVENSI),
        ("intervention", CaseState.INTERVENSI),
        ("monitoring", CaseState.PEMANTAUAN),
        ("closure_pending", CaseState.PEMANTAUAN),
        ("closed", CaseState.PEMANTAUAN),
    ]
    cases: dict[str, Case] = {}
    for index, (kind, state) in enumerate(targets, start=1):
        case = make_case(personas, victim=_victim(index), category="KTP" if index % 2 else "KTA")
        clock.tick()
        person_create(
            actor=head,
            case=case,
            data=PersonData(name=f"Golden Pelaku {index}", sex="L", estimated_age=40),
            role=PersonRole.PERPETRATOR,
        )
        person_create(
            actor=head,
            case=case,
            data=PersonData(name=f"Golden Saksi Anak {index}", sex="P", estimated_age=12),
            role=PersonRole.WITNESS,
        )
        clock.tick()
        incident(personas, case, types=["FISIK", "PSIKIS"], village=villages["64.02.01"])
        clock.tick()
        case = steps.walk_to(case, state)
        clock.tick()
        if kind in ("closure_pending", "closed"):
            steps.finish_plan_items(case)
            case = case_request_closure(actor=manager, case=case, reason="TUJUAN_TERCAPAI", summary="Golden summary.")
            clock.tick()
        if kind == "closed":
            case = case_approve_closure(actor=head, case=case)
            clock.tick()
        cases[kind] = case
    restricted = make_case(personas, victim=_victim(20), restricted=True, experts=())
    cases["restricted"] = restricted
    clock.tick()
    # Enough cases for a second page of the HEAD's list (25 a page).
    for index in range(21, 42):
        make_case(personas, victim=_victim(index), manager=None, experts=())
        clock.tick()
    return cases


def _complaints(personas: Any, clock: Clock) -> None:
    from sigap.intake.tests.factories import make_complaint, make_in_state

    make_complaint(personas)
    clock.tick()
    for state in ("IDENTIFIKASI", "PENJANGKAUAN", "DARURAT"):
        make_in_state(personas, state)
        clock.tick()


# --- pages ------------------------------------------------------------------------------------


def _case_pages(case: Case) -> Iterator[tuple[str, str]]:
    pk = case.pk
    yield "detail", reverse("cases:case_detail", kwargs={"case_id": pk})
    yield "team", reverse("cases:case_team", kwargs={"case_id": pk})
    yield "person_add", reverse("cases:case_person_add", kwargs={"case_id": pk})
    first = case.incidents.order_by("recorded_at", "pk").first()
    if first is not None:
        yield "incident", reverse("cases:incident_detail", kwargs={"case_id": pk, "incident_id": first.pk})
    yield "assessment", reverse("cases:assessment_detail", kwargs={"case_id": pk})
    yield "plan", reverse("cases:plan_detail", kwargs={"case_id": pk})
    yield "consent", reverse("cases:consent_create", kwargs={"case_id": pk})
    if case.state == CaseState.TERMINASI:
        yield "reopen", reverse("cases:case_reopen", kwargs={"case_id": pk})
    else:
        yield "closure", reverse("cases:case_request_closure", kwargs={"case_id": pk})
    yield "timeline", reverse("cases:case_timeline", kwargs={"case_id": pk})


def _list_pages(personas: Any, persona: str) -> Iterator[tuple[str, str, dict[str, str] | None]]:
    cases = reverse("cases:case_list")
    if persona in CASE_PERSONAS:
        yield "case_list", cases, None
        yield "case_list_deep", cases + "?page=2", None
        yield "case_list_state", cases + "?state=ASESMEN", None
        yield "case_list_open_mine", cases + "?open=on&mine=on", None
        yield "search_name", cases, {"find-name": "Golden Korban"}
        yield "search_nik", cases, {"find-nik": "6402014507100003"}
    if persona in ("head", "intake"):
        yield "complaint_list", reverse("intake:complaint_list"), None
    yield "my_work", reverse("work:my_work"), None
    if persona in ("head", "data_officer"):
        yield "unit_recap", reverse("reports:unit_recap"), None
        yield "unit_recap_month", reverse("reports:unit_recap") + "?year=2026&month=3", None
        yield "simfoni", reverse("reports:simfoni_export") + "?from_month=2026-01&to_month=2026-03", None


def _render(client: Client, url: str, data: dict[str, str] | None, mask: Masker) -> str:
    response = client.post(url, data) if data is not None else client.get(url)
    head = f"<!-- {'POST' if data is not None else 'GET'} {mask(url)} -> {response.status_code}"
    if response.status_code in (301, 302):
        return head + f" {mask(response['Location'])} -->\n"
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return head + " -->\n" + mask(body.decode()) + "\n"


def _compare(name: str, text: str, mismatches: list[str]) -> None:
    path = GOLDEN / f"{name}.html"
    if RECORD:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        return
    if not path.exists():
        mismatches.append(f"{path.name}: no golden file (record with SIGAP_GOLDEN_RECORD=1)")
        return
    expected = path.read_text()
    if expected != text:
        # The whole page beside the golden one, for a closer look (``diff -u golden/x.html <that file>``).
        RENDERED.mkdir(parents=True, exist_ok=True)
        (RENDERED / path.name).write_text(text)
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), f"golden/{path.name}", "rendered", lineterm="", n=2
        )
        mismatches.append("\n".join(list(diff)[:80]))


def _client(personas: Any, persona: str, language: str) -> Client:
    client = personas.client(persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.django_db
def test_the_case_pages_render_the_golden_html(personas: Any, settings: Any) -> None:
    settings.LANGUAGE_CODE = "id"
    mask = Masker()
    mismatches: list[str] = []
    with time_machine.travel(FROZEN, tick=False) as traveller:
        clock = Clock(traveller)
        cases = _build(personas, clock)
        _complaints(personas, clock)
        clock.tick()
        clients: dict[tuple[str, str], Client] = {}

        def client_of(persona: str, language: str) -> Client:
            if (persona, language) not in clients:
                clients[(persona, language)] = _client(personas, persona, language)
            return clients[(persona, language)]

        for kind, case in cases.items():
            case = Case.objects.get(pk=case.pk)
            for persona in CASE_PERSONAS:
                for language in LANGUAGES:
                    client = client_of(persona, language)
                    text = "".join(_render(client, url, None, mask) for _, url in _case_pages(case))
                    _compare(f"case-{kind}-{persona}-{language}", text, mismatches)
        for persona in (*CASE_PERSONAS, "intake", "data_officer"):
            for language in LANGUAGES:
                client = client_of(persona, language)
                text = "".join(_render(client, url, data, mask) for _, url, data in _list_pages(personas, persona))
                _compare(f"lists-{persona}-{language}", text, mismatches)
    assert not mismatches, "\n\n".join(mismatches)


def test_the_masker_names_ids_by_first_appearance() -> None:
    mask = Masker()
    one = mask('<a href="/kasus/tim/12/">x</a> 0b0d1c6e-2a51-4c8e-9a5a-1d2c3b4a5f60')
    two = mask('<a href="/kasus/tim/40/">x</a> 7f1d1c6e-2a51-4c8e-9a5a-1d2c3b4a5f61')
    assert one == '<a href="/kasus/tim/tim#1/">x</a> uuid#1'
    assert two == '<a href="/kasus/tim/tim#2/">x</a> uuid#2'
