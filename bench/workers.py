"""Worker processes of the generator: the units are split between them (``generate(workers=n)``).

Why processes: planning a case (RNG draws, encryption, audit hashing) is Python work that holds the
GIL, so one process uses one core while PostgreSQL mostly waits. Units are independent (each has its
own audit chain, case and complaint counters), so each process takes a share of the units and writes
their cases in index order, exactly as one process would; they lock disjoint rows and never wait for
each other. PostgreSQL only (a SQLite file has one writer at a time).

The processes are forked after every database connection was closed, so each opens its own. A worker
that fails reports its traceback; Ctrl-C stops all of them, each rolling back its current batch, and
the next run resumes per unit.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db import connection, connections

if TYPE_CHECKING:
    from bench.base import RunConfig, UnitStaff

# What a worker runs on its share of the units: ``bench.generator.generate_part``. The generator passes
# it in (rather than this module importing it) so that the generator and its workers do not import each
# other; with the "fork" start method the function reaches the child as it is, without pickling.
Part = Callable[..., int]


class WorkerFailed(RuntimeError):
    """A worker process stopped with an error (its message holds the worker's traceback)."""


def _worker(
    number: int,
    part: Part,
    config: RunConfig,
    staff: list[UnitStaff],
    units: set[int],
    done: dict[int, int],
    messages: Any,
) -> None:
    try:
        part(config, staff, units=units, done=done, progress=lambda n: messages.put(("progress", number, n)))
        messages.put(("done", number, None))
    except KeyboardInterrupt:
        messages.put(("stopped", number, None))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        messages.put(("error", number, traceback.format_exc()))
    finally:
        connections.close_all()


def run_workers(
    config: RunConfig,
    staff: list[UnitStaff],
    *,
    shares: list[set[int]],
    done: dict[int, int],
    part: Part,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Run one process per share of units (``part`` writes a share); return the number of cases written
    by all of them."""
    if connection.vendor != "postgresql":
        raise ValueError("worker processes need PostgreSQL (use one worker on SQLite)")
    if connection.in_atomic_block:
        raise ValueError("worker processes cannot share an open transaction (use one worker)")
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    connections.close_all()  # every process opens its own connection
    processes = [
        context.Process(target=_worker, args=(n, part, config, staff, share, done, messages), name=f"generate-{n}")
        for n, share in enumerate(shares)
    ]
    for process in processes:
        process.start()
    written, open_workers, errors = 0, set(range(len(processes))), []
    try:
        while open_workers:
            try:
                kind, number, value = messages.get(timeout=1.0)
            except queue_module.Empty:
                for n in list(open_workers):
                    if processes[n].exitcode is not None and messages.empty():
                        errors.append(f"worker {n} exited with code {processes[n].exitcode} without a report")
                        open_workers.discard(n)
                continue
            if kind == "progress":
                written += value
                if progress is not None:
                    progress(value)
                continue
            open_workers.discard(number)
            if kind == "error":
                errors.append(f"worker {number}:\n{value}")
            elif kind == "stopped":
                errors.append(f"worker {number} was interrupted")
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.terminate()
                process.join()
    if errors:
        raise WorkerFailed("\n".join(errors))
    return written
