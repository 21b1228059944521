"""Access rules of the session pages (issue #12): the HEAD, the case manager and the experts of the case's
team; other roles 403; another unit's staff and an expert off the team 404.

Cases are built once per test and cached on the personas object:
- ``team``: case_manager and expert on the team, one planned session;
- ``no_expert``: the expert is not on the team (their answer is 404, as for another unit).
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, OK, REDIRECT, Rule, staff

CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]


def _build(p: Any, kind: str) -> dict[str, Any]:
    from sigap.assistance.services.session import session_plan
    from sigap.assistance.tests.factories import plan_data
    from sigap.cases.tests.factories import make_case, victim_data

    case = make_case(p, experts=() if kind == "no_expert" else ("expert",), victim=victim_data())
    return {"case": case, "session": session_plan(actor=p["head"], case=case, data=plan_data())}


def _get(p: Any, kind: str) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_session_access", {})
    if kind not in cache:
        cache[kind] = _build(p, kind)
    return dict(cache[kind])


def case_of(kind: str) -> Any:
    return lambda p: {"case_id": _get(p, kind)["case"].pk}


def session_of(kind: str) -> Any:
    return lambda p: {"session_id": _get(p, kind)["session"].pk}


READ = staff(CASE_ROLES, other_unit=NOT_FOUND)
OFF_TEAM = staff(CASE_ROLES, other_unit=NOT_FOUND, expert=NOT_FOUND)
POST = staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND)

RULES = [
    Rule("assistance:session_list", READ, kwargs=case_of("team")),
    Rule("assistance:session_list", OFF_TEAM, kwargs=case_of("no_expert")),
    Rule("assistance:session_plan", READ, kwargs=case_of("team")),
    Rule("assistance:session_plan", OFF_TEAM, kwargs=case_of("no_expert")),
    Rule("assistance:session_detail", READ, kwargs=session_of("team")),
    Rule("assistance:session_detail", OFF_TEAM, kwargs=session_of("no_expert")),
    Rule("assistance:session_record", READ, kwargs=session_of("team")),
    Rule("assistance:session_record", OFF_TEAM, kwargs=session_of("no_expert")),
    Rule("assistance:session_reschedule", READ, kwargs=session_of("team")),
    Rule("assistance:session_reschedule", OFF_TEAM, kwargs=session_of("no_expert")),
    # An empty POST: refused with a message (the session stays planned), never a 500.
    Rule("assistance:session_cancel", POST, method="POST", kwargs=session_of("team"), data={"note": ""}),
    Rule(
        "assistance:session_cancel",
        staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, expert=NOT_FOUND),
        method="POST",
        kwargs=session_of("no_expert"),
        data={"note": ""},
    ),
]

__all__ = ["RULES", "OK"]
