"""Access rules of the expert pages (AC-01).

HEAD and UNIT_ADMIN of the unit manage; the EXPERT reads their own profile (the list redirects them to
it); everyone else 403; another unit's HEAD gets 404 on Kukar's experts, and an EXPERT gets 404 on a
colleague's profile. Built once per test through the services and cached on the personas object:
``own``: the expert persona's profile with one credential; ``colleague``: another Kukar expert's.
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, REDIRECT, Rule, staff

VIEW_ROLES = ["HEAD", "UNIT_ADMIN", "EXPERT"]
MANAGE_ROLES = ["HEAD", "UNIT_ADMIN"]


def _expert(p: Any, kind: str) -> Any:
    cache = p.__dict__.setdefault("_experts_access", {})
    if kind not in cache:
        from conftest import make_user
        from sigap.accounts.models import Role
        from sigap.experts.models import CredentialKind
        from sigap.experts.tests.factories import credential, profile

        user = p["expert"] if kind == "own" else make_user("colleague_expert", p.kukar, Role.EXPERT)
        expert = profile(p, user)
        cache[kind] = (user, credential(p, expert, CredentialKind.STRPK))
    return cache[kind]


def own(p: Any) -> dict[str, Any]:
    return {"user_id": _expert(p, "own")[0].pk}


def colleague(p: Any) -> dict[str, Any]:
    return {"user_id": _expert(p, "colleague")[0].pk}


def own_credential(p: Any) -> dict[str, Any]:
    user, credential = _expert(p, "own")
    return {"user_id": user.pk, "credential_id": credential.pk}


def _credential_data(p: Any) -> dict[str, Any]:
    from sigap.experts.licensing import unit_today

    return {"kind": "SIPPK", "number": "SIPPK-1", "issuer": "Dinkes", "valid_from": unit_today(p.kukar).isoformat()}


MANAGE = staff(MANAGE_ROLES, other_unit=NOT_FOUND)
MANAGE_POST = staff(MANAGE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND)

RULES = [
    Rule("experts:expert_list", staff(VIEW_ROLES, expert=REDIRECT)),
    Rule("experts:expert_detail", staff(VIEW_ROLES, other_unit=NOT_FOUND), kwargs=own),
    Rule("experts:expert_detail", staff(VIEW_ROLES, other_unit=NOT_FOUND, expert=NOT_FOUND), kwargs=colleague),
    Rule("experts:expert_edit", MANAGE, kwargs=own),
    Rule(
        "experts:expert_edit",
        MANAGE_POST,
        method="POST",
        kwargs=own,
        data={"profession": "CLINICAL_PSYCHOLOGIST", "sex": "P", "available": "on"},
    ),
    Rule("experts:credential_add", MANAGE, kwargs=own),
    Rule("experts:credential_add", MANAGE_POST, method="POST", kwargs=own, data=_credential_data),
    Rule(
        "experts:credential_go",
        staff(VIEW_ROLES, ok=REDIRECT, other_unit=NOT_FOUND),
        kwargs=lambda p: {"credential_id": own_credential(p)["credential_id"]},
    ),
    Rule("experts:credential_confirm", MANAGE_POST, method="POST", kwargs=own_credential),
    Rule("experts:credential_end", MANAGE_POST, method="POST", kwargs=own_credential, data={"reason": "RENEWED"}),
]
