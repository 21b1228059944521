"""The auditor's search across the unit's trail, with the unit's security events in a second tab."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.accounts.models import SecurityEvent
from sigap.audit.models import AuditAction, AuditEvent
from sigap.audit.services import audit_record

URL = reverse("audit:search")


def _fill(personas, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        who = ("case_manager", "expert", "intake")[i % 3]
        audit_record(
            actor=personas[who],
            unit=personas.kukar,
            action=AuditAction.VIEW,
            object_type="cases.case" if i % 2 else "cases.person",
            object_id=str(i),
        )


def _rows(response) -> list:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_only_the_auditor_may_search(personas) -> None:  # type: ignore[no-untyped-def]
    assert personas.client("auditor").get(URL).status_code == 200
    for name in ("head", "admin", "case_manager"):
        assert personas.client(name).get(URL).status_code == 403
    assert personas.client("anonymous").get(URL).status_code == 302


def test_it_shows_the_units_events_only(personas) -> None:  # type: ignore[no-untyped-def]
    _fill(personas, 4)
    audit_record(
        actor=personas["other_head"],
        unit=personas.samarinda,
        action=AuditAction.VIEW,
        object_type="cases.case",
        object_id="SMD-1",
    )
    rows = _rows(personas.client("auditor").get(URL))
    assert len(rows) == 4 and all(event.unit_id == personas.kukar.pk for event in rows)
    assert "SMD-1" not in personas.client("auditor").get(URL).content.decode()


def test_the_page_shows_the_rows_it_counted_not_its_own_view(personas) -> None:  # type: ignore[no-untyped-def]
    audit_record(actor=personas["admin"], unit=personas.kukar, action=AuditAction.EXPORT, object_type="cases.case")
    rows = _rows(personas.client("auditor").get(URL))
    assert [e.action for e in rows] == ["EXPORT"]
    rows = _rows(personas.client("auditor").get(URL))
    assert [e.action for e in rows] == ["VIEW", "EXPORT"]


def test_filters(personas) -> None:  # type: ignore[no-untyped-def]
    _fill(personas, 6)
    client = personas.client("auditor")
    assert len(_rows(client.get(URL, {"actor": personas["expert"].pk}))) == 2
    assert len(_rows(client.get(URL, {"object_type": "cases.case"}))) == 3
    assert len(_rows(client.get(URL, {"action": "EXPORT"}))) == 0
    assert len(_rows(client.get(URL, {"date_from": "2000-01-01", "date_to": "2000-01-02"}))) == 0
    # An object type that is not in the unit's trail is a form error, not a 500.
    response = client.get(URL, {"object_type": "evil'); --"})
    assert _rows(response) == [] and response.context["form"].errors


def test_it_pages(personas) -> None:  # type: ignore[no-untyped-def]
    _fill(personas, 55)
    client = personas.client("auditor")
    first = client.get(URL)
    assert len(_rows(first)) == 50 and first.context["page"].paginator.num_pages == 2
    # The search's own VIEW event (written after the count) is on the second page next time.
    assert len(_rows(client.get(URL, {"page": 2}))) == 6
    assert "page=2" in first.content.decode()


# The page's own audit queries (object types, count, rows, and the VIEW event: lock head, insert, update
# head) = 6, one for the people of the user filter, and the request chain's (session; user with membership and
# OTP device); measured, the same before and after 40 more rows.
SEARCH_QUERIES = 9


def test_query_count_does_not_grow_with_the_rows(personas, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = personas.client("auditor")
    client.get(URL)  # warm-up: first event of the chain creates its head row
    _fill(personas, 3)
    with django_assert_num_queries(SEARCH_QUERIES):
        client.get(URL)
    _fill(personas, 40)
    with django_assert_num_queries(SEARCH_QUERIES) as many:
        response = client.get(URL, {"object_type": "cases.case"})
    assert len(_rows(response)) == 21
    sqls = [q["sql"] for q in many.captured_queries]
    assert len([q for q in sqls if "audit_audit" in q]) == 6, sqls
    assert len([q for q in sqls if 'DISTINCT "accounts_user"' in q]) == 1, sqls


def test_security_tab(personas) -> None:  # type: ignore[no-untyped-def]
    SecurityEvent.objects.create(
        kind=SecurityEvent.Kind.LOGIN,
        actor=personas["intake"],
        subject=personas["intake"],
        unit=personas.kukar,
        ip_address="10.0.0.9",
    )
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOCKOUT, unit=personas.kukar)
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN, actor=personas["other_head"], unit=personas.samarinda)
    client = personas.client("auditor")
    rows = _rows(client.get(URL, {"tab": "security"}))
    assert {e.kind for e in rows} == {"LOGIN", "LOCKOUT"} and all(e.unit_id == personas.kukar.pk for e in rows)
    assert len(_rows(client.get(URL, {"tab": "security", "action": "LOCKOUT"}))) == 1
    assert len(_rows(client.get(URL, {"tab": "security", "actor": personas["intake"].pk}))) == 1


@pytest.mark.parametrize("tab", ["events", "security"])
def test_each_search_is_audited_with_its_filters(personas, tab) -> None:  # type: ignore[no-untyped-def]
    personas.client("auditor").get(URL, {"tab": tab, "date_from": "2026-01-01"})
    event = AuditEvent.objects.get(object_type="audit.search")
    assert (event.actor, event.action, event.object_id) == (personas["auditor"], "VIEW", tab)
    assert event.new_values["date_from"] == "2026-01-01"
