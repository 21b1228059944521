"""The synthetic data generator behind ``manage.py generate_data`` (issue "Scale").

It writes through the product's own models, so every personal value is encrypted by the model fields,
every blind index and name token is computed with the real keys, and every case carries the audit
events its services would have recorded (hash-chained per unit, chain heads updated). It does not call
the services one case at a time: that would take days at 1M cases. Instead it plans a batch of cases
in memory and writes it with ``bulk_create`` in one transaction per batch:

- the batch commits whole or not at all (counters and chain heads included), so an interrupted run
  resumes from the number of synthetic cases already stored (``generate_data`` again, same arguments);
- case ``i`` (0-based, global) always gets the same plan for a given seed (one RNG per case).

Records that belong to models not built yet (incidents, consents, assessments, plans, sessions,
referrals, follow-ups) are added by one *extension* function each, registered in ``EXTENSIONS`` (see
:mod:`bench.plans`); the generator itself needs no change.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.chain import GENESIS_HASH, event_payload, payload_hash
from sigap.audit.models import AuditChainHead, AuditEvent, chain_key_for
from sigap.cases.models import (
    Case,
    CaseNumberCounter,
    CaseStateChange,
    CaseTeamMember,
)
from sigap.cases.models_people import CaseNote, CasePerson, Person, PersonNameToken
from sigap.regions.models import Regency, Village
from sigap.work.models import WorkItem

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


@dataclass
class UnitStaff:
    """A synthetic unit and the staff the cases are spread over."""

    unit: Unit
    head: User
    case_managers: list[User]
    experts: list[User]
    intake: User
    villages: list[tuple[str, str]]  # (village code, 6-digit district code for NIKs)
    weight: float


@dataclass
class Batch:
    """The rows of one batch, in insertion order, plus the audit chain state while it is built."""

    rows: dict[type[models.Model], list[models.Model]]
    heads: dict[int, list[Any]]  # unit id → [last seq, last hash]
    counters: dict[tuple[int, int], int]  # (unit id, year) → last sequence
    complaint_counters: dict[tuple[int, int], int] = field(default_factory=dict)
    events: list[AuditEvent] = field(default_factory=list)

    def add(self, obj: models.Model) -> models.Model:
        self.rows.setdefault(type(obj), []).append(obj)
        return obj

    def event(
        self,
        *,
        unit_id: int,
        actor: User,
        role: str,
        action: str,
        obj: models.Model,
        at: dt.datetime,
        changed: list[str],
        new: dict[str, Any] | None = None,
        old: dict[str, Any] | None = None,
    ) -> None:
        """Append one audit event to the unit's chain, hashed exactly as ``audit_record`` does."""
        head = self.heads[unit_id]
        values: dict[str, Any] = {
            "chain": chain_key_for(unit_id),
            "seq": head[0] + 1,
            "created_at": at,
            "actor_role": role,
            "action": action,
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk),
            "changed_fields": changed,
            "old_values": old or {},
            "new_values": new or {},
            "request_id": "",
            "ip_address": "",
            "user_agent": "",
            "reason": "",
            "prev_hash": head[1],
        }
        digest = payload_hash(event_payload(actor_id=actor.pk, unit_id=unit_id, **values))
        self.events.append(AuditEvent(actor_id=actor.pk, unit_id=unit_id, hash=digest, **values))
        head[0], head[1] = values["seq"], digest

    def next_number(self, unit: Unit, year: int) -> tuple[int, str]:
        key = (unit.pk, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        sequence = self.counters[key]
        return sequence, f"{unit.case_number_prefix}/{year}/{sequence:04d}"


# Rows are written parents first; an extension that adds a model appends it here (after its parents).
WRITE_ORDER: list[type[models.Model]] = [
    Person,
    PersonNameToken,
    Case,
    CaseStateChange,
    CaseTeamMember,
    CasePerson,
    CaseNote,
    WorkItem,
]

# Models whose rows point at rows of this batch with an auto-increment id (an incident's victim is a
# CasePerson): their foreign keys are resolved from the related objects right before writing.
RELINK: set[type[models.Model]] = set()
# Auto-increment models other rows point at: on PostgreSQL their ids are drawn from the sequence
# before COPY (bulk_create returns them on SQLite).
NEED_IDS: set[type[models.Model]] = {CasePerson}

# --- units and staff ----------------------------------------------------------------------------------


def _region_codes(count: int) -> list[str]:
    """Regency codes for ``count`` units: real ones when the regions are loaded, else made-up 64.xx."""
    codes = list(Regency.objects.order_by("code").values_list("code", flat=True)[:count])
    while len(codes) < count:
        n = len(codes)
        codes.append(f"{64 + n // 99}.{n % 99 + 1:02d}")
    return codes


def _villages_of(region_code: str) -> list[tuple[str, str]]:
    rows = Village.objects.filter(regency_id=region_code).order_by("code").values_list("code", "district_id")[:300]
    return [(code, district.replace(".", "")) for code, district in rows]


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
            for k in range(1, max(1, len(managers) // 2) + 1)
        ]
        intake = _staff_user(f"{tag}_intake", f"Petugas Pengaduan Sintetis {n:03d}", unit, Role.INTAKE)
        _staff_user(f"{tag}_data", f"Petugas Data Sintetis {n:03d}", unit, Role.DATA_OFFICER)
        villages = _villages_of(unit.region_code)
        # Unit sizes differ, as real ones do (a city unit sees many times a rural one's cases).
        result.append(UnitStaff(unit, head, managers, experts, intake, villages, weight=1.0 / (1.0 + 0.08 * (n - 1))))
    return result


def synthetic_units() -> models.QuerySet[Unit]:
    return Unit.objects.filter(case_number_prefix__startswith=SYNTHETIC_UNIT_PREFIX)


def cases_done() -> int:
    """How many synthetic cases are stored: the index the next batch starts at."""
    return Case.objects.filter(unit__in=synthetic_units()).count()


# --- the run ------------------------------------------------------------------------------------------


@dataclass
class RunConfig:
    """What to generate: ``cases`` in all (the target, not an increment), over ``units`` and ``years``."""

    cases: int
    units: int
    years: int
    seed: int = 20260101
    batch_size: int = 1000
    now: dt.datetime | None = None


def _load_state(staff: list[UnitStaff]) -> tuple[dict[int, list[Any]], dict[tuple[int, int], int]]:
    unit_ids = [s.unit.pk for s in staff]
    chains = {chain_key_for(uid): uid for uid in unit_ids}
    AuditChainHead.objects.bulk_create([AuditChainHead(chain=c) for c in chains], ignore_conflicts=True)
    heads: dict[int, list[Any]] = {}
    for head in AuditChainHead.objects.select_for_update().filter(chain__in=list(chains)):
        heads[chains[head.chain]] = [head.last_seq, head.last_hash or GENESIS_HASH]
    counters = {(c.unit_id, c.year): c.last_value for c in CaseNumberCounter.objects.filter(unit_id__in=unit_ids)}
    return heads, counters


def _save_state(batch: Batch, before: dict[tuple[int, int], int]) -> None:
    for uid, (seq, digest) in batch.heads.items():
        AuditChainHead.objects.filter(chain=chain_key_for(uid)).update(last_seq=seq, last_hash=digest)
    missing = [CaseNumberCounter(unit_id=u, year=y) for (u, y) in batch.counters if (u, y) not in before]
    CaseNumberCounter.objects.bulk_create(missing, ignore_conflicts=True)
    for (uid, year), value in batch.counters.items():
        if before.get((uid, year)) != value:
            CaseNumberCounter.objects.filter(unit_id=uid, year=year).update(last_value=value)


def batch_write(
    *,
    staff: list[UnitStaff],
    config: RunConfig,
    start: int,
    stop: int,
    person_base: int,
    recent_victims: dict[int, list[Any]] | None = None,
) -> int:
    """Plan and write cases ``start``..``stop-1`` in one transaction; return the number of persons written."""
    from bench.complaints import complaint_counters_load, complaint_counters_save
    from bench.plans import CaseContext, case_plan_write

    now = config.now or timezone.now()
    with transaction.atomic():
        heads, counters = _load_state(staff)
        before = dict(counters)
        complaints_before = complaint_counters_load([s.unit.pk for s in staff])
        batch = Batch(rows={}, heads=heads, counters=counters, complaint_counters=dict(complaints_before))
        ctx = CaseContext(
            staff=staff,
            config=config,
            now=now,
            closure_ct=ContentType.objects.get_for_model(Case),
            person_index=person_base,
            # Kept across batches, so repeat victims do not depend on batch boundaries (a resumed run
            # starts with an empty memory: it may pick other earlier victims, never other counts).
            recent_victims=recent_victims if recent_victims is not None else {},
        )
        for index in range(start, stop):
            case_plan_write(ctx, batch, index)
        for model in WRITE_ORDER:
            if batch.rows.get(model):
                rows_write(model, batch.rows[model])
        rows_write(AuditEvent, batch.events)
        _save_state(batch, before)
        complaint_counters_save(batch.complaint_counters, complaints_before)
        return ctx.person_index - person_base


def rows_write(model: type[models.Model], objs: list[Any]) -> None:
    """Insert ``objs``: COPY on PostgreSQL (several times faster), ``bulk_create`` elsewhere.

    Both prepare each value with the model field (``pre_save`` + ``get_db_prep_save``), so encryption,
    blind indexes and JSON go through exactly the product's code. Auto-increment ids are left to the
    database, except for ``NEED_IDS`` models (drawn from the sequence first, so later rows can point at them).
    """
    if model in RELINK:
        for obj in objs:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=2000)
        return
    if model in NEED_IDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, len(objs)],
            )
            for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = pk
    auto = model not in NEED_IDS
    fields = [f for f in model._meta.concrete_fields if not (auto and f.primary_key and isinstance(f, AutoFieldMixin))]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def batches(*, done: int, total: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(done, total, size):
        yield start, min(total, start + size)


def generate(config: RunConfig, *, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Bring the synthetic data set up to ``config.cases`` cases; resume where an earlier run stopped."""
    staff = units_ensure(count=config.units, total_cases=config.cases)
    done = cases_done()
    person_base = Person.objects.filter(unit__in=synthetic_units()).count()
    started = time.monotonic()
    written = 0
    recent: dict[int, list[Any]] = {}
    for start, stop in batches(done=done, total=config.cases, size=config.batch_size):
        person_base += batch_write(
            staff=staff, config=config, start=start, stop=stop, person_base=person_base, recent_victims=recent
        )
        written += stop - start
        if progress is not None:
            progress(stop - start)
    return {"already": done, "written": written, "seconds": round(time.monotonic() - started, 1)}
