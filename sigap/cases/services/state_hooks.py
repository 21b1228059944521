"""The "state changed" registry of the case state machine.

Apps above the case file react to a case entering or leaving a state (the empowerment app opens the follow-up
schedule when a case enters ``PEMANTAUAN``) without the case file importing them (docs/architecture.md, the
floors). A hook is ``fn(*, actor, case, old_state, new_state) -> None``, registered from ``AppConfig.ready()``
and called by every transition service (``lifecycle._move``, closure approval, reopening) **inside the
transition's transaction**, on the locked case row, after its history and audit event are written: a hook that
raises undoes the transition.
"""

from __future__ import annotations

from typing import Protocol

from sigap.accounts.models import User
from sigap.cases.models import Case


class StateHook(Protocol):
    def __call__(self, *, actor: User, case: Case, old_state: str, new_state: str) -> None: ...


_STATE_HOOKS: list[StateHook] = []


def register_state_changed(hook: StateHook) -> None:
    """Call ``hook`` on every state change (idempotent: ``ready()`` may run more than once in tests)."""
    if hook not in _STATE_HOOKS:
        _STATE_HOOKS.append(hook)


def unregister_state_changed(hook: StateHook) -> None:
    """Remove a hook (tests only)."""
    if hook in _STATE_HOOKS:
        _STATE_HOOKS.remove(hook)


def state_changed(*, actor: User, case: Case, old_state: str, new_state: str) -> None:
    """Run the registered hooks (inside the caller's transaction)."""
    for hook in list(_STATE_HOOKS):
        hook(actor=actor, case=case, old_state=old_state, new_state=new_state)
