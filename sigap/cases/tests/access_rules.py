"""Access rules of the case pages (AC-01). Object pages: 404 for another unit and for staff not on the team.

Cases are built once per test through the services and cached on the personas object:
- ``team``: case_manager and expert on the team, a victim recorded;
- ``expert_only``: only the expert on the team (the case manager is not: 404 for them);
- ``restricted``: restricted, case_manager on the team (the HEAD is redirected to break-glass);
- ``closed``: closed by the HEAD (reopen page);
- ``closure_pending``: closure requested by the case manager (the HEAD's "send back" confirmation);
- ``link_request``: a case with a pending request to link the victim of a restricted case.
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import FORBIDDEN, NOT_FOUND, OK, REDIRECT, Rule, staff

CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]


def _case(p: Any, kind: str) -> Any:
    cache = p.__dict__.setdefault("_cases_access", {})
    if kind not in cache:
        from sigap.cases.services.closure import case_approve_closure, case_request_closure
        from sigap.cases.tests.factories import make_case, victim_data

        if kind == "team":
            cache[kind] = make_case(p, victim=victim_data())
        elif kind == "expert_only":
            cache[kind] = make_case(p, manager=None, experts=("expert",))
        elif kind == "restricted":
            cache[kind] = make_case(p, restricted=True, experts=())
        elif kind == "link_request":
            from sigap.cases.models.people import Person
            from sigap.cases.services.link import person_link_request_create

            make_case(p, manager=None, experts=(), restricted=True, victim=victim_data())
            case = make_case(p)
            person = Person.objects.filter(case_links__case__restricted=True).first()
            link = person_link_request_create(actor=p["case_manager"], case=case, person=person, role="WITNESS")
            cache[kind] = (case, link)
        elif kind == "closure_pending":
            case = make_case(p, victim=victim_data(nik="", phone=""))
            cache[kind] = case_request_closure(
                actor=p["case_manager"], case=case, reason="MENINGGAL_DUNIA", summary="-"
            )
        elif kind == "closed":
            case = make_case(p, victim=victim_data(nik="", phone=""))
            case = case_request_closure(actor=p["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
            cache[kind] = case_approve_closure(actor=p["head"], case=case)
    return cache[kind]


def team(p: Any) -> dict[str, Any]:
    return {"case_id": _case(p, "team").pk}


def expert_only(p: Any) -> dict[str, Any]:
    return {"case_id": _case(p, "expert_only").pk}


def restricted(p: Any) -> dict[str, Any]:
    return {"case_id": _case(p, "restricted").pk}


def link_request(p: Any) -> dict[str, Any]:
    case, link = _case(p, "link_request")
    return {"case_id": case.pk, "request_id": link.pk}


def team_victim(p: Any) -> dict[str, Any]:
    from sigap.cases.models.people import CasePerson

    case = _case(p, "team")
    return {"case_id": case.pk, "link_id": CasePerson.objects.get(case=case, role="VICTIM").pk}


def closed(p: Any) -> dict[str, Any]:
    return {"case_id": _case(p, "closed").pk}


def closure_pending(p: Any) -> dict[str, Any]:
    return {"case_id": _case(p, "closure_pending").pk, "action": "reject_closure"}


def revise_team(p: Any) -> dict[str, Any]:
    return {"case_id": _case(p, "team").pk, "action": "revise_assessment"}


# Read pages of a case: the team and the HEAD; another unit and staff not on the team get 404.
READ = staff(CASE_ROLES, other_unit=NOT_FOUND)
# Pages of the HEAD and the case manager: a read-only expert on the team gets 403.
MANAGE = staff(CASE_ROLES, other_unit=NOT_FOUND, expert=FORBIDDEN)
MANAGE_POST = staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, expert=FORBIDDEN)

RULES = [
    Rule("cases:case_list", staff(CASE_ROLES)),
    Rule("cases:case_list", staff(CASE_ROLES), method="POST", data={"find-nik": "6402014507100001"}),
    Rule("cases:case_open", staff(["HEAD", "CASE_MANAGER"])),
    Rule(
        "cases:case_open",
        staff(["HEAD", "CASE_MANAGER"], ok=REDIRECT),
        method="POST",
        data={"category": "KTP", "risk_level": "TINGGI"},
    ),
    Rule("cases:case_detail", READ, kwargs=team),
    Rule("cases:case_detail", staff(CASE_ROLES, other_unit=NOT_FOUND, case_manager=NOT_FOUND), kwargs=expert_only),
    Rule(
        "cases:case_detail",
        staff(CASE_ROLES, other_unit=NOT_FOUND, head=REDIRECT, expert=NOT_FOUND),
        kwargs=restricted,
    ),
    Rule("cases:case_timeline", READ, kwargs=team),
    Rule("cases:case_timeline", staff(CASE_ROLES, other_unit=NOT_FOUND, case_manager=NOT_FOUND), kwargs=expert_only),
    Rule("cases:case_summary", READ, kwargs=team),
    Rule(
        "cases:case_summary",
        staff(CASE_ROLES, other_unit=NOT_FOUND, head=NOT_FOUND, expert=NOT_FOUND),
        kwargs=restricted,
    ),
    Rule("cases:case_transition", MANAGE_POST, method="POST", kwargs=team, data={"action": "start_assessment"}),
    Rule("cases:case_request_closure", MANAGE, kwargs=team),
    # Sending a closure back is the HEAD's (a confirmation page with a required comment).
    Rule(
        "cases:case_step_confirm",
        staff(CASE_ROLES, other_unit=NOT_FOUND, case_manager=FORBIDDEN, expert=FORBIDDEN),
        kwargs=closure_pending,
    ),
    # A step back is the manager's; not possible outside monitoring: back to the case page with a message.
    Rule("cases:case_step_confirm", MANAGE_POST, kwargs=revise_team),
    Rule("cases:case_edit", MANAGE, kwargs=team),
    Rule("cases:case_contact_rule", MANAGE, kwargs=team),
    Rule(
        "cases:case_contact_rule",
        MANAGE_POST,
        method="POST",
        kwargs=team,
        data={"contact_calls": "PESAN_SAJA", "contact_rule": "WhatsApp only."},
    ),
    Rule("cases:case_reopen", MANAGE, kwargs=closed),
    Rule("cases:case_break_glass", staff(["HEAD"], other_unit=NOT_FOUND), kwargs=restricted),
    Rule("cases:case_break_glass", staff(["HEAD"], other_unit=NOT_FOUND, head=NOT_FOUND), kwargs=team),
    Rule(
        "cases:case_team",
        staff(CASE_ROLES, other_unit=NOT_FOUND, case_manager=FORBIDDEN, expert=FORBIDDEN),
        kwargs=team,
    ),
    Rule("cases:case_person_add", MANAGE, kwargs=team),
    # Correcting or removing a person: the HEAD and the case manager; an expert on the team gets 403.
    Rule("cases:case_person_edit", MANAGE, kwargs=team_victim),
    Rule("cases:case_person_remove", MANAGE, kwargs=team_victim),
    Rule(
        "cases:case_person_remove",
        staff(CASE_ROLES, ok=OK, other_unit=NOT_FOUND, expert=FORBIDDEN),
        method="POST",
        kwargs=team_victim,
        data={"reason": ""},
    ),
    # Only the HEAD decides on a person-link request (finding 1); the team gets 403.
    Rule(
        "cases:case_person_link_decide",
        staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND, case_manager=FORBIDDEN, expert=FORBIDDEN),
        method="POST",
        kwargs=link_request,
        data={"decision": "refuse"},
    ),
    Rule("cases:case_note_create", staff(CASE_ROLES, other_unit=NOT_FOUND), kwargs=team),
    Rule(
        "cases:case_note_create",
        staff(CASE_ROLES, ok=REDIRECT, other_unit=NOT_FOUND),
        method="POST",
        kwargs=team,
        data={"body": "A note.", "confidentiality": "TEAM"},
    ),
]

__all__ = ["RULES", "OK"]
