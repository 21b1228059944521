"""Guards of the case state machine: one named hook per transition.

A guard is ``fn(case) -> str | None``: ``None`` lets the transition through, a string refuses it and
is shown to the user (a short, translated sentence). The services call :func:`check_guards` before
every transition, inside their transaction, on the locked case row.

The next issues plug their rules in from their ``AppConfig.ready()``::

    from sigap.cases.rules.guards import START_ASSESSMENT, register_guard
    register_guard(START_ASSESSMENT, consent_recorded_guard)

Planned plug-ins (see the report of the case-file issue): consent recorded before assessment
(START_ASSESSMENT, domain.md §D4), assessment completed (START_PLANNING), intervention plan approved by
the HEAD (START_INTERVENTION), open service tracks finished or handed over (REQUEST_CLOSURE).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.selectors.view import page_rows

Guard = Callable[[Case], "str | None"]

START_ASSESSMENT = "start_assessment"
START_PLANNING = "start_planning"
START_INTERVENTION = "start_intervention"
START_MONITORING = "start_monitoring"
REVISE = "revise"
REQUEST_CLOSURE = "request_closure"
APPROVE_CLOSURE = "approve_closure"
REOPEN = "reopen"

TRANSITIONS = (
    START_ASSESSMENT,
    START_PLANNING,
    START_INTERVENTION,
    START_MONITORING,
    REVISE,
    REQUEST_CLOSURE,
    APPROVE_CLOSURE,
    REOPEN,
)


class TransitionRefused(ValidationError):
    """A transition was refused by a guard or by the state machine; the message says why."""


# Each guard reads the rows a case page already loaded (``selectors.view.page_rows``) when there are
# some; a service's locked case has none, and its guards read fresh inside the transaction.


def has_case_manager(case: Case) -> str | None:
    rows = page_rows(case)
    if rows is not None:
        found = any(member.team_role == TeamRole.CASE_MANAGER for member in rows.team)
    else:
        found = CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.CASE_MANAGER).exists()
    return None if found else _("Assign a case manager first.")


def has_victim(case: Case) -> str | None:
    rows = page_rows(case)
    if rows is not None:
        found = bool(rows.victims())
    else:
        found = CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).exists()
    return None if found else _("Record the victim first.")


_GUARDS: dict[str, list[Guard]] = {name: [] for name in TRANSITIONS}
_GUARDS[START_ASSESSMENT] += [has_case_manager, has_victim]


def register_guard(transition: str, guard: Guard) -> None:
    """Add a guard to a transition (idempotent: the same function is added once)."""
    if transition not in _GUARDS:
        raise KeyError(f"unknown case transition {transition!r}")
    if guard not in _GUARDS[transition]:
        _GUARDS[transition].append(guard)


def unregister_guard(transition: str, guard: Guard) -> None:
    """Remove a guard (tests only)."""
    if guard in _GUARDS.get(transition, []):
        _GUARDS[transition].remove(guard)


# Closure guards see the termination reason too (§C.16): a higher app refuses one reason only ("goals achieved"
# while its programmes are open, sigap.empowerment). ``fn(case, reason) -> str | None``, like a guard. Checked by
# ``case_request_closure`` (the reason asked for) and ``case_approve_closure`` (the reason recorded).
ClosureGuard = Callable[[Case, str], "str | None"]
_CLOSURE_GUARDS: list[ClosureGuard] = []


def register_closure_guard(guard: ClosureGuard) -> None:
    """Add a closure guard (idempotent: the same function is added once)."""
    if guard not in _CLOSURE_GUARDS:
        _CLOSURE_GUARDS.append(guard)


def unregister_closure_guard(guard: ClosureGuard) -> None:
    """Remove a closure guard (tests only)."""
    if guard in _CLOSURE_GUARDS:
        _CLOSURE_GUARDS.remove(guard)


def closure_refusals(case: Case, reason: str) -> list[str]:
    """Every refusal of the closure guards for closing ``case`` with ``reason`` (empty: allowed)."""
    return [message for guard in _CLOSURE_GUARDS if (message := guard(case, reason))]


def check_closure_guards(case: Case, reason: str) -> None:
    found = closure_refusals(case, reason)
    if found:
        raise TransitionRefused(found)


def guards_for(transition: str) -> list[Guard]:
    return list(_GUARDS[transition])


def refusals(transition: str, case: Case) -> list[str]:
    """Every refusal message of the transition's guards (empty: allowed)."""
    return [message for guard in _GUARDS[transition] if (message := guard(case))]


def check_guards(transition: str, case: Case) -> None:
    found = refusals(transition, case)
    if found:
        raise TransitionRefused(found)
