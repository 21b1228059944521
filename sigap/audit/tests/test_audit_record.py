"""audit_record / audit_view: what an event holds, and when it may be written."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import RequestFactory

from sigap.audit.models import AuditAction, AuditEvent
from sigap.audit.services import AuditOutsideTransactionError, audit_changes, audit_record, audit_view


def _request(personas, name: str = "head"):  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/x/", HTTP_USER_AGENT="Firefox/140", REMOTE_ADDR="10.1.2.3")
    request.user = personas[name]
    request.membership = personas[name].membership
    request.request_id = "req-0123456789"
    return request


def test_it_records_who_what_where(personas) -> None:  # type: ignore[no-untyped-def]
    request = _request(personas)
    with transaction.atomic():
        event = audit_record(
            actor=request.user,
            unit=personas.kukar,
            action=AuditAction.UPDATE,
            obj=personas.kukar,
            changed_fields=["phone", "is_active"],
            old={"is_active": True},
            new={"is_active": False},
            reason="closing the office",
            request=request,
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_role, stored.unit) == (personas["head"], "HEAD", personas.kukar)
    assert (stored.object_type, stored.object_id) == ("accounts.unit", str(personas.kukar.pk))
    assert stored.changed_fields == ["phone", "is_active"]
    assert (stored.old_values, stored.new_values) == ({"is_active": True}, {"is_active": False})
    assert (stored.request_id, stored.ip_address, stored.user_agent) == ("req-0123456789", "10.1.2.3", "Firefox/140")
    assert stored.reason == "closing the office"
    assert stored.created_at.tzinfo is not None


def test_it_refuses_values_of_fields_it_was_not_told_changed(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(actor=None, unit=None, action="UPDATE", changed_fields=["status"], new={"name": "x"})


def test_it_refuses_unknown_actions(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        audit_record(actor=None, unit=None, action="TELEPORT")


def test_a_bad_ip_is_dropped_not_stored(personas) -> None:  # type: ignore[no-untyped-def]
    request = _request(personas)
    request.META["REMOTE_ADDR"] = "not-an-ip\r\nforged"
    assert audit_view(request, personas.kukar).ip_address == ""


@pytest.mark.django_db(transaction=True)
def test_a_change_outside_a_transaction_is_refused() -> None:
    with pytest.raises(AuditOutsideTransactionError):
        audit_record(actor=None, unit=None, action=AuditAction.CREATE, object_type="cases.case", object_id="1")
    assert not AuditEvent.objects.exists()
    # A read opens its own transaction.
    audit_record(actor=None, unit=None, action=AuditAction.VIEW, object_type="cases.case", object_id="1")
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_event_rolls_back_with_the_change() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, unit=None, action=AuditAction.DELETE, object_type="cases.case", object_id="1")
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.exists()


def test_n_views_write_exactly_n_events(personas) -> None:  # type: ignore[no-untyped-def]
    request = _request(personas, "case_manager")
    for _ in range(7):
        audit_view(request, personas.kukar)
    events = AuditEvent.objects.filter(action="VIEW", object_type="accounts.unit")
    assert events.count() == 7
    assert sorted(events.values_list("seq", flat=True)) == list(range(1, 8))


def test_a_view_goes_to_the_chain_of_the_unit_that_owns_the_object(personas) -> None:  # type: ignore[no-untyped-def]
    """A Samarinda user opening a Kukar object: Kukar's trail must show it."""
    request = _request(personas, "other_head")
    event = audit_view(request, personas.kukar, AuditAction.PRINT)
    assert (event.unit, event.action, event.actor_role) == (personas.kukar, "PRINT", "HEAD")


def test_anonymous_actor_is_recorded_as_system(personas) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    request = _request(personas)
    request.user = AnonymousUser()
    request.membership = None
    event = audit_view(request, object_type="public.report", object_id="new")
    assert (event.actor, event.actor_role, event.unit, event.chain) == (None, "", None, "system")


def test_audit_changes_names_every_field_and_keeps_safe_values_only(personas) -> None:  # type: ignore[no-untyped-def]
    """The one helper of the services' change events (cases, complaints)."""
    with transaction.atomic():
        event = audit_changes(
            obj=personas.kukar,
            unit=personas.kukar,
            safe_fields={"is_active", "short_name"},
            actor=personas["head"],
            action=AuditAction.UPDATE,
            changed={"phone": ("0541 1", "0541 2"), "is_active": (True, False), "short_name": ("", "Kukar")},
            request=None,
        )
    assert event.changed_fields == ["phone", "is_active", "short_name"]
    assert event.old_values == {"is_active": True}  # no personal value, no empty one
    assert event.new_values == {"is_active": False, "short_name": "Kukar"}
    assert event.reason == ""
