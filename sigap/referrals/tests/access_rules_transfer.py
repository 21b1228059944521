"""Access rules of the referrals-in and transfer pages (issue #14).

- Referrals in and the import: the intake officers and the HEAD; another unit's HEAD on her own unit's
  pages. A referral in is read by whoever may read its complaint (a case manager only through its case: 404).
- A transfer: the HEAD and the case's manager (experts 403); carrying out, sending back and downloading
  are the HEAD's; another unit's staff get 404.

Objects are built once per test and cached on the personas object.
"""

from __future__ import annotations

from typing import Any

from sigap.core.testing.access import NOT_FOUND, OK, REDIRECT, Rule, staff

INTAKE = ["INTAKE", "HEAD"]
MANAGE = ["HEAD", "CASE_MANAGER"]


def _build(p: Any, kind: str) -> Any:
    from django.utils import timezone

    from sigap.referrals.services.incoming import IncomingData, incoming_referral_record
    from sigap.referrals.services.transfer.send import Receiver, transfer_propose
    from sigap.referrals.tests.transfer_steps import carried_out, case_with_victim

    if kind == "referral":
        data = IncomingData(
            reference="B/9/2026",
            letter_date=timezone.localdate(),
            received_at=timezone.now(),
            needs_summary="Mohon pendampingan.",
            risk_level="RENDAH",
            partner_name="Polres Kukar",
        )
        case_with_victim(p)  # loads the reference lists
        return incoming_referral_record(actor=p["intake"], data=data)
    if kind == "case":
        return case_with_victim(p)
    if kind == "proposal":
        case = case_with_victim(p)
        return transfer_propose(actor=p["case_manager"], case=case, receiver=Receiver(unit=p.samarinda), reason="x")
    return carried_out(p)[0]


def _get(p: Any, kind: str) -> Any:
    cache = p.__dict__.setdefault("_transfer_access", {})
    if kind not in cache:
        cache[kind] = _build(p, kind)
    return cache[kind]


def referral_of(p: Any) -> dict[str, Any]:
    return {"referral_id": _get(p, "referral").pk}


def case_of(p: Any) -> dict[str, Any]:
    return {"case_id": _get(p, "case").pk}


def proposal_of(p: Any) -> dict[str, Any]:
    return {"transfer_id": _get(p, "proposal").pk}


def done_of(p: Any) -> dict[str, Any]:
    return {"transfer_id": _get(p, "done").pk, "kind": "xlsx"}


RULES = [
    Rule("referrals:incoming_create", staff(INTAKE)),
    Rule("referrals:package_import", staff(INTAKE)),
    # An empty import: refused on the form (200), never a 500.
    Rule("referrals:package_import", staff(INTAKE), method="POST", data={}),
    Rule(
        "referrals:incoming_detail",
        staff([*INTAKE, "CASE_MANAGER"], other_unit=NOT_FOUND, case_manager=NOT_FOUND),
        kwargs=referral_of,
    ),
    # A referral typed in has no document: the allowed readers are sent back to it with a message.
    Rule(
        "referrals:incoming_document",
        staff([*INTAKE, "CASE_MANAGER"], ok=REDIRECT, other_unit=NOT_FOUND, case_manager=NOT_FOUND),
        kwargs=referral_of,
    ),
    Rule("referrals:transfer_start", staff(MANAGE, other_unit=NOT_FOUND), kwargs=case_of),
    Rule("referrals:transfer_detail", staff(MANAGE, other_unit=NOT_FOUND), kwargs=proposal_of),
    Rule("referrals:transfer_send_back", staff(["HEAD"], other_unit=NOT_FOUND), kwargs=proposal_of),
    # The HEAD carries the proposal out (the page with the password); nobody else may.
    Rule("referrals:transfer_approve", staff(["HEAD"], other_unit=NOT_FOUND), method="POST", kwargs=proposal_of),
    Rule("referrals:transfer_download", staff(["HEAD"], other_unit=NOT_FOUND), kwargs=done_of),
]

__all__ = ["OK", "RULES"]
