"""The hash chain: verification OK, and every kind of tampering found at its first broken link."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sigap.audit.chain import GENESIS_HASH, event_hash
from sigap.audit.models import AuditChainHead, AuditEvent
from sigap.audit.selectors import audit_chain_verify


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _events(n: int, record) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return [record(object_id=str(i)) for i in range(1, n + 1)]


def test_it_links_events_per_unit_from_the_genesis_hash(record, personas) -> None:  # type: ignore[no-untyped-def]
    first, second = record(), record()
    other = record(unit=personas.samarinda, actor=personas["other_head"])
    system = record(unit=None, actor=None)
    assert (first.chain, first.seq, first.prev_hash) == (f"unit-{personas.kukar.pk}", 1, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert (other.chain, other.seq, other.prev_hash) == (f"unit-{personas.samarinda.pk}", 1, GENESIS_HASH)
    assert (system.chain, system.seq) == ("system", 1)
    stored = AuditEvent.objects.get(pk=second.pk)
    assert event_hash(stored) == stored.hash == second.hash
    assert AuditChainHead.objects.get(chain=first.chain).last_hash == second.hash


def test_it_reports_ok_for_an_intact_trail(record, personas, capsys) -> None:  # type: ignore[no-untyped-def]
    _events(5, record)
    record(
        unit=personas.samarinda,
        changed_fields=["status"],
        old={"status": "OPEN"},
        new={"status": "CLOSED"},
        action="UPDATE",
    )
    report = audit_chain_verify()
    assert report.ok and report.events == 6 and len(report.chains) == 2
    call_command("verify_audit", "--heads")
    out = capsys.readouterr().out
    assert "OK: 6 events in 2 chain(s)" in out
    assert f"unit-{personas.kukar.pk}: 5 events, last #5" in out


def test_empty_trail_is_ok(db: None, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("verify_audit")
    assert "OK: 0 events" in capsys.readouterr().out


def test_it_finds_an_edited_row(record, triggers_off, capsys) -> None:  # type: ignore[no-untyped-def]
    events = _events(5, record)
    _raw("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["999", events[2].pk])
    report = audit_chain_verify()
    assert not report.ok
    assert (report.breaks[0].seq, "changed" in report.breaks[0].problem) == (3, True)
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert f"BROKEN: chain {events[0].chain}, event #3" in capsys.readouterr().err


def test_it_finds_an_edited_row_whose_hash_was_recomputed(record, triggers_off) -> None:  # type: ignore[no-untyped-def]
    events = _events(4, record)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.object_id = "999"
    _raw("UPDATE audit_auditevent SET object_id = %s, hash = %s WHERE id = %s", ["999", event_hash(forged), forged.pk])
    report = audit_chain_verify()
    # Row 2 is self-consistent now; the next event no longer links to it.
    assert [(b.seq, "link" in b.problem) for b in report.breaks] == [(3, True)]


def test_it_finds_a_deleted_row(record, triggers_off) -> None:  # type: ignore[no-untyped-def]
    events = _events(5, record)
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    report = audit_chain_verify()
    assert [(b.seq, "#2 missing" in b.problem) for b in report.breaks] == [(3, True)]


def test_it_finds_a_deleted_tail(record, triggers_off) -> None:  # type: ignore[no-untyped-def]
    events = _events(4, record)
    _raw("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[2].pk, events[3].pk])
    report = audit_chain_verify()
    assert len(report.breaks) == 1 and "#3-#4" in report.breaks[0].problem


def test_it_finds_a_moved_event(record, personas, triggers_off) -> None:  # type: ignore[no-untyped-def]
    """Reassigning an event to another unit (to hide it from the unit's pages) breaks its hash."""
    events = _events(3, record)
    _raw("UPDATE audit_auditevent SET unit_id = %s WHERE id = %s", [personas.samarinda.pk, events[0].pk])
    assert audit_chain_verify().breaks[0].seq == 1


def test_it_checks_one_unit_only_when_asked(record, personas, triggers_off, capsys) -> None:  # type: ignore[no-untyped-def]
    events = _events(2, record)
    record(unit=personas.samarinda)
    _raw("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["x", events[0].pk])
    from sigap.audit.triggers import triggers_install

    triggers_install(connection)
    call_command("verify_audit", "--unit", str(personas.samarinda.pk))
    assert "OK: 1 events in 1 chain(s)" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("verify_audit", "--unit", str(personas.kukar.pk))


def test_it_fails_when_the_triggers_are_gone(record, triggers_off, capsys) -> None:  # type: ignore[no-untyped-def]
    record()
    with pytest.raises(CommandError):
        call_command("verify_audit")
    assert "UNPROTECTED" in capsys.readouterr().err
