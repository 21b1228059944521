"""Access rules of the casework pages (incidents, consent, assessment, plan).

Cases are built through the services once per test and cached on the personas object:
- ``cw``: case_manager and expert on the team, an adult victim, consent, an incident, in assessment with
  an assessment in progress whose PSYCHOLOGICAL section is assigned to the expert;
- ``planning``: in the intervention-plan step with a draft plan holding one service;
- ``intervention``: in intervention with an approved plan (one service delivered by a partner agency);
- ``no_expert``: the expert is not on the team (their answer is 404, as for another unit).
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Rule, staff

CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]


def _build(p: Any, kind: str) -> dict[str, Any]:
    import datetime as dt

    from django.utils import timezone

    from sigap.cases.models import CaseState
    from sigap.cases.models.plan import PlanItem
    from sigap.cases.services.assessment import assessment_section_assign, latest_assessment
    from sigap.cases.services.incident import IncidentData, incident_record
    from sigap.cases.services.plan import plan_item_add, plan_save
    from sigap.cases.tests.casework_steps import victims, walk_to
    from sigap.cases.tests.factories import make_case, victim_data

    manager = p["case_manager"]
    if kind == "no_expert":
        case = make_case(p, experts=(), victim=victim_data())
        return {"case": case}
    case = make_case(p, victim=victim_data())
    if kind == "cw":
        case = walk_to(case, CaseState.ASESMEN)
        incident = incident_record(
            actor=manager,
            case=case,
            data=IncidentData(
                victim=victims(case)[0],
                date_from=timezone.localdate() - dt.timedelta(days=3),
                place="RUMAH_TANGGA",
                account="Access-matrix account.",
                violence_types=["FISIK"],
                gbv_type="PHYSICAL_ASSAULT",
            ),
        )
        assessment = latest_assessment(case)  # started with the step
        assert assessment is not None
        assessment_section_assign(actor=manager, assessment=assessment, area="PSYCHOLOGICAL", expert=p["expert"])
        consent = case.consents.get()
        return {"case": case, "incident": incident, "consent": consent}
    if kind == "planning":
        case = walk_to(case, CaseState.RENCANA_INTERVENSI)
        plan = plan_save(actor=manager, case=case, goals="Goals.", made_with_victim=True, made_with_victim_how="Met.")
        item = plan_item_add(
            actor=manager,
            plan=plan,
            service="KESEHATAN",
            target_date=timezone.localdate() + dt.timedelta(days=7),
            provider_agency="Puskesmas",
        )
        return {"case": case, "item": item}
    case = walk_to(case, CaseState.INTERVENSI)
    return {"case": case, "item": PlanItem.objects.get(plan__case=case)}


def _get(p: Any, kind: str) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_casework_access", {})
    if kind not in cache:
        cache[kind] = _build(p, kind)
    return dict(cache[kind])


def case_of(kind: str) -> Any:
    return lambda p: {"case_id": _get(p, kind)["case"].pk}


def incident(p: Any) -> dict[str, Any]:
    found = _get(p, "cw")
    return {"case_id": found["case"].pk, "incident_id": found["incident"].pk}


def consent(p: Any) -> dict[str, Any]:
    found = _get(p, "cw")
    return {"case_id": found["case"].pk, "consent_id": found["consent"].pk}


def section(area: str) -> Any:
    return lambda p: {"case_id": _get(p, "cw")["case"].pk, "area": area}


def item(kind: str) -> Any:
    return lambda p: {"case_id": _get(p, kind)["case"].pk, "item_id": _get(p, kind)["item"].pk}


def fresh_item(p: Any) -> dict[str, Any]:
    """A draft-plan service that still exists: each allowed persona's POST removes the one it is given."""
    import datetime as dt

    from django.utils import timezone

    from sigap.cases.models.plan import PlanItem
    from sigap.cases.services.plan import plan_item_add

    found = _get(p, "planning")
    if not PlanItem.objects.filter(pk=found["item"].pk).exists():
        p.__dict__["_casework_access"]["planning"]["item"] = plan_item_add(
            actor=p["case_manager"],
            plan=found["item"].plan,
            service="KESEHATAN",
            target_date=timezone.localdate() + dt.timedelta(days=7),
            provider_agency="Puskesmas",
        )
    return item("planning")(p)  # type: ignore[no-any-return]


READ = staff(CASE_ROLES, other_unit=NOT_FOUND)
READ_NO_EXPERT = staff(CASE_ROLES, other_unit=NOT_FOUND, expert=NOT_FOUND)
MANAGE = staff(CASE_ROLES, other_unit=NOT_FOUND, expert=FORBIDDEN)
MANAGE_POST = staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, expert=FORBIDDEN)
CW, PLANNING, INTERVENTION = case_of("cw"), case_of("planning"), case_of("intervention")

RULES = [
    Rule("cases:incident_create", MANAGE, kwargs=CW),
    Rule("cases:incident_detail", READ, kwargs=incident),
    Rule("cases:incident_edit", MANAGE, kwargs=incident),
    Rule("cases:consent_create", MANAGE, kwargs=CW),
    Rule("cases:consent_withdraw", MANAGE_POST, method="POST", kwargs=consent, data={"withdrawn_on": ""}),
    Rule("cases:assessment_detail", READ, kwargs=CW),
    Rule("cases:assessment_detail", READ_NO_EXPERT, kwargs=case_of("no_expert")),
    Rule("cases:assessment_start", MANAGE_POST, method="POST", kwargs=CW),
    Rule(
        "cases:assessment_assign",
        MANAGE_POST,
        method="POST",
        kwargs=CW,
        data={"area": "LEGAL", "expert": ""},
    ),
    Rule("cases:assessment_complete", MANAGE_POST, method="POST", kwargs=CW, data={"risk_level": "TINGGI"}),
    # An unassigned section: the HEAD and the case manager write it; the expert may not (403).
    Rule("cases:assessment_section", MANAGE, kwargs=section("SOCIAL")),
    # The expert's own section: only the expert writes it.
    Rule(
        "cases:assessment_section",
        staff(CASE_ROLES, other_unit=NOT_FOUND, head=FORBIDDEN, case_manager=FORBIDDEN),
        kwargs=section("PSYCHOLOGICAL"),
    ),
    Rule("cases:plan_detail", READ, kwargs=PLANNING),
    Rule("cases:plan_detail", READ_NO_EXPERT, kwargs=case_of("no_expert")),
    Rule("cases:plan_edit", MANAGE, kwargs=PLANNING),
    Rule("cases:plan_item_add", MANAGE, kwargs=PLANNING),
    Rule("cases:plan_item_remove", MANAGE_POST, method="POST", kwargs=fresh_item),
    Rule("cases:plan_item_status", MANAGE, kwargs=item("intervention")),
    Rule("cases:plan_submit", MANAGE_POST, method="POST", kwargs=PLANNING),
    Rule(
        "cases:plan_decide",
        staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, case_manager=FORBIDDEN, expert=FORBIDDEN),
        method="POST",
        kwargs=PLANNING,
        data={"decision": "return", "comment": "More detail."},
    ),
    Rule(
        "cases:consent_create", staff(CASE_ROLES, other_unit=NOT_FOUND, expert=NOT_FOUND), kwargs=case_of("no_expert")
    ),
]

__all__ = ["RULES", "OK"]
