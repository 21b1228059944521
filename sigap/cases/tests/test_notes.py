"""Notes: encrypted, and readable according to their confidentiality level."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from sigap.cases.models.people import NoteConfidentiality
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import is_head_of, team_role_of
from sigap.cases.selectors.case import notes_for
from sigap.cases.services.people import case_note_add
from sigap.cases.tests.factories import make_case


def _readable(personas: Any, name: str, case: Any) -> set[str]:
    user = personas[name]
    qs = notes_for(user, case, team_role=team_role_of(user, case), is_head=is_head_of(user, case))
    return {n.body for n in qs}


def test_confidentiality_levels(personas: Any) -> None:
    case = make_case(personas)
    expert, manager = personas["expert"], personas["case_manager"]
    case_note_add(actor=expert, case=case, body="team note", confidentiality=NoteConfidentiality.TEAM)
    case_note_add(actor=expert, case=case, body="manager note", confidentiality=NoteConfidentiality.MANAGER_HEAD)
    case_note_add(actor=expert, case=case, body="session note", confidentiality=NoteConfidentiality.AUTHOR_HEAD)
    case_note_add(actor=manager, case=case, body="private manager", confidentiality=NoteConfidentiality.AUTHOR_HEAD)
    everything = {"team note", "manager note", "session note", "private manager"}
    assert _readable(personas, "head", case) == everything
    assert _readable(personas, "expert", case) == {"team note", "manager note", "session note"}
    assert _readable(personas, "case_manager", case) == {"team note", "manager note", "private manager"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM cases_casenote")
        assert all("note" not in row[0] for row in cursor.fetchall())


def test_only_team_and_head_write_notes(personas: Any) -> None:
    case = make_case(personas, experts=())
    for name in ("expert", "intake", "other_head"):
        with pytest.raises(TransitionRefused):
            case_note_add(actor=personas[name], case=case, body="x")
    with pytest.raises(TransitionRefused):
        case_note_add(actor=personas["head"], case=case, body="   ")
    with pytest.raises(TransitionRefused):
        case_note_add(actor=personas["head"], case=case, body="x", confidentiality="EVERYONE")
