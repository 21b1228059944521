"""Access rules of the empowerment pages (AC-01).

The case's section is read by the HEAD, the case manager and the expert of the case's team; its forms are for the
HEAD and the case manager (an expert 403); the "goals achieved" override and the unit's settings for the HEAD
only; another unit's staff get 404 on Kukar's case pages. Built once per test through the services and cached on
the personas object: a Kukar case with a scheduled follow-up and a programme.
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, Rule, staff

CASE_ROLES = ["HEAD", "CASE_MANAGER", "EXPERT"]
MANAGERS = ["HEAD", "CASE_MANAGER"]


def _built(p: Any) -> dict[str, Any]:
    cache = p.__dict__.setdefault("_empowerment_access", {})
    if not cache:
        from sigap.cases.tests.factories import make_case, victim_data
        from sigap.empowerment.services.programme import programme_add
        from sigap.empowerment.services.schedule import schedule_open

        case = make_case(p, victim=victim_data())
        cache["case"] = case
        cache["follow_up"] = schedule_open(actor=p["head"], case=case)[0]
        from sigap.partners.models import Partner

        training = Partner.objects.filter(unit=p.kukar, kind="MANPOWER").order_by("pk").first()
        cache["programme"] = programme_add(actor=p["head"], case=case, kind="TRAINING", partner=training)
    return cache


def case(p: Any) -> dict[str, Any]:
    return {"case_id": _built(p)["case"].pk}


def follow_up(p: Any) -> dict[str, Any]:
    return {"follow_up_id": _built(p)["follow_up"].pk}


def programme(p: Any) -> dict[str, Any]:
    return {"programme_id": _built(p)["programme"].pk}


READ = staff(CASE_ROLES, other_unit=NOT_FOUND)
MANAGE = staff(MANAGERS, other_unit=NOT_FOUND)
HEAD_ONLY = staff(["HEAD"], other_unit=NOT_FOUND)

RULES = [
    Rule("empowerment:case_empowerment", READ, kwargs=case),
    Rule("empowerment:needs_edit", MANAGE, kwargs=case),
    # An empty POST of a form: its errors (or nothing to save) answered 200, never a 500.
    Rule("empowerment:programme_create", MANAGE, kwargs=case),
    Rule("empowerment:programme_create", MANAGE, method="POST", kwargs=case, data={"kind": ""}),
    Rule("empowerment:programme_edit", MANAGE, kwargs=programme),
    # The programme's referral (D82): the referral form, sent by the referral service.
    Rule("empowerment:programme_refer", MANAGE, kwargs=programme),
    Rule("empowerment:programme_refer", MANAGE, method="POST", kwargs=programme, data={"victim": ""}),
    Rule("empowerment:goals_override", HEAD_ONLY, kwargs=case),
    Rule("empowerment:goals_override", HEAD_ONLY, method="POST", kwargs=case, data={"reason": ""}),
    Rule("empowerment:follow_up_add", MANAGE, kwargs=case),
    Rule("empowerment:follow_up_record", MANAGE, kwargs=follow_up),
    Rule("empowerment:follow_up_record", MANAGE, method="POST", kwargs=follow_up, data={"mode": ""}),
    Rule("empowerment:follow_ups_due", staff(MANAGERS)),
    Rule("empowerment:settings", staff(["HEAD"])),
    Rule("empowerment:settings", staff(["HEAD"]), method="POST", data={"schedule": "x"}),
]
