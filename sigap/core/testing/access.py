"""The access matrix (AC-01): machine-readable expectations per URL name and persona.

Each app lists its rules in ``sigap/<app>/tests/access_rules.py`` as ``RULES: list[Rule]``.
``sigap/core/tests/test_access_matrix.py`` collects them, fails when a URL name of the project has
no rule, and checks every persona's answer. Personas are the names in ``conftest.ALL_PERSONAS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Expected answers. LOGIN and MFA are redirects (302) whose target is checked too.
OK = 200
LOGIN = "login"  # 302 to the login page
MFA = "mfa"  # 302 to the second-factor page
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
REDIRECT = 302  # any other redirect (e.g. after a POST)

STAFF_ROLES_BY_PERSONA = {
    "admin": "UNIT_ADMIN",
    "head": "HEAD",
    "intake": "INTAKE",
    "case_manager": "CASE_MANAGER",
    "expert": "EXPERT",
    "data_officer": "DATA_OFFICER",
    "partner": "PARTNER",
    "leadership": "LEADERSHIP",
    "auditor": "AUDITOR",
    "other_head": "HEAD",
    "other_case_manager": "CASE_MANAGER",
    # The partner portal's second organisation of Kukar, and Samarinda's partner user.
    "partner_b": "PARTNER",
    "other_partner": "PARTNER",
}


def public(status: int = OK) -> dict[str, Any]:
    """Everyone, logged in or not, gets ``status``."""
    return {name: status for name in ("anonymous", *STAFF_ROLES_BY_PERSONA, "inactive", "unverified")}


def staff(
    roles: Iterable[str] | None = None,
    *,
    ok: int | str = OK,
    other_unit: int | str | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """A staff page: ``roles`` (all when None) get ``ok``, other roles 403, anonymous and the
    deactivated user the login page, the user without the second factor the MFA page.

    ``other_unit`` is what Samarinda's staff get when their role is allowed (default: ``ok``, for
    pages that show the user's own unit; object pages pass NOT_FOUND).
    """
    allowed = set(roles) if roles is not None else set(STAFF_ROLES_BY_PERSONA.values())
    expect: dict[str, Any] = {"anonymous": LOGIN, "inactive": LOGIN, "unverified": MFA}
    for persona, role in STAFF_ROLES_BY_PERSONA.items():
        if role not in allowed:
            expect[persona] = FORBIDDEN
        elif persona.startswith("other_"):
            expect[persona] = ok if other_unit is None else other_unit
        else:
            expect[persona] = ok
    expect.update(overrides)
    return expect


@dataclass
class Rule:
    """Expected answers of one URL name (and method) for every persona.

    ``kwargs`` builds the URL arguments from the personas fixture (for object pages);
    ``data`` is the POST body; ``skip_reason`` documents URL names checked elsewhere (the Django
    admin, for instance) and must say where.
    """

    url_name: str
    expect: dict[str, Any] = field(default_factory=dict)
    method: str = "GET"
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    data: Callable[[Any], dict[str, Any]] | dict[str, Any] | None = None
    skip_reason: str = ""
