"""The synthetic data generator: counts, proportions, synthetic markers, resume, encryption, audit chain."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from bench import synthetic
from bench.generator import (
    SYNTHETIC_UNIT_PREFIX,
    RunConfig,
    batch_write,
    cases_done,
    generate,
    pending_batches,
    units_ensure,
)
from bench.persons import PERSON_SLOTS
from bench.synthetic import FAMILY_NAMES, GIVEN_NAMES, is_synthetic_nik, synthetic_nik
from sigap.accounts.models import Unit
from sigap.audit.models import AuditChainHead, AuditEvent
from sigap.audit.selectors import audit_chain_verify
from sigap.cases.models import OPEN_STATES, Case, CaseState, CaseStateChange, CaseTeamMember
from sigap.cases.models.people import CasePerson, Person, PersonNameToken, PersonRole
from sigap.cases.selectors.case import persons_matching
from sigap.core.crypto.blind import IndexKind, blind_lookup
from sigap.core.crypto.normalise import validate_nik
from sigap.core.crypto.tokens import name_token_owner_ids
from sigap.core.models import SequenceCounter

N = 60


def run(cases: int = N, **kwargs: int) -> dict:
    return generate(RunConfig(cases=cases, units=kwargs.get("units", 3), years=kwargs.get("years", 4), batch_size=25))


@pytest.fixture
def generated(db: None) -> dict:
    return run()


def test_it_creates_the_cases_units_and_related_rows(generated: dict) -> None:
    assert generated == {"already": 0, "written": N, "seconds": generated["seconds"]}
    assert Case.objects.count() == N
    assert Unit.objects.filter(case_number_prefix__startswith=SYNTHETIC_UNIT_PREFIX).count() == 3
    assert Case.objects.values("unit").distinct().count() == 3
    # Every case: a victim, an opening in the history, an active case manager, audit events.
    assert CasePerson.objects.filter(role=PersonRole.VICTIM).values("case").distinct().count() == N
    assert CaseStateChange.objects.filter(from_state="", to_state=CaseState.KASUS_DIBUKA).count() == N
    assert CaseTeamMember.objects.filter(team_role="CASE_MANAGER", is_active=True).count() == N
    assert Person.objects.count() >= N
    assert AuditEvent.objects.filter(object_type="cases.case", action="CREATE").count() == N
    assert PersonNameToken.objects.count() >= 2 * Person.objects.count()


def test_it_numbers_cases_per_unit_and_year_and_keeps_the_counters(generated: dict) -> None:
    assert SequenceCounter.objects.filter(series="case").exists()
    for counter in SequenceCounter.objects.filter(series="case"):
        cases = Case.objects.filter(unit_id=counter.unit_id, year=counter.year)
        assert sorted(cases.values_list("sequence", flat=True)) == list(range(1, counter.last_value + 1))
    case = Case.objects.first()
    assert case is not None and case.number == f"{case.unit.case_number_prefix}/{case.year}/{case.sequence:04d}"


def test_it_spreads_cases_over_years_and_stages(db: None) -> None:
    run(cases=300, units=2, years=5)
    years = Counter(Case.objects.values_list("year", flat=True))
    assert len(years) >= 5
    states = Counter(Case.objects.values_list("state", flat=True))
    closed = states[CaseState.TERMINASI] + states[CaseState.ARSIP]
    assert 0.6 < closed / 300 < 0.95  # old cases are mostly closed
    assert sum(states[s] for s in OPEN_STATES) > 0
    closed_case = Case.objects.filter(state=CaseState.TERMINASI).first()
    assert closed_case is not None and closed_case.closed_at is not None and closed_case.closure_reason
    assert closed_case.closure_summary.startswith("Ringkasan penutupan sintetis")


def test_its_proportions_follow_domain_e6(db: None) -> None:
    run(cases=400, units=2, years=3)
    total = Case.objects.count()
    categories = Counter(Case.objects.values_list("category", flat=True))
    assert 0.30 < categories["KTP"] / total < 0.50
    children = CasePerson.objects.filter(role=PersonRole.VICTIM)
    child_cases = {
        link.case_id
        for link in children.select_related("case", "person")
        if link.case.year - link.person.birth_year < 18
    }
    assert 0.45 < len(child_cases) / total < 0.70  # ~58 % children
    victims = Counter(children.values_list("person__sex", flat=True))
    assert victims["P"] > 2 * victims["L"]  # mostly female victims
    perpetrators = CasePerson.objects.filter(role=PersonRole.PERPETRATOR)
    kdrt = perpetrators.filter(relationship__in=["SUAMI_ISTRI", "ORANG_TUA", "KELUARGA_SAUDARA"]).count()
    assert 0.45 < kdrt / perpetrators.count() < 0.75  # ~61 % KDRT


def test_nothing_looks_like_a_real_person(generated: dict) -> None:
    people = list(Person.objects.all())
    with_nik = [p for p in people if p.nik]
    assert with_nik
    for person in with_nik:
        assert is_synthetic_nik(person.nik)
        assert validate_nik(person.nik) == person.nik  # the search form accepts it: benchmarkable
        assert person.nik[6:10] in ("2902", "6902")  # 29 February ...
        assert int(person.nik[10:12]) % 4 != 0  # ... of a year without one
    for person in people:
        first, *_, last = person.name.split()
        assert first in GIVEN_NAMES and last in FAMILY_NAMES
        assert person.address.startswith("Jalan Sintetis")
        if person.phone:
            assert person.phone.startswith("0800")


def test_synthetic_nik_date_is_impossible() -> None:
    nik = synthetic_nik(regency4="6402", female=True, person_index=12345)
    assert nik[6:8] == "69" and nik[8:10] == "02" and is_synthetic_nik(nik)
    assert not is_synthetic_nik("6402015203900001")  # a possible date


def test_synthetic_niks_are_distinct_per_index_at_any_size() -> None:
    """The 1m preset numbers persons past 3 million: beyond one district's 749,925 NIKs the next district
    takes over, instead of the year and serial wrapping onto an earlier person's NIK."""
    block = synthetic.NIKS_PER_DISTRICT
    largest_1m_index = 1_000_000 * PERSON_SLOTS + PERSON_SLOTS
    indexes = [0, 1, 9998, 9999, 10_000, block - 1, block, block + 1, 2 * block + 7, largest_1m_index]
    indexes += [i + k * block for i in (5, 12_345) for k in range(5)]  # the pairs that used to collide
    niks = [synthetic_nik(regency4="6402", female=True, person_index=i) for i in indexes]
    assert len(set(niks)) == len(indexes)
    for nik in niks:
        assert nik.startswith("6402") and is_synthetic_nik(nik) and validate_nik(nik) == nik
    assert synthetic_nik(regency4="6402", female=True, person_index=block)[4:6] == "02"
    with pytest.raises(ValueError):
        synthetic_nik(regency4="6402", female=True, person_index=synthetic.NIK_CAPACITY)


def test_niks_stay_unique_per_unit_when_the_nik_space_is_small(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small preset with the NIK space shrunk to 4 per district (2 years x 2 serials): the persons spill
    over dozens of districts, and the unique NIK per unit (a database constraint) still holds."""
    monkeypatch.setattr(synthetic, "NON_LEAP_YY", [1, 2])
    monkeypatch.setattr(synthetic, "NIK_SERIALS", 2)
    monkeypatch.setattr(synthetic, "NIKS_PER_DISTRICT", 4)
    monkeypatch.setattr(synthetic, "NIK_CAPACITY", 99 * 4)
    run(cases=100, units=2)
    people = list(Person.objects.exclude(nik=None).select_related("unit"))
    per_unit = Counter((person.unit_id, person.nik) for person in people)
    assert per_unit and max(per_unit.values()) == 1
    assert len({person.nik[4:6] for person in people}) > 10  # many districts used
    for person in people:
        assert person.nik.startswith(person.unit.region_code.replace(".", ""))


def test_encrypted_fields_decrypt_and_blind_indexes_find_people(generated: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, nik FROM cases_person WHERE nik IS NOT NULL LIMIT 1")
        raw_name, raw_nik = cursor.fetchone()
    assert raw_name.startswith("v1:") and raw_nik.startswith("v1:")  # ciphertext at rest
    person = Person.objects.exclude(nik=None).first()
    assert person is not None
    assert Person.objects.filter(blind_lookup("nik_index", IndexKind.NIK, person.nik)).first() == person
    assert person.pk in name_token_owner_ids(PersonNameToken, name=person.name)
    assert person.pk in name_token_owner_ids(PersonNameToken, name=person.name, birth_year=person.birth_year)
    # Token rows carry their person's unit: the unit-scoped search (the product's) finds the person too.
    assert not PersonNameToken.objects.exclude(unit_id=F("owner__unit_id")).exists()
    assert person.pk in name_token_owner_ids(PersonNameToken, name=person.name, scope_id=person.unit_id)


def test_the_heads_search_finds_a_generated_victim(generated: dict) -> None:
    from sigap.accounts.models import User

    link = CasePerson.objects.filter(role=PersonRole.VICTIM, person__nik__isnull=False).select_related("person").first()
    assert link is not None
    head = User.objects.get(memberships__unit=link.person.unit, memberships__role="HEAD")
    assert link.person.pk in persons_matching(head, nik=link.person.nik)


def test_the_audit_chain_verifies(generated: dict) -> None:
    report = audit_chain_verify()
    assert not report.breaks
    assert report.events == AuditEvent.objects.count()
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "OK" in out.getvalue()
    head = AuditChainHead.objects.get(chain=f"unit-{Case.objects.first().unit_id}")
    assert head.last_seq == AuditEvent.objects.filter(chain=head.chain).count()


def test_audit_values_hold_no_personal_data(generated: dict) -> None:
    names = [p.name for p in Person.objects.all()]
    for event in AuditEvent.objects.filter(object_type="cases.person"):
        text = str(event.new_values) + str(event.old_values)
        assert "name" not in event.new_values and "nik" not in event.new_values
        assert not any(name in text for name in names)


def test_it_resumes_idempotently(db: None) -> None:
    config = RunConfig(cases=40, units=2, years=3, batch_size=10, now=timezone.now())
    staff = units_ensure(count=2, total_cases=40)
    # An interrupted run: only the first two batches committed.
    first, second, *_ = pending_batches(config, staff, units={s.unit.pk for s in staff}, done={})
    batch_write(staff=staff, config=config, indices=first)
    batch_write(staff=staff, config=config, indices=second)
    assert cases_done() == 20
    result = generate(config)
    assert result["already"] == 20 and result["written"] == 20
    assert Case.objects.count() == 40
    again = generate(config)
    assert again["written"] == 0 and Case.objects.count() == 40
    assert not audit_chain_verify().breaks


class _Rollback(Exception):
    pass


def test_the_same_seed_gives_the_same_cases_whatever_the_batches(db: None) -> None:
    now = timezone.now()

    def snapshot() -> list[tuple]:
        return list(
            Case.objects.order_by("number").values_list("number", "category", "state", "risk_level", "opened_at")
        )

    try:
        with transaction.atomic():
            generate(RunConfig(cases=20, units=2, years=3, batch_size=20, now=now))
            first = snapshot()
            raise _Rollback
    except _Rollback:
        pass
    assert Case.objects.count() == 0
    generate(RunConfig(cases=20, units=2, years=3, batch_size=7, now=now))
    assert len(first) == 20 and snapshot() == first
    generate(RunConfig(cases=20, units=2, years=3, batch_size=7, now=now, seed=1))
    assert snapshot() == first  # already complete: a new seed adds nothing


def test_the_command_runs_and_refuses_bad_input(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("generate_data", cases=15, units=2, years=2, no_progress=True, stdout=out)
    assert "15 synthetic cases" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("generate_data", cases=0, no_progress=True)
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("generate_data", cases=5, no_progress=True)


def test_each_case_comes_from_a_decided_complaint(generated: dict) -> None:
    from sigap.intake.models import Complaint

    assert Complaint.objects.count() == N
    case = Case.objects.order_by("opened_at").first()
    assert case is not None
    complaint = Complaint.objects.get(unit=case.unit, number=case.complaint_ref)
    assert complaint.case_id == case.pk and complaint.state == "KASUS_DIBUKA"
    assert complaint.received_at < case.opened_at
    assert complaint.account.startswith("Kronologi sintetis")
    assert SequenceCounter.objects.filter(series="complaint").exists()
    for counter in SequenceCounter.objects.filter(series="complaint"):
        assert Complaint.objects.filter(unit_id=counter.unit_id, year=counter.year).count() == counter.last_value


def test_each_case_has_its_incidents(generated: dict) -> None:
    from sigap.cases.models.incident import Incident

    assert Incident.objects.values("case").distinct().count() == N
    incident = Incident.objects.select_related("victim", "case").first()
    assert incident is not None
    assert incident.victim.role == PersonRole.VICTIM and incident.victim.case_id == incident.case_id
    assert incident.date_from < incident.case.opened_at.date() and incident.gbv_type and incident.violence_types
    assert incident.account == "Kronologi kejadian sintetis."


def test_incident_violence_type_rows_repeat_the_list(generated: dict) -> None:
    from bench.incidents import IncidentViolenceType
    from sigap.cases.models.incident import Incident

    if IncidentViolenceType is None:  # older incident model without per-type rows: nothing to compare
        assert not hasattr(__import__("sigap.cases.models.incident").cases.models_incident, "IncidentViolenceType")
        return
    for incident in Incident.objects.all()[:20]:
        codes = sorted(IncidentViolenceType.objects.filter(incident=incident).values_list("code", flat=True))
        assert codes == sorted(incident.violence_types)


def test_no_two_persons_of_a_unit_share_an_nik(generated: dict) -> None:
    # The database refuses it since issue #21 (person_unit_nik_unique): the generator must never try.
    niks = [(p.unit_id, p.nik) for p in Person.objects.exclude(nik_index=None)]
    assert niks and len(niks) == len(set(niks))
