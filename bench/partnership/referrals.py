"""Extension of the generator: referrals out to the unit's partners (``sigap.referrals``, domain.md §E4).

About 30 % of cases are referred once, some time between the day after opening and the closure (or now), to a
partner of the unit's directory (seeded per unit, ``partners.seed``) chosen by the service asked: economic
empowerment to BAZNAS, the cooperatives office or the job-training centre, health to the hospital or health
centre, law enforcement to the police, and so on. Each goes under a SHARING consent of the victim naming that
partner (``bench.consents.consent_add``, recorded an hour before), as the product's consent guard requires.

Steps (each a ``ReferralEvent`` and an audit event on the case naming ``referrals``, as the services write):
answered in half a day to five days (one in five takes up to a month); declined 12 %; then the service given
(70 %) and done with an outcome (80 % of those), each when its time has come before now. A referral of a closed
case still unanswered at the closure is withdrawn the day before it. An open case's referral unanswered past its
due day carries the ``referral_unanswered`` item (missed two days after, as the reminder step makes it).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.assistance.common import case_event, work_item_add
from bench.base import pick
from bench.consents import consent_add
from bench.interventions import PURPOSE
from bench.writer import new
from sigap.cases.models.consent import ConsentScope
from sigap.partners.models import Partner, PartnerKind
from sigap.referrals.kinds import UNANSWERED
from sigap.referrals.models import Direction, Referral, ReferralEvent, Status, Urgency

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

SHARE = 0.30
# (service asked, the partner kinds that give it, weight)
SERVICES: list[tuple[tuple[str, tuple[str, ...]], float]] = [
    (("PEMBERDAYAAN_EKONOMI", (PartnerKind.BAZNAS, PartnerKind.COOPERATIVES, PartnerKind.MANPOWER)), 0.25),
    (("KESEHATAN", (PartnerKind.HEALTH,)), 0.20),
    (("PENEGAKAN_HUKUM", (PartnerKind.POLICE,)), 0.15),
    (("BANTUAN_HUKUM", (PartnerKind.LEGAL_AID,)), 0.12),
    (("REHABILITASI_SOSIAL", (PartnerKind.SOCIAL,)), 0.10),
    (("DOKUMEN_KEPENDUDUKAN", (PartnerKind.CIVIL_REGISTRY,)), 0.10),
    (("PENDIDIKAN", (PartnerKind.EDUCATION,)), 0.08),
]
URGENCIES = [(Urgency.ROUTINE, 0.7), (Urgency.URGENT, 0.25), (Urgency.EMERGENCY, 0.05)]
ANSWER_DAYS = {Urgency.ROUTINE: 7, Urgency.URGENT: 3, Urgency.EMERGENCY: 1}
DECLINED = 0.12
SERVICE_GIVEN = 0.7
DONE = 0.8
NEEDS = "Ringkasan kebutuhan sintetis: layanan yang diminta dari mitra."
DECLINE_REASON = "Alasan penolakan sintetis: kuota program tahun ini penuh."
WITHDRAW_REASON = "Ditarik (sintetis): kasus ditutup sebelum mitra menjawab."
OUTCOME = "Hasil layanan mitra sintetis."


def unit_partners(ctx: CaseContext, unit_id: int) -> dict[str, list[Partner]]:
    """The unit's active partners by kind, by name (the same for every worker: found by name, not by id)."""
    key = ("partners", unit_id)
    found = ctx.cache.get(key)
    if found is None:
        found = {}
        for partner in Partner.objects.filter(unit_id=unit_id, is_active=True).order_by("name"):
            found.setdefault(partner.kind, []).append(partner)
        ctx.cache[key] = found
    return found


def referral_number_next(batch: Batch, unit: Any, year: int) -> str:
    key = (unit.pk, year)
    batch.referral_counters[key] = batch.referral_counters.get(key, 0) + 1
    return f"{unit.case_number_prefix}/RJK/{year}/{batch.referral_counters[key]:04d}"


def referrals_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    rng = random.Random(ctx.config.seed * 5_000_011 + plan.index)
    case, victim = plan.case, plan.victim_link
    if rng.random() >= SHARE or victim is None:
        return
    cap = case.closed_at or ctx.now
    start = case.opened_at + dt.timedelta(days=1)
    if start >= cap:
        return
    sent = start + (cap - start) * rng.uniform(0.0, 0.7)
    service, kinds = pick(rng, SERVICES)
    partners = [p for kind in kinds for p in unit_partners(ctx, case.unit.pk).get(kind, [])]
    if not partners:
        return
    partner = rng.choice(partners)
    zone = case.unit.zone
    consent = consent_add(
        ctx,
        batch,
        plan,
        rng,
        scope=ConsentScope.SHARING,
        at=sent - dt.timedelta(hours=1),
        agency=partner.name,
        purpose=PURPOSE.format(service=service.lower().replace("_", " ")),  # as the plan's sharing consents
    )
    consent.partner = partner
    urgency = pick(rng, URGENCIES)
    manager = plan.manager
    referral = new(
        Referral,
        unit=case.unit,
        direction=Direction.OUT,
        number=referral_number_next(batch, case.unit, sent.astimezone(zone).year),
        case=case,
        victim=victim,
        partner=partner,
        services=[service],
        needs_summary=NEEDS,
        urgency=urgency,
        response_due=sent.astimezone(zone).date() + dt.timedelta(days=ANSWER_DAYS[urgency]),
        shared_sections=["INCIDENT"] if rng.random() < 0.6 else ["IDENTITY", "CONTACT"],
        consent=consent,
        status=Status.SENT,
        created_at=sent,
        created_by=manager,
        sent_at=sent,
        status_changed_at=sent,
        status_changed_by=manager,
    )
    batch.add(referral)
    _step(batch, plan, referral, Status.SENT, sent, partner=partner.pk, partner_name=partner.name)
    delay = rng.uniform(0.5, 5) if rng.random() < 0.8 else rng.uniform(5, 30)
    answered = sent + dt.timedelta(days=delay)
    declined, given, done = rng.random() < DECLINED, rng.random() < SERVICE_GIVEN, rng.random() < DONE
    given_at = answered + dt.timedelta(days=rng.uniform(2, 30))
    done_at = given_at + dt.timedelta(days=rng.uniform(3, 45))
    if answered >= cap:
        if case.closed_at is not None:
            withdrawn = max(sent, case.closed_at - dt.timedelta(days=1))
            referral.withdrawn_at, referral.withdraw_reason = withdrawn, WITHDRAW_REASON
            _step(batch, plan, referral, Status.WITHDRAWN, withdrawn, note=WITHDRAW_REASON)
        else:
            _unanswered(batch, plan, referral, ctx.now)
        return
    referral.answered_at, referral.answered_by = answered, manager  # recorded on the partner's behalf
    if declined:
        referral.decline_reason = DECLINE_REASON
        _step(batch, plan, referral, Status.DECLINED, answered, note=DECLINE_REASON)
        return
    _step(batch, plan, referral, Status.ACCEPTED, answered)
    if not given or given_at >= ctx.now:
        return
    referral.service_given_at = given_at
    _step(batch, plan, referral, Status.SERVICE_GIVEN, given_at)
    if not done or done_at >= ctx.now:
        return
    referral.done_at, referral.outcome = done_at, OUTCOME
    _step(batch, plan, referral, Status.DONE, done_at, note=OUTCOME)


def _step(
    batch: Batch, plan: CasePlan, referral: Referral, status: str, at: dt.datetime, note: str = "", **values: Any
) -> None:
    """One step: the history row, the row's status, and the audit event ``referral_send`` / ``_move`` write."""
    manager = plan.manager
    referral.status, referral.status_changed_at, referral.status_changed_by = status, at, manager
    batch.add(new(ReferralEvent, referral=referral, status=status, at=at, by=manager, note=note))
    event: dict[str, Any] = {"event": status.lower(), "referral": str(referral.pk), "number": referral.number}
    if status == Status.SENT:
        event |= {"services": referral.services, "sections": referral.shared_sections, "override": False}
        event |= {"consent": str(referral.consent_id), **values}
    else:
        event["status"] = status
    case_event(batch, plan, manager, at, "referrals", event)


def _unanswered(batch: Batch, plan: CasePlan, referral: Referral, now: dt.datetime) -> None:
    """The reminder the hourly step opens once the due day has passed: due two days later at 09.00."""
    zone = plan.case.unit.zone
    opened = dt.datetime.combine(referral.response_due + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    if opened > now:
        return
    due = dt.datetime.combine(referral.response_due + dt.timedelta(days=3), dt.time(9), tzinfo=zone)
    work_item_add(batch, plan, UNANSWERED, referral, due, plan.manager, now)


def register(extensions: list[Any], write_order: list[Any], need_ids: set[Any]) -> None:
    write_order += [Referral, ReferralEvent]
    extensions.append(referrals_add)
