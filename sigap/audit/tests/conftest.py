from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from sigap.audit.models import AuditAction, AuditEvent
from sigap.audit.services import audit_record
from sigap.audit.triggers import triggers_drop, triggers_install


@pytest.fixture
def record(personas: Any) -> Callable[..., AuditEvent]:
    """Record an event as Kukar's case manager on a Kukar object (overridable)."""

    def _record(**kwargs: Any) -> AuditEvent:
        values: dict[str, Any] = {
            "actor": personas["case_manager"],
            "unit": personas.kukar,
            "action": AuditAction.VIEW,
            "object_type": "cases.case",
            "object_id": "17",
        }
        values.update(kwargs)
        return audit_record(**values)

    return _record


@pytest.fixture
def triggers_off() -> Iterator[None]:
    """Drop the append-only triggers (to play the attacker with direct database access)."""
    triggers_drop(connection)
    yield
    triggers_install(connection)
