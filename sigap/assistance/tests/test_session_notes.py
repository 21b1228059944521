"""Field groups of session notes, per persona (ARCHITECTURE §3; issue #12).

Psychologist (author), another expert (psychological counsellor), legal counsellor, case manager, HEAD,
another unit's HEAD: the pages show the notes only to the readers of their group, and the notes column is
not even loaded for the others.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.assistance.models.session import NotesGroup, SessionKind
from sigap.assistance.tests.factories import held_session, session_case

pytestmark = pytest.mark.django_db

CLINICAL = "Canaryclinical Vmxq dissociation noted"
LEGAL = "Canarylegal Ptrz witness statement gaps"
GENERAL = "Canarygeneral Hjwe house is tidy"
OUTCOME = "Outcome summary text."


def _page(personas: Any, who: str, session: Any) -> tuple[int, str]:
    response = personas.client(who).get(reverse("assistance:session_detail", kwargs={"session_id": session.pk}))
    return response.status_code, response.content.decode()


def _readers(personas: Any, session: Any, marker: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for who in ("expert", "counsellor", "legal", "case_manager", "head", "other_head"):
        status, body = _page(personas, who, session)
        seen[who] = status if status != 200 else (marker in body, OUTCOME in body)
    return seen


def test_a_psychologists_clinical_notes_are_read_by_her_and_the_head_only(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(sc.psychologist, sc.case, experts=[sc.psychologist], notes=CLINICAL)
    assert session.notes_group == NotesGroup.CLINICAL
    assert _readers(personas, session, CLINICAL) == {
        "expert": (True, True),
        "counsellor": (False, True),
        "legal": (False, True),
        "case_manager": (False, True),  # she sees that it was held and its outcome, not the notes
        "head": (True, True),
        "other_head": 404,
    }


def test_legal_notes_are_read_by_the_legal_counsellor_the_case_manager_and_the_head(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(sc.legal, sc.case, kind=SessionKind.LEGAL_CONSULTATION, experts=[sc.legal], notes=LEGAL)
    assert session.notes_group == NotesGroup.LEGAL
    assert _readers(personas, session, LEGAL) == {
        "expert": (False, True),
        "counsellor": (False, True),
        "legal": (True, True),
        "case_manager": (True, True),
        "head": (True, True),
        "other_head": 404,
    }


def test_general_notes_are_read_by_the_whole_team(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(personas["case_manager"], sc.case, kind=SessionKind.HOME_VISIT, notes=GENERAL)
    assert session.notes_group == NotesGroup.GENERAL
    assert set(_readers(personas, session, GENERAL).values()) == {(True, True), 404}


def test_the_notes_column_is_not_loaded_for_a_reader_outside_the_group(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(sc.psychologist, sc.case, experts=[sc.psychologist], notes=CLINICAL)
    client = personas.client("case_manager")
    url = reverse("assistance:session_detail", kwargs={"session_id": session.pk})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    table = '"assistance_accompanimentsession"."notes"'
    assert not [q["sql"] for q in queries.captured_queries if table in q["sql"]]


def test_the_sessions_list_shows_no_notes_nor_outcome(personas: Any) -> None:
    sc = session_case(personas)
    held_session(sc.psychologist, sc.case, experts=[sc.psychologist], notes=CLINICAL)
    response = personas.client("head").get(reverse("assistance:session_list", kwargs={"case_id": sc.case.pk}))
    body = response.content.decode()
    assert response.status_code == 200 and "Counselling" in body
    assert CLINICAL not in body and OUTCOME not in body
