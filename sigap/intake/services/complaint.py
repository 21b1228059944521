"""Writes of the complaints app: recording, taking, triage, decisions and the hand-off to a case.

Each function is keyword-only, runs under ``transaction.atomic``, locks the complaint row, checks who
acts and the transition's guards, saves with ``update_fields``, keeps the state history and records
its audit event in the same transaction. Refusals raise :class:`ComplaintRefused` (a
``ValidationError``) whose message is shown to the user. Decisions, the hand-off to a case,
assignment and settings: ``services_decision``; the public web form: ``services_public``.

Transitions (domain.md §B1)::

    ADUAN_MASUK → IDENTIFIKASI → DARURAT | PENJANGKAUAN | KASUS_DIBUKA | DIRUJUK_KELUAR | DITUTUP_TANPA_KASUS
    PENJANGKAUAN → IDENTIFIKASI        DARURAT → KASUS_DIBUKA (once safe)

The response clock (work item ``complaint_response``) is opened at recording and closed as done by
the first response: taking the complaint into identification (``complaint_take``), which triage and
any decision do implicitly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.services import ChangeEvent, audit_changes
from sigap.core import sequences
from sigap.core.reference.selectors import code_lookup
from sigap.core.sequences import sequence_next
from sigap.intake.classification import safe_fields
from sigap.intake.clocks import response_due_at
from sigap.intake.kinds import COMPLAINT_RESPONSE
from sigap.intake.models import (
    CRITERION_LEVEL,
    RISK_ORDER,
    CaseCategory,
    Complaint,
    ComplaintState,
    ComplaintStateChange,
    ContactCalls,
    Jurisdiction,
    PersonRole,
    ReporterType,
    RiskCriterion,
    RiskLevel,
)
from sigap.work.services import work_item_done, work_item_open

logger = logging.getLogger("sigap.intake")

SAFE_FIELDS = safe_fields("Complaint")
ACTING_ROLES = frozenset({Role.INTAKE, Role.HEAD})
MAX_ACCOUNT = 5000
MAX_NOTE = 2000
MAX_PEOPLE = 10
NUMBER_PREFIX = "ADU"
# A complaint is recorded when it comes in, or a little later from a paper log: never years back.
RECEIVED_MAX_YEARS = 5

TRANSITIONS: dict[str, frozenset[str]] = {
    ComplaintState.ADUAN_MASUK: frozenset({ComplaintState.IDENTIFIKASI}),
    ComplaintState.IDENTIFIKASI: frozenset(
        {
            ComplaintState.DARURAT,
            ComplaintState.PENJANGKAUAN,
            ComplaintState.KASUS_DIBUKA,
            ComplaintState.DIRUJUK_KELUAR,
            ComplaintState.DITUTUP_TANPA_KASUS,
        }
    ),
    ComplaintState.PENJANGKAUAN: frozenset({ComplaintState.IDENTIFIKASI}),
    ComplaintState.DARURAT: frozenset({ComplaintState.KASUS_DIBUKA}),
}


class ComplaintRefused(ValidationError):
    """A write was refused by a guard or by the state machine; the message says why."""


@dataclass(frozen=True)
class PersonEntry:
    """One person named in a complaint: no NIK at this stage, an age rather than a birth date."""

    name: str
    role: str = PersonRole.VICTIM
    age: int | None = None
    sex: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "age": self.age, "sex": self.sex}


# --- helpers ---------------------------------------------------------------------------------


def _membership_in(actor: User, unit: Unit) -> Membership:
    membership = actor.membership
    if membership is None or membership.unit_id != unit.pk or membership.role not in ACTING_ROLES:
        raise ComplaintRefused(_("Only the intake officers and the head of the unit can handle its complaints."))
    return membership


def _acting_membership(actor: User) -> Membership:
    membership = actor.membership
    if membership is None or membership.role not in ACTING_ROLES:
        raise ComplaintRefused(_("Only the intake officers and the head of the unit can record complaints."))
    return membership


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("unit").get(pk=complaint.pk)


def _audit(*, complaint: Complaint, **event: Unpack[ChangeEvent]) -> None:
    """One audit event: names of the changed fields, values of the non-personal ones only."""
    audit_changes(obj=complaint, unit=complaint.unit, safe_fields=SAFE_FIELDS, **event)


def _move(
    *, complaint: Complaint, to_state: str, actor: User | None, at: datetime, changed: dict[str, tuple[Any, Any]]
) -> None:
    """Change the state (guarded by TRANSITIONS) and keep the history row."""
    from_state = complaint.state
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        raise ComplaintRefused(
            _("A complaint in the state “%(state)s” cannot move to “%(to)s”.")
            % {"state": ComplaintState(from_state).label, "to": ComplaintState(to_state).label}
        )
    complaint.state = to_state
    changed["state"] = (from_state, to_state)
    ComplaintStateChange.objects.create(
        complaint=complaint, from_state=from_state, to_state=to_state, changed_at=at, changed_by=actor
    )


def _clean_text(value: str | None, limit: int) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


def _contact_calls(value: str) -> str:
    """The answer to "may we phone?" ("" when not asked); a value outside the list is refused."""
    if value and value not in ContactCalls.values:
        raise ComplaintRefused(_("Choose whether we may phone from the list."))
    return value or ""


def _optional(value: str | None, limit: int) -> str | None:
    text = _clean_text(value, limit)
    return text or None


def clean_people(people: Iterable[PersonEntry]) -> list[dict[str, Any]]:
    """The people list as stored: known roles and sexes, plausible ages; the name may be empty ("not
    known yet"). A row that says nothing (no name, age or sex, and the role "other") is left out."""
    rows: list[dict[str, Any]] = []
    for person in people:
        name = _clean_text(person.name, 200)
        if not (name or person.age is not None or person.sex or person.role != PersonRole.OTHER):
            continue
        if person.role not in PersonRole.values:
            raise ComplaintRefused(_("Choose the role of each person from the list."))
        if person.sex not in ("", "L", "P"):
            raise ComplaintRefused(_("Choose the sex of each person from the list."))
        if person.age is not None and not 0 <= person.age <= 120:
            raise ComplaintRefused(_("An age must be between 0 and 120."))
        rows.append(PersonEntry(name=name, role=person.role, age=person.age, sex=person.sex).as_dict())
    if len(rows) > MAX_PEOPLE:
        raise ComplaintRefused(_("Name at most %(count)d people.") % {"count": MAX_PEOPLE})
    return rows


def complaint_number_issue(*, unit: Unit, year: int) -> tuple[int, str]:
    """The next ``(sequence, "ADU/<year>/<0001>")`` of ``unit``; call inside the recording transaction.

    Concurrent recordings of one unit queue on the counter row (``sequence_next``), so two complaints
    never share a number; a rolled-back recording gives its number back.
    """
    sequence = sequence_next(unit=unit, series=sequences.COMPLAINT, year=year)
    return sequence, f"{NUMBER_PREFIX}/{year}/{sequence:04d}"


def clock_responsible(*, unit: Unit, preferred: User | None = None) -> User | None:
    """Who answers for a complaint's clock: ``preferred`` if an active member, else the active INTAKE
    officer with the fewest open clocks, else a HEAD of the unit (None when the unit has neither)."""
    members = Membership.objects.filter(unit=unit, is_active=True, user__is_active=True)
    if preferred is not None and members.filter(user=preferred).exists():
        return preferred
    candidates = (
        User.objects.filter(
            is_active=True,
            memberships__unit=unit,
            memberships__is_active=True,
            memberships__role=Role.INTAKE,
        )
        .annotate(
            open_clocks=Count(
                "work_items", filter=Q(work_items__kind=COMPLAINT_RESPONSE, work_items__state="OPEN"), distinct=True
            )
        )
        .order_by("open_clocks", "pk")
    )
    found = candidates.first()
    if found is not None:
        return found
    return (
        User.objects.filter(
            is_active=True, memberships__unit=unit, memberships__is_active=True, memberships__role=Role.HEAD
        )
        .order_by("pk")
        .first()
    )


def start_clock(*, complaint: Complaint, responsible: User | None) -> None:
    """Open the response clock of a new complaint (due by its risk level and the unit's settings)."""
    due = response_due_at(unit=complaint.unit, risk_level=complaint.risk_level, received_at=complaint.received_at)
    complaint.response_due_at = due
    complaint.save(update_fields=["response_due_at"])
    if responsible is None:
        # The due time still sorts the queue; only the reminder and escalation are lost.
        logger.warning("complaint clock without a responsible user", extra={"complaint": str(complaint.pk)})
        return
    work_item_open(
        unit=complaint.unit,
        kind=COMPLAINT_RESPONSE,
        target=complaint,
        due_at=due,
        responsible=responsible,
        title_key=complaint.number,
    )


def check_channel(channel: str) -> None:
    found = code_lookup("complaint_channel", channel)
    if found is None or not found.is_active or not found.is_selectable:
        raise ComplaintRefused(_("Choose the channel from the list."))


# --- recording -------------------------------------------------------------------------------


def received_at_earliest(now: datetime) -> datetime:
    """The earliest accepted time of receipt: the same moment ``RECEIVED_MAX_YEARS`` years before ``now``."""
    try:
        return now.replace(year=now.year - RECEIVED_MAX_YEARS)
    except ValueError:  # 29 February
        return now.replace(year=now.year - RECEIVED_MAX_YEARS, day=28)


def received_at_problem(received_at: datetime, *, now: datetime) -> str | None:
    """Why ``received_at`` cannot be a time of receipt (None: it can)."""
    if received_at > now + timedelta(minutes=5):
        return _("The time of receipt cannot be in the future.")
    if received_at < received_at_earliest(now):
        return _("The time of receipt cannot be more than %(years)d years ago.") % {"years": RECEIVED_MAX_YEARS}
    return None


@transaction.atomic
def complaint_record(
    *,
    actor: User,
    channel: str,
    received_at: datetime,
    reporter_type: str,
    account: str,
    risk_level: str,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_relationship: str = "",
    contact_consent: bool = False,
    contact_instructions: str = "",
    contact_calls: str = "",
    people: Iterable[PersonEntry] = (),
    request: HttpRequest | None = None,
) -> Complaint:
    """Record a complaint taken by an intake officer (or the HEAD) from any channel; start its clock.

    ``risk_level`` is the first estimate at receipt (it sets the clock); triage may re-rate it.
    An anonymous report keeps no reporter name, phone or relationship.
    """
    membership = _acting_membership(actor)
    unit = membership.unit
    check_channel(channel)
    if timezone.is_naive(received_at):
        raise ValueError("received_at must be timezone-aware")
    now = timezone.now()
    # Also before the unit's time zone conversion below: year 1 would overflow it.
    if problem := received_at_problem(received_at, now=now):
        raise ComplaintRefused(problem)
    if reporter_type not in ReporterType.values:
        raise ComplaintRefused(_("Choose who reported."))
    if risk_level not in RiskLevel.values:
        raise ComplaintRefused(_("Choose a first risk estimate."))
    account = _clean_text(account, MAX_ACCOUNT)
    if not account:
        raise ComplaintRefused(_("Write a short account of what happened."))
    anonymous = reporter_type == ReporterType.ANONYMOUS
    year = timezone.localtime(received_at, unit.zone).year
    sequence, number = complaint_number_issue(unit=unit, year=year)
    complaint = Complaint(
        unit=unit,
        number=number,
        year=year,
        sequence=sequence,
        channel=channel,
        received_at=received_at,
        recorded_by=actor,
        handler=actor if membership.role == Role.INTAKE else None,
        state=ComplaintState.ADUAN_MASUK,
        reporter_type=reporter_type,
        reporter_name=None if anonymous else _optional(reporter_name, 200),
        reporter_phone=None if anonymous else _optional(reporter_phone, 40),
        reporter_relationship=None if anonymous else _optional(reporter_relationship, 100),
        contact_consent=bool(contact_consent),
        contact_instructions=_optional(contact_instructions, MAX_NOTE),
        contact_calls=_contact_calls(contact_calls),
        people=clean_people(people),
        account=account,
        risk_level=risk_level,
    )
    complaint.full_clean()
    complaint.save(force_insert=True)
    ComplaintStateChange.objects.create(
        complaint=complaint, from_state="", to_state=ComplaintState.ADUAN_MASUK, changed_at=now, changed_by=actor
    )
    start_clock(complaint=complaint, responsible=clock_responsible(unit=unit, preferred=complaint.handler or actor))
    _audit(actor=actor, complaint=complaint, action=AuditAction.CREATE, changed=_created(complaint), request=request)
    logger.info("complaint recorded", extra={"complaint": str(complaint.pk), "channel": channel})
    return complaint


def _created(complaint: Complaint) -> dict[str, tuple[Any, Any]]:
    names = ["number", "channel", "received_at", "state", "reporter_type", "contact_consent", "risk_level", "account"]
    for optional in ("reporter_name", "reporter_phone", "reporter_relationship", "contact_instructions"):
        if getattr(complaint, optional):
            names.append(optional)
    if complaint.contact_calls:
        names.append("contact_calls")
    if complaint.people:
        names.append("people")
    return {name: (None, getattr(complaint, name)) for name in names}


# --- first response and triage ---------------------------------------------------------------


def _take(*, actor: User, membership: Membership, complaint: Complaint, changed: dict[str, tuple[Any, Any]]) -> None:
    """ADUAN_MASUK → IDENTIFIKASI: the first response. Closes the clock; an INTAKE officer becomes
    the handler of a complaint nobody handles yet (a web report)."""
    now = timezone.now()
    _move(complaint=complaint, to_state=ComplaintState.IDENTIFIKASI, actor=actor, at=now, changed=changed)
    complaint.first_response_at, complaint.first_response_by = now, actor
    changed["first_response_at"] = (None, now)
    changed["first_response_by"] = (None, actor.pk)
    if complaint.handler_id is None and membership.role == Role.INTAKE:
        complaint.handler = actor
        changed["handler"] = (None, actor.pk)
    work_item_done(target=complaint, kind=COMPLAINT_RESPONSE, by=actor)


def _save(complaint: Complaint, changed: dict[str, tuple[Any, Any]]) -> None:
    """Save exactly the changed fields (every key of ``changed`` is a field name)."""
    complaint.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def complaint_take(*, actor: User, complaint: Complaint, request: HttpRequest | None = None) -> Complaint:
    """Record the first response (contact made, complaint taken into identification)."""
    membership = _membership_in(actor, complaint.unit)
    complaint = _locked(complaint)
    if complaint.state != ComplaintState.ADUAN_MASUK:
        raise ComplaintRefused(_("This complaint has already been taken into identification."))
    changed: dict[str, tuple[Any, Any]] = {}
    _take(actor=actor, membership=membership, complaint=complaint, changed=changed)
    _save(complaint, changed)
    _audit(actor=actor, complaint=complaint, action=AuditAction.UPDATE, changed=changed, request=request)
    return complaint


def minimum_risk(criteria: Iterable[str]) -> str:
    """The lowest risk level the checked criteria allow (RENDAH when none is checked)."""
    levels = [CRITERION_LEVEL[c] for c in criteria if c in CRITERION_LEVEL]
    return max(levels, key=lambda level: RISK_ORDER[RiskLevel(level)], default=RiskLevel.RENDAH)


def criteria_problems(criteria: Iterable[str], risk_level: str | None) -> list[str]:
    """Why the ticked criteria do not fit together or with ``risk_level`` ([]: they do).

    The identification form asks it even when other fields are wrong, so every error comes in one round.
    """
    criteria = set(criteria)
    floor = minimum_risk(criteria)
    problems = []
    if risk_level in RiskLevel.values and RISK_ORDER[RiskLevel(risk_level)] < RISK_ORDER[RiskLevel(floor)]:
        problems.append(
            _("A ticked criterion means at least “%(level)s” risk: raise the risk level or untick it.")
            % {"level": RiskLevel(floor).label}
        )
    if RiskCriterion.NO_IMMEDIATE_DANGER in criteria and floor != RiskLevel.RENDAH:
        problems.append(_("“No immediate danger” cannot be ticked together with a danger criterion."))
    return problems


def check_subtype(category: str, subtype: str) -> None:
    if category == CaseCategory.AMPK:
        found = code_lookup("case_category", subtype)
        if found is None or found.parent != "AMPK" or not found.is_active:
            raise ComplaintRefused(_("Choose the AMPK sub-type."))
    elif subtype:
        raise ComplaintRefused(_("Only the AMPK category has a sub-type."))


@transaction.atomic
def complaint_triage(
    *,
    actor: User,
    complaint: Complaint,
    category: str,
    risk_level: str,
    risk_criteria: Iterable[str],
    jurisdiction: str,
    category_subtype: str = "",
    risk_note: str = "",
    transfer_to: str = "",
    request: HttpRequest | None = None,
) -> Complaint:
    """Record the identification: case category, risk level with its criteria, jurisdiction.

    Allowed while the complaint is received or in identification (a received one is taken first:
    triage is a response). Guards: known codes; AMPK needs its sub-type; at least one criterion;
    the level is never below what a checked criterion implies; another region names where to.
    """
    membership = _membership_in(actor, complaint.unit)
    complaint = _locked(complaint)
    if complaint.state not in (ComplaintState.ADUAN_MASUK, ComplaintState.IDENTIFIKASI):
        raise ComplaintRefused(_("Identification can only be recorded before the decision."))
    if category not in CaseCategory.values:
        raise ComplaintRefused(_("Choose a case category."))
    check_subtype(category, category_subtype)
    if risk_level not in RiskLevel.values:
        raise ComplaintRefused(_("Choose a risk level."))
    criteria = sorted(set(risk_criteria))
    if not criteria:
        raise ComplaintRefused(_("Tick the criteria that led to the risk level."))
    if any(c not in RiskCriterion.values for c in criteria):
        raise ComplaintRefused(_("Choose the risk criteria from the list."))
    for problem in criteria_problems(criteria, risk_level):
        raise ComplaintRefused(problem)
    if jurisdiction not in Jurisdiction.values:
        raise ComplaintRefused(_("Choose the jurisdiction."))
    transfer = _optional(transfer_to, 200)
    if jurisdiction == Jurisdiction.OTHER_REGION and not transfer:
        raise ComplaintRefused(_("Name the region or unit the complaint should go to."))
    changed: dict[str, tuple[Any, Any]] = {}
    if complaint.state == ComplaintState.ADUAN_MASUK:
        _take(actor=actor, membership=membership, complaint=complaint, changed=changed)
    values = {
        "category": category,
        "category_subtype": category_subtype if category == CaseCategory.AMPK else "",
        "risk_level": risk_level,
        "risk_criteria": criteria,
        "risk_note": _optional(risk_note, MAX_NOTE),
        "jurisdiction": jurisdiction,
        "transfer_to": transfer if jurisdiction == Jurisdiction.OTHER_REGION else None,
    }
    for name, value in values.items():
        old = getattr(complaint, name)
        if old != value:
            changed[name] = (old, value)
            setattr(complaint, name, value)
    if not changed:
        return complaint
    complaint.full_clean()
    _save(complaint, changed)
    _audit(actor=actor, complaint=complaint, action=AuditAction.UPDATE, changed=changed, request=request)
    return complaint
