"""Access rules of the legal-process pages (issue #12): the HEAD and the case team read; the HEAD, the case
manager and the legal counsellor record (another expert of the team: 403 on the recording pages); another
unit's staff and an expert off the team 404.

Built once per test and cached on the personas object: ``team`` (the expert on the team) and
``no_expert`` (the expert off it), each with one perpetrator whose track is started.
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import FORBIDDEN, NOT_FOUND, REDIRECT, Rule, staff

CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]


def _get(p: Any, kind: str) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_legal_access", {})
    if kind not in cache:
        from sigap.assistance.tests.legal_steps import legal_case, start

        lc = legal_case(p, experts=() if kind == "no_expert" else ("expert",))
        cache[kind] = {"case": lc.case, "track": start(p, lc, actor="head")}
    return dict(cache[kind])


def case_of(kind: str) -> Any:
    return lambda p: {"case_id": _get(p, kind)["case"].pk}


def track_of(kind: str) -> Any:
    return lambda p: {"track_id": _get(p, kind)["track"].pk}


READ = staff(CASE_ROLES, other_unit=NOT_FOUND)
OFF_TEAM = staff(CASE_ROLES, other_unit=NOT_FOUND, expert=NOT_FOUND)
RECORD = staff(CASE_ROLES, other_unit=NOT_FOUND, expert=FORBIDDEN)

RULES = [
    Rule("assistance:legal_track", READ, kwargs=case_of("team")),
    Rule("assistance:legal_track", OFF_TEAM, kwargs=case_of("no_expert")),
    Rule("assistance:legal_track_go", staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND), kwargs=track_of("team")),
    Rule("assistance:legal_stage", RECORD, kwargs=track_of("team")),
    Rule("assistance:legal_stage", OFF_TEAM, kwargs=track_of("no_expert")),
    Rule("assistance:legal_hearing", RECORD, kwargs=track_of("team")),
    Rule("assistance:legal_hearing", OFF_TEAM, kwargs=track_of("no_expert")),
    # An empty POST: refused with a message, never a 500.
    Rule(
        "assistance:legal_right",
        staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND),
        method="POST",
        kwargs=case_of("team"),
        data={},
    ),
    Rule(
        "assistance:legal_right",
        staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, expert=NOT_FOUND),
        method="POST",
        kwargs=case_of("no_expert"),
        data={},
    ),
]
