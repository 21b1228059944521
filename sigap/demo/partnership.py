"""The demo's partners, referrals and monitoring (issue #14), so that a new user sees them on the first day.

Kukar gets three cooperation agreements (the one with Disdukcapil ends in five weeks: its reminder falls due),
and one case walked to monitoring: a household needs assessment, an empowerment plan of two programmes each
delivered through a referral (BAZNAS answered and accepted; Disdukcapil not answered past its due day), and the
follow-up schedule monitoring opens. Everything goes through the services, as the staff would; only the overdue
referral's dates are moved back afterwards (a referral cannot be sent in the past), the way the tests age records.
Idempotent: a unit with agreements gets none; a unit with a follow-up or a referral out gets no monitored case.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sigap.accounts.models import Unit, User
from sigap.cases.models import Case, TeamRole
from sigap.cases.models.consent import ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.plan import PlanItem, PlanItemStatus, PlanState
from sigap.cases.services.consent import ConsentData, consent_record
from sigap.cases.services.lifecycle import (
    case_open,
    case_start_assessment,
    case_start_intervention,
    case_start_monitoring,
    case_start_planning,
)
from sigap.cases.services.plan import plan_item_set_status
from sigap.cases.services.team import case_team_assign
from sigap.demo.casework import approved_plan, assessment_write, incident_and_consent, victim_add
from sigap.empowerment.models import FollowUp
from sigap.empowerment.services.delivery import programme_refer
from sigap.empowerment.services.needs import NeedsData, household_needs_save
from sigap.empowerment.services.programme import programme_add
from sigap.partners.models import Agreement, AgreementKind, Partner, PartnerKind
from sigap.partners.services import agreement_add
from sigap.referrals.models import Direction, Referral
from sigap.referrals.services import ReferralData, referral_accept

FICTIONAL = " (contoh fiktif untuk demo)"

# (partner kind, agreement kind, number, valid from / until in days from today)
DEMO_AGREEMENTS = (
    (PartnerKind.BAZNAS, AgreementKind.MOU, "DEMO/001/MOU/BAZNAS", -300, 430),
    (PartnerKind.CIVIL_REGISTRY, AgreementKind.PKS, "DEMO/002/PKS/DISDUKCAPIL", -330, 35),
    (PartnerKind.MANPOWER, AgreementKind.PKS, "DEMO/003/PKS/BLK", -100, 265),
)


def _partner(unit: Unit, kind: str) -> Partner:
    found = Partner.objects.filter(unit=unit, kind=kind, is_active=True).order_by("pk").first()
    if found is None:
        raise LookupError(f"the unit has no {kind} partner: run the partner seed first")
    return found


def seed_agreements(unit: Unit, head: User) -> int:
    """Three agreements of the unit's usual partners, one ending soon; none if the unit has agreements."""
    if Agreement.objects.filter(partner__unit=unit).exists():
        return 0
    today = timezone.localdate(timezone.now(), unit.zone)
    for kind, agreement_kind, number, starts, ends in DEMO_AGREEMENTS:
        agreement_add(
            actor=head,
            partner=_partner(unit, kind),
            kind=agreement_kind,
            number=number,
            title="Kerja sama pendampingan korban" + FICTIONAL,
            valid_from=today + dt.timedelta(days=starts),
            valid_until=today + dt.timedelta(days=ends),
        )
    return len(DEMO_AGREEMENTS)


def _sharing(case: Case, victim: object, partner: Partner, manager: User, purpose: str) -> None:
    consent_record(
        actor=manager,
        case=case,
        data=ConsentData(
            victim=victim,  # type: ignore[arg-type]
            scope=ConsentScope.SHARING,
            given_by=ConsentGiver.VICTIM,
            method=ConsentMethod.WRITTEN,
            given_on=timezone.localdate(timezone.now(), case.unit.zone),
            partner=partner,
            purpose=purpose,
        ),
    )


def seed_monitored_case(unit: Unit, *, head: User, manager: User, expert: User) -> int:
    """One case in monitoring with an empowerment plan delivered through two referrals; rows of note created."""
    if (
        FollowUp.objects.filter(case__unit=unit).exists()
        or Referral.objects.filter(unit=unit, direction=Direction.OUT).exists()
    ):
        return 0

    case = case_open(actor=head, category="KTP", risk_level="SEDANG", case_manager=manager)
    case_team_assign(actor=head, case=case, user=expert, team_role=TeamRole.EXPERT)
    victim = victim_add(case, actor=manager, name="Contoh Korban Enam", age=34, address="Jl. Contoh No. 6")
    incident_and_consent(case, victim, manager=manager, days_ago=90, gbv="PHYSICAL_ASSAULT")
    case_start_assessment(actor=manager, case=case)
    assessment_write(case, manager=manager, expert=expert, complete=True)
    case_start_planning(actor=manager, case=case)
    approved_plan(case, head=head, manager=manager, expert=expert)
    case = case_start_intervention(actor=manager, case=case)
    for item in PlanItem.objects.filter(plan__case=case, plan__state=PlanState.APPROVED).order_by("pk"):
        plan_item_set_status(actor=manager, item=item, status=PlanItemStatus.DONE)

    household_needs_save(
        actor=manager,
        case=case,
        data=NeedsData(
            income_amount="± Rp 500.000" + FICTIONAL,
            income_source="Berjualan kue dari rumah" + FICTIONAL,
            skills="Memasak dan menjahit" + FICTIONAL,
            dependants="2 anak",
            documents_missing=["KK"],
            notes="Perlu modal usaha dan KK baru setelah pisah rumah" + FICTIONAL,
        ),
    )
    baznas, civil = _partner(unit, PartnerKind.BAZNAS), _partner(unit, PartnerKind.CIVIL_REGISTRY)
    _sharing(case, victim, baznas, manager, "Modal usaha" + FICTIONAL)
    _sharing(case, victim, civil, manager, "Penerbitan KK" + FICTIONAL)
    today = timezone.localdate(timezone.now(), unit.zone)
    capital = programme_add(actor=manager, case=case, kind="CAPITAL", partner=baznas, start=today)
    documents = programme_add(actor=manager, case=case, kind="CIVIL_DOCUMENTS", partner=civil)

    def ask(partner: Partner, service: str, needs: str) -> ReferralData:
        return ReferralData(
            victim=victim,
            partner=partner,
            services=[service],
            needs_summary=needs + FICTIONAL,
            response_due=today,
            shared_sections=["IDENTITY", "CONTACT"],
        )

    answered = programme_refer(
        actor=manager,
        programme=capital,
        data=ask(baznas, "PEMBERDAYAAN_EKONOMI", "Modal usaha kue rumahan sekitar Rp 2 juta"),
    )
    referral_accept(actor=manager, referral=answered)  # recorded on the partner's behalf (its portal comes later)
    overdue = programme_refer(
        actor=manager,
        programme=documents,
        data=ask(civil, "DOKUMEN_KEPENDUDUKAN", "Penerbitan KK baru atas nama korban"),
    )
    # Ten days ago, due three days ago and not answered: the hourly step reminds the case manager.
    sent = timezone.now() - dt.timedelta(days=10)
    Referral.objects.filter(pk=overdue.pk).update(
        created_at=sent, sent_at=sent, status_changed_at=sent, response_due=today - dt.timedelta(days=3)
    )
    case_start_monitoring(actor=manager, case=case)  # the follow-up schedule (1, 3, 6, 12 months)
    return 1 + 2 + 2 + FollowUp.objects.filter(case=case).count()
