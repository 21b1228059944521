"""audit_record without a logged-in actor (a public reporter, a system job): no IP and no browser kept.

An anonymous reporter's address and phone model, shown to the HEAD and the AUDITOR, could identify
them; the request id is kept, to correlate with the logs.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory

from sigap.audit.models import AuditAction, AuditEvent
from sigap.audit.selectors import audit_chain_verify
from sigap.audit.services import audit_record


def _request(user: Any) -> Any:
    request = RequestFactory().post("/lapor/", HTTP_USER_AGENT="Mozilla/5.0 (SM-A125F)", REMOTE_ADDR="198.51.100.7")
    request.user = user
    request.request_id = "req-anon-1"
    return request


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_it_keeps_only_the_request_id_without_an_actor(personas: Any, actor: Any) -> None:
    with transaction.atomic():
        event = audit_record(
            actor=actor, unit=personas.kukar, action=AuditAction.CREATE, obj=personas.kukar, request=_request(actor)
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is None
    assert (stored.request_id, stored.ip_address, stored.user_agent) == ("req-anon-1", "", "")


def test_a_staff_actor_still_gets_ip_and_browser(personas: Any) -> None:
    with transaction.atomic():
        event = audit_record(
            actor=personas["head"],
            unit=personas.kukar,
            action=AuditAction.CREATE,
            obj=personas.kukar,
            request=_request(personas["head"]),
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.ip_address, stored.user_agent) == ("198.51.100.7", "Mozilla/5.0 (SM-A125F)")


def test_the_chain_still_verifies(personas: Any) -> None:
    with transaction.atomic():
        audit_record(
            actor=None, unit=personas.kukar, action=AuditAction.CREATE, obj=personas.kukar, request=_request(None)
        )
    assert audit_chain_verify().ok
