"""Feedback on a held session (issue #13): who records it, what each reader sees, the history in the audit trail,
bad input kept on the page, and the refusals (not held, the expert herself)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from sigap.assistance.models.feedback import FeedbackAnswer, SessionFeedback
from sigap.assistance.services.feedback import session_feedback_record
from sigap.assistance.services.session import session_plan
from sigap.assistance.tests.factories import held_session, plan_data, session_case
from sigap.audit.models import AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.timeline import case_timeline

pytestmark = pytest.mark.django_db

COMMENT = "Ibu merasa lebih tenang setelah sesi."


def _url(session: Any) -> str:
    return reverse("assistance:session_feedback", kwargs={"session_id": session.pk})


def test_the_case_manager_records_feedback_on_the_page_with_an_encrypted_comment(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(personas["head"], sc.case, experts=[sc.psychologist])
    client = personas.client("case_manager")
    page = client.get(_url(session)).content.decode()
    assert 'for="id_comment"' in page and 'id="id_answer"' in page and "Partly helpful" in page
    response = client.post(_url(session), {"answer": "HELPFUL", "comment": COMMENT})
    assert response.status_code == 302 and response["Location"].endswith(f"/sesi/{session.pk}/")
    feedback = SessionFeedback.objects.get()
    assert (feedback.session_id, feedback.answer, feedback.comment) == (session.pk, "HELPFUL", COMMENT)
    assert feedback.recorded_by == personas["case_manager"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT comment FROM assistance_sessionfeedback")
        stored = cursor.fetchone()[0]
    assert COMMENT not in str(stored)
    event = AuditEvent.objects.filter(object_id=str(sc.case.pk), changed_fields=["sessions"]).order_by("pk").last()
    assert event is not None
    assert event.new_values["sessions"] == {
        "session": str(session.pk),
        "kind": session.kind,
        "status": "HELD",
        "event": "feedback",
        "feedback": "HELPFUL",
        "comment": True,
    }
    assert COMMENT not in str(event.new_values)
    assert "Feedback on the session recorded: Counselling." in [entry.text for entry in case_timeline(sc.case)]


def test_a_change_keeps_one_row_and_the_earlier_answer_in_the_audit_trail(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(personas["head"], sc.case, experts=[sc.psychologist])
    session_feedback_record(actor=personas["case_manager"], session=session, answer="NOT_HELPFUL", comment="x")
    session_feedback_record(actor=personas["head"], session=session, answer="PARTLY")
    row = SessionFeedback.objects.get()
    assert (row.answer, row.comment, row.recorded_by) == ("PARTLY", "", personas["head"])
    events = [
        e
        for e in AuditEvent.objects.filter(object_id=str(sc.case.pk), changed_fields=["sessions"]).order_by("pk")
        if e.new_values["sessions"].get("event") == "feedback"
    ]
    assert [e.new_values["sessions"]["feedback"] for e in events] == ["NOT_HELPFUL", "PARTLY"]
    assert events[0].old_values is None or not events[0].old_values
    assert events[1].old_values["sessions"]["feedback"] == "NOT_HELPFUL"


def test_refused_on_a_session_not_held_and_for_the_expert_who_held_it(personas: Any) -> None:
    sc = session_case(personas)
    planned = session_plan(actor=personas["head"], case=sc.case, data=plan_data())
    with pytest.raises(TransitionRefused):
        session_feedback_record(actor=personas["head"], session=planned, answer="HELPFUL")
    response = personas.client("head").get(_url(planned))
    assert response.status_code == 302 and response["Location"].endswith(f"/sesi/{planned.pk}/")
    held = held_session(personas["head"], sc.case, experts=[sc.psychologist])
    with pytest.raises(TransitionRefused):
        session_feedback_record(actor=sc.psychologist, session=held, answer="HELPFUL")
    assert personas.client("expert").get(_url(held)).status_code == 403
    assert not SessionFeedback.objects.exists()


def test_bad_input_is_listed_at_the_top_and_the_comment_is_kept(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(personas["head"], sc.case)
    client = personas.client("case_manager")
    response = client.post(_url(session), {"answer": "MOON", "comment": COMMENT})
    page = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in page and COMMENT in page
    response = client.post(_url(session), {"answer": "HELPFUL", "comment": "a" * 501})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not SessionFeedback.objects.exists()


def test_what_each_reader_sees_on_the_session_page(personas: Any) -> None:
    sc = session_case(personas)
    session = held_session(personas["head"], sc.case, experts=[sc.psychologist])
    detail = reverse("assistance:session_detail", kwargs={"session_id": session.pk})
    assert "No feedback recorded yet." in personas.client("case_manager").get(detail).content.decode()
    session_feedback_record(
        actor=personas["case_manager"], session=session, answer=FeedbackAnswer.PARTLY, comment=COMMENT
    )
    manager = personas.client("case_manager").get(detail).content.decode()
    assert "Partly helpful" in manager and COMMENT in manager and _url(session) in manager
    # The expert who held it reads the answer, never the comment, and is not offered the form.
    expert = personas.client("expert").get(detail).content.decode()
    assert "Partly helpful" in expert and COMMENT not in expert and _url(session) not in expert
    # Another expert of the team, not at this session, sees no feedback at all.
    personas.users["counsellor"] = sc.counsellor
    other = personas.client("counsellor").get(detail)
    assert other.status_code == 200 and 'id="session-feedback"' not in other.content.decode()
