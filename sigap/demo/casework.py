"""The demo's sample activity: complaints and cases in different states in Kukar and Samarinda, the shelter's
rooms and the counselling rooms, written through the services as the staff would (audit events, encryption,
work items and clocks included). Used by ``seed_demo`` and by ``sigap.demo.partnership`` (the monitored case).

Every person is obviously fictional ("Contoh Korban Satu", addresses marked "fiktif"); no NIK or phone number
is recorded, so that no real person's number can appear.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sigap.accounts.models import Unit, User
from sigap.cases.models import Case, TeamRole
from sigap.cases.models.consent import ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import AssessmentArea, PlanItemStatus
from sigap.cases.services.assessment import (
    assessment_complete,
    assessment_section_assign,
    assessment_section_write,
    latest_assessment,
)
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.services.consent import ConsentData, consent_record
from sigap.cases.services.incident import IncidentData, incident_record
from sigap.cases.services.lifecycle import (
    case_open,
    case_start_assessment,
    case_start_intervention,
    case_start_planning,
)
from sigap.cases.services.people import PersonData, person_create
from sigap.cases.services.plan import plan_decide, plan_item_add, plan_item_set_status, plan_save, plan_submit
from sigap.cases.services.team import case_expert_preference_set, case_team_assign
from sigap.intake.models import Complaint, Decision, Jurisdiction, RiskCriterion
from sigap.intake.models import PersonRole as ComplaintPersonRole
from sigap.intake.services.complaint import PersonEntry, complaint_record, complaint_take, complaint_triage
from sigap.intake.services.decision import complaint_decide
from sigap.intake.services.public import complaint_submit_public

FICTIONAL = " (contoh fiktif untuk demo)"


def demo_user(username: str) -> User:
    # Fetched afresh: ``User.membership`` must see the memberships created above.
    return User.objects.get(username=username)


def _has_activity(unit: Unit) -> bool:
    return Complaint.objects.filter(unit=unit).exists() or Case.objects.filter(unit=unit).exists()


def _phone_complaint(*, intake: User, victim: str, age: int, account: str, hours_ago: int) -> Complaint:
    return complaint_record(
        actor=intake,
        channel="TELEPON",
        received_at=timezone.now() - dt.timedelta(hours=hours_ago),
        reporter_type="KORBAN",
        reporter_name=victim,
        contact_consent=True,
        contact_instructions="Hubungi lewat WhatsApp setelah jam 5 sore" + FICTIONAL,
        people=[PersonEntry(name=victim, role=ComplaintPersonRole.VICTIM, age=age, sex="P")],
        account=account + FICTIONAL,
        risk_level="SEDANG",
    )


def _triage(complaint: Complaint, *, intake: User) -> Complaint:
    return complaint_triage(
        actor=intake,
        complaint=complaint,
        category="KTP",
        risk_level="SEDANG",
        risk_criteria=[RiskCriterion.REPEATED_VIOLENCE, RiskCriterion.THREATS],
        jurisdiction=Jurisdiction.THIS_UNIT,
    )


def victim_add(case: Case, *, actor: User, name: str, age: int, address: str) -> CasePerson:
    return person_create(
        actor=actor,
        case=case,
        data=PersonData(name=name, sex="P", estimated_age=age, address=address + FICTIONAL),
        role=PersonRole.VICTIM,
    )


def _carried_victim(case: Case) -> CasePerson:
    """The victim a case opened from a complaint starts with (``case_open(persons=…)``); no address yet."""
    return CasePerson.objects.select_related("person").get(case=case, role=PersonRole.VICTIM)


def _team(case: Case, *, head: User, manager: User, expert: User | None) -> None:
    case_team_assign(actor=head, case=case, user=manager, team_role=TeamRole.CASE_MANAGER)
    if expert is not None:
        case_team_assign(actor=head, case=case, user=expert, team_role=TeamRole.EXPERT)


def incident_and_consent(case: Case, victim: CasePerson, *, manager: User, days_ago: int, gbv: str) -> None:
    today = timezone.localdate(timezone.now(), case.unit.zone)
    types = {"PHYSICAL_ASSAULT": ["FISIK", "PSIKIS"], "PSYCHOLOGICAL_ABUSE": ["PSIKIS"]}[gbv]
    incident_record(
        actor=manager,
        case=case,
        data=IncidentData(
            victim=victim,
            date_from=today - dt.timedelta(days=days_ago),
            place="RUMAH_TANGGA",
            account="Kekerasan di rumah oleh pasangan" + FICTIONAL,
            violence_types=types,
            gbv_type=gbv,
            is_kdrt=True,
        ),
    )
    consent_record(
        actor=manager,
        case=case,
        data=ConsentData(
            victim=victim,
            scope=ConsentScope.SERVICES,
            given_by=ConsentGiver.VICTIM,
            method=ConsentMethod.WRITTEN,
            given_on=today,
        ),
    )


def assessment_write(case: Case, *, manager: User, expert: User, complete: bool) -> None:
    """The assessment "Mulai asesmen" started; the psychologist writes the psychological area. ``complete``: all six."""
    assessment = latest_assessment(case)
    assert assessment is not None  # started with the step (case_start_assessment)
    assessment_section_assign(actor=manager, assessment=assessment, area=AssessmentArea.PSYCHOLOGICAL, expert=expert)
    assessment_section_write(
        actor=expert,
        assessment=assessment,
        area=AssessmentArea.PSYCHOLOGICAL,
        text="Cemas dan sulit tidur; perlu konseling rutin" + FICTIONAL,
    )
    areas = [a for a in AssessmentArea.values if a != AssessmentArea.PSYCHOLOGICAL]
    for area in areas if complete else areas[:2]:
        assessment_section_write(
            actor=manager, assessment=assessment, area=area, text="Temuan dan kebutuhan dicatat" + FICTIONAL
        )
    if complete:
        assessment_complete(actor=manager, assessment=assessment, risk_level="SEDANG")


def approved_plan(case: Case, *, head: User, manager: User, expert: User) -> None:
    today = timezone.localdate(timezone.now(), case.unit.zone)
    plan = plan_save(
        actor=manager,
        case=case,
        goals="Korban aman, pulih, dan mendapat pendampingan hukum" + FICTIONAL,
        made_with_victim=True,
        made_with_victim_how="Disusun bersama korban di kantor UPTD" + FICTIONAL,
    )
    plan_item_add(
        actor=manager, plan=plan, service="PSIKOLOGIS", target_date=today + dt.timedelta(days=14), provider_user=expert
    )
    plan_item_add(
        actor=manager,
        plan=plan,
        service="BANTUAN_HUKUM",
        target_date=today + dt.timedelta(days=30),
        provider_agency="LBH Contoh (fiktif)",
    )
    # Accompaniment at the police is the unit's own (the case manager until a legal counsellor joins):
    # the team page therefore suggests the legal counsellor first.
    plan_item_add(
        actor=manager,
        plan=plan,
        service="PENEGAKAN_HUKUM",
        target_date=today + dt.timedelta(days=7),
        provider_user=manager,
    )
    plan = plan_submit(actor=manager, plan=plan)
    plan_decide(actor=head, plan=plan, approve=True, comment="Disetujui.")


def _kukar_activity(unit: Unit) -> None:
    """Complaints (new web report, in identification, decided) and four cases in different states."""
    intake, head = demo_user("intake.kukar"), demo_user("kepala.kukar")
    manager, expert = demo_user("mk.kukar"), demo_user("psikolog.kukar")

    complaint_submit_public(
        unit=unit,
        reporter_type="PIHAK_LAIN",
        account="Tetangga sering mendengar anak menangis dan dibentak" + FICTIONAL,
        reporter_relationship="Tetangga",
        people=[PersonEntry(name="Contoh Anak Tetangga", role=ComplaintPersonRole.VICTIM, age=9, sex="L")],
    )
    waiting = _phone_complaint(
        intake=intake, victim="Contoh Pelapor Dua", age=41, account="Diancam oleh mantan suami", hours_ago=5
    )
    complaint_take(actor=intake, complaint=waiting)
    closed = _phone_complaint(
        intake=intake, victim="Contoh Penanya Tiga", age=37, account="Bertanya soal hak asuh anak", hours_ago=30
    )
    _triage(closed, intake=intake)
    complaint_decide(actor=intake, complaint=closed, decision=Decision.CLOSE, close_reason="KONSULTASI")

    # Case 1, opened from a complaint: team assigned, victim recorded, nothing more yet.
    source = _triage(
        _phone_complaint(
            intake=intake, victim="Contoh Korban Satu", age=29, account="Dipukul suami berulang kali", hours_ago=28
        ),
        intake=intake,
    )
    source = complaint_decide(actor=intake, complaint=source, decision=Decision.OPEN_CASE)
    opened = Case.objects.get(unit=unit, number=source.case_number)
    _team(opened, head=head, manager=manager, expert=expert)
    _carried_victim(opened)  # opening the case carried the complaint's victim into it (no typing twice)
    # She asked for a woman: the team page then ranks female experts first.
    case_expert_preference_set(actor=head, case=opened, preferred=True)

    # Case 2, from a complaint too: in assessment, the psychologist has written her part.
    source = _triage(
        _phone_complaint(
            intake=intake, victim="Contoh Korban Dua", age=33, account="Dihina dan diancam setiap hari", hours_ago=75
        ),
        intake=intake,
    )
    source = complaint_decide(actor=intake, complaint=source, decision=Decision.OPEN_CASE)
    assessing = Case.objects.get(unit=unit, number=source.case_number)
    _team(assessing, head=head, manager=manager, expert=expert)
    victim = _carried_victim(assessing)
    incident_and_consent(assessing, victim, manager=manager, days_ago=4, gbv="PSYCHOLOGICAL_ABUSE")
    case_start_assessment(actor=manager, case=assessing)
    assessment_write(assessing, manager=manager, expert=expert, complete=False)

    # Case 3, opened by the HEAD: intervention under way with an approved plan.
    running = case_open(actor=head, category="KTP", risk_level="TINGGI", case_manager=manager)
    case_team_assign(actor=head, case=running, user=expert, team_role=TeamRole.EXPERT)
    victim = victim_add(running, actor=manager, name="Contoh Korban Tiga", age=26, address="Jl. Contoh No. 3")
    incident_and_consent(running, victim, manager=manager, days_ago=12, gbv="PHYSICAL_ASSAULT")
    case_start_assessment(actor=manager, case=running)
    assessment_write(running, manager=manager, expert=expert, complete=True)
    case_start_planning(actor=manager, case=running)
    approved_plan(running, head=head, manager=manager, expert=expert)
    running = case_start_intervention(actor=manager, case=running)
    first = running.plans.get().items.order_by("pk").first()
    if first is not None:
        plan_item_set_status(actor=expert, item=first, status=PlanItemStatus.IN_PROGRESS)

    # Case 4: the services are done and the HEAD approved the closure.
    done = case_open(actor=head, category="KTP", risk_level="SEDANG", case_manager=manager)
    case_team_assign(actor=head, case=done, user=expert, team_role=TeamRole.EXPERT)
    victim = victim_add(done, actor=manager, name="Contoh Korban Empat", age=45, address="Jl. Contoh No. 4")
    incident_and_consent(done, victim, manager=manager, days_ago=40, gbv="PSYCHOLOGICAL_ABUSE")
    case_start_assessment(actor=manager, case=done)
    assessment_write(done, manager=manager, expert=expert, complete=True)
    case_start_planning(actor=manager, case=done)
    approved_plan(done, head=head, manager=manager, expert=expert)
    done = case_start_intervention(actor=manager, case=done)
    for item in done.plans.get().items.order_by("pk"):
        plan_item_set_status(actor=manager, item=item, status=PlanItemStatus.DONE)
    done = case_request_closure(
        actor=manager,
        case=done,
        reason="TUJUAN_TERCAPAI",
        summary="Konseling dan bantuan hukum selesai; korban merasa aman" + FICTIONAL,
    )
    case_approve_closure(actor=head, case=done)


def _samarinda_activity(unit: Unit) -> None:
    """One case of Samarinda, so that the other unit's staff see something (and Kukar never sees it)."""
    head, manager = demo_user("kepala.samarinda"), demo_user("mk.samarinda")
    case = case_open(actor=head, category="KTA", risk_level="SEDANG", case_manager=manager)
    victim_add(case, actor=manager, name="Contoh Korban Lima", age=15, address="Jl. Contoh No. 5, Samarinda")


def seed_shelter(unit: Unit) -> int:
    """One shelter of the demo unit (Kukar) with two rooms and a few beds, unless the unit has one already."""
    from sigap.assistance.models.shelter import RoomTakes, Shelter
    from sigap.assistance.services.shelter import RoomData, ShelterData, bed_add, room_save, shelter_create

    if Shelter.objects.filter(unit=unit).exists():
        return 0
    head = demo_user("kepala.kukar")
    data = ShelterData(name="Rumah Teduh (demo)", address="Alamat contoh, Tenggarong (demo)", phone="0541 000 000")
    shelter = shelter_create(actor=head, unit=unit, data=data)
    women = room_save(
        actor=head, shelter=shelter, data=RoomData(name="Kamar Mawar", takes=RoomTakes.FEMALE, min_age=13)
    )
    family = room_save(actor=head, shelter=shelter, data=RoomData(name="Kamar Keluarga", takes=RoomTakes.ANY))
    for room, labels in ((women, ("M1", "M2")), (family, ("K1", "K2", "K3"))):
        for label in labels:
            bed_add(actor=head, room=room, label=label)
    return 8


DEMO_ROOMS = (("Ruang Konseling 1", "COUNSELLING"), ("Ruang Konseling 2", "COUNSELLING"), ("Ruang Mediasi", "OTHER"))


def seed_rooms(unit: Unit) -> int:
    """The demo unit's office rooms, so that a session at the unit office can book one (none if it has rooms)."""
    from sigap.assistance.models.room import Room
    from sigap.assistance.services.room import room_add

    if Room.objects.filter(unit=unit).exists():
        return 0
    head = demo_user("kepala.kukar")
    for name, kind in DEMO_ROOMS:
        room_add(actor=head, name=name, kind=kind)
    return len(DEMO_ROOMS)


def seed_activity(units: dict[str, Unit]) -> list[str]:
    """Add the sample activity to each unit that has none yet; returns the prefixes seeded."""
    seeded = []
    for prefix, seed in (("PPA-KKR", _kukar_activity), ("PPA-SMD", _samarinda_activity)):
        if not _has_activity(units[prefix]):
            seed(units[prefix])
            seeded.append(prefix)
    return seeded
