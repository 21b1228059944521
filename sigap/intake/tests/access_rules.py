"""Access rules of the complaint pages (AC-01). Complaints of another unit answer 404.

Object pages use a complaint of Kukar recorded by the ``intake`` persona. For POST steps that
change the state, ``fresh_*`` builds a new complaint for each persona, so every persona meets the
same starting state. The public pages (/lapor/) are checked by GET here; their POSTs (rate limit,
honeypot) are tested in ``test_public_report.py``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sigap.core.testing.access import NOT_FOUND, OK, REDIRECT, Rule, public, staff

INTAKE_ROLES = ["INTAKE", "HEAD"]
READ = staff(INTAKE_ROLES, other_unit=NOT_FOUND)
# The complaint page also admits a case manager or an expert, but only through the case the complaint
# became (its team): for a complaint without a case, or a case they are not on, the answer is 404.
DETAIL_ROLES = [*INTAKE_ROLES, "CASE_MANAGER", "EXPERT"]
DETAIL = staff(DETAIL_ROLES, other_unit=NOT_FOUND, case_manager=NOT_FOUND, expert=NOT_FOUND)
# A complaint that became a case whose manager is the ``case_manager`` persona (the expert is not on it).
DETAIL_OF_CASE = staff(DETAIL_ROLES, other_unit=NOT_FOUND, expert=NOT_FOUND)
STEP = staff(INTAKE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND)


def _kukar(p: Any) -> Any:
    cache = p.__dict__.setdefault("_intake_access", {})
    if "queue" not in cache:
        from sigap.intake.tests.factories import make_complaint

        cache["queue"] = make_complaint(p)
    return cache["queue"]


def queued(p: Any) -> dict[str, Any]:
    return {"complaint_id": _kukar(p).pk}


def became_case(p: Any) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_intake_access", {})
    if "case" not in cache:
        from sigap.cases.models import Case, TeamRole
        from sigap.cases.services.team import case_team_assign
        from sigap.intake.models import Decision
        from sigap.intake.services.decision import complaint_decide
        from sigap.intake.tests.factories import make_complaint, triaged

        complaint = triaged(p, make_complaint(p))
        complaint = complaint_decide(actor=p["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
        case = Case.objects.get(pk=complaint.case_id)
        case_team_assign(actor=p["head"], case=case, user=p["case_manager"], team_role=TeamRole.CASE_MANAGER)
        cache["case"] = complaint
    return {"complaint_id": cache["case"].pk}


def fresh_received(p: Any) -> dict[str, Any]:
    from sigap.intake.tests.factories import make_in_state

    return {"complaint_id": make_in_state(p, "ADUAN_MASUK").pk}


def fresh_identification(p: Any) -> dict[str, Any]:
    from sigap.intake.tests.factories import make_in_state

    return {"complaint_id": make_in_state(p, "IDENTIFIKASI").pk}


def fresh_outreach(p: Any) -> dict[str, Any]:
    from sigap.intake.tests.factories import make_in_state

    return {"complaint_id": make_in_state(p, "PENJANGKAUAN").pk}


def record_data(p: Any) -> dict[str, Any]:
    from sigap.intake.tests.factories import ensure_reference

    ensure_reference()
    return {
        "channel": "TELEPON",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "reporter_type": "ANONIM",
        "account": "Matrix test account.",
        "risk_level": "RENDAH",
    }


def triage_data(p: Any) -> dict[str, Any]:
    return {"category": "KTP", "risk_level": "SEDANG", "risk_criteria": ["ANCAMAN"], "jurisdiction": "UNIT_INI"}


def assign_data(p: Any) -> dict[str, Any]:
    return {"handler": p["intake"].pk}


RULES = [
    Rule("intake:complaint_list", staff(INTAKE_ROLES)),
    Rule("intake:complaint_create", staff(INTAKE_ROLES)),
    Rule("intake:complaint_create", staff(INTAKE_ROLES, ok=REDIRECT), method="POST", data=record_data),
    Rule("intake:intake_settings", staff(["HEAD"])),
    Rule(
        "intake:intake_settings",
        staff(["HEAD"], ok=REDIRECT),
        method="POST",
        data={"high_risk_minutes": "45", "medium_risk_hours": "4", "low_risk_working_days": "2"},
    ),
    Rule("intake:complaint_detail", DETAIL, kwargs=queued),
    Rule("intake:complaint_detail", DETAIL_OF_CASE, kwargs=became_case),
    Rule("intake:complaint_take", STEP, method="POST", kwargs=fresh_received),
    Rule("intake:complaint_triage", READ, kwargs=queued),
    Rule("intake:complaint_triage", STEP, method="POST", kwargs=fresh_identification, data=triage_data),
    Rule("intake:complaint_decide", READ, kwargs=queued),
    Rule(
        "intake:complaint_decide",
        STEP,
        method="POST",
        kwargs=fresh_identification,
        data={"decision": "TUTUP", "close_reason": "KONSULTASI"},
    ),
    Rule("intake:complaint_outreach_done", STEP, method="POST", kwargs=fresh_outreach),
    Rule("intake:complaint_contact_attempt", READ, kwargs=queued),
    Rule(
        "intake:complaint_contact_attempt",
        STEP,
        method="POST",
        kwargs=queued,
        data=lambda p: {"kind": "TIDAK_DIANGKAT", "attempted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    ),
    Rule(
        "intake:complaint_assign",
        staff(["HEAD"], ok=REDIRECT, other_unit=NOT_FOUND),
        method="POST",
        kwargs=fresh_identification,
        data=assign_data,
    ),
    Rule("lapor:report", public(OK)),
    Rule("lapor:status", public(OK)),
    Rule("lapor:thanks", public(OK)),
]
