"""Writes and reads of consent (domain.md §D4, security.md PRIV-01), and the consent guard.

Rules:

- An adult victim consents for themself (or a parent/guardian consents for them, e.g. when they cannot).
- A child victim's consent is given by a parent/guardian recorded in the case, with the child's own
  assent noted, or replaced by the HEAD's best-interest override with a written reason (PRIV-01).
- The guardian must not be a suspected perpetrator in the case (UU TPKS Pasal 27, domain.md §D2). This is
  checked when the consent is recorded *and* whenever it is relied on: a guardian later recorded as a
  perpetrator voids the consents they gave.
- ``consent_covers`` is what later issues (sharing, referral, SIMFONI export) ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case
from sigap.cases.models.consent import ChildAssent, Consent, ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.people import CHILD_AGE_LIMIT, NAME_NOT_KNOWN, CasePerson, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage, is_head_of
from sigap.cases.selectors.view import CaseView, page_rows
from sigap.cases.services.incident import age_on
from sigap.cases.services.person_edit import person_age_record
from sigap.partners.models import Partner
from sigap.partners.selectors import partner_named

MIN_OVERRIDE_REASON = 20


def is_child_on(victim: CasePerson, day: dt.date) -> bool:
    """Under 18 on ``day``; an unknown age counts as a child (the protective default)."""
    age = age_on(victim.person, day)
    return age is None or age < CHILD_AGE_LIMIT


def age_unknown(victim: CasePerson) -> bool:
    """Neither a birth date nor a birth year (exact or estimated) is recorded."""
    return victim.person.birth_date is None and victim.person.birth_year is None


def why_child(victim: CasePerson, name: str) -> str:
    """The sentence that says why ``victim`` (shown as ``name``) needs an adult's consent."""
    if age_unknown(victim):
        return _(
            "The age of %(name)s is unknown, so they are treated as a child: a parent or guardian consents "
            "for them, or record their birth date or an estimated age on the consent form."
        ) % {"name": name}
    return _("%(name)s is a child: a parent or guardian consents for them, with the child's own assent noted.") % {
        "name": name
    }


def cannot_consent_alone(victim: CasePerson, name: str) -> str:
    """Why ``victim`` (shown as ``name``) cannot be the one who consents, in one sentence."""
    if age_unknown(victim):
        return _(
            "The age of %(name)s is unknown, so they are treated as a child and cannot consent alone: a parent or "
            "guardian consents for them, or record their birth date or an estimated age on the consent form."
        ) % {"name": name}
    return _(
        "%(name)s is a child and cannot consent alone: a parent or guardian consents for them, with the child's "
        "own assent noted."
    ) % {"name": name}


def victim_spoken_name(victim: CasePerson) -> str:
    """The victim as a sentence names them: "the victim (name not known yet)" while the name is unknown
    ("for name not known yet" alone reads as a typo)."""
    if (victim.person.name or "").strip():
        return victim.person.name
    return _("the victim (%(unknown)s)") % {"unknown": NAME_NOT_KNOWN}


def child_rule_problems(victim: CasePerson, *, given_by: str, child_assent: str, child: bool) -> dict[str, list[str]]:
    """The child rules of a consent being recorded, by the form field they concern (empty: none apply).

    A child (``child``: under 18 on the consent date, or of unknown age) never consents alone, and an adult
    consenting for a child notes the child's own assent. The messages say why, naming the victim (the form
    is the HEAD's or the case manager's: they see names). Used by the consent form's clean and, as the
    guard, by ``consent_record``.
    """
    if not child:
        return {}
    if given_by == ConsentGiver.VICTIM:
        # One message that says both what is wrong and why (walk: two messages for one mistake read as two).
        return {"given_by": [cannot_consent_alone(victim, victim_spoken_name(victim))]}
    if child_assent not in (ChildAssent.GIVEN, ChildAssent.REFUSED, ChildAssent.NOT_ABLE):
        message = _("Note the child's own assent.")
        if age_unknown(victim):
            return {"child_assent": [message, why_child(victim, victim_spoken_name(victim))]}
        return {"child_assent": [message]}
    return {}


def is_suspect(guardian: CasePerson) -> bool:
    """The guardian's person is also recorded as a perpetrator in the same case."""
    return CasePerson.objects.filter(
        case_id=guardian.case_id, person_id=guardian.person_id, role=PersonRole.PERPETRATOR
    ).exists()


def consent_problem(consent: Consent, *, suspect: Callable[[CasePerson], bool] = is_suspect) -> str | None:
    """Why a recorded consent cannot be relied on (None: it can). Does not look at dates.

    ``suspect``: how to tell a guardian who is a suspected perpetrator (a case page passes its loaded
    persons' ``CaseView.is_suspect``, which asks no query)."""
    victim = consent.victim
    if consent.given_by == ConsentGiver.VICTIM and is_child_on(victim, consent.given_on):
        return _("A child cannot consent alone: a parent or guardian must consent, or the head decides.")
    if consent.given_by == ConsentGiver.PARENT_GUARDIAN:
        guardian = consent.guardian
        if (
            guardian is None
            or guardian.case_id != consent.case_id
            or guardian.role != PersonRole.PARENT_GUARDIAN
            or guardian.removed_at is not None
        ):
            return _("Choose a parent or guardian recorded in this case.")
        if suspect(guardian):
            return _(
                "This parent or guardian is a suspected perpetrator and cannot consent for the victim. "
                "The head of the unit can decide in the child's best interest."
            )
    if consent.given_by == ConsentGiver.HEAD_OVERRIDE and len((consent.override_reason or "").strip()) < (
        MIN_OVERRIDE_REASON
    ):
        return _("Explain the best-interest decision in at least 20 characters.")
    return None


def _normal(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _in_force(consent: Consent, day: dt.date) -> bool:
    return consent.given_on <= day and (consent.withdrawn_on is None or consent.withdrawn_on > day)


def consent_covers(
    case: Case,
    scope: str,
    *,
    agency: str | None = None,
    purpose: str | None = None,
    at: dt.datetime | dt.date | None = None,
    victim: CasePerson | None = None,
) -> bool:
    """Every victim of the case (or only ``victim``) has a valid consent in ``scope`` on the day ``at``.

    For SHARING, ``agency`` (and ``purpose`` when given) must match the consent's, ignoring case and
    spaces. A withdrawn consent covers the days before its withdrawal only. A case without a victim is
    not covered. ``at`` defaults to now, in the case's unit's time zone.
    """
    victims = [victim] if victim is not None else list(case_victims(case))
    if not victims:
        return False
    covered = victims_covered(case, scope, victims, agency=agency, purpose=purpose, at=at)
    return all(one.pk in covered for one in victims)


def victims_covered(
    case: Case,
    scope: str,
    victims: list[CasePerson],
    *,
    agency: str | None = None,
    purpose: str | None = None,
    at: dt.datetime | dt.date | None = None,
    rows: CaseView | None = None,
) -> set[int]:
    """The ids of ``victims`` with a valid consent in ``scope`` on the day ``at``: one query for all of them,
    none with ``rows``, a case page's loaded consents (SERVICES or SIMFONI: their ``purpose`` is not loaded)."""
    if at is None:
        at = timezone.now()
    day = timezone.localdate(at, case.unit.zone) if isinstance(at, dt.datetime) else at
    suspect = is_suspect
    consents: Iterable[Consent]
    if rows is not None:
        wanted = {victim.pk for victim in victims}
        consents = [c for c in rows.consents if c.scope == scope and c.victim_id in wanted]
        suspect = rows.is_suspect
    else:
        consents = Consent.objects.filter(case=case, scope=scope, victim__in=victims).select_related(
            "victim__person", "guardian", "case"
        )
    covered: set[int] = set()
    for consent in consents:
        if consent.victim_id in covered or not _in_force(consent, day):
            continue
        if scope == ConsentScope.SHARING:
            if agency is None or _normal(consent.agency) != _normal(agency):
                continue
            if purpose is not None and _normal(consent.purpose) != _normal(purpose):
                continue
        if consent_problem(consent, suspect=suspect) is None:
            covered.add(consent.victim_id)
    return covered


def case_victims(case: Case) -> QuerySet[CasePerson]:
    return CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).select_related("person")


def services_consent_guard(case: Case) -> str | None:
    """START_ASSESSMENT: every victim has a valid consent for services (domain.md §D4).

    Silent when no victim is recorded: the core guard ``has_victim`` already says so. The message names
    each victim without one, and says why when their unknown age makes them count as a child. Refusals
    are shown to those who may take the step (``can_manage``: the HEAD and the case manager), who see
    the victims' names (``disclosure.sees_full_identity``).
    """
    rows = page_rows(case)
    victims = rows.victims() if rows is not None else list(case_victims(case).order_by("added_at", "pk"))
    if not victims:
        return None
    covered = victims_covered(case, ConsentScope.SERVICES, victims, rows=rows)
    messages = []
    for victim in victims:
        if victim.pk in covered:
            continue
        name = victim_spoken_name(victim)
        message = _("Record a valid consent for services for %(name)s first.") % {"name": name}
        if age_unknown(victim):
            message += " " + why_child(victim, name)
        messages.append(message)
    return " ".join(messages) or None


# --- writes ---------------------------------------------------------------------------------------


@dataclass
class ConsentData:
    """What the consent form collected."""

    victim: CasePerson
    scope: str
    given_by: str
    method: str
    given_on: dt.date
    guardian: CasePerson | None = None
    # When the victim's age is unknown, the form may record it on the spot (before the consent).
    victim_birth_date: dt.date | None = None
    victim_estimated_age: int | None = None
    child_assent: str = ""
    override_reason: str = ""
    witness: str = ""
    agency: str = ""
    purpose: str = ""
    # SHARING: the partner of the directory it covers (a free-text ``agency`` becomes the partner of that name).
    partner: Partner | None = None


def _validate(actor: User, case: Case, data: ConsentData, *, today: dt.date) -> Consent:
    if data.victim.case_id != case.pk or data.victim.role != PersonRole.VICTIM:
        raise TransitionRefused(_("Choose a victim recorded in this case."))
    if data.scope not in ConsentScope.values:
        raise TransitionRefused(_("Choose what the consent covers."))
    if data.given_by not in ConsentGiver.values:
        raise TransitionRefused(_("Choose who gave the consent."))
    if data.method not in ConsentMethod.values:
        raise TransitionRefused(_("Choose how the consent was given."))
    if data.given_on > today or data.given_on < case.opened_at.date() - dt.timedelta(days=366):
        raise TransitionRefused(_("The consent date cannot be in the future or long before the case."))
    witness = " ".join((data.witness or "").split())[:200]
    if data.method == ConsentMethod.VERBAL and not witness:
        raise TransitionRefused(_("Verbal consent needs a witness: enter the witness's name."))
    agency, purpose = " ".join(data.agency.split())[:200], " ".join(data.purpose.split())[:300]
    partner = data.partner
    if data.scope == ConsentScope.SHARING:
        if partner is not None:
            if partner.unit_id != case.unit_id:
                raise TransitionRefused(_("Choose a partner of your unit."))
            agency = partner.name
        if not agency or not purpose:
            raise TransitionRefused(_("Sharing needs the agency and the purpose."))
        if partner is None:
            partner = partner_named(case.unit, agency)
    else:
        agency, purpose, partner = "", "", None
    child = is_child_on(data.victim, data.given_on)
    if data.given_by == ConsentGiver.HEAD_OVERRIDE:
        if not is_head_of(actor, case):
            raise TransitionRefused(_("Only the head of the unit can make a best-interest decision."))
        if not child:
            raise TransitionRefused(_("A best-interest decision is only for a child victim."))
    # The form runs the same rule in its clean (all errors in one round); this is the guard.
    for problems in child_rule_problems(
        data.victim, given_by=data.given_by, child_assent=data.child_assent, child=child
    ).values():
        raise TransitionRefused(problems)
    assent = data.child_assent if child else ChildAssent.NOT_APPLICABLE
    consent = Consent(
        case=case,
        victim=data.victim,
        scope=data.scope,
        agency=agency,
        partner=partner,
        purpose=purpose,
        given_by=data.given_by,
        guardian=data.guardian if data.given_by == ConsentGiver.PARENT_GUARDIAN else None,
        child_assent=assent,
        override_reason=(data.override_reason or "").strip()[:2000]
        if data.given_by == ConsentGiver.HEAD_OVERRIDE
        else "",
        method=data.method,
        witness=witness,
        given_on=data.given_on,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    problem = consent_problem(consent)
    if problem is not None:
        raise TransitionRefused(problem)
    return consent


@transaction.atomic
def consent_record(*, actor: User, case: Case, data: ConsentData, request: HttpRequest | None = None) -> Consent:
    """Record a consent (HEAD or case manager; a best-interest override by the HEAD only)."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    if not can_manage(actor, locked):
        raise TransitionRefused(_("Only the head of the unit or the case manager can record consent."))
    if not locked.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))
    if data.victim_birth_date is not None or data.victim_estimated_age is not None:
        _record_victim_age(actor, locked, data, request=request)
    consent = _validate(actor, locked, data, today=timezone.localdate(timezone.now(), locked.unit.zone))
    consent.full_clean()
    consent.save(force_insert=True)
    override = consent.given_by == ConsentGiver.HEAD_OVERRIDE
    audit_record(
        actor=actor,
        unit=locked.unit,
        action=AuditAction.OVERRIDE if override else AuditAction.UPDATE,
        obj=locked,
        changed_fields=["consents"],
        new={"consents": {"consent": str(consent.pk), "scope": consent.scope, "given_by": consent.given_by}},
        reason="best-interest override for a child; the reason is kept encrypted on the consent" if override else "",
        request=request,
    )
    return consent


def _record_victim_age(actor: User, case: Case, data: ConsentData, *, request: HttpRequest | None) -> None:
    """Record the victim's age first (same transaction, audited), then judge the consent with it."""
    victim = CasePerson.objects.select_related("person").filter(pk=data.victim.pk, case=case).first()
    if victim is None or victim.role != PersonRole.VICTIM:
        raise TransitionRefused(_("Choose a victim recorded in this case."))
    if not age_unknown(victim):
        raise TransitionRefused(
            _("The age of this victim is already recorded: correct it on the person's page if it is wrong.")
        )
    person_age_record(
        actor=actor,
        link=victim,
        birth_date=data.victim_birth_date,
        estimated_age=None if data.victim_birth_date is not None else data.victim_estimated_age,
        request=request,
    )
    data.victim = CasePerson.objects.select_related("person").get(pk=victim.pk)


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, on: dt.date | None = None, request: HttpRequest | None = None
) -> Consent:
    """Record that a consent was withdrawn on ``on`` (default today); it covers nothing from that day."""
    locked_case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=consent.case_id)
    if not can_manage(actor, locked_case):
        raise TransitionRefused(_("Only the head of the unit or the case manager can record a withdrawal."))
    row = Consent.objects.select_for_update().get(pk=consent.pk)
    if row.withdrawn_on is not None:
        raise TransitionRefused(_("This consent has already been withdrawn."))
    today = timezone.localdate(timezone.now(), locked_case.unit.zone)
    day = on or today
    if day > today or day < row.given_on:
        raise TransitionRefused(_("The withdrawal date must be between the consent date and today."))
    row.withdrawn_on, row.withdrawn_at, row.withdrawn_by = day, timezone.now(), actor
    row.save(update_fields=["withdrawn_on", "withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        unit=locked_case.unit,
        action=AuditAction.UPDATE,
        obj=locked_case,
        changed_fields=["consents"],
        new={"consents": {"consent": str(row.pk), "scope": row.scope, "withdrawn": True}},
        request=request,
    )
    return row
