"""The "who saw / changed this record" page (HEAD, AUDITOR), scoped to the viewer's unit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from sigap.accounts.models import Membership
from sigap.audit.models import AuditAction, AuditEvent
from sigap.audit.services import audit_record


def _url(object_type: str, object_id: object) -> str:
    return reverse("audit:object_history", kwargs={"object_type": object_type, "object_id": object_id})


@pytest.fixture
def membership(personas) -> Membership:  # type: ignore[no-untyped-def]
    """A Kukar object with a unit field (stands in for a case)."""
    return Membership.objects.get(user=personas["intake"])


def _seen(personas, membership, who: str, action: str = AuditAction.VIEW) -> AuditEvent:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        return audit_record(actor=personas[who], unit=personas.kukar, action=action, obj=membership)


def test_it_lists_who_saw_and_changed_the_record(personas, membership) -> None:  # type: ignore[no-untyped-def]
    _seen(personas, membership, "case_manager")
    with transaction.atomic():
        audit_record(
            actor=personas["admin"],
            unit=personas.kukar,
            action=AuditAction.UPDATE,
            obj=membership,
            changed_fields=["role", "is_active"],
            old={"is_active": True},
            new={"is_active": False},
        )
    response = personas.client("head").get(_url("accounts.membership", membership.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Case Manager" in body and "Admin" in body
    # Fields by their label, values in words; the role's value was not kept, so it reads "changed".
    with translation.override("id"):
        role, active, yes, no = (translation.gettext(t) for t in ("role", "active", "yes", "no"))
    assert f"{role.capitalize()}: <em>" in body and f"{active.capitalize()}: {yes} &rarr; {no}" in body


def test_the_auditor_may_open_it_too(personas, membership) -> None:  # type: ignore[no-untyped-def]
    assert personas.client("auditor").get(_url("accounts.membership", membership.pk)).status_code == 200


def test_other_roles_are_refused(personas, membership) -> None:  # type: ignore[no-untyped-def]
    for name in ("case_manager", "admin", "leadership"):
        assert personas.client(name).get(_url("accounts.membership", membership.pk)).status_code == 403


def test_another_units_record_is_not_found(personas, membership) -> None:  # type: ignore[no-untyped-def]
    _seen(personas, membership, "case_manager")
    assert personas.client("other_head").get(_url("accounts.membership", membership.pk)).status_code == 404
    # Nor does the Samarinda head see Kukar's events by naming an object without a unit.
    _seen(personas, personas["intake"], "case_manager")
    assert personas.client("other_head").get(_url("accounts.user", personas["intake"].pk)).status_code == 404


@pytest.mark.parametrize(
    ("object_type", "object_id"),
    [
        ("nothing.here", "1"),
        ("accounts.membership", "999999"),
        ("accounts.membership", "abc"),
        ("Accounts.Membership", "1"),
        ("accounts", "1"),
        ("accounts.membership", "1;drop"),
    ],
)
def test_unknown_or_malformed_objects_are_not_found(personas, object_type, object_id) -> None:  # type: ignore[no-untyped-def]
    assert personas.client("head").get(_url(object_type, object_id)).status_code == 404


def test_a_deleted_object_keeps_its_history(personas) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        audit_record(
            actor=personas["admin"],
            unit=personas.kukar,
            action=AuditAction.DELETE,
            object_type="accounts.membership",
            object_id="424242",
        )
    assert personas.client("head").get(_url("accounts.membership", 424242)).status_code == 200


def test_filters_by_user_action_and_date(personas, membership) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 3, 4, 23, 30, tzinfo=dt.UTC), tick=False):
        _seen(personas, membership, "case_manager")  # 5 March 07.30 in Makassar (WITA)
    with time_machine.travel(dt.datetime(2026, 3, 6, 2, 0, tzinfo=dt.UTC), tick=False):
        _seen(personas, membership, "expert")
        _seen(personas, membership, "case_manager", AuditAction.PRINT)
    client = personas.client("head")
    url = _url("accounts.membership", membership.pk)

    def rows(**params: str) -> int:
        response = client.get(url, params)
        assert response.status_code == 200
        return len(response.context["page"].object_list)

    assert rows() == 3
    assert rows(actor=str(personas["case_manager"].pk)) == 2
    assert rows(action="PRINT") == 1
    # The day is the unit's day: 23.30 UTC on 4 March is 5 March in Makassar.
    assert rows(date_from="2026-03-05", date_to="2026-03-05") == 1
    assert rows(date_from="2026-03-06") == 2
    assert rows(date_to="2026-03-04") == 0


def test_times_are_shown_in_the_units_zone_in_indonesian(personas, membership) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 3, 4, 23, 30, 5, tzinfo=dt.UTC), tick=False):
        _seen(personas, membership, "case_manager")
    body = personas.client("head").get(_url("accounts.membership", membership.pk)).content.decode()
    assert "5 Mar 2026 07.30 WITA" in body


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "yesterday"},
        {"date_from": "2026-03-06", "date_to": "2026-03-01"},
        {"actor": "x"},
        {"action": "NOPE"},
        {"page": "-1"},
        {"page": "99999"},
        {"date_to": "2026-02-30"},
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
    ],
)
def test_bad_filters_give_a_message_not_an_error(personas, membership, params) -> None:  # type: ignore[no-untyped-def]
    response = personas.client("head").get(_url("accounts.membership", membership.pk), params)
    assert response.status_code == 200


def test_invalid_dates_are_explained(personas, membership) -> None:  # type: ignore[no-untyped-def]
    response = personas.client("head").get(
        _url("accounts.membership", membership.pk), {"date_from": "2026-03-06", "date_to": "2026-03-01"}
    )
    assert "invalid-feedback" in response.content.decode()
    assert len(response.context["page"].object_list) == 0


def test_each_opening_is_itself_audited(personas, membership) -> None:  # type: ignore[no-untyped-def]
    client = personas.client("auditor")
    for _ in range(3):
        client.get(_url("accounts.membership", membership.pk), {"action": "VIEW"})
    events = AuditEvent.objects.filter(object_type="audit.object_history")
    assert events.count() == 3
    event = events.first()
    assert event is not None
    assert (event.actor, event.action, event.unit) == (personas["auditor"], "VIEW", personas.kukar)
    assert event.object_id == f"accounts.membership:{membership.pk}"
    assert event.new_values["action"] == "VIEW"


def test_a_refused_opening_writes_no_event(personas, membership) -> None:  # type: ignore[no-untyped-def]
    personas.client("other_head").get(_url("accounts.membership", membership.pk))
    assert not AuditEvent.objects.filter(object_type="audit.object_history").exists()


# Count, rows and the VIEW event (lock head, insert, update head); one visibility check; and the
# request chain's (2: session; user with membership and device); measured, the same before and after 32 more rows.
HISTORY_QUERIES = 9


def test_query_count_does_not_grow_with_the_rows(personas, membership, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = personas.client("head")
    url = _url("accounts.membership", membership.pk)
    client.get(url)  # warm-up: creates the chain head
    _seen(personas, membership, "case_manager")
    with django_assert_num_queries(HISTORY_QUERIES):
        client.get(url)
    for who in ("case_manager", "expert", "intake", "admin") * 8:
        _seen(personas, membership, who)
    with django_assert_num_queries(HISTORY_QUERIES) as many:
        response = client.get(url)
    assert len(response.context["page"].object_list) == 33
    sqls = [q["sql"] for q in many.captured_queries]
    assert len([q for q in sqls if "audit_audit" in q]) == 5, sqls
    assert len([q for q in sqls if q.startswith('SELECT "accounts_membership"."unit_id" AS')]) == 1, sqls
