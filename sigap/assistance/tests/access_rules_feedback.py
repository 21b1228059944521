"""Access rules of the session feedback page (issue #13): the HEAD and the case manager of the case; experts
and other roles 403 (an expert never records feedback on sessions, it is evidence of her work); another unit's
staff 404. On a session not held yet the page sends the allowed roles back to the session (a redirect)."""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, OK, REDIRECT, Rule, staff

FEEDBACK_ROLES = ["HEAD", "CASE_MANAGER"]


def _get(p: Any) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_feedback_access", {})
    if not cache:
        from sigap.assistance.services.session import session_plan
        from sigap.assistance.tests.factories import held_session, plan_data
        from sigap.cases.tests.factories import make_case, victim_data

        case = make_case(p, victim=victim_data())
        cache["held"] = held_session(p["head"], case)
        cache["planned"] = session_plan(actor=p["head"], case=case, data=plan_data())
    return cache


def session_of(kind: str) -> Any:
    return lambda p: {"session_id": _get(p)[kind].pk}


RULES = [
    Rule("assistance:session_feedback", staff(FEEDBACK_ROLES, other_unit=NOT_FOUND), kwargs=session_of("held")),
    # An empty POST: the form's errors at the top (200), nothing saved, never a 500.
    Rule(
        "assistance:session_feedback",
        staff(FEEDBACK_ROLES, other_unit=NOT_FOUND),
        method="POST",
        kwargs=session_of("held"),
        data={"answer": ""},
    ),
    Rule(
        "assistance:session_feedback",
        staff(FEEDBACK_ROLES, ok=REDIRECT, other_unit=NOT_FOUND),
        kwargs=session_of("planned"),
    ),
]

__all__ = ["RULES", "OK"]
