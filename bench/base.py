"""What the generator and its parts share: the run's configuration, a unit's staff, the batch being
built, the per-case decisions, and the few helpers every part draws with.

Why a module of its own: the generator (bench/generator.py) imports the parts that plan a case
(bench/plans.py and its extensions), and the parts need these types. With the types in generator.py
each part imported the generator back, so the modules formed one import circle. Here nothing imports
from the generator or the plans: the parts depend on this module, the generator on the parts.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from bench.writer import IdAllocator, event_row
from sigap.accounts.models import Unit, User
from sigap.audit.models import chain_key_for
from sigap.cases.classification import safe_fields
from sigap.cases.models import (
    Case,
    CaseStateChange,
    CaseTeamMember,
)
from sigap.cases.models.people import CaseNote, CasePerson, Person, PersonNameToken
from sigap.work.models import WorkItem

RECENT_VICTIMS = 50  # per unit: the earlier victims a repeat victim is drawn from
CASE_SAFE = frozenset(safe_fields("Case"))


@dataclass
class RunConfig:
    """What to generate: ``cases`` in all (the target, not an increment), over ``units`` and ``years``."""

    cases: int
    units: int
    years: int
    seed: int = 20260101
    batch_size: int = 1000
    now: dt.datetime | None = None


@dataclass
class UnitStaff:
    """A synthetic unit and the staff the cases are spread over."""

    unit: Unit
    head: User
    case_managers: list[User]
    experts: list[User]
    intake: User
    villages: list[str]  # village codes of the unit's regency
    weight: float
    # The unit's bookable rooms and its shelter's beds (bench/assistance/setup.py), made once per unit.
    rooms: list[Any] = field(default_factory=list)
    beds: list[Any] = field(default_factory=list)


@dataclass
class Batch:
    """The rows of one batch, in insertion order, plus the audit chain state while it is built."""

    rows: dict[type[models.Model], list[models.Model]]
    heads: dict[int, list[Any]]  # unit id → [last seq, last hash]
    counters: dict[tuple[int, int], int]  # (unit id, year) → last sequence
    complaint_counters: dict[tuple[int, int], int] = field(default_factory=dict)
    referral_counters: dict[tuple[int, int], int] = field(default_factory=dict)  # bench/partnership/referrals.py
    events: list[tuple[Any, ...]] = field(default_factory=list)  # COPY rows (bench.writer.EVENT_COLUMNS)
    ids: IdAllocator = field(default_factory=IdAllocator)
    object_ids: dict[Any, str] = field(default_factory=dict)  # pk → str(pk): most events name the case

    def add(self, obj: models.Model) -> models.Model:
        self.rows.setdefault(type(obj), []).append(obj)
        return obj

    def new_id(self, model: type[models.Model]) -> int:
        """An id for an auto-increment row that other rows (or audit events) name before it is written."""
        return self.ids.next(model)

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
        reason: str = "",
    ) -> None:
        """Append one audit event to the unit's chain, hashed exactly as ``audit_record`` does.

        ``old``/``new`` hold JSON values of non-personal fields only, as the services record them.
        """
        head = self.heads[unit_id]
        pk = obj.pk
        object_id = self.object_ids.get(pk)
        if object_id is None:
            object_id = self.object_ids[pk] = str(pk)
        row = event_row(
            chain=chain_key_for(unit_id),
            seq=head[0] + 1,
            created_at=at,
            actor_id=actor.pk,
            actor_role=role,
            unit_id=unit_id,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=object_id,
            changed=changed,
            old=old or {},
            new=new or {},
            reason=reason,
            prev_hash=head[1],
        )
        self.events.append(row)
        head[0], head[1] = row[1], row[-1]

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

# Models whose foreign keys must be resolved from their related objects right before writing (a row
# built before its auto-increment parent had an id). Ids drawn with ``batch.new_id`` make this unneeded.
RELINK: set[type[models.Model]] = set()
# Auto-increment models whose ids are set while planning (``batch.new_id``), because other rows or
# audit events name them: a case person (incidents, consents), a plan item (its audit events).
NEED_IDS: set[type[models.Model]] = {CasePerson}


# --- drawing a case -----------------------------------------------------------------------------------


def pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


def unit_weights(staff: list[UnitStaff]) -> list[float]:
    """Cumulative unit weights: case ``i`` belongs to the first unit whose sum reaches its first draw."""
    total, cumulative = 0.0, []
    for s in staff:
        total += s.weight
        cumulative.append(total)
    return cumulative


def case_rng(config: RunConfig, index: int) -> random.Random:
    """The RNG of case ``index``: its first draw picks the unit (see ``unit_position``)."""
    return random.Random(config.seed * 1_000_003 + index)


def unit_position(cum_weights: list[float], rng: random.Random) -> int:
    """The position (in ``staff``) of the unit of a case, from the first draw of its RNG."""
    return bisect_left(cum_weights, rng.random() * cum_weights[-1])


@dataclass
class CaseContext:
    """What every case of a batch shares."""

    staff: list[UnitStaff]
    config: RunConfig
    now: dt.datetime
    closure_ct: ContentType
    cum_weights: list[float] = field(default_factory=list)
    recent_victims: dict[int, list[Person]] = field(default_factory=dict)
    persons: int = 0  # persons created in this batch (reported by batch_write)
    # What an extension computes once per process and reuses (pure functions of the seed: never a decision
    # that depends on which batch or worker came first), e.g. the shelter's bed lanes per window.
    cache: dict[Any, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cum_weights = unit_weights(self.staff)


@dataclass
class CasePlan:
    """The decisions about one case that extensions reuse (incident type, KDRT, child victim...)."""

    index: int
    case: Case
    staff: UnitStaff
    manager: User
    child_victim: bool
    is_kdrt: bool
    violence_type: str
    victim: Person
    steps: list[tuple[str, dt.datetime]]
    victim_link: CasePerson | None = None
    perpetrator_link: CasePerson | None = None
    relationship: str = ""
    guardian_link: CasePerson | None = None
    expert: User | None = None  # the expert put on the team when assessment started (40 %)
    # What one extension decided and a later one reuses (e.g. the plan's partner agencies, for consent).
    extra: dict[str, Any] = field(default_factory=dict)

    def reached(self, state: str) -> dt.datetime | None:
        """When the case entered ``state`` (None: not reached)."""
        for name, at in self.steps:
            if name == state:
                return at
        return None

    def next_after(self, state: str) -> dt.datetime | None:
        """When the case left ``state`` for the next step (None: still in it, or never reached)."""
        for position, (name, _at) in enumerate(self.steps[:-1]):
            if name == state:
                return self.steps[position + 1][1]
        return None
