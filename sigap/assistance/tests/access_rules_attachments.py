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


def _records(p: Any) -> dict[str, Any]:
    """A case (not sexual violence) with a legal counsellor, a session, a hearing and a mediation."""
    cache: dict[str, Any] = p.__dict__.setdefault("_attachment_records", {})
    if not cache:
        import datetime as dt

        from sigap.assistance.services.legal import HearingData, hearing_add
        from sigap.assistance.services.mediation import MediationOpenData, mediation_open
        from sigap.assistance.services.session import session_plan
        from sigap.assistance.tests.factories import plan_data
        from sigap.assistance.tests.legal_steps import at_prosecution, legal_case

        lc = legal_case(p, sexual=False)
        cache["session"] = session_plan(actor=p["head"], case=lc.case, data=plan_data())
        data = HearingData(starts_at=dt.datetime.now(dt.UTC), court="PN Tenggarong")
        cache["hearing"] = hearing_add(actor=p["head"], track=at_prosecution(p, lc), data=data)
        cm = p["case_manager"]
        opening = MediationOpenData("CUSTODY", "Free decision assessed.", cm, mediator_trained=True)
        cache["mediation"] = mediation_open(actor=cm, case=lc.case, data=opening)
    return cache


def _stay_and_visit(p: Any) -> dict[str, Any]:
    """A case with a shelter stay (the victim and her child) and an outreach visit planned from the case."""
    cache: dict[str, Any] = p.__dict__.setdefault("_attachment_stay_visit", {})
    if not cache:
        from sigap.assistance.tests.outreach_steps import case_visit
        from sigap.assistance.tests.shelter_steps import admit, placed_case, shelter

        beds = shelter(p)
        pc = placed_case(p)
        cache["stay"] = admit(p, pc, beds.family[0], child_bed=beds.family[1])
        cache["visit"] = case_visit(p, pc.case)
    return cache


def stay(p: Any) -> dict[str, Any]:
    return {"stay_id": _stay_and_visit(p)["stay"].pk}


def visit(p: Any) -> dict[str, Any]:
    return {"visit_id": _stay_and_visit(p)["visit"].pk}


def case(p: Any) -> dict[str, Any]:
    return {"case_id": _built(p)["case"].pk}


def general(p: Any) -> dict[str, Any]:
    return {"attachment_id": _built(p)["general"].pk}


def clinical(p: Any) -> dict[str, Any]:
    return {"attachment_id": _built(p)["clinical"].pk}


READ = staff(CASE_ROLES, other_unit=NOT_FOUND)
# A POST without a file: the form's message on the page (200) for everyone who may upload.
NO_FILE = {"document_kind": "EVIDENCE"}

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
    # The documents of a session, a hearing, a mediation: the same readers as their record.
    Rule("assistance:session_attachments", READ, kwargs=lambda p: {"session_id": _records(p)["session"].pk}),
    Rule(
        "assistance:session_attachments",
        READ,
        method="POST",
        kwargs=lambda p: {"session_id": _records(p)["session"].pk},
        data=NO_FILE,
    ),
    Rule("assistance:hearing_attachments", READ, kwargs=lambda p: {"hearing_id": _records(p)["hearing"].pk}),
    Rule(
        "assistance:hearing_attachments",
        READ,
        method="POST",
        kwargs=lambda p: {"hearing_id": _records(p)["hearing"].pk},
        data=NO_FILE,
    ),
    Rule("assistance:mediation_attachments", READ, kwargs=lambda p: {"mediation_id": _records(p)["mediation"].pk}),
    Rule(
        "assistance:mediation_attachments",
        READ,
        method="POST",
        kwargs=lambda p: {"mediation_id": _records(p)["mediation"].pk},
        data=NO_FILE,
    ),
    # The documents of a shelter stay (the HEAD and the case team) and of an outreach visit (as the visit,
    # through its case): the same readers, another unit 404.
    Rule("assistance:stay_attachments", READ, kwargs=stay),
    Rule("assistance:stay_attachments", READ, method="POST", kwargs=stay, data=NO_FILE),
    Rule("assistance:visit_attachments", READ, kwargs=visit),
    Rule("assistance:visit_attachments", READ, method="POST", kwargs=visit, data=NO_FILE),
]
