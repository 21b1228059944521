"""Fixtures of the work tests: registered test kinds and a helper to open items on stand-in targets.

Cases and complaints do not exist yet, so targets are existing models (a ``User`` stands in for a
person's record, a ``Unit`` for a case).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from sigap.accounts.models import User
from sigap.work.kinds import register_kind, unregister_kind
from sigap.work.models import WorkItem
from sigap.work.services import work_item_open

FOLLOW_UP = "test_follow_up"  # reminded one hour before, escalated
APPROVAL = "test_plan_approval"  # waits for the HEAD, no reminder
QUIET = "test_quiet"  # never escalated

_counter = {"n": 0}


@pytest.fixture(autouse=True)
def work_kinds() -> Iterator[None]:
    register_kind(FOLLOW_UP, "Follow-up", remind_before=timedelta(hours=1))
    register_kind(APPROVAL, "Plan approval", approval=True)
    register_kind(QUIET, "Quiet task", remind_before=timedelta(minutes=30), escalate=False)
    yield
    for key in (FOLLOW_UP, APPROVAL, QUIET):
        unregister_kind(key)


def make_target(full_name: str = "Stand-in Person") -> User:
    """A saved row to hang work items on (a user stands in for a person's record)."""
    _counter["n"] += 1
    return User.objects.create_user(username=f"target{_counter['n']}", full_name=full_name, email="", password=None)


def open_item(
    personas: Any,
    *,
    due_at: datetime,
    responsible: str = "case_manager",
    kind: str = FOLLOW_UP,
    target: Any = None,
    title_key: str = "PPA-KKR/2026/0001",
    unit: Any = None,
) -> WorkItem:
    user = personas[responsible]
    return work_item_open(
        unit=unit or user.membership.unit,
        kind=kind,
        target=target if target is not None else make_target(),
        due_at=due_at,
        responsible=user,
        title_key=title_key,
    )
