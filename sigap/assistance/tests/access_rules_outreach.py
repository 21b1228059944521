"""Access rules of the outreach pages (issue #12). A complaint's visits: the intake team and the HEAD (the
case manager and the expert 404: they see a complaint only through its case). A case's visits: the HEAD, the case
manager and the case's experts (the intake officer 404). The unit list: intake and HEAD. Another unit's staff 404.
Empty POSTs answer the form with its errors (200), never a 500. Built once per test and cached on the personas."""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, Rule, staff

COMPLAINT_ROLES = ["INTAKE", "HEAD"]
CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]
VISIT_ROLES = ["INTAKE", "HEAD", "CASE_MANAGER", "EXPERT"]


def _build(p: Any) -> dict[str, Any]:
    from sigap.assistance.tests.outreach_steps import case_visit, complaint_in_outreach
    from sigap.cases.tests.factories import make_case

    complaint, complaint_visit = complaint_in_outreach(p)
    case = make_case(p)
    return {"complaint": complaint, "complaint_visit": complaint_visit, "case": case, "visit": case_visit(p, case)}


def _get(p: Any) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_outreach_access", None)
    if cache is None:
        cache = p.__dict__["_outreach_access"] = _build(p)
    return dict(cache)


COMPLAINT = staff(COMPLAINT_ROLES, other_unit=NOT_FOUND)
CASE = staff(CASE_ROLES, other_unit=NOT_FOUND)
CASE_VISIT = staff(VISIT_ROLES, other_unit=NOT_FOUND, intake=NOT_FOUND)
COMPLAINT_VISIT = staff(VISIT_ROLES, other_unit=NOT_FOUND, case_manager=NOT_FOUND, expert=NOT_FOUND)


def _complaint(p: Any) -> dict[str, Any]:
    return {"complaint_id": _get(p)["complaint"].pk}


def _case(p: Any) -> dict[str, Any]:
    return {"case_id": _get(p)["case"].pk}


def _visit(p: Any) -> dict[str, Any]:
    return {"visit_id": _get(p)["visit"].pk}


def _complaint_visit(p: Any) -> dict[str, Any]:
    return {"visit_id": _get(p)["complaint_visit"].pk}


RULES = [
    Rule("assistance:unit_visits", staff(COMPLAINT_ROLES)),
    Rule("assistance:complaint_visits", COMPLAINT, kwargs=_complaint),
    Rule("assistance:complaint_visit_plan", COMPLAINT, kwargs=_complaint),
    Rule("assistance:complaint_visit_plan", COMPLAINT, method="POST", kwargs=_complaint, data={}),
    Rule("assistance:case_visits", CASE, kwargs=_case),
    Rule("assistance:case_visit_plan", CASE, kwargs=_case),
    Rule("assistance:case_visit_plan", CASE, method="POST", kwargs=_case, data={}),
    Rule("assistance:visit_detail", CASE_VISIT, kwargs=_visit),
    Rule("assistance:visit_detail", COMPLAINT_VISIT, kwargs=_complaint_visit),
    Rule("assistance:visit_record", CASE_VISIT, kwargs=_visit),
    Rule("assistance:visit_record", COMPLAINT_VISIT, method="POST", kwargs=_complaint_visit, data={}),
    Rule("assistance:visit_cancel", CASE_VISIT, method="POST", kwargs=_visit, data={}),
    Rule("assistance:visit_edit", CASE_VISIT, kwargs=_visit),
    Rule("assistance:visit_edit", COMPLAINT_VISIT, kwargs=_complaint_visit),
    Rule("assistance:visit_edit", CASE_VISIT, method="POST", kwargs=_visit, data={}),
]
