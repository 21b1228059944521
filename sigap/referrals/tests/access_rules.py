"""Access rules of the referral pages (issue #14): the HEAD and the case manager of the case; other roles 403
(the case's expert too: referring is the case manager's work); another unit's staff 404 on Kukar's case and
referral. One adult case with a referral sent under consent, built once per test and cached on the personas."""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, REDIRECT, Rule, staff

ROLES = ["HEAD", "CASE_MANAGER"]


def _get(p: Any) -> dict[str, Any]:
    cache = p.__dict__.get("_referral_access")
    if cache is None:
        from sigap.referrals.tests.steps import sent

        referral = sent(p)
        cache = p.__dict__["_referral_access"] = {"case": referral.case, "referral": referral}
    return dict(cache)


def _case(p: Any) -> dict[str, Any]:
    return {"case_id": _get(p)["case"].pk}


def _referral(p: Any) -> dict[str, Any]:
    return {"referral_id": _get(p)["referral"].pk}


def _step(p: Any) -> dict[str, Any]:
    return {**_referral(p), "step": "terima"}


READ = staff(ROLES, other_unit=NOT_FOUND)
POST = staff(ROLES, ok=REDIRECT, other_unit=NOT_FOUND)

RULES = [
    Rule("referrals:referral_list", staff(ROLES)),
    Rule("referrals:case_referrals", READ, kwargs=_case),
    Rule("referrals:referral_create", READ, kwargs=_case),
    # An empty POST: the form's errors on the page (200), never a 500.
    Rule("referrals:referral_create", READ, method="POST", kwargs=_case, data={}),
    Rule("referrals:referral_detail", READ, kwargs=_referral),
    Rule("referrals:referral_go", POST, kwargs=_referral),
    Rule("referrals:referral_letter", READ, kwargs=_referral),
    # The first allowed POST records the acceptance; the next ones are refused with a message: a redirect each.
    Rule("referrals:referral_step", POST, method="POST", kwargs=_step),
]
