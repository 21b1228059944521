"""Hooks called upward from the referral steps (docs/architecture.md, "Arrows that point up").

An app above referrals (empowerment: a programme delivered through a referral, D82) registers a function from its
``AppConfig.ready()``; every step of a referral (accepted, declined, service given, done, withdrawn) calls the hooks
inside the step's transaction, after the history row and the audit event are written, so a hook that raises undoes
the step. The actor may be staff or, through the partner portal, a partner's user: a hook does not check the
actor's rights (the step already did).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.referrals.models import Referral

ReferralStepHook = Callable[["Referral", str, "User", HttpRequest | None], None]

REFERRAL_STEP_HOOKS: list[ReferralStepHook] = []


def register_referral_step(hook: ReferralStepHook) -> None:
    """Add ``hook(referral, status, actor, request)``; registering the same function twice adds it once."""
    if hook not in REFERRAL_STEP_HOOKS:
        REFERRAL_STEP_HOOKS.append(hook)


def referral_stepped(referral: Referral, status: str, actor: User, request: HttpRequest | None) -> None:
    for hook in REFERRAL_STEP_HOOKS:
        hook(referral, status, actor, request)
