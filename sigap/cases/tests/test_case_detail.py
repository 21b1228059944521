"""Case detail, timeline and break-glass pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models.people import NoteConfidentiality
from sigap.cases.services.people import case_note_add
from sigap.cases.tests.factories import VICTIM_NAME, make_case, victim_data


def _url(name: str, case: Any) -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk})


def test_it_shows_the_case_to_the_team_and_records_a_view(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    response = personas.client("expert").get(_url("case_detail", case))
    assert response.status_code == 200
    content = response.content.decode()
    assert case.number in content and VICTIM_NAME in content
    event = AuditEvent.objects.get(action="VIEW", object_id=str(case.pk))
    assert event.actor == personas["expert"]
    # The expert reads the case but cannot move it: no step buttons.
    assert response.context["actions"]["steps"] == []


def test_it_shows_why_a_step_is_not_possible_yet(personas: Any) -> None:
    case = make_case(personas)  # no victim yet
    response = personas.client("case_manager").get(_url("case_detail", case))
    steps = response.context["actions"]["steps"]
    assert steps[0]["action"] == "start_assessment"
    assert steps[0]["refusals"]


def test_notes_respect_confidentiality_on_the_page(personas: Any) -> None:
    case = make_case(personas)
    case_note_add(
        actor=personas["expert"], case=case, body="psych canary", confidentiality=NoteConfidentiality.AUTHOR_HEAD
    )
    assert "psych canary" not in personas.client("case_manager").get(_url("case_detail", case)).content.decode()
    assert "psych canary" in personas.client("head").get(_url("case_detail", case)).content.decode()


def test_a_note_can_be_added_and_bad_input_is_answered(personas: Any) -> None:
    case = make_case(personas)
    client = personas.client("expert")
    assert client.post(_url("case_note_create", case), {"body": "ok", "confidentiality": "TEAM"}).status_code == 302
    assert case.notes.count() == 1
    response = client.post(_url("case_note_create", case), {"body": "", "confidentiality": "NOPE"})
    assert response.status_code == 200 and case.notes.count() == 1
    assert 'id="error-summary"' in response.content.decode()
    # The note's own page (a refused note comes back there with its text).
    assert client.get(_url("case_note_create", case)).status_code == 200


def test_timeline_lists_events_in_order(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    case_note_add(actor=personas["expert"], case=case, body="x")
    entries = personas.client("head").get(_url("case_timeline", case)).context["entries"]
    kinds = [e.kind for e in entries]
    assert kinds[0] == "state"
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert kinds.count("assign") == 2  # case manager and expert joined
    assert kinds.count("update") == 2  # the victim and the note were added
    assert "x" not in [e.text for e in entries]  # the note's text is never on the timeline


def test_break_glass_flow(personas: Any) -> None:
    case = make_case(personas, restricted=True, victim=victim_data())
    client = personas.client("head")
    response = client.get(_url("case_detail", case))
    assert response.status_code == 302 and response["Location"] == _url("case_break_glass", case)
    short = client.post(_url("case_break_glass", case), {"reason": "because"})
    assert short.status_code == 200 and short.context["form"].errors
    ok = client.post(_url("case_break_glass", case), {"reason": "The police need the file for an urgent hearing."})
    assert ok.status_code == 302
    assert client.get(_url("case_detail", case)).status_code == 200
    assert AuditEvent.objects.filter(action="BREAK_GLASS", object_id=str(case.pk)).count() == 1
