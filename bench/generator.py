"""The synthetic data generator behind ``manage.py generate_data`` (issue "Scale").

It writes through the product's own models, so every personal value is encrypted by the model fields,
every blind index and name token is computed with the real keys, and every case carries the audit
events its services would have recorded (hash-chained per unit, chain heads updated). It does not call
the services one case at a time: that would take days at 1M cases. Instead it plans a batch of cases
in memory and writes it in one transaction per batch (COPY on PostgreSQL, see :mod:`bench.writer`):

- the batch commits whole or not at all (counters and chain heads included), and a unit's cases are
  written in index order, so an interrupted run resumes after each unit's last stored case
  (``generate_data`` again, same arguments);
- case ``i`` (0-based, global) always gets the same plan for a given seed (one RNG per case; its first
  draw picks the unit), whatever the batch size or the number of worker processes;
- ``workers`` > 1 splits the units between processes (:mod:`bench.workers`): units share nothing that
  is written (own audit chain, own counters), so the processes never wait for each other.

Records of other models (complaints, incidents, consents, assessments, plans; later sessions,
referrals, follow-ups) are added by one *extension* function each, registered in ``EXTENSIONS`` (see
:mod:`bench.plans`); the generator itself needs no change. The types the generator and its parts share
(``RunConfig``, ``UnitStaff``, ``Batch``, ``CaseContext``, ``CasePlan``, ``WRITE_ORDER`` …) live in
:mod:`bench.base`, so that the parts never import this module back.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Count, Min
from django.utils import timezone

# RunConfig is imported from here by ``manage.py generate_data`` (with PRESETS, cases_done, generate,
# default_workers) and the tests: it lives in bench.base, so that the parts need not import this module.
from bench.assistance.setup import unit_resources_ensure
from bench.base import (
    NEED_IDS,
    RECENT_VICTIMS,
    RELINK,
    WRITE_ORDER,
    Batch,
    CaseContext,
    RunConfig,
    UnitStaff,
    case_rng,
    unit_position,
    unit_weights,
)
from bench.plans import case_plan_write
from bench.workers import run_workers
from bench.writer import events_write, rows_copy, rows_insert
from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.chain import GENESIS_HASH
from sigap.audit.models import AuditChainHead, chain_key_for
from sigap.cases.models import Case
from sigap.cases.models.people import Person, PersonRole
from sigap.core import sequences
from sigap.core.models import SequenceCounter
from sigap.partners.seed import partners_seed
from sigap.regions.models import Regency, Village

logger = logging.getLogger("bench.generator")

SYNTHETIC_UNIT_PREFIX = "SYN-"  # case-number prefix of every synthetic unit: SYN-001, SYN-002 …
SYNTHETIC_UNIT_NAME = "UPTD PPA Sintetis {n:03d}"
SYNTHETIC_USER_PREFIX = "syn"  # usernames syn001_head, syn001_cm01 …


@dataclass(frozen=True)
class Preset:
    """A named size: how many cases, over how many units and years."""

    cases: int
    units: int
    years: int


PRESETS = {
    "10k": Preset(cases=10_000, units=10, years=5),
    "100k": Preset(cases=100_000, units=30, years=6),
    "1m": Preset(cases=1_000_000, units=100, years=8),
}


# --- units and staff ----------------------------------------------------------------------------------


def _region_codes(count: int) -> list[str]:
    """Regency codes for ``count`` units: real ones when the regions are loaded, else made-up 64.xx."""
    codes = list(Regency.objects.order_by("code").values_list("code", flat=True)[:count])
    while len(codes) < count:
        n = len(codes)
        codes.append(f"{64 + n // 99}.{n % 99 + 1:02d}")
    return codes


def _villages_of(region_code: str) -> list[str]:
    return list(Village.objects.filter(regency_id=region_code).order_by("code").values_list("code", flat=True)[:300])


def _staff_user(username: str, full_name: str, unit: Unit, role: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, email=f"{username}@sintetis.invalid")
        user.set_unusable_password()  # synthetic staff never log in with a password
        user.save()
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@transaction.atomic
def units_ensure(*, count: int, total_cases: int) -> list[UnitStaff]:
    """Create (or find) the synthetic units and their staff. Idempotent."""
    result = []
    regions = _region_codes(count)
    per_unit = max(1, total_cases // max(1, count))
    for n in range(1, count + 1):
        prefix = f"{SYNTHETIC_UNIT_PREFIX}{n:03d}"
        unit = Unit.objects.filter(case_number_prefix=prefix).first()
        if unit is None:
            name = SYNTHETIC_UNIT_NAME.format(n=n)
            unit = Unit.objects.create(
                name=name,
                short_name=f"Sintetis {n:03d}",
                region_code=regions[n - 1],
                case_number_prefix=prefix,
                letterhead_lines=f"DATA SINTETIS\n{name.upper()}",
            )
        tag = f"{SYNTHETIC_USER_PREFIX}{n:03d}"
        head = _staff_user(f"{tag}_head", f"Kepala Sintetis {n:03d}", unit, Role.HEAD)
        managers = [
            _staff_user(f"{tag}_cm{k:02d}", f"Manajer Kasus Sintetis {n:03d}-{k:02d}", unit, Role.CASE_MANAGER)
            for k in range(1, max(2, min(40, per_unit // 1500)) + 1)
        ]
        experts = [
            _staff_user(f"{tag}_ex{k:02d}", f"Tenaga Ahli Sintetis {n:03d}-{k:02d}", unit, Role.EXPERT)
            # At least the three professions (clinical psychologist, legal counsellor, counsellor).
            for k in range(1, max(3, len(managers) // 2) + 1)
        ]
        intake = _staff_user(f"{tag}_intake", f"Petugas Pengaduan Sintetis {n:03d}", unit, Role.INTAKE)
        _staff_user(f"{tag}_data", f"Petugas Data Sintetis {n:03d}", unit, Role.DATA_OFFICER)
        villages = _villages_of(unit.region_code)
        # Unit sizes differ, as real ones do (a city unit sees many times a rural one's cases).
        staff = UnitStaff(unit, head, managers, experts, intake, villages, weight=1.0 / (1.0 + 0.08 * (n - 1)))
        unit_resources_ensure(staff)
        partners_seed(unit)  # the unit's usual partners (a new unit has them already: its post_save seed)
        result.append(staff)
    return result


def synthetic_units() -> models.QuerySet[Unit]:
    return Unit.objects.filter(case_number_prefix__startswith=SYNTHETIC_UNIT_PREFIX)


def cases_done() -> int:
    """How many synthetic cases are stored."""
    return Case.objects.filter(unit__in=synthetic_units()).count()


def cases_done_by_unit() -> dict[int, int]:
    """Synthetic cases stored per unit id: each unit resumes after its own last committed case."""
    rows = Case.objects.filter(unit__in=synthetic_units()).values_list("unit_id").annotate(n=Count("id"))
    return {unit_id: n for unit_id, n in rows}


# --- the run ------------------------------------------------------------------------------------------


def _load_state(unit_ids: list[int]) -> tuple[dict[int, list[Any]], dict[tuple[int, int], int]]:
    """Chain heads (locked) and case-number counters of the batch's units only (workers own other units)."""
    chains = {chain_key_for(uid): uid for uid in unit_ids}
    AuditChainHead.objects.bulk_create([AuditChainHead(chain=c) for c in chains], ignore_conflicts=True)
    heads: dict[int, list[Any]] = {}
    for head in AuditChainHead.objects.select_for_update().filter(chain__in=list(chains)):
        heads[chains[head.chain]] = [head.last_seq, head.last_hash or GENESIS_HASH]
    return heads, counters_load(sequences.CASE, unit_ids)


def _save_state(batch: Batch, before: dict[tuple[int, int], int], heads_before: dict[int, int]) -> None:
    for uid, (seq, digest) in batch.heads.items():
        if heads_before.get(uid) != seq:
            AuditChainHead.objects.filter(chain=chain_key_for(uid)).update(last_seq=seq, last_hash=digest)
    counters_save(sequences.CASE, batch.counters, before)


def counters_load(series: str, unit_ids: list[int]) -> dict[tuple[int, int], int]:
    """The last numbers issued in ``series`` per (unit, year): the batch numbers on from them."""
    rows = SequenceCounter.objects.filter(series=series, unit_id__in=unit_ids)
    return {(row.unit_id, row.year): row.last_value for row in rows}


def counters_save(series: str, counters: dict[tuple[int, int], int], before: dict[tuple[int, int], int]) -> None:
    """Write back the counters the batch moved (the batch's transaction holds its units' rows)."""
    missing = [SequenceCounter(unit_id=u, series=series, year=y) for (u, y) in counters if (u, y) not in before]
    SequenceCounter.objects.bulk_create(missing, ignore_conflicts=True)
    for (unit_id, year), value in counters.items():
        if before.get((unit_id, year)) != value:
            SequenceCounter.objects.filter(unit_id=unit_id, series=series, year=year).update(last_value=value)


def batch_write(
    *,
    staff: list[UnitStaff],
    config: RunConfig,
    indices: Sequence[int],
    unit_ids: list[int] | None = None,
    recent_victims: dict[int, list[Any]] | None = None,
) -> int:
    """Plan and write the cases ``indices`` in one transaction; return the number of persons written.

    ``unit_ids``: the units these cases belong to (their chain heads and counters are locked); all
    units when not given.
    """
    now = config.now or timezone.now()
    units = unit_ids if unit_ids is not None else [s.unit.pk for s in staff]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Losing the last commits in a crash is harmless here (the run resumes); waiting for each
            # WAL flush is not. Only this transaction is affected.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        heads, counters = _load_state(units)
        before, heads_before = dict(counters), {uid: head[0] for uid, head in heads.items()}
        complaints_before = counters_load(sequences.COMPLAINT, units)
        referrals_before = counters_load(sequences.REFERRAL, units)
        batch = Batch(
            rows={},
            heads=heads,
            counters=counters,
            complaint_counters=dict(complaints_before),
            referral_counters=dict(referrals_before),
        )
        ctx = CaseContext(
            staff=staff,
            config=config,
            now=now,
            closure_ct=ContentType.objects.get_for_model(Case),
            # Kept across batches, so repeat victims do not depend on batch boundaries (a resumed run
            # starts with an empty memory: it may pick other earlier victims, never other counts).
            recent_victims=recent_victims if recent_victims is not None else {},
        )
        for index in indices:
            case_plan_write(ctx, batch, index)
        for model in WRITE_ORDER:
            if batch.rows.get(model):
                rows_write(model, batch.rows[model])
        events_write(batch.events)
        _save_state(batch, before, heads_before)
        counters_save(sequences.COMPLAINT, batch.complaint_counters, complaints_before)
        counters_save(sequences.REFERRAL, batch.referral_counters, referrals_before)
        return ctx.persons


def rows_write(model: type[models.Model], objs: list[Any]) -> None:
    """Insert ``objs``: COPY on PostgreSQL (several times faster), ``bulk_create`` elsewhere.

    Both prepare each personal value with the model field (``pre_save`` + ``get_db_prep_save``), so
    encryption and blind indexes go through exactly the product's code (see bench/writer.py).
    Auto-increment ids are left to the database, except for ``NEED_IDS`` models (set when planned).
    """
    if model in RELINK:
        for obj in objs:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
    if connection.vendor != "postgresql":
        rows_insert(model, objs, with_pk=model in NEED_IDS)
        return
    rows_copy(model, objs, with_pk=model in NEED_IDS)


def case_units(config: RunConfig, staff: list[UnitStaff]) -> Iterator[tuple[int, int]]:
    """``(case index, unit id)`` of every case of the run, in index order (the first draw of each case)."""
    cumulative = unit_weights(staff)
    ids = [s.unit.pk for s in staff]
    for index in range(config.cases):
        yield index, ids[unit_position(cumulative, case_rng(config, index))]


def pending_batches(
    config: RunConfig, staff: list[UnitStaff], *, units: set[int], done: dict[int, int]
) -> Iterator[list[int]]:
    """The indices still to write for ``units``, in index order, ``config.batch_size`` at a time.

    Within a unit, cases are written in index order and a batch commits whole, so the stored cases of
    a unit are always its first ``done[unit]`` ones: skipping those resumes exactly, whatever the batch
    size or the number of workers of the interrupted run.
    """
    seen: dict[int, int] = {}
    batch: list[int] = []
    for index, unit_id in case_units(config, staff):
        if unit_id not in units:
            continue
        seen[unit_id] = seen.get(unit_id, 0) + 1
        if seen[unit_id] <= done.get(unit_id, 0):
            continue
        batch.append(index)
        if len(batch) >= config.batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def recent_victims_load(units: set[int], keep: int = RECENT_VICTIMS) -> dict[int, list[Any]]:
    """The repeat-victim memory a run that never stopped would have: each unit's last ``keep`` victims.

    A victim enters the memory with the case that created it (its first case, by opening time: a
    later case of the same unit always opens later), so a resumed run picks the same repeat victims.
    """
    memory: dict[int, list[Any]] = {}
    for unit_id in sorted(units):
        latest = (
            Person.objects.filter(unit_id=unit_id, case_links__role=PersonRole.VICTIM)
            .annotate(first_case=Min("case_links__case__opened_at"))
            .order_by("-first_case")[:keep]
        )
        memory[unit_id] = list(reversed(latest))
    return memory


def worker_units(staff: list[UnitStaff], workers: int) -> list[set[int]]:
    """Split the units between ``workers`` by expected size (largest first, to the least loaded)."""
    shares: list[set[int]] = [set() for _ in range(workers)]
    loads = [0.0] * workers
    for s in sorted(staff, key=lambda s: (-s.weight, s.unit.pk)):
        lightest = loads.index(min(loads))
        shares[lightest].add(s.unit.pk)
        loads[lightest] += s.weight
    return [share for share in shares if share]


def generate_part(
    config: RunConfig,
    staff: list[UnitStaff],
    *,
    units: set[int],
    done: dict[int, int],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the pending cases of ``units`` (one worker's share); return how many were written."""
    written = 0
    recent = recent_victims_load(units) if any(done.get(u) for u in units) else {}
    for indices in pending_batches(config, staff, units=units, done=done):
        batch_write(staff=staff, config=config, indices=indices, unit_ids=sorted(units), recent_victims=recent)
        written += len(indices)
        if progress is not None:
            progress(len(indices))
    return written


def default_workers() -> int:
    """Two processes on PostgreSQL with two cores or more (units split between them), else one."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def generate(config: RunConfig, *, progress: Callable[[int], None] | None = None, workers: int = 1) -> dict[str, Any]:
    """Bring the synthetic data set up to ``config.cases`` cases; resume where an earlier run stopped.

    ``workers`` > 1 splits the units between that many processes (PostgreSQL only): every unit has its
    own audit chain and counters, and every case its own RNG, so the data are the same as with one.
    """
    staff = units_ensure(count=config.units, total_cases=config.cases)
    done = cases_done_by_unit()
    already = sum(done.values())
    # One "now" for the whole run: the stage of a case must not depend on when its batch ran.
    config = replace(config, now=config.now or timezone.now())
    started = time.monotonic()
    shares = worker_units(staff, workers)
    if already >= config.cases:  # finished (even if another seed or unit count made it): nothing to add
        written = 0
    elif len(shares) > 1:
        written = run_workers(config, staff, shares=shares, done=done, part=generate_part, progress=progress)
    else:
        written = generate_part(config, staff, units={s.unit.pk for s in staff}, done=done, progress=progress)
    return {"already": already, "written": written, "seconds": round(time.monotonic() - started, 1)}
