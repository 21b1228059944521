"""seed_demo creates the demo units, users and sample activity, and a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.assistance.models.room import Room
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseState, CaseStateChange, CaseTeamMember
from sigap.cases.models.consent import Consent
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.models.plan import Assessment, AssessmentSection, Plan, PlanItem, PlanState
from sigap.core.reference.services import reference_load
from sigap.intake.models import Complaint, ComplaintState
from sigap.partners.models import PartnerUser
from sigap.work.models import WorkItem

ACTIVITY_MODELS = [
    Complaint,
    Case,
    CaseStateChange,
    CaseTeamMember,
    Person,
    CasePerson,
    Incident,
    Consent,
    Assessment,
    AssessmentSection,
    Plan,
    PlanItem,
    WorkItem,
    AuditEvent,
]


def _snapshot() -> tuple:
    return (
        sorted(Unit.objects.values_list("case_number_prefix", "name", "region_code")),
        sorted(User.objects.values_list("username", "password")),
        sorted(Membership.objects.values_list("user__username", "unit__case_number_prefix", "role", "is_active")),
        {model.__name__: model.objects.count() for model in ACTIVITY_MODELS},
        sorted(Case.objects.values_list("number", "state", "updated_at")),
        sorted(Room.objects.values_list("unit__case_number_prefix", "name")),
        sorted(Complaint.objects.values_list("number", "state", "updated_at")),
    )


@pytest.fixture
def reference(db: None) -> None:
    reference_load()


@pytest.mark.django_db
def test_it_seeds_one_user_per_role_in_kukar_and_three_in_samarinda() -> None:
    call_command("seed_demo", stdout=StringIO())
    kukar = Unit.objects.get(region_code="64.02")
    samarinda = Unit.objects.get(region_code="64.72")
    assert kukar.name == "UPTD PPA Kabupaten Kutai Kartanegara"
    kukar_roles = set(Membership.objects.filter(unit=kukar).values_list("role", flat=True))
    assert kukar_roles == {role.value for role in Role}
    rooms = sorted(Room.objects.filter(unit=kukar, active=True).values_list("name", flat=True))
    assert rooms == ["Ruang Konseling 1", "Ruang Konseling 2", "Ruang Mediasi"]
    samarinda_roles = sorted(Membership.objects.filter(unit=samarinda).values_list("role", flat=True))
    # Intake too: the receiving unit of the demo's transfer imports the package (walk #14).
    assert samarinda_roles == sorted([Role.HEAD, Role.CASE_MANAGER, Role.INTAKE])
    # The partner portal: each demo partner user works for one organisation of Kukar's directory.
    links = dict(PartnerUser.objects.values_list("user__username", "partner__kind"))
    assert links == {"mitra.kukar": "BAZNAS", "koperasi.kukar": "COOPERATIVES"}


@pytest.mark.django_db
def test_it_is_idempotent(reference: None) -> None:
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()
    assert first[3]["Case"] > 0
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _snapshot() == first
    assert "0 new row(s)" in out.getvalue()
    assert "Sample" not in out.getvalue()


@pytest.mark.django_db
def test_it_shows_complaints_in_each_stage_of_kukar(reference: None) -> None:
    call_command("seed_demo", stdout=StringIO())
    kukar = Unit.objects.get(case_number_prefix="PPA-KKR")
    states = sorted(Complaint.objects.filter(unit=kukar).values_list("state", flat=True))
    assert states == sorted(
        [
            ComplaintState.ADUAN_MASUK,
            ComplaintState.IDENTIFIKASI,
            ComplaintState.DITUTUP_TANPA_KASUS,
            ComplaintState.KASUS_DIBUKA,
            ComplaintState.KASUS_DIBUKA,
        ]
    )
    web = Complaint.objects.get(unit=kukar, state=ComplaintState.ADUAN_MASUK)
    assert web.recorded_by_id is None and web.tracking_code
    # Each open clock waits on someone: the web report's on an intake officer.
    assert WorkItem.objects.filter(object_id=str(web.pk), state="OPEN", responsible__username="intake.kukar").exists()
    opened = Complaint.objects.filter(unit=kukar, state=ComplaintState.KASUS_DIBUKA)
    assert all(Case.objects.filter(number=c.case_number, unit=kukar).exists() for c in opened)


@pytest.mark.django_db
def test_it_shows_cases_in_different_states_with_their_teams(reference: None) -> None:
    call_command("seed_demo", stdout=StringIO())
    kukar = Case.objects.filter(unit__case_number_prefix="PPA-KKR")
    assert sorted(kukar.values_list("state", flat=True)) == sorted(
        [CaseState.KASUS_DIBUKA, CaseState.ASESMEN, CaseState.INTERVENSI, CaseState.PEMANTAUAN, CaseState.TERMINASI]
    )
    for case in kukar:
        team = set(CaseTeamMember.objects.filter(case=case, is_active=True).values_list("user__username", "team_role"))
        assert team == {("mk.kukar", "CASE_MANAGER"), ("psikolog.kukar", "EXPERT")}
        assert CasePerson.objects.filter(case=case, role=PersonRole.VICTIM).count() == 1
    intervention = kukar.get(state=CaseState.INTERVENSI)  # the monitored one: sigap.demo.partnership
    assert intervention.plans.get().state == PlanState.APPROVED
    closed = kukar.get(state=CaseState.TERMINASI)
    assert closed.closed_by.username == "kepala.kukar"
    samarinda = Case.objects.get(unit__case_number_prefix="PPA-SMD")
    assert samarinda.team.get(is_active=True).user.username == "mk.samarinda"


@pytest.mark.django_db
def test_its_people_are_fictional_and_carry_no_nik_or_phone(reference: None) -> None:
    call_command("seed_demo", stdout=StringIO())
    persons = list(Person.objects.all())
    assert len(persons) == 6
    for person in persons:
        assert person.name.startswith("Contoh ")
        assert not person.nik and not person.phone
        # A victim carried from a complaint has no address yet; a typed one is marked fictional.
        assert not person.address or "fiktif" in person.address
    for complaint in Complaint.objects.all():
        assert "fiktif" in complaint.account


@pytest.mark.django_db
def test_it_records_the_work_in_the_audit_trail(reference: None) -> None:
    call_command("seed_demo", stdout=StringIO())
    for case in Case.objects.all():
        assert AuditEvent.objects.filter(object_id=str(case.pk)).exists()
    for complaint in Complaint.objects.all():
        assert AuditEvent.objects.filter(object_id=str(complaint.pk)).exists()


@pytest.mark.django_db
def test_without_the_reference_lists_it_seeds_users_only() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert User.objects.filter(username="kepala.kukar").exists()
    assert not Complaint.objects.exists() and not Case.objects.exists()
    assert "load_reference" in out.getvalue()


@pytest.mark.django_db
def test_it_prints_the_logins() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "kepala.kukar" in out.getvalue()
    assert "lembayung-senja-42" in out.getvalue()


@pytest.mark.django_db
def test_it_refuses_production() -> None:
    with override_settings(PRODUCTION=True), pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
