"""Writes of a contract: create (active), propose a draft, activate a draft, keep the signed document.

Each is typed, keyword-only, runs in one transaction and writes its audit event in it. Only the HEAD of the
expert's unit writes here; a refusal is a ``ValidationError`` whose message is shown to the user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_created, audit_record
from sigap.contracts.models import Contract, ContractPeriod, ContractState, FeeBasis, FundingSource, PeriodState
from sigap.contracts.periods import period_of
from sigap.core.files.store import file_accept
from sigap.experts.models import ExpertProfile, Profession
from sigap.recruitment.hooks import ChosenApplicant

MAX_TEXT = 100
MAX_DUTIES = 4000
MAX_PRICE = Decimal("999999999999")
MAX_AMOUNT = Decimal("9999999999999999")
EARLIEST_YEAR, LATEST_YEAR = 2020, 2100


@dataclass(frozen=True)
class ContractData:
    """The terms of a contract as the HEAD enters them (the form's cleaned data)."""

    number: str
    post: str
    profession: str
    fiscal_year: int
    funding_source: str
    fee_basis: str
    unit_price: Decimal
    amount: Decimal
    start: dt.date
    end: dt.date
    duties: str = ""


def head_unit(actor: User) -> Unit:
    """The unit of an active HEAD; anyone else is refused."""
    membership = actor.membership
    if membership is None or membership.role != Role.HEAD:
        raise ValidationError(_("Only the head of the unit can manage the experts' contracts."))
    return membership.unit


def _check_expert(unit: Unit, expert: ExpertProfile) -> None:
    if (
        expert.unit_id != unit.pk
        or not Membership.objects.filter(user_id=expert.user_id, unit=unit, role=Role.EXPERT, is_active=True).exists()
    ):
        raise ValidationError(_("Only an active expert of your unit can have a contract."))


def _one_line(value: str, *, limit: int, what: str) -> str:
    text = " ".join((value or "").replace("\x00", "").split())
    if not text:
        raise ValidationError(_("Enter the %(what)s.") % {"what": what})
    if len(text) > limit:
        raise ValidationError(
            _("The %(what)s is too long (at most %(limit)d characters).") % {"what": what, "limit": limit}
        )
    return text


def _check_terms(data: ContractData) -> dict[str, Any]:
    """The terms, cleaned, or the first thing wrong with them."""
    if data.profession not in Profession.values:
        raise ValidationError(_("Choose a profession from the list."))
    if data.funding_source not in FundingSource.values:
        raise ValidationError(_("Choose a funding source from the list."))
    if data.fee_basis not in FeeBasis.values:
        raise ValidationError(_("Choose how the expert is paid."))
    if not EARLIEST_YEAR <= data.fiscal_year <= LATEST_YEAR:
        raise ValidationError(_("The fiscal year must be between 2020 and 2100."))
    if not (0 < data.unit_price <= MAX_PRICE and 0 < data.amount <= MAX_AMOUNT):
        raise ValidationError(_("The unit price and the contract value must be positive amounts in rupiah."))
    if data.end < data.start:
        raise ValidationError(_("The contract must end on or after its start."))
    # The budget (APBD, DAK) is annual: a contract lies inside its fiscal year (docs/decisions.md).
    if data.start.year != data.fiscal_year or data.end.year != data.fiscal_year:
        raise ValidationError(
            _("The contract must start and end within its fiscal year %(year)d; make a new contract for the next year.")
            % {"year": data.fiscal_year}
        )
    duties = (data.duties or "").replace("\x00", "").strip()
    if len(duties) > MAX_DUTIES:
        raise ValidationError(_("The duties are too long (at most 4000 characters)."))
    return {
        "number": _one_line(data.number, limit=MAX_TEXT, what=_("contract number")),
        "post": _one_line(data.post, limit=MAX_TEXT, what=_("post")),
        "profession": data.profession,
        "fiscal_year": data.fiscal_year,
        "funding_source": data.funding_source,
        "fee_basis": data.fee_basis,
        "unit_price": data.unit_price,
        "amount": data.amount,
        "start": data.start,
        "end": data.end,
        "duties": duties,
    }


def period_open(*, contract: Contract, number: int, now: dt.datetime) -> ContractPeriod:
    """Open period ``number`` of an active contract (called inside the caller's transaction)."""
    assert contract.start is not None and contract.end is not None
    dates = period_of(contract.start, contract.end, number)
    if dates is None:
        raise ValidationError(_("This contract has no further period."))
    period = ContractPeriod(
        contract=contract,
        number=dates.number,
        start=dates.start,
        end=dates.end,
        is_last=dates.is_last,
        state=PeriodState.OPEN,
        opened_at=now,
    )
    period.full_clean()
    period.save()
    return period


def _activate(contract: Contract, *, actor: User, request: HttpRequest | None, action: str) -> Contract:
    """Make ``contract`` ACTIVE with its first period open; the database refuses a second active contract."""
    now = timezone.now()
    # The next year's contract takes over from this year's, which has no period left to decide.
    assert contract.start is not None
    for earlier in Contract.objects.select_for_update().filter(
        expert=contract.expert, state=ContractState.ACTIVE, end__lt=contract.start
    ):
        earlier.state, earlier.ended_at = ContractState.ENDED, now
        earlier.save(update_fields=["state", "ended_at"])
        audit_record(
            actor=actor,
            unit=earlier.unit,
            action=AuditAction.UPDATE,
            obj=earlier,
            changed_fields=["state", "ended_at"],
            new={"state": earlier.state, "ended_at": now},
            request=request,
        )
    contract.state = ContractState.ACTIVE
    try:
        with transaction.atomic():
            contract.save()
    except IntegrityError:
        raise ValidationError(
            _("This expert already has an active contract: end it before another one starts.")
        ) from None
    period_open(contract=contract, number=1, now=now)
    audit_created(actor=actor, unit=contract.unit, obj=contract, request=request, action=action)
    return contract


@transaction.atomic
def contract_create(
    *,
    actor: User,
    expert: ExpertProfile,
    data: ContractData,
    document: Any = None,
    request: HttpRequest | None = None,
) -> Contract:
    """Record an expert's contract, active from now on with its first period open (HEAD of the unit)."""
    unit = head_unit(actor)
    _check_expert(unit, expert)
    contract = Contract(unit=unit, expert=expert, created_at=timezone.now(), created_by=actor, **_check_terms(data))
    contract.full_clean(validate_constraints=False)
    _activate(contract, actor=actor, request=request, action=AuditAction.CREATE)
    # Stored last, once every rule passed: a refused file rolls the contract back, a refused contract stores no file.
    return _document_keep(contract, document, actor=actor, request=request)


@transaction.atomic
def contract_draft_create(
    *,
    actor: User,
    expert: ExpertProfile,
    fiscal_year: int,
    post: str,
    profession: str,
    previous: Contract | None = None,
    request: HttpRequest | None = None,
) -> Contract:
    """Propose a contract (DRAFT) for ``fiscal_year``: from the last period's "extend", or from recruitment.

    The HEAD completes its terms and activates it (``contract_activate``). A second draft of the same
    expert and year returns the first (a double submit proposes nothing new).
    """
    unit = head_unit(actor)
    if expert.unit_id != unit.pk:
        raise ValidationError(_("Only an expert of your unit can have a contract."))
    if profession not in Profession.values:
        raise ValidationError(_("Choose a profession from the list."))
    existing = Contract.objects.filter(expert=expert, fiscal_year=fiscal_year, state=ContractState.DRAFT).first()
    if existing is not None:
        return existing
    contract = Contract(
        unit=unit,
        expert=expert,
        fiscal_year=fiscal_year,
        post=_one_line(post, limit=MAX_TEXT, what=_("post")),
        profession=profession,
        previous=previous,
        state=ContractState.DRAFT,
        created_at=timezone.now(),
        created_by=actor,
    )
    if previous is not None:
        # The next year's proposal keeps the terms the unit knows; the HEAD changes what the new budget says.
        contract.funding_source, contract.fee_basis = previous.funding_source, previous.fee_basis
        contract.unit_price, contract.duties = previous.unit_price, previous.duties
    contract.full_clean(validate_constraints=False)
    contract.save()
    audit_created(actor=actor, unit=unit, obj=contract, request=request)
    return contract


@transaction.atomic
def contract_activate(
    *,
    actor: User,
    contract: Contract,
    data: ContractData,
    document: Any = None,
    request: HttpRequest | None = None,
) -> Contract:
    """Complete a draft's terms and make it active (its first period opens)."""
    unit = head_unit(actor)
    locked = Contract.objects.select_for_update().get(pk=contract.pk)
    if locked.unit_id != unit.pk:
        raise ValidationError(_("This contract is not of your unit."))
    if locked.state != ContractState.DRAFT:
        raise ValidationError(_("Only a draft contract can be activated."))
    _check_expert(unit, locked.expert)
    for name, value in _check_terms(data).items():
        setattr(locked, name, value)
    locked.full_clean(validate_constraints=False)
    _activate(locked, actor=actor, request=request, action=AuditAction.UPDATE)
    return _document_keep(locked, document, actor=actor, request=request)


def _document_keep(contract: Contract, document: Any, *, actor: User, request: HttpRequest | None) -> Contract:
    """Store the signed document (checked, encrypted: ``sigap.core.files``); None keeps the one there.

    Its name goes nowhere but the encrypted column: the audit event of the contract names the field only.
    """
    if document is None:
        return contract
    stored = file_accept(document)
    contract.document_name = str(getattr(document, "name", "") or "")[:255]
    contract.document_type = stored.kind.content_type
    contract.document_storage = stored.storage_name
    contract.document_key = stored.key
    contract.save(update_fields=["document_name", "document_type", "document_storage", "document_key"])
    audit_record(
        actor=actor,
        unit=contract.unit,
        action=AuditAction.UPDATE,
        obj=contract,
        changed_fields=["document_name", "document_type", "document_storage", "document_key"],
        new={"document_type": contract.document_type},
        request=request,
    )
    return contract


def applicant_contract_draft(chosen: ChosenApplicant) -> None:
    """The draft contract of an applicant the HEAD chose (a hook of ``recruitment.hooks``, inside the choice's
    transaction: a refusal here undoes the choice). The HEAD completes its terms and activates it."""
    contract_draft_create(
        actor=chosen.actor,
        expert=chosen.expert_profile,
        fiscal_year=chosen.fiscal_year,
        post=chosen.post,
        profession=chosen.profession,
    )
