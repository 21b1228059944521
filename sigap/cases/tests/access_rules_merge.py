"""Access rules of the HEAD's merge of two person records: the HEAD 200, every other role 403, another
unit's HEAD 404 (the records are not of her unit). The two records are built once per test (cached)."""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, Rule, staff


def _pair(p: Any) -> Any:
    cache = p.__dict__.setdefault("_merge_access", {})
    if "pair" not in cache:
        from sigap.cases.tests.merge_fixtures import duplicate

        cache["pair"] = duplicate(p)
    return cache["pair"]


def record(p: Any) -> dict[str, Any]:
    return {"person_id": _pair(p).a.pk}


def pair(p: Any) -> dict[str, Any]:
    d = _pair(p)
    return {"person_id": d.a.pk, "other_id": d.b.pk}


# Every other role (case manager, intake, expert, ...) gets 403 from the policy.
HEAD_ONLY = staff(["HEAD"], other_unit=NOT_FOUND)

RULES = [
    Rule("cases:person_merge_search", HEAD_ONLY, kwargs=record),
    Rule("cases:person_merge_search", HEAD_ONLY, method="POST", kwargs=record, data={"nik": "6402014507100002"}),
    Rule("cases:person_merge", HEAD_ONLY, kwargs=pair),
    # A review (incomplete: no reason) never merges, whoever sends it.
    Rule("cases:person_merge", HEAD_ONLY, method="POST", kwargs=pair, data={"name": "merged", "step": "review"}),
]

__all__ = ["RULES"]
