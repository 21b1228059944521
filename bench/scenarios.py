"""The scenarios of ``make bench`` (bench/run.py): the data and sessions they run against, and the pages.

:func:`prepare` runs in-process with Django set up against the bench database: it migrates, loads the
regions, generates the preset (``manage.py generate_data``) and picks the personas, their sessions and
the targets (a case, a NIK, a name, a deep page). :func:`scenarios` turns those into the measured pages.
A page not built yet is not given a scenario (see ``bench.report.NOT_BUILT``), never faked.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from typing import Any

NATIONAL_UNIT_NAME = "Sintetis Nasional"
NATIONAL_UNIT_PREFIX = "SINTETIS-NAS"  # outside the generator's "SYN-" units, so it never counts as one of them
NATIONAL_LEADER = "synnas_leadership"


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate, load regions, generate, and pick the personas, sessions and targets of the run."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sigap.accounts.models import User
    from sigap.accounts.stepup import step_up_mark
    from sigap.cases.models import Case, CaseState
    from sigap.cases.models.people import CasePerson, Person, PersonRole
    from sigap.regions.models import Village

    call_command("migrate", verbosity=0, interactive=False)
    if not Village.objects.exists():
        call_command("load_regions", verbosity=0)
    call_command("load_reference", verbosity=0)
    if not args.skip_generate:
        call_command("generate_data", preset=args.preset, batch_size=args.batch_size)

    def session_of(username: str) -> tuple[Client, str]:
        user = User.objects.get(username=username)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        step_up_mark(session)
        session.save()
        return client, client.cookies["sessionid"].value

    head_client, head_cookie = session_of("syn001_head")
    cm_user = User.objects.get(username="syn001_cm01")
    cm_client, cm_cookie = session_of(cm_user.username)
    intake_client, intake_cookie = session_of("syn001_intake")
    unit = User.objects.get(username="syn001_head").membership.unit  # type: ignore[union-attr]
    data_user, leader = report_users_ensure(unit)
    data_client, data_cookie = session_of(data_user.username)
    targets = assistance_targets(unit)
    psy_client, psy_cookie = session_of(targets["psychologist"])
    legal_client, legal_cookie = session_of(targets["deadline_user"])
    follow_up_client, follow_up_cookie = session_of(follow_up_user(unit))
    partner_client, partner_cookie = session_of(partner_user_ensure(unit))
    leader_client, leader_cookie = session_of(leader.username)
    case = Case.objects.filter(unit=unit, restricted=False).order_by("-opened_at").first()
    victim_link = (
        CasePerson.objects.filter(case__unit=unit, role=PersonRole.VICTIM, case__restricted=False)
        .order_by("-added_at")
        .first()
    )
    person_with_nik = (
        Person.objects.filter(unit=unit, nik__isnull=False, case_links__role=PersonRole.VICTIM).order_by("pk").first()
    )
    assert case is not None and victim_link is not None and person_with_nik is not None, "generate data first"
    victim = victim_link.person
    total = Case.objects.filter(unit=unit).count()
    filtered = Case.objects.filter(unit=unit, state=CaseState.TERMINASI, risk_level="SEDANG").count()
    now = dt.datetime.now(tz=unit.zone)
    last_month = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
    first_year = Case.objects.filter(unit=unit).order_by("opened_at").values_list("opened_at", flat=True).first()
    contract_period = contract_period_ensure(unit)
    return {
        "clients": {
            "head": head_client,
            "cm": cm_client,
            "intake": intake_client,
            "data": data_client,
            "leader": leader_client,
            "psy": psy_client,
            "legal": legal_client,
            "fu": follow_up_client,
            "partner": partner_client,
        },
        "cookies": {
            "head": head_cookie,
            "cm": cm_cookie,
            "intake": intake_cookie,
            "data": data_cookie,
            "leader": leader_cookie,
            "psy": psy_cookie,
            "legal": legal_cookie,
            "fu": follow_up_cookie,
            "partner": partner_cookie,
        },
        "recap_year": now.year - 1,
        "simfoni_month": f"{last_month[0]:04d}-{last_month[1]:02d}",
        "unit_first_month": f"{first_year.astimezone(unit.zone):%Y-%m}" if first_year else f"{now.year:04d}-01",
        "this_month": f"{now:%Y-%m}",
        "case_id": str(case.pk),
        "nik": person_with_nik.nik,
        "name": victim.name,
        "birth_year": victim.birth_year,
        "unit_cases": total,
        "deep_page": max(1, int(total / 25 * 0.8)),
        "filtered_deep_page": max(1, int(filtered / 25 * 0.8)),
        "dataset": _dataset_counts(),
        "session_case_id": targets["session_case_id"] or str(case.pk),
        "contract_period": contract_period,
    }


def contract_period_ensure(unit: Any) -> int:
    """The open period of a contract of the unit's busiest expert (most case-team rows): made through the
    services by the unit's HEAD when missing (a profile, a contract of this fiscal year around today).
    Idempotent. Returns the period's id, for the evaluation page of issue #13."""
    from decimal import Decimal

    from django.db.models import Count
    from django.utils import timezone

    from sigap.accounts.models import Membership, Role, User
    from sigap.cases.models import CaseTeamMember
    from sigap.contracts.models import Contract, ContractState
    from sigap.contracts.services.contract import ContractData, contract_create
    from sigap.experts.models import ExpertProfile
    from sigap.experts.services import expert_profile_save

    experts = Membership.objects.filter(unit=unit, role=Role.EXPERT, is_active=True).values("user_id")
    busiest = (
        CaseTeamMember.objects.filter(case__unit=unit, user_id__in=experts)
        .values("user_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "user_id")
        .first()
    )
    user = User.objects.get(pk=busiest["user_id"] if busiest else experts.order_by("user_id")[0]["user_id"])
    head = User.objects.get(memberships__unit=unit, memberships__role=Role.HEAD, memberships__is_active=True)
    profile = ExpertProfile.objects.filter(user=user).first() or expert_profile_save(
        actor=head, user=user, profession="CLINICAL_PSYCHOLOGIST", sex="P"
    )
    contract = Contract.objects.filter(expert=profile, state=ContractState.ACTIVE).first()
    if contract is None:
        today = timezone.localdate(timezone.now(), unit.zone)
        contract = contract_create(
            actor=head,
            expert=profile,
            data=ContractData(
                number=f"BENCH/{today.year}/{user.pk}",
                post="Tenaga Ahli Sintetis",
                profession=profile.profession,
                fiscal_year=today.year,
                funding_source="APBD",
                fee_basis="PER_SESSION",
                unit_price=Decimal(350_000),
                amount=Decimal(42_000_000),
                start=max(dt.date(today.year, 1, 1), today - dt.timedelta(days=30)),
                end=dt.date(today.year, 12, 31),
            ),
        )
    return int(contract.periods.order_by("-number").values_list("pk", flat=True)[0])


def synthetic_staff_ensure(username: str, full_name: str, unit: Any, role: str) -> Any:
    """The synthetic user ``username`` with an active membership (made here when missing; an unusable
    password: synthetic staff never log in with one). Idempotent."""
    from sigap.accounts.models import Membership, User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, email=f"{username}@sintetis.invalid")
        user.set_unusable_password()
        user.save()
    if not Membership.objects.filter(user=user, is_active=True).exists():
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def report_users_ensure(unit: Any) -> tuple[Any, Any]:
    """syn001's DATA_OFFICER (the generator makes ``syn001_data``; made here if missing) and the NATIONAL
    unit "Sintetis Nasional" with its LEADERSHIP user. Idempotent; synthetic names, unusable passwords."""
    from django.db import transaction

    from sigap.accounts.models import Role, Unit

    staff = synthetic_staff_ensure
    with transaction.atomic():
        tag = unit.case_number_prefix.replace("SYN-", "syn")
        data_user = staff(f"{tag}_data", f"Petugas Data Sintetis {tag[3:]}", unit, Role.DATA_OFFICER)
        national = Unit.objects.filter(case_number_prefix=NATIONAL_UNIT_PREFIX).first()
        if national is None:
            national = Unit.objects.create(
                name=NATIONAL_UNIT_NAME,
                short_name=NATIONAL_UNIT_NAME,
                level=Unit.Level.NATIONAL,
                region_code=Unit.NATIONAL_REGION_CODE,
                case_number_prefix=NATIONAL_UNIT_PREFIX,
                time_zone="Asia/Jakarta",
                letterhead_lines=f"DATA SINTETIS\n{NATIONAL_UNIT_NAME.upper()}",
            )
        leader = staff(NATIONAL_LEADER, "Pimpinan Sintetis Nasional", national, Role.LEADERSHIP)
    return data_user, leader


def assistance_targets(unit: Any) -> dict[str, Any]:
    """The targets of the pages of issue #12 in ``unit`` (the largest): a clinical psychologist (the first by
    username; one of the unit's experts is given the profile when the data predates it), the case with the
    most sessions, and the staff member with the most open or missed police-report clocks (the case manager
    ``syn001_cm01`` when there is none)."""
    from django.db.models import Count

    from sigap.accounts.models import Membership, Role
    from sigap.assistance.kinds import LEGAL_POLICE_REPORT
    from sigap.assistance.models import AccompanimentSession
    from sigap.experts.models import ExpertProfile, Profession
    from sigap.work.models import WorkItem

    profile = (
        ExpertProfile.objects.filter(unit=unit, profession=Profession.CLINICAL_PSYCHOLOGIST)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if profile is None:
        member = Membership.objects.filter(unit=unit, role=Role.EXPERT, is_active=True).order_by("user__username")
        expert = member.select_related("user").first()
        assert expert is not None, "generate data first: the unit has no expert"
        profile = ExpertProfile.objects.create(
            user=expert.user, unit=unit, profession=Profession.CLINICAL_PSYCHOLOGIST, sex="P"
        )
    busiest = (
        AccompanimentSession.objects.filter(unit=unit, case__restricted=False)
        .values("case_id")
        .annotate(n=Count("id"))
        .order_by("-n", "case_id")
        .first()
    )
    clocks = (
        WorkItem.objects.filter(
            unit=unit, kind=LEGAL_POLICE_REPORT, state__in=[WorkItem.State.OPEN, WorkItem.State.MISSED]
        )
        .values("responsible__username")
        .annotate(n=Count("id"))
        .order_by("-n", "responsible__username")
        .first()
    )
    tag = unit.case_number_prefix.replace("SYN-", "syn")
    return {
        "psychologist": profile.user.username,
        "session_case_id": str(busiest["case_id"]) if busiest else None,
        "deadline_user": clocks["responsible__username"] if clocks else f"{tag}_cm01",
    }


def follow_up_user(unit: Any) -> str:
    """The case manager of ``unit`` with the most scheduled follow-ups (issue #14's "follow-ups due" page);
    ``<unit>_cm01`` when there is none."""
    from django.db.models import Count

    from sigap.cases.models import CaseTeamMember, TeamRole
    from sigap.empowerment.models import FollowUp, FollowUpStatus

    scheduled = FollowUp.objects.filter(case__unit=unit, status=FollowUpStatus.SCHEDULED).values("case_id")
    busiest = (
        CaseTeamMember.objects.filter(case_id__in=scheduled, team_role=TeamRole.CASE_MANAGER, is_active=True)
        .values("user__username")
        .annotate(n=Count("pk"))
        .order_by("-n", "user__username")
        .first()
    )
    return busiest["user__username"] if busiest else f"{unit.case_number_prefix.replace('SYN-', 'syn')}_cm01"


def partner_user_ensure(unit: Any) -> str:
    """A PARTNER user of ``unit`` linked to the partner with the most referrals (issue #14's portal list):
    made here when missing, by the unit's administrator as the product links one. Idempotent."""
    from django.db import transaction
    from django.db.models import Count
    from django.utils import timezone

    from sigap.accounts.models import Role, User
    from sigap.partners.models import PartnerUser
    from sigap.referrals.models import Referral

    busiest = (
        Referral.objects.filter(unit=unit, partner__isnull=False)
        .values("partner_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "partner_id")
        .first()
    )
    assert busiest is not None, "generate data first (no referral to a partner)"
    username = f"{unit.case_number_prefix.replace('SYN-', 'syn')}_partner"
    with transaction.atomic():
        user = synthetic_staff_ensure(username, "Petugas Mitra Sintetis", unit, Role.PARTNER)
        admin = User.objects.filter(memberships__unit=unit, memberships__is_active=True).order_by("pk").first()
        PartnerUser.objects.update_or_create(
            user=user,
            defaults={"partner_id": busiest["partner_id"], "linked_at": timezone.now(), "linked_by": admin},
        )
    return username


def _dataset_counts() -> dict[str, int]:
    from sigap.audit.models import AuditEvent
    from sigap.cases.models import Case
    from sigap.cases.models.people import CasePerson, Person, PersonNameToken
    from sigap.work.models import WorkItem

    models = {"cases": Case, "persons": Person, "name tokens": PersonNameToken, "case persons": CasePerson}
    counts = {label: m.objects.count() for label, m in models.items()}
    counts["audit events"] = AuditEvent.objects.count()
    counts["work items"] = WorkItem.objects.count()
    from sigap.cases.models.consent import Consent, ConsentScope

    counts["SIMFONI consents"] = Consent.objects.filter(scope=ConsentScope.SIMFONI).count()
    from sigap.assistance.models import (
        AccompanimentSession,
        Hearing,
        LegalTrack,
        Mediation,
        OutreachVisit,
        ShelterStay,
    )

    services = {
        "sessions": AccompanimentSession,
        "legal tracks": LegalTrack,
        "hearings": Hearing,
        "shelter stays": ShelterStay,
        "mediations": Mediation,
        "outreach visits": OutreachVisit,
    }
    counts.update({label: m.objects.count() for label, m in services.items()})
    from sigap.empowerment.models import FollowUp, OutcomeRecord
    from sigap.referrals.models import Referral

    partnership = {"referrals": Referral, "follow-ups": FollowUp, "outcome records": OutcomeRecord}
    counts.update({label: m.objects.count() for label, m in partnership.items()})
    return counts


@dataclass
class Scenario:
    """One measured page: who asks, how, and what it is."""

    name: str
    who: str
    method: str
    path: str
    form: dict[str, str] | None = None


def scenarios(prep: dict[str, Any]) -> list[Scenario]:
    case = prep["case_id"]
    flt = "state=TERMINASI&risk_level=SEDANG"
    return [
        Scenario("framework: minimal view", "head", "GET", "/bench/ping/"),
        # The role's morning (#21): one GROUP BY per panel, whatever the unit holds.
        Scenario("home page (HEAD)", "head", "GET", "/"),
        Scenario("home page (case manager)", "cm", "GET", "/"),
        Scenario("case list, first page (HEAD)", "head", "GET", "/kasus/"),
        Scenario("case list, deep page (HEAD)", "head", "GET", f"/kasus/?page={prep['deep_page']}"),
        Scenario("case list, filtered first page", "head", "GET", f"/kasus/?{flt}"),
        Scenario("case list, filtered deep page", "head", "GET", f"/kasus/?{flt}&page={prep['filtered_deep_page']}"),
        Scenario("case list (case manager)", "cm", "GET", "/kasus/"),
        Scenario("case detail + audit VIEW (HEAD)", "head", "GET", f"/kasus/{case}/"),
        Scenario("NIK search (HEAD)", "head", "POST", "/kasus/", {"find-nik": prep["nik"]}),
        Scenario("name search (HEAD)", "head", "POST", "/kasus/", {"find-name": prep["name"]}),
        Scenario(
            "name + birth-year search (HEAD)",
            "head",
            "POST",
            "/kasus/",
            {"find-name": prep["name"], "find-birth_year": str(prep["birth_year"] or "")},
        ),
        Scenario("my work (HEAD)", "head", "GET", "/tugas/"),
        Scenario("my work (case manager)", "cm", "GET", "/tugas/"),
        Scenario("complaint list (INTAKE)", "intake", "GET", "/pengaduan/"),
        Scenario("unit yearly recap (HEAD)", "head", "GET", f"/laporan/rekap/?year={prep['recap_year']}"),
        Scenario(
            "SIMFONI monthly export (DATA_OFFICER)",
            "data",
            "GET",
            f"/laporan/simfoni/?from_month={prep['simfoni_month']}&download=1",
        ),
        Scenario("national LEADERSHIP recap", "leader", "GET", f"/laporan/pimpinan/?year={prep['recap_year']}"),
        # The services delivered (issue #12): this week's calendars, a case's sessions, the shelter, the clocks.
        Scenario("unit calendar, this week (HEAD)", "head", "GET", "/pendampingan/kalender/unit/"),
        Scenario("my week (psychologist)", "psy", "GET", "/pendampingan/kalender/"),
        Scenario("case detail with sessions (HEAD)", "head", "GET", f"/kasus/{prep['session_case_id']}/"),
        Scenario("case sessions (HEAD)", "head", "GET", f"/pendampingan/kasus/{prep['session_case_id']}/"),
        Scenario("shelter occupancy board (HEAD)", "head", "GET", "/pendampingan/penampungan/papan/"),
        # The police-report clocks (3×24 h, UU TPKS) are work items of the case manager: her work list.
        Scenario("police-report deadlines: my work (case manager)", "legal", "GET", "/tugas/"),
        # Issue #13: the evidence of the busiest expert's contract period, computed from the recorded work.
        Scenario(
            "contract period evaluation, busiest expert (HEAD)",
            "head",
            "GET",
            f"/kontrak/periode/{prep['contract_period']}/",
        ),
        # Issue #14: the follow-ups due of the case manager with the most, and the unit's referrals (HEAD).
        Scenario("follow-ups due (case manager)", "fu", "GET", "/pemberdayaan/pemantauan/jatuh-tempo/"),
        Scenario("referral list (HEAD)", "head", "GET", "/rujukan/"),
        Scenario("partner portal: referral list (busiest partner)", "partner", "GET", "/portal-mitra/"),
    ]
