"""Sending a referral out (domain.md §E4), behind the consent guard (§D4; ``sigap.referrals.rules``).

``referral_send`` refuses, with the reason, a referral no valid SHARING consent of the victim covers,
unless the HEAD overrides with a written reason (an OVERRIDE audit event; the reason stays encrypted on the
referral, never in the trail). For a child victim the override waits in AWAITING_CONFIRMATION until a
second staff member (the case manager or another HEAD, never the one who overrode) confirms it
(``referral_override_confirm``); only then is it sent. The number is the unit's series per year
(``<prefix>/RJK/<year>/<n>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import RESOLVED_ITEM_STATUSES, PlanItem, PlanState
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage, is_head_of
from sigap.cases.services.consent import is_child_on
from sigap.core.reference.definitions import by_key
from sigap.core.sequences import REFERRAL, sequence_next
from sigap.partners.models import Partner, PartnerContact
from sigap.referrals.kinds import OVERRIDE_CONFIRM
from sigap.referrals.models import Direction, Mode, Referral, Status, Urgency
from sigap.referrals.rules import MIN_REASON, clean_sections, consent_refusal, sharing_consent
from sigap.referrals.services.common import audit, locked_case, locked_referral, step, text
from sigap.work.services import work_item_done, work_item_open

MAX_DAYS_AHEAD = 366
OVERRIDE_AUDIT_REASON = "referral sent without the victim's sharing consent; the reason is kept encrypted on it"


@dataclass
class ReferralData:
    """What the referral form collected."""

    victim: CasePerson
    partner: Partner
    services: list[str]
    needs_summary: str
    response_due: dt.date
    urgency: str = Urgency.ROUTINE
    mode: str = Mode.LETTER
    shared_sections: list[str] = field(default_factory=list)
    shared_assessment_areas: list[str] = field(default_factory=list)
    plan_item: PlanItem | None = None
    contact: PartnerContact | None = None
    override_reason: str = ""


def unit_today(case: Case) -> dt.date:
    return timezone.localdate(timezone.now(), case.unit.zone)


def partner_plan_items(case: Case) -> QuerySet[PlanItem]:
    """The unresolved items of the case's approved plans that a partner delivers (what a referral may fulfil)."""
    return (
        PlanItem.objects.filter(plan__case=case, plan__state=PlanState.APPROVED, provider_partner__isnull=False)
        .exclude(status__in=RESOLVED_ITEM_STATUSES)
        .order_by("target_date", "pk")
    )


def open_plan_items(case: Case, partner: Partner) -> list[PlanItem]:
    """Those of :func:`partner_plan_items` that ``partner`` delivers."""
    return list(partner_plan_items(case).filter(provider_partner=partner))


def _check(case: Case, data: ReferralData, today: dt.date) -> None:
    victim = data.victim
    if victim.case_id != case.pk or victim.role != PersonRole.VICTIM or victim.removed_at is not None:
        raise TransitionRefused(_("Choose a victim recorded in this case."))
    if data.partner.unit_id != case.unit_id or not data.partner.is_active:
        raise TransitionRefused(_("Choose an active partner of your unit."))
    known = {code.code for code in by_key("service_type").codes}
    if not data.services or any(code not in known for code in data.services):
        raise TransitionRefused(_("Choose the services requested from the list."))
    if data.urgency not in Urgency.values or data.mode not in Mode.values:
        raise TransitionRefused(_("Choose the urgency and how it is sent from the lists."))
    if not today <= data.response_due <= today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise TransitionRefused(_("The answer is due between today and a year from now."))
    if data.contact is not None and (data.contact.partner_id != data.partner.pk or not data.contact.is_active):
        raise TransitionRefused(_("Choose a contact person of this partner."))
    if data.plan_item is not None and data.plan_item.pk not in {i.pk for i in open_plan_items(case, data.partner)}:
        raise TransitionRefused(_("Choose an open plan item that this partner delivers."))


def _plan_item(case: Case, data: ReferralData) -> PlanItem | None:
    """The item given, or the one open item of the partner for a requested service (none or several: None)."""
    if data.plan_item is not None:
        return data.plan_item
    matching = [item for item in open_plan_items(case, data.partner) if item.service in data.services]
    return matching[0] if len(matching) == 1 else None


def _second_confirmer(case: Case) -> User | None:
    member = (
        CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.CASE_MANAGER)
        .select_related("user")
        .first()
    )
    return member.user if member is not None else None


@transaction.atomic
def referral_send(*, actor: User, case: Case, data: ReferralData, request: HttpRequest | None = None) -> Referral:
    """Send the case's victim to a partner (HEAD or case manager), or refuse and say why."""
    locked = locked_case(case.pk, actor)
    today = unit_today(locked)
    _check(locked, data, today)
    needs = text(data.needs_summary)
    if not needs:
        raise TransitionRefused(_("Write the needs summary: what the partner is asked to do, in a few lines."))
    sections, areas = clean_sections(data.shared_sections, data.shared_assessment_areas)
    consent = sharing_consent(victim=data.victim, partner=data.partner, day=today)
    reason = ""
    status = Status.SENT
    if consent is None:
        reason = text(data.override_reason)
        if not reason:
            raise TransitionRefused(consent_refusal(data.partner))
        if not is_head_of(actor, locked):
            raise TransitionRefused(
                [consent_refusal(data.partner), _("Only the head of the unit can send a referral without consent.")]
            )
        if len(reason) < MIN_REASON:
            raise TransitionRefused(_("Explain in at least 20 characters why it is sent without consent."))
        if is_child_on(data.victim, today):
            status = Status.AWAITING_CONFIRMATION
    now = timezone.now()
    year = timezone.localtime(now, locked.unit.zone).year
    number = (
        f"{locked.unit.case_number_prefix}/RJK/{year}/{sequence_next(unit=locked.unit, series=REFERRAL, year=year):04d}"
    )
    referral = Referral(
        unit=locked.unit,
        direction=Direction.OUT,
        number=number,
        case=locked,
        victim=data.victim,
        partner=data.partner,
        contact=data.contact,
        plan_item=_plan_item(locked, data),
        services=sorted(set(data.services)),
        needs_summary=needs,
        urgency=data.urgency,
        mode=data.mode,
        response_due=data.response_due,
        shared_sections=sections,
        shared_assessment_areas=areas,
        consent=consent,
        override_reason=reason,
        override_by=actor if reason else None,
        override_at=now if reason else None,
        status=status,
        created_at=now,
        created_by=actor,
        sent_at=now if status == Status.SENT else None,
        status_changed_at=now,
        status_changed_by=actor,
    )
    referral.full_clean()
    referral.save(force_insert=True)
    step(referral=referral, status=status, actor=actor, at=now)
    confirmer = _second_confirmer(locked) if status == Status.AWAITING_CONFIRMATION else None
    if confirmer is not None and confirmer.pk != actor.pk:
        work_item_open(
            unit=locked.unit,
            kind=OVERRIDE_CONFIRM,
            target=referral,
            due_at=now + dt.timedelta(days=1),
            responsible=confirmer,
            title_key=locked.number,
        )
    audit(
        actor=actor,
        case=locked,
        referral=referral,
        event="sent" if status == Status.SENT else "awaiting_confirmation",
        request=request,
        action=AuditAction.OVERRIDE if reason else AuditAction.UPDATE,
        reason=OVERRIDE_AUDIT_REASON if reason else "",
        partner=data.partner.pk,
        partner_name=data.partner.name,
        services=referral.services,
        sections=sections,
        consent=str(consent.pk) if consent else None,
        override=bool(reason),
    )
    return referral


@transaction.atomic
def referral_override_confirm(*, actor: User, referral: Referral, request: HttpRequest | None = None) -> Referral:
    """A second staff member confirms the HEAD's override for a child victim: the referral is sent now."""
    row, case = locked_referral(referral, actor)
    if row.status != Status.AWAITING_CONFIRMATION:
        raise TransitionRefused(_("This referral is not waiting for a confirmation."))
    if row.override_by_id == actor.pk:
        raise TransitionRefused(_("A second staff member confirms: not the one who decided the override."))
    if not can_manage(actor, case):
        raise TransitionRefused(_("Only the head of the unit or the case manager can confirm."))
    now = timezone.now()
    row.override_confirmed_by, row.override_confirmed_at = actor, now
    row.status, row.sent_at, row.status_changed_at, row.status_changed_by = Status.SENT, now, now, actor
    row.save(
        update_fields=[
            "override_confirmed_by",
            "override_confirmed_at",
            "status",
            "sent_at",
            "status_changed_at",
            "status_changed_by",
        ]
    )
    step(referral=row, status=Status.SENT, actor=actor, at=now)
    work_item_done(target=row, kind=OVERRIDE_CONFIRM, by=actor)
    audit(
        actor=actor,
        case=case,
        referral=row,
        event="confirmed",
        request=request,
        action=AuditAction.OVERRIDE,
        reason="second confirmation of a referral sent without consent for a child",
    )
    return row
