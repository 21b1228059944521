"""Access rules of the partner portal (issue #14): PARTNER only (every other role 403); of the partner users,
only Kukar BAZNAS's (``partner``) opens the referral sent to BAZNAS: Kukar's other organisation (``partner_b``)
and Samarinda's partner user get 404. A referral whose grant ended (withdrawn) is a 404 for everyone."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.core.testing.access import NOT_FOUND, OK, REDIRECT, Rule, staff

ROLES = ["PARTNER"]


def _get(p: Any) -> dict[str, Any]:
    cache = p.__dict__.get("_portal_access")
    if cache is None:
        from sigap.core.tests.files_samples import PDF
        from sigap.referrals.services import referral_withdraw
        from sigap.referrals.services.documents import referral_document_upload
        from sigap.referrals.tests.steps import sent

        referral = sent(p)
        upload = SimpleUploadedFile("laporan.pdf", PDF, content_type="application/pdf")
        document = referral_document_upload(
            actor=p["partner"], referral=referral, upload=upload, original_name="laporan.pdf", title="Report"
        )
        ended = sent(p, case=referral.case)
        referral_withdraw(actor=p["case_manager"], referral=ended, reason="The victim moved away.")
        cache = p.__dict__["_portal_access"] = {"referral": referral, "document": document, "ended": ended}
    return dict(cache)


def _referral(p: Any) -> dict[str, Any]:
    return {"referral_id": _get(p)["referral"].pk}


def _ended(p: Any) -> dict[str, Any]:
    return {"referral_id": _get(p)["ended"].pk}


def _document(p: Any) -> dict[str, Any]:
    return {**_referral(p), "document_id": _get(p)["document"].pk}


def _step(p: Any) -> dict[str, Any]:
    return {**_referral(p), "step": "terima"}


def _partner_user(p: Any) -> dict[str, Any]:
    return {"user_id": p["partner"].pk}


# The referral's own partner user reads it; the other organisation of the unit and Samarinda's get 404.
READ = staff(ROLES, other_unit=NOT_FOUND, partner_b=NOT_FOUND)
POST = staff(ROLES, ok=REDIRECT, other_unit=NOT_FOUND, partner_b=NOT_FOUND)
ENDED = staff(ROLES, ok=NOT_FOUND)

RULES = [
    # Each partner user sees the list of their own organisation.
    Rule("portal:referral_list", staff(ROLES)),
    Rule("portal:referral", READ, kwargs=_referral),
    Rule("portal:referral", ENDED, kwargs=_ended),
    Rule("portal:document_add", READ, kwargs=_referral),
    # An empty POST: the form's errors on the page (200), never a 500.
    Rule("portal:document_add", READ, method="POST", kwargs=_referral, data={}),
    Rule("portal:document", READ, kwargs=_document),
    # The first allowed POST records the acceptance; the next ones are refused with a message: a redirect each.
    Rule("portal:step", POST, method="POST", kwargs=_step),
    Rule("portal:step", ENDED, method="POST", kwargs=lambda p: {**_ended(p), "step": "terima"}),
    # The unit's side: the case's HEAD and case manager download the partner's document; Samarinda's staff 404.
    Rule("referrals:referral_document", staff(["HEAD", "CASE_MANAGER"], other_unit=NOT_FOUND), kwargs=_document),
    # The unit administrator links a partner user to an organisation (other roles 403).
    Rule("partners:partner_user_edit", staff(["UNIT_ADMIN"]), kwargs=_partner_user),
    Rule("partners:partner_user_edit", staff(["UNIT_ADMIN"], ok=OK), method="POST", kwargs=_partner_user, data={}),
]
