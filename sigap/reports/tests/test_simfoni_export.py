"""The SIMFONI export: consent filter, left-out counts, de-identified rows, audit EXPORT, streamed file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from sigap.audit.models import AuditAction, AuditEvent
from sigap.cases.models import Case
from sigap.cases.models.consent import Consent, ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.services.consent import ConsentData, consent_record
from sigap.reports.tests.factories import CANARIES, RecapData

URL = reverse("reports:simfoni_export")


def _year(data: RecapData) -> dict[str, str]:
    return {"from_month": f"{data.year}-01", "to_month": f"{data.year}-12"}


def _rows(response: Any) -> list[dict[str, str]]:
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_the_form_page_counts_exported_and_left_out_victims(personas: Any, recap_data: RecapData) -> None:
    response = personas.client("data_officer").get(URL, _year(recap_data))
    assert response.status_code == 200
    counts = response.context["counts"]
    # A1 and C1 have a SIMFONI consent in force; C2 has none, D1 withdrew it; G1 is in a restricted case.
    assert (counts.exported, counts.left_out, counts.restricted) == (2, 2, 1)
    content = response.content.decode()
    assert "2 victims are left out" in content
    assert "Restricted cases are never in this file" in content
    # Not even how many restricted victims there are: a count of one can point at a colleague's relative.
    assert response.context["restricted_count"] == 0 and 'id="simfoni-restricted"' not in content
    # The data officer sees the count only, never which cases.
    assert response.context["left_out_numbers"] == []
    for case in recap_data.cases.values():
        assert case.number not in content


def test_the_head_sees_the_case_numbers_to_follow_up(personas: Any, recap_data: RecapData) -> None:
    response = personas.client("head").get(URL, _year(recap_data))
    expected = sorted(recap_data.cases[key].number for key in ("C", "D"))
    assert response.context["left_out_numbers"] == expected
    assert all(number in response.content.decode() for number in expected)
    # The restricted case G is counted for the HEAD, never named.
    assert response.context["restricted_count"] == 1
    content = response.content.decode()
    assert "1 victim of a restricted case is not in the file" in content
    assert recap_data.cases["G"].number not in content


def test_a_restricted_case_is_never_exported_even_with_a_valid_consent(personas: Any, recap_data: RecapData) -> None:
    g, g1 = recap_data.cases["G"], recap_data.victims["G1"]
    Consent.objects.filter(victim=g1).delete()
    consent_record(
        actor=personas["head"],
        case=g,
        data=ConsentData(
            victim=g1,
            scope=ConsentScope.SIMFONI,
            given_by=ConsentGiver.VICTIM,
            method=ConsentMethod.WRITTEN,
            given_on=dt.date(recap_data.year, 9, 9),
        ),
    )
    for persona in ("head", "data_officer"):
        client = personas.client(persona)
        assert client.get(URL, _year(recap_data)).context["counts"].exported == 2
        rows = _rows(client.get(URL, {**_year(recap_data), "download": "1"}))
        assert g.number not in {row["Case number"] for row in rows}
        assert len(rows) == 2
    # Unrestricted, the same consent puts it in the file: the test can fail.
    Case.objects.filter(pk=g.pk).update(restricted=False)
    rows = _rows(personas.client("data_officer").get(URL, {**_year(recap_data), "download": "1"}))
    assert g.number in {row["Case number"] for row in rows}


def test_the_download_holds_only_consented_victims_with_the_minimum_payload(
    personas: Any, recap_data: RecapData
) -> None:
    response = personas.client("data_officer").get(URL, {**_year(recap_data), "download": "1"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"simfoni-PPA-KKR-{recap_data.year}-01_{recap_data.year}-12.csv" in response["Content-Disposition"]
    rows = _rows(response)
    by_case = {row["Case number"]: row for row in rows}
    a, c = recap_data.cases["A"], recap_data.cases["C"]
    assert set(by_case) == {a.number, c.number}
    y = recap_data.year
    assert by_case[a.number] == {
        "Case number": a.number,
        "Reporting date": f"10/03/{y}",
        "Complaint channel": "",
        "Sex of the victim": "Female",
        "Age group of the victim": "25–44 years",
        "Education": "Senior secondary school",
        "Occupation": "Homemaker",
        "Disability": "Physical disability",
        "Nationality": "Indonesian citizen",
        "District code": "64.02.01",
        "Kecamatan (district)": "Tenggarong",
        "Incident date": f"01/03/{y}",
        "Place of the incident": "Household",
        "Forms of violence": "Physical, Psychological",
        "KDRT": "Yes",
        "Sex of the perpetrator(s)": "Male",
        "Age group of the perpetrator(s)": "25–44 years",
        "Relationship to the victim": "Husband / wife",
        "Services given": "",  # planned (legal aid, health care), none held: services given come from what was held
        "Stage": "Closed",
        "Reason for closing": "Goals of the intervention plan met",
    }
    child = by_case[c.number]
    # Reported on the day the complaint was received (30 December), not the day the case was opened.
    assert child["Reporting date"] == f"30/12/{y}" and child["Complaint channel"] == "Phone"
    assert child["Sex of the victim"] == "Male" and child["Age group of the victim"] == "6–12 years"
    assert child["Kecamatan (district)"] == "Loa Kulu" and child["KDRT"] == "No"
    assert (
        child["Relationship to the victim"] == "Teacher" and child["Age group of the perpetrator(s)"] == "45–59 years"
    )
    assert child["Services given"] == ""


def test_the_file_names_no_one(personas: Any, recap_data: RecapData) -> None:
    """Canary values in every identifying field of the victims, perpetrators and guardians: 0 hits."""
    response = personas.client("head").get(URL, {**_year(recap_data), "download": "1"})
    text = b"".join(response.streaming_content).decode("utf-8")
    for canary in [*CANARIES, "Fictional"]:
        assert canary not in text
    birth_years = {str(link.person.birth_year) for link in recap_data.victims.values()}
    assert not any(year in text.replace(str(recap_data.year), "") for year in birth_years if year != "None")


def test_each_download_writes_one_export_event_with_the_period_and_rows(personas: Any, recap_data: RecapData) -> None:
    client = personas.client("data_officer")
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    client.get(URL, _year(recap_data))  # the form page is not an export
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before
    response = client.get(URL, {**_year(recap_data), "download": "1"})
    # Recorded before the first byte is sent.
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1
    b"".join(response.streaming_content)
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("-seq").first()
    assert event is not None and event.object_type == "reports.simfoni"
    assert event.new_values == {"from": f"{recap_data.year}-01", "to": f"{recap_data.year}-12", "rows": 2}
    assert event.actor == personas["data_officer"] and event.unit == personas.kukar


def test_other_units_and_periods_are_not_in_the_file(personas: Any, recap_data: RecapData) -> None:
    y = recap_data.year
    other = _rows(personas.client("other_head").get(URL, {**_year(recap_data), "download": "1"}))
    assert other == []  # Samarinda's case E has no SIMFONI consent
    march = _rows(personas.client("head").get(URL, {"from_month": f"{y}-03", "download": "1"}))
    assert [row["Case number"] for row in march] == [recap_data.cases["A"].number]


def test_bad_months_give_a_message(personas: Any) -> None:
    client = personas.client("head")
    for query in (
        {"from_month": "2026-13"},
        {"from_month": "March"},
        {"from_month": "1999-12"},
        {"from_month": "9999-01"},
        {"from_month": "2024-05", "to_month": "2024-01"},
        {"from_month": ""},
        {"from_month": "2024-01", "download": "1", "to_month": "x"},
    ):
        response = client.get(URL, query)
        assert response.status_code == 200, query
        assert response.context["form"].errors, query
        assert not response.streaming


def test_a_long_follow_up_list_is_cut_and_says_so(
    personas: Any, recap_data: RecapData, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sigap.reports.views.MAX_LEFT_OUT_NUMBERS", 1)
    response = personas.client("head").get(URL, _year(recap_data))
    assert len(response.context["left_out_numbers"]) == 1 and response.context["left_out_more"]
    assert "(first cases only)" in response.content.decode()


def test_services_given_come_from_what_was_held_never_the_plan(personas: Any, recap_data: RecapData) -> None:
    """Case A planned legal aid and health care: only a held session, a mediation session and a police report
    count, each by its SIMFONI code (issue #12); a session planned but not held does not."""
    from django.utils import timezone

    from sigap.assistance.models.legal import LegalTrack
    from sigap.assistance.models.mediation import Mediation, MediationSession
    from sigap.assistance.models.session import AccompanimentSession, SessionStatus
    from sigap.cases.models.people import CasePerson, PersonRole

    a, head = recap_data.cases["A"], personas["head"]
    now = timezone.now()
    hour = dt.timedelta(hours=1)

    def session(kind: str, code: str, status: str) -> None:
        held = status == SessionStatus.HELD
        AccompanimentSession.objects.create(
            unit=a.unit, case=a, kind=kind, service_code=code, status=status, planned_start=now - hour,
            planned_end=now, actual_start=(now - hour) if held else None, actual_end=now if held else None,
            place="UNIT_OFFICE", created_at=now, created_by=head,
        )  # fmt: skip

    def row() -> str:
        rows = _rows(personas.client("data_officer").get(URL, {**_year(recap_data), "download": "1"}))
        return next(r for r in rows if r["Case number"] == a.number)["Services given"]

    session("LEGAL_OPINION", "BANTUAN_HUKUM", SessionStatus.PLANNED)
    session("AT_HOSPITAL", "KESEHATAN", SessionStatus.CANCELLED)
    assert row() == ""
    session("COUNSELLING", "PSIKOLOGIS", SessionStatus.HELD)
    session("PSYCHOTHERAPY", "PSIKOLOGIS", SessionStatus.HELD)
    assert row() == "Psychological services"
    mediation = Mediation.objects.create(
        unit=a.unit, case=a, matter="CUSTODY", free_decision_note="x", free_decision_by=head, free_decision_at=now,
        mediator=head, mediator_trained_by=head, mediator_trained_at=now, created_at=now, created_by=head,
    )  # fmt: skip
    assert row() == "Psychological services"  # opened, no session with the parties yet
    MediationSession.objects.create(mediation=mediation, held_at=now, present="x", created_at=now, created_by=head)
    perpetrator = CasePerson.objects.filter(case=a, role=PersonRole.PERPETRATOR).first()
    assert perpetrator is not None
    LegalTrack.objects.create(
        unit=a.unit, case=a, perpetrator=perpetrator, victim_reported_at=now, police_report_date=now.date(),
        created_at=now, created_by=head, updated_at=now, stage="POLICE_REPORT",
    )  # fmt: skip
    assert row() == "Mediation, Law enforcement, Psychological services"  # sorted by code


def test_a_shelter_stay_is_a_service_given_of_its_case_only(personas: Any, recap_data: RecapData) -> None:
    """A victim admitted to a temporary shelter: PENAMPUNGAN_SEMENTARA on her case's row (issue #12), once
    whatever the children admitted with her; another case's row is unchanged."""
    from django.utils import timezone

    from sigap.assistance.models.shelter import ShelterStay
    from sigap.assistance.tests.shelter_steps import shelter
    from sigap.cases.models.people import CasePerson, PersonRole

    a, head = recap_data.cases["A"], personas["head"]

    def services() -> dict[str, str]:
        rows = _rows(personas.client("data_officer").get(URL, {**_year(recap_data), "download": "1"}))
        return {r["Case number"]: r["Services given"] for r in rows}

    before = services()
    assert "Temporary shelter" not in before[a.number]
    beds = shelter(personas)
    victim = CasePerson.objects.filter(case=a, role=PersonRole.VICTIM).first()
    assert victim is not None
    now = timezone.now()
    stay = ShelterStay.objects.create(
        unit=a.unit, case=a, person=victim, bed=beds.family[0], admitted_at=now, planned_until=now.date(),
        criteria=["LIFE_THREATENED"], criteria_reason="x", created_by=head,
    )  # fmt: skip
    after = services()
    assert after[a.number] == "Temporary shelter"
    assert {n: s for n, s in after.items() if n != a.number} == {n: s for n, s in before.items() if n != a.number}
    other = CasePerson.objects.filter(case=a).exclude(pk=victim.pk).first()
    if other is not None:  # a second person with her: still one service
        ShelterStay.objects.create(
            unit=a.unit, case=a, person=other, principal=stay, bed=beds.family[1], admitted_at=now,
            planned_until=now.date(), created_by=head,
        )  # fmt: skip
        assert services()[a.number] == "Temporary shelter"
