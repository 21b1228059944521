"""Access rules of the contract pages (AC-01).

The HEAD of the unit manages; the EXPERT reads their own contract, periods and figures (a colleague's answers
404); every other role 403; another unit's HEAD gets 404 on Kukar's contracts. Built once per test through the
services and cached on the personas object: ``own``: the expert persona's active contract (period 1 decided:
extended, so its letter exists); ``colleague``: another Kukar expert's contract.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.core.testing.access import NOT_FOUND, REDIRECT, Rule, staff

VIEW_ROLES = ["HEAD", "EXPERT"]
HEAD = ["HEAD"]


def _built(p: Any, kind: str) -> Any:
    cache = p.__dict__.setdefault("_contracts_access", {})
    if kind not in cache:
        from django.utils import timezone

        from conftest import make_user
        from sigap.accounts.models import Role
        from sigap.contracts.services.evaluation import period_decide
        from sigap.contracts.tests.factories import contract

        year = timezone.localdate().year
        span = {"fiscal_year": year, "start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)}
        if kind == "own":
            c = contract(p, **span)
            ratings = {"quality": 4, "timeliness": 4, "attitude": 4, "documentation": 4}
            period_decide(actor=p["head"], period=c.periods.get(number=1), decision="EXTEND", ratings=ratings)
        else:
            c = contract(p, user=make_user("colleague_expert", p.kukar, Role.EXPERT), **span)
        cache[kind] = c
    return cache[kind]


def own(p: Any) -> dict[str, Any]:
    return {"contract_id": _built(p, "own").pk}


def colleague(p: Any) -> dict[str, Any]:
    return {"contract_id": _built(p, "colleague").pk}


def own_period(p: Any) -> dict[str, Any]:
    return {"period_id": _built(p, "own").periods.get(number=1).pk}


def colleague_period(p: Any) -> dict[str, Any]:
    return {"period_id": _built(p, "colleague").periods.get(number=1).pk}


def _draft(p: Any) -> dict[str, Any]:
    from sigap.contracts.services.contract import contract_draft_create
    from sigap.contracts.tests.factories import expert_profile

    draft = contract_draft_create(
        actor=p["head"],
        expert=expert_profile(p),
        fiscal_year=2031,
        post="Tenaga Ahli",
        profession="CLINICAL_PSYCHOLOGIST",
    )
    return {"contract_id": draft.pk}


VIEW = staff(VIEW_ROLES, other_unit=NOT_FOUND)
VIEW_OWN_ONLY = staff(VIEW_ROLES, other_unit=NOT_FOUND, expert=NOT_FOUND)

RULES = [
    Rule("contracts:contract_list", staff(VIEW_ROLES)),
    Rule("contracts:contract_create", staff(HEAD)),
    Rule("contracts:workload", staff(HEAD)),
    # No id in the URL: it is always the asking HEAD's own unit (another unit's HEAD gets her own scale).
    Rule("contracts:scale", staff(HEAD)),
    Rule("contracts:register_xlsx", staff(HEAD), kwargs=lambda p: {"year": 2027}),
    Rule("contracts:contract_detail", VIEW, kwargs=own),
    Rule("contracts:contract_detail", VIEW_OWN_ONLY, kwargs=colleague),
    Rule("contracts:contract_activate", staff(HEAD, other_unit=NOT_FOUND), kwargs=_draft),
    # No signed document uploaded: back to the contract's page.
    Rule("contracts:contract_document", staff(VIEW_ROLES, ok=REDIRECT, other_unit=NOT_FOUND), kwargs=own),
    Rule(
        "contracts:contract_document",
        staff(VIEW_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, expert=NOT_FOUND),
        kwargs=colleague,
    ),
    Rule("contracts:period_evaluation", VIEW, kwargs=own_period),
    Rule("contracts:period_evaluation", VIEW_OWN_ONLY, kwargs=colleague_period),
    # A POST without a valid form shows the form again with its errors (the HEAD), or is refused (the expert).
    Rule(
        "contracts:period_evaluation",
        staff(VIEW_ROLES, other_unit=NOT_FOUND, expert=REDIRECT),
        method="POST",
        kwargs=own_period,
        data={"decision": "EXTEND"},
    ),
    Rule("contracts:evaluation_pdf", VIEW, kwargs=own_period),
    Rule("contracts:evaluation_pdf", VIEW_OWN_ONLY, kwargs=colleague_period),
    Rule("contracts:extension_letter_pdf", VIEW, kwargs=own_period),
]
