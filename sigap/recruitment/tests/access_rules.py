"""Access rules of the recruitment pages (AC-01).

Staff pages: HEAD and UNIT_ADMIN manage vacancies; the applicants are seen by the HEAD and the panel of
the vacancy only (the Kukar vacancy's panel: ``head`` and ``case_manager``); the UNIT_ADMIN and an
EXPERT off the panel get 404 on an applicant (an expert also on the vacancy); other roles 403; another
unit's staff 404. Public pages (/rekrutmen/): everyone, logged in or not. Built once per test through
the services and cached on the personas object.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.core.testing.access import NOT_FOUND, OK, REDIRECT, Rule, public, staff

VIEW_ROLES = ["HEAD", "UNIT_ADMIN", "CASE_MANAGER", "EXPERT"]
MANAGE_ROLES = ["HEAD", "UNIT_ADMIN"]


def _built(p: Any) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_recruitment_access", {})
    if not cache:
        from sigap.recruitment.tests.factories import make_application, make_vacancy

        vacancy = make_vacancy(p)
        application = make_application(vacancy)
        cache.update(vacancy=vacancy, application=application, document=application.documents.first())
    return cache


def vacancy(p: Any) -> dict[str, Any]:
    return {"vacancy_id": _built(p)["vacancy"].pk}


def application(p: Any) -> dict[str, Any]:
    return {"application_id": _built(p)["application"].pk}


def document(p: Any) -> dict[str, Any]:
    built = _built(p)
    return {"application_id": built["application"].pk, "document_id": built["document"].pk}


def _vacancy_data(p: Any) -> dict[str, Any]:
    today = dt.date.today()  # noqa: DTZ011 - a date far from any boundary is enough here
    return {
        "post": "Psikolog klinis",
        "profession": "CLINICAL_PSYCHOLOGIST",
        "requirements": "Magister profesi psikologi klinis",
        "documents_required": ["CV"],
        "posts": "1",
        "fiscal_year": str(today.year),
        "published_on": (today - dt.timedelta(days=3)).isoformat(),
        "closes_on": (today + dt.timedelta(days=10)).isoformat(),
        "state": "PUBLISHED",
        "panel": [str(p["head"].pk), str(p["case_manager"].pk)],
    }


# The applicants: HEAD and the panel (case_manager); the unit admin and an expert off the panel: 404.
APPLICANT = staff(VIEW_ROLES, other_unit=NOT_FOUND, admin=NOT_FOUND, expert=NOT_FOUND)
APPLICANT_POST = staff(VIEW_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, admin=NOT_FOUND, expert=NOT_FOUND)

RULES = [
    Rule("recruitment:vacancy_list", staff(VIEW_ROLES)),
    Rule("recruitment:vacancy_create", staff(MANAGE_ROLES)),
    # Samarinda's head creates in their own unit, but cannot put Kukar's staff on the panel: the form again.
    Rule(
        "recruitment:vacancy_create",
        staff(MANAGE_ROLES, ok=REDIRECT, other_unit=OK),
        method="POST",
        data=_vacancy_data,
    ),
    Rule("recruitment:recruitment_settings", staff(["HEAD"])),
    Rule(
        "recruitment:recruitment_settings",
        staff(["HEAD"], ok=REDIRECT),
        method="POST",
        data={"retention_days": "400"},
    ),
    Rule("recruitment:vacancy_detail", staff(VIEW_ROLES, other_unit=NOT_FOUND, expert=NOT_FOUND), kwargs=vacancy),
    Rule("recruitment:vacancy_edit", staff(MANAGE_ROLES, other_unit=NOT_FOUND), kwargs=vacancy),
    Rule(
        "recruitment:vacancy_edit",
        staff(MANAGE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND),
        method="POST",
        kwargs=vacancy,
        data=_vacancy_data,
    ),
    Rule("recruitment:application_detail", APPLICANT, kwargs=application),
    Rule("recruitment:application_document", APPLICANT, kwargs=document),
    Rule(
        "recruitment:application_check",
        APPLICANT_POST,
        method="POST",
        kwargs=application,
        data={"req_0": "on", "req_1": "on"},
    ),
    Rule("recruitment:application_score", APPLICANT_POST, method="POST", kwargs=application, data={"test_score": "50"}),
    Rule(
        "recruitment:application_choose",
        staff(["HEAD"], ok=REDIRECT, other_unit=NOT_FOUND),
        method="POST",
        kwargs=application,
    ),
    Rule("rekrutmen:vacancy_list", public(OK)),
    Rule("rekrutmen:vacancy", public(OK), kwargs=vacancy),
    Rule("rekrutmen:thanks", public(OK)),
    Rule("rekrutmen:status", public(OK)),
]
