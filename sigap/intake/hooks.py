"""Hooks of the complaints app: what a higher app does when a complaint reaches a point of its life.

The complaints app stands below the services app (``sigap.assistance``) and may not import it (import
contract, pyproject.toml). When the intake decision is "outreach first", the services app plans the outreach
visit and starts its clock: it registers a callback here at app ready (``AssistanceConfig.ready``) and
``complaint_decide`` calls it inside the decision's transaction, so a refusal there refuses the decision too
(D43 in docs/decisions.md). Without a registered callback the decision is recorded alone.

Likewise when a complaint leaves outreach for identification ("Outreach done: back to identification",
``complaint_outreach_done``): the services app cancels the visits still planned for it, so no clock stays
open for a visit that will not take place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from sigap.accounts.models import User

OutreachDecided = Callable[..., Any]

_OUTREACH_DECIDED: list[OutreachDecided] = []
_OUTREACH_ENDED: list[OutreachDecided] = []
_CASE_OPENED: list[OutreachDecided] = []


def register_outreach_decided(callback: OutreachDecided) -> None:
    """Call ``callback(actor=..., complaint=..., request=...)`` when a complaint is sent to outreach.

    Idempotent: registering the same callback twice (a second ``ready()`` in tests) calls it once.
    """
    if callback not in _OUTREACH_DECIDED:
        _OUTREACH_DECIDED.append(callback)


def outreach_decided(*, actor: User, complaint: Any, request: HttpRequest | None = None) -> None:
    """Run the registered callbacks (in the caller's transaction)."""
    for callback in list(_OUTREACH_DECIDED):
        callback(actor=actor, complaint=complaint, request=request)


def register_outreach_ended(callback: OutreachDecided) -> None:
    """Call ``callback(actor=..., complaint=..., request=...)`` when a complaint leaves outreach for
    identification (idempotent, as :func:`register_outreach_decided`)."""
    if callback not in _OUTREACH_ENDED:
        _OUTREACH_ENDED.append(callback)


def outreach_ended(*, actor: User, complaint: Any, request: HttpRequest | None = None) -> None:
    """Run the registered callbacks (in the caller's transaction, the complaint row locked)."""
    for callback in list(_OUTREACH_ENDED):
        callback(actor=actor, complaint=complaint, request=request)


def register_case_opened(callback: OutreachDecided) -> None:
    """Call ``callback(actor=..., complaint=..., request=...)`` once a complaint's decision opened its case
    (``complaint.case_id`` is set); idempotent, as :func:`register_outreach_decided`."""
    if callback not in _CASE_OPENED:
        _CASE_OPENED.append(callback)


def case_opened(*, actor: User, complaint: Any, request: HttpRequest | None = None) -> None:
    """Run the registered callbacks (in the decision's transaction)."""
    for callback in list(_CASE_OPENED):
        callback(actor=actor, complaint=complaint, request=request)
