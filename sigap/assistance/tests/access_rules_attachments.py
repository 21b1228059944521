"""Access rules of the attachment pages (AC-01): the HEAD and the case team; 404 for another unit, for
staff not on the team and for a field group the user does not read.

Built once per test and cached on the personas object: a case with the case manager and the expert on
its team, a GENERAL attachment uploaded by the case manager and a CLINICAL one uploaded by the expert.
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import FORBIDDEN, NOT_FOUND, Rule, staff

CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]


def _built(p: Any) -> dict[str, Any]:
    cache: dict[str, Any] = p.__dict__.setdefault("_attachments_access", {})
    if not cache:
        from sigap.assistance.tests.attachment_steps import upload
        from sigap.cases.tests.factories import make_case

        case = make_case(p)
        cache["case"] = case
        cache["general"] = upload(p, "case_manager", case)
        cache["clinical"] = upload(p, "expert", case, group="CLINICAL", kind="PSYCHOLOGICAL_REPORT")
    return cache


def case(p: Any) -> dict[str, Any]:
    return {"case_id": _built(p)["case"].pk}


def general(p: Any) -> dict[str, Any]:
    return {"attachment_id": _built(p)["general"].pk}


def clinical(p: Any) -> dict[str, Any]:
    return {"attachment_id": _built(p)["clinical"].pk}


READ = staff(CASE_ROLES, other_unit=NOT_FOUND)

RULES = [
    Rule("assistance:case_attachments", READ, kwargs=case),
    # A POST without a file: the form answers with its message (200) to everyone who may upload.
    Rule("assistance:case_attachments", READ, method="POST", kwargs=case, data={"document_kind": "EVIDENCE"}),
    Rule("assistance:attachment_download", READ, kwargs=general),
    Rule(
        "assistance:attachment_download",
        staff(CASE_ROLES, other_unit=NOT_FOUND, case_manager=NOT_FOUND),
        kwargs=clinical,
    ),
    # Removal: the uploader (the case manager), the case manager and the HEAD; the expert may read it, not remove it.
    Rule("assistance:attachment_remove", staff(CASE_ROLES, other_unit=NOT_FOUND, expert=FORBIDDEN), kwargs=general),
    Rule(
        "assistance:attachment_remove",
        staff(CASE_ROLES, other_unit=NOT_FOUND, expert=FORBIDDEN),
        method="POST",
        kwargs=general,
        data={"reason": ""},
    ),
    # The expert's clinical report: hers to remove; the case manager does not even see it.
    Rule(
        "assistance:attachment_remove", staff(CASE_ROLES, other_unit=NOT_FOUND, case_manager=NOT_FOUND), kwargs=clinical
    ),
]
