"""The audit VIEW write of a page (issue #22): the fewest statements that keep the chain and its durability.

A page view is recorded outside any transaction. On PostgreSQL that is two statements, each committed on
its own (the head read, then one statement that moves the head and inserts the event), and no
``Model.save()``; a writer that moved the head meanwhile makes the append try again, never fork the chain.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.accounts.models import Unit
from sigap.audit import append
from sigap.audit.models import AuditAction, AuditChainHead, AuditEvent
from sigap.audit.selectors import audit_chain_verify
from sigap.audit.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def unit() -> Unit:
    return Unit.objects.create(name="UPTD PPA Uji", region_code="64.01", case_number_prefix="PPA-UJI")


def _view(unit: Unit, object_id: str) -> AuditEvent:
    return audit_record(actor=None, unit=unit, action=AuditAction.VIEW, object_type="cases.case", object_id=object_id)


def _refuse(*_args: Any, **_kwargs: Any) -> None:
    raise AssertionError("Model.save() on the audit write")


def test_a_page_view_is_written_without_model_saves_and_keeps_the_chain(unit: Unit) -> None:
    _view(unit, "first")  # creates the chain's head
    with (
        mock.patch.object(AuditEvent, "save", _refuse),
        mock.patch.object(AuditChainHead, "save", _refuse),
        CaptureQueriesContext(connection) as captured,
    ):
        event = _view(unit, "second")
    statements = [query["sql"] for query in captured.captured_queries]
    if connection.vendor == "postgresql":
        assert len(statements) == 2, statements  # the head read; the head moved and the event inserted
        assert statements[1].startswith("WITH moved AS (UPDATE")
    else:
        # SQLite: in its IMMEDIATE transaction (one writer at a time) the head read, the insert, the head.
        assert len([sql for sql in statements if not sql.startswith(("BEGIN", "COMMIT"))]) == 3, statements
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.seq, stored.prev_hash, stored.hash) == (2, _first(unit).hash, event.hash)
    head = AuditChainHead.objects.get(chain=f"unit-{unit.pk}")
    assert (head.last_seq, head.last_hash) == (2, event.hash)
    assert audit_chain_verify().ok


def _first(unit: Unit) -> AuditEvent:
    return AuditEvent.objects.get(unit=unit, seq=1)


def test_a_head_moved_meanwhile_makes_the_view_try_again_not_fork(unit: Unit) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the conditional append is PostgreSQL's; SQLite serialises its writers")
    _view(unit, "first")
    stale = append._read_head(connection, f"unit-{unit.pk}", lock=False)
    _view(unit, "second")  # another writer moves the head
    reads = iter([stale])
    real_read = append._read_head

    def stale_once(conn: Any, chain: str, *, lock: bool) -> tuple[int, str] | None:
        return next(reads, None) or real_read(conn, chain, lock=lock)

    with mock.patch.object(append, "_read_head", stale_once):
        event = _view(unit, "third")
    assert event.seq == 3
    assert list(AuditEvent.objects.filter(unit=unit).order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]
    assert audit_chain_verify().ok


def test_the_first_view_of_a_chain_creates_its_head(unit: Unit) -> None:
    event = _view(unit, "first")
    assert (event.seq, event.prev_hash) == (1, "0" * 64)
    assert AuditChainHead.objects.get(chain=f"unit-{unit.pk}").last_seq == 1
    assert audit_chain_verify().ok


def test_a_head_read_with_the_pages_queries_saves_the_views_own_read(unit: Unit) -> None:
    """A page sends the head's read with its panels (``audit_view_head``, D93): the VIEW is then one statement."""
    from django.test import RequestFactory

    from sigap.audit.services import audit_view, audit_view_head
    from sigap.core import compiled

    _view(unit, "first")
    request = RequestFactory().get("/")
    request.user = mock.Mock(pk=None, is_authenticated=False)
    request.membership = mock.Mock(unit=unit, unit_id=unit.pk)  # type: ignore[attr-defined]
    query = audit_view_head(request)
    if connection.vendor != "postgresql":
        assert query is None  # SQLite reads the head inside its write transaction: nothing to read before
        return
    assert query is not None
    rows = compiled.objects_of(query)
    with CaptureQueriesContext(connection) as captured:
        event = audit_view(request, object_type="cases.case_list", head_rows=rows)
    assert [q["sql"][:22] for q in captured.captured_queries] == ["WITH moved AS (UPDATE "]
    assert (event.seq, event.prev_hash) == (2, _first(unit).hash)
    # A head moved since the page read it: the view reads it again and appends after it, never forks.
    stale = compiled.objects_of(query)
    _view(unit, "third")
    event = audit_view(request, object_type="cases.case_list", head_rows=stale)
    assert event.seq == 4
    assert list(AuditEvent.objects.filter(unit=unit).order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4]
    assert audit_chain_verify().ok
