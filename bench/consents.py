"""Extension of the generator: the informed consents of each synthetic case's victim (domain.md §D4).

Follows the product's rules (``sigap.cases.services.consent``) so that its own guard accepts them:

- **Services** (``SERVICES``): recorded at opening, a few minutes after the victim, for every case that
  went on to assessment (``START_ASSESSMENT`` needs it) and for 90 % of the cases still at opening.
- **SIMFONI entry** (``SIMFONI``): with the services consent for ~86 % of them (~85 % of all cases);
  withdrawn later (before closure, never in the future) for 3 % of them.
- **Sharing** (``SHARING``): one per partner agency that delivers a service of the intervention plan
  (bench/interventions.py decides them; ~50 % of planned cases), given while the plan is drafted, with
  the agency's name and the purpose; withdrawn after the plan was approved for 5 % of them.
- **Who gives it**: a victim who is a child on that day (the product's ``is_child_on``: exact birth date,
  else birth year) cannot consent alone: the parent or guardian recorded in the case gives it (with
  the child's own assent: given 80 %, not able under 7 years or 10 %, refused 5 %) or, when none is
  recorded (~10 % of children), the HEAD records a best-interest decision with a written reason
  (audited as ``OVERRIDE``). An adult victim consents for themself.
- **Method**: written 80 %, verbal with a (synthetic) witness 20 %.

Audit events are those of ``consent_record`` / ``consent_withdraw``: an UPDATE (OVERRIDE) of the case
naming ``consents``, with the consent's id, scope and giver (or ``withdrawn``), never a personal value.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

from bench.interventions import plan_services
from bench.synthetic import synthetic_name
from bench.writer import new
from sigap.accounts.models import Role
from sigap.audit.models import AuditAction
from sigap.cases.models import CaseState
from sigap.cases.models.consent import ChildAssent, Consent, ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.services.consent import is_child_on

if TYPE_CHECKING:
    from bench.base import Batch, CaseContext, CasePlan

SERVICES_AT_OPENING = 0.9  # of the cases still at opening (all later cases have one)
SIMFONI_SHARE = 0.86  # of the victims who consented to services
SIMFONI_WITHDRAWN = 0.03
SHARING_WITHDRAWN = 0.05
VERBAL = 0.2
OVERRIDE_REASON = (
    "Keputusan demi kepentingan terbaik anak (sintetis): tidak ada orang tua atau wali yang dapat memberi persetujuan."
)
OVERRIDE_AUDIT_REASON = "best-interest override for a child; the reason is kept encrypted on the consent"


def _assent(rng: random.Random, age: int | None) -> str:
    roll = rng.random()
    if (age is not None and age < 7) or roll < 0.10:
        return ChildAssent.NOT_ABLE
    return ChildAssent.REFUSED if roll < 0.15 else ChildAssent.GIVEN


def consent_add(
    ctx: CaseContext,
    batch: Batch,
    plan: CasePlan,
    rng: random.Random,
    *,
    scope: str,
    at: dt.datetime,
    agency: str = "",
    purpose: str = "",
    withdrawn_at: dt.datetime | None = None,
) -> Consent:
    """One consent of the plan's victim recorded at ``at`` (and withdrawn at ``withdrawn_at``)."""
    from sigap.cases.services.incident import age_on

    case, victim, unit = plan.case, plan.victim_link, plan.case.unit
    assert victim is not None
    zone = unit.zone
    given_on = at.astimezone(zone).date()
    child = is_child_on(victim, given_on)
    guardian = plan.guardian_link if child else None
    given_by: str
    assent: str
    if not child:
        given_by, assent = ConsentGiver.VICTIM, ChildAssent.NOT_APPLICABLE
    else:
        given_by = ConsentGiver.PARENT_GUARDIAN if guardian is not None else ConsentGiver.HEAD_OVERRIDE
        assent = _assent(rng, age_on(victim.person, given_on))
    override = given_by == ConsentGiver.HEAD_OVERRIDE
    actor, role = (plan.staff.head, Role.HEAD) if override else (plan.manager, Role.CASE_MANAGER)
    verbal = rng.random() < VERBAL
    consent = new(
        Consent,
        case=case,
        victim=victim,
        scope=scope,
        agency=agency,
        purpose=purpose,
        given_by=given_by,
        guardian=guardian,
        child_assent=assent,
        override_reason=OVERRIDE_REASON if override else "",
        method=ConsentMethod.VERBAL if verbal else ConsentMethod.WRITTEN,
        witness=synthetic_name(rng) if verbal else "",
        given_on=given_on,
        recorded_at=at,
        recorded_by=actor,
    )
    batch.add(consent)
    batch.event(
        unit_id=unit.pk,
        actor=actor,
        role=role,
        action=AuditAction.OVERRIDE if override else AuditAction.UPDATE,
        obj=case,
        at=at,
        changed=["consents"],
        new={"consents": {"consent": str(consent.pk), "scope": scope, "given_by": given_by}},
        reason=OVERRIDE_AUDIT_REASON if override else "",
    )
    if withdrawn_at is not None:
        consent.withdrawn_on = max(withdrawn_at.astimezone(zone).date(), given_on)
        consent.withdrawn_at, consent.withdrawn_by = withdrawn_at, plan.manager
        batch.event(
            unit_id=unit.pk,
            actor=plan.manager,
            role=Role.CASE_MANAGER,
            action=AuditAction.UPDATE,
            obj=case,
            at=withdrawn_at,
            changed=["consents"],
            new={"consents": {"consent": str(consent.pk), "scope": scope, "withdrawn": True}},
        )
    return consent


def _open_until(ctx: CaseContext, plan: CasePlan) -> dt.datetime:
    """Until when the case could still be changed: its closure request, else now."""
    requested = plan.case.closure_requested_at
    return min(requested, ctx.now) if requested is not None else ctx.now


def consents_add(ctx: CaseContext, batch: Batch, plan: CasePlan) -> None:
    if plan.victim_link is None:
        return
    rng = random.Random(ctx.config.seed * 5_000_011 + plan.index)
    assessed = plan.reached(CaseState.ASESMEN)
    if assessed is None and rng.random() >= SERVICES_AT_OPENING:
        return
    linked = plan.victim_link.added_at
    at = linked + dt.timedelta(minutes=rng.uniform(5, 60))
    # At opening, before assessment (>= 1 day later) and never after now.
    at = min(at, ctx.now, assessed or ctx.now)
    consent_add(ctx, batch, plan, rng, scope=ConsentScope.SERVICES, at=at)
    until = _open_until(ctx, plan)
    if rng.random() < SIMFONI_SHARE:
        withdrawn = None
        if rng.random() < SIMFONI_WITHDRAWN and until > at:
            withdrawn = at + (until - at) * rng.uniform(0.2, 0.9)
        consent_add(
            ctx, batch, plan, rng, scope=ConsentScope.SIMFONI, at=at + dt.timedelta(minutes=2), withdrawn_at=withdrawn
        )
    services = plan_services(ctx, plan)
    if services is None:
        return
    agencies = list(dict.fromkeys(s.agency for s in services.items if s.agency))
    approved = services.approved_at
    for agency, purpose in ((a, services.purposes[a]) for a in agencies):
        given = services.drafted_at + dt.timedelta(minutes=rng.uniform(10, 120))
        given = min(given, services.submitted_at or ctx.now, ctx.now)
        withdrawn = None
        if approved is not None and rng.random() < SHARING_WITHDRAWN and until > approved:
            withdrawn = approved + (until - approved) * rng.uniform(0.3, 0.9)
        consent_add(
            ctx,
            batch,
            plan,
            rng,
            scope=ConsentScope.SHARING,
            at=given,
            agency=agency,
            purpose=purpose,
            withdrawn_at=withdrawn,
        )


def register(extensions: list[Any], write_order: list[Any]) -> None:
    write_order.append(Consent)
    extensions.append(consents_add)
