"""Incidents: derived age codes, the GBVIMS decision order, the service rules, encryption and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseState
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.closure import case_approve_closure, case_reopen, case_request_closure
from sigap.cases.services.incident import (
    IncidentData,
    age_group_for,
    age_on,
    age_status_for,
    incident_record,
    incident_update,
    suggest_gbv_type,
    years_between,
)
from sigap.cases.services.people import person_create
from sigap.cases.tests.casework_steps import victims
from sigap.cases.tests.factories import make_case, victim_data
from sigap.cases.timeline.case import case_timeline

ACCOUNT = "Canary account: the neighbour came at night."


def _data(victim: CasePerson, **overrides: Any) -> IncidentData:
    values: dict[str, Any] = {
        "victim": victim,
        "date_from": timezone.localdate() - dt.timedelta(days=10),
        "place": "RUMAH_TANGGA",
        "account": ACCOUNT,
        "violence_types": ["FISIK", "PSIKIS"],
        "gbv_type": "PHYSICAL_ASSAULT",
    }
    values.update(overrides)
    return IncidentData(**values)


# --- pure functions -----------------------------------------------------------------------------------


def test_years_between_counts_the_birthday_itself() -> None:
    born = dt.date(2008, 5, 17)
    assert years_between(born, dt.date(2026, 5, 16)) == 17
    assert years_between(born, dt.date(2026, 5, 17)) == 18  # the 18th birthday: adult that day
    assert years_between(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert years_between(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


def test_age_group_and_status_at_the_edges() -> None:
    expected = {
        0: "0_5",
        5: "0_5",
        6: "6_12",
        12: "6_12",
        13: "13_17",
        17: "13_17",
        18: "18_24",
        24: "18_24",
        25: "25_44",
        44: "25_44",
        45: "45_59",
        59: "45_59",
        60: "60_PLUS",
        99: "60_PLUS",
    }
    for age, code in expected.items():
        assert age_group_for(age) == code, age
    assert age_status_for(17) == "ANAK" and age_status_for(18) == "DEWASA"
    assert age_group_for(None) == "" and age_status_for(None) == ""


def test_age_on_uses_the_birth_date_else_the_birth_year() -> None:
    exact = Person(birth_date=dt.date(2008, 5, 17), birth_year=2008)
    assert age_on(exact, dt.date(2026, 5, 17)) == 18
    assert age_on(exact, dt.date(2026, 5, 16)) == 17
    estimated = Person(birth_year=2010, age_estimated=True)
    assert age_on(estimated, dt.date(2026, 1, 1)) == 16
    assert age_on(Person(), dt.date(2026, 1, 1)) is None
    assert age_on(exact, dt.date(2000, 1, 1)) is None  # before the birth


@pytest.mark.parametrize(
    ("types", "forms", "expected"),
    [
        (["SEKSUAL", "FISIK"], ["PERKOSAAN", "PERBUATAN_CABUL"], "RAPE"),
        (["SEKSUAL", "FISIK", "PSIKIS"], ["PERBUATAN_CABUL"], "SEXUAL_ASSAULT"),
        (["SEKSUAL"], [], "SEXUAL_ASSAULT"),
        (["FISIK", "PSIKIS", "PENELANTARAN"], [], "PHYSICAL_ASSAULT"),
        (["PSIKIS"], ["PEMAKSAAN_PERKAWINAN"], "FORCED_MARRIAGE"),
        (["PENELANTARAN", "PSIKIS"], [], "DENIAL_OF_RESOURCES"),
        (["EKSPLOITASI"], [], "DENIAL_OF_RESOURCES"),
        (["PSIKIS"], [], "PSYCHOLOGICAL_ABUSE"),
        (["SEKSUAL"], ["KSBE"], "PSYCHOLOGICAL_ABUSE"),  # electronic, no contact
        (["SEKSUAL"], ["PEMAKSAAN_STERILISASI"], "PHYSICAL_ASSAULT"),
        (["TRAFFICKING"], [], ""),  # a context, not a type: the user chooses
        ([], [], ""),
    ],
)
def test_gbv_suggestion_follows_the_decision_order(types: list[str], forms: list[str], expected: str) -> None:
    assert suggest_gbv_type(types, forms) == expected


# --- the service -------------------------------------------------------------------------------------


def test_it_records_an_incident_with_derived_age_codes(personas: Any) -> None:
    born = dt.date(2007, 6, 15)
    case = make_case(personas, victim=victim_data(birth_date=born, estimated_age=None, nik="", phone=""))
    victim = victims(case)[0]
    manager = personas["case_manager"]
    on_birthday = incident_record(actor=manager, case=case, data=_data(victim, date_from=dt.date(2025, 6, 15)))
    assert on_birthday.age_group == "18_24" and on_birthday.age_status == "DEWASA"
    day_before = incident_record(actor=manager, case=case, data=_data(victim, date_from=dt.date(2025, 6, 14)))
    assert day_before.age_group == "13_17" and day_before.age_status == "ANAK"
    events = [e for e in AuditEvent.objects.filter(object_id=str(case.pk)) if "incidents" in e.changed_fields]
    assert len(events) == 2 and ACCOUNT not in str([e.new_values for e in events])


def test_it_takes_the_relationship_from_the_perpetrator(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    perpetrator = person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name="Budi Pelaku", nik="", phone="", sex="L"),
        role=PersonRole.PERPETRATOR,
        relationship="SUAMI_ISTRI",
    )
    incident = incident_record(
        actor=personas["head"], case=case, data=_data(victims(case)[0], perpetrators=[perpetrator], is_kdrt=True)
    )
    assert incident.relationship == "SUAMI_ISTRI" and incident.is_kdrt


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_from": dt.date(2999, 1, 1)}, "The incident date cannot be in the future."),
        ({"place": "MOON"}, "Choose the place from the list."),
        ({"violence_types": []}, "Choose at least one type of violence."),
        ({"violence_types": ["FISIK", "BAD"]}, "Choose the types of violence from the list."),
        ({"tpks_forms": ["PASAL_4_1"]}, "Choose the TPKS forms from the list."),  # a group header
        ({"gbv_type": ""}, "Confirm the GBVIMS core type."),
        ({"account": "   "}, "Write what happened."),
        ({"relationship": "ALIEN"}, "Choose the relationship to the victim from the list."),
    ],
)
def test_it_refuses_bad_values(personas: Any, overrides: dict[str, Any], message: str) -> None:
    case = make_case(personas, victim=victim_data())
    with pytest.raises(TransitionRefused) as refused:
        incident_record(actor=personas["case_manager"], case=case, data=_data(victims(case)[0], **overrides))
    assert refused.value.messages == [message]
    assert not Incident.objects.exists()


def test_it_refuses_a_period_ending_before_it_starts_and_a_victim_of_another_case(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    other = make_case(personas, victim=victim_data(nik="", phone=""))
    start = timezone.localdate() - dt.timedelta(days=5)
    with pytest.raises(TransitionRefused):
        incident_record(
            actor=personas["head"],
            case=case,
            data=_data(victims(case)[0], date_from=start, date_to=start - dt.timedelta(days=1)),
        )
    with pytest.raises(TransitionRefused):
        incident_record(actor=personas["head"], case=case, data=_data(victims(other)[0]))


def test_only_the_head_and_the_case_manager_record_incidents(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    for name in ("expert", "intake", "other_head"):
        with pytest.raises(TransitionRefused):
            incident_record(actor=personas[name], case=case, data=_data(victims(case)[0]))


def test_a_reopened_case_gets_a_new_incident_for_the_same_victim(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    victim = victims(case)[0]
    first = incident_record(actor=personas["head"], case=case, data=_data(victim))
    case = case_request_closure(actor=personas["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    case = case_approve_closure(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused):
        incident_record(actor=personas["head"], case=case, data=_data(victim))  # closed: reopen first
    case = case_reopen(actor=personas["head"], case=case, reason="NEW_INCIDENT", note="A new incident.")
    assert case.state == CaseState.ASESMEN
    second = incident_record(actor=personas["head"], case=case, data=_data(victim, date_from=timezone.localdate()))
    assert first.pk != second.pk and first.victim.person_id == second.victim.person_id
    assert Incident.objects.filter(case=case).count() == 2
    texts = [entry.text for entry in case_timeline(case)]
    assert texts.count("Incident recorded.") == 2


def test_update_recomputes_and_audits(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    incident = incident_record(actor=personas["head"], case=case, data=_data(victims(case)[0]))
    changed = incident_update(
        actor=personas["case_manager"],
        incident=incident,
        data=_data(victims(case)[0], violence_types=["SEKSUAL"], tpks_forms=["PERKOSAAN"], gbv_type="RAPE"),
    )
    assert changed.tpks_forms == ["PERKOSAAN"] and changed.has_tpks
    assert "Incident changed." in [entry.text for entry in case_timeline(case)]


def test_the_account_is_not_stored_in_plaintext(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    incident = incident_record(actor=personas["head"], case=case, data=_data(victims(case)[0]))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT account FROM {Incident._meta.db_table} WHERE id = %s", [incident.pk.hex])  # noqa: S608
        row = cursor.fetchone()
    assert row is not None and "Canary" not in row[0] and row[0].startswith("v1:")
    assert Incident.objects.get(pk=incident.pk).account == ACCOUNT


# --- pages ---------------------------------------------------------------------------------------------


def _url(name: str, case: Any, **kwargs: Any) -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk, **kwargs})


def test_incident_pages(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    victim = victims(case)[0]
    manager = personas.client("case_manager")
    page = manager.get(_url("incident_create", case))
    assert page.status_code == 200 and "sigap/casework.js" in page.content.decode()
    bad = manager.post(_url("incident_create", case), {"victim": victim.pk, "place": "RUMAH_TANGGA"})
    assert bad.status_code == 200 and bad.context["form"].errors
    response = manager.post(
        _url("incident_create", case),
        {
            "victim": victim.pk,
            "date_from": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
            "place": "SEKOLAH",
            "account": ACCOUNT,
            "violence_types": ["SEKSUAL"],
            "tpks_forms": ["PERBUATAN_CABUL"],
            "gbv_type": "SEXUAL_ASSAULT",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("incident_detail", case, incident_id=incident.pk)
    detail = personas.client("expert").get(response["Location"])
    assert detail.status_code == 200 and ACCOUNT in detail.content.decode()
    assert AuditEvent.objects.filter(action="VIEW", object_id=str(case.pk), actor=personas["expert"]).exists()
    assert personas.client("expert").get(_url("incident_edit", case, incident_id=incident.pk)).status_code == 403
    assert personas.client("other_head").get(response["Location"]).status_code == 404
    case_page = manager.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "TPKS" in case_page and _url("incident_detail", case, incident_id=incident.pk) in case_page
    edit = manager.get(_url("incident_edit", case, incident_id=incident.pk))
    assert edit.status_code == 200 and edit.context["form"].initial["place"] == "SEKOLAH"


def test_no_incident_form_input_gives_a_500(personas: Any) -> None:
    from sigap.cases.tests.casework_fuzz import fuzz_post, url

    case = make_case(personas, victim=victim_data())
    victim = victims(case)[0]
    incident = incident_record(actor=personas["head"], case=case, data=_data(victim))
    fields = [
        "victim",
        "date_from",
        "date_to",
        "place",
        "village",
        "account",
        "violence_types",
        "tpks_forms",
        "is_kdrt",
        "gbv_type",
        "perpetrators",
        "relationship",
    ]
    clients = [personas.client("head"), personas.client("case_manager")]
    fuzz_post(url("incident_create", case_id=case.pk), fields, clients)
    fuzz_post(url("incident_edit", case_id=case.pk, incident_id=incident.pk), fields, clients)


def test_a_tpks_sexual_form_refuses_a_contradicting_core_type(personas: Any) -> None:
    """Walk of #12: "physical" then "sexual" ticked with sexual abuse of a child saved as physical assault."""
    case = make_case(personas, victim=victim_data())
    victim = victims(case)[0]
    child_abuse = ["KS_TERHADAP_ANAK"]
    data = _data(victim, violence_types=["FISIK", "SEKSUAL"], tpks_forms=child_abuse, gbv_type="PHYSICAL_ASSAULT")
    with pytest.raises(TransitionRefused) as refused:
        incident_record(actor=personas["case_manager"], case=case, data=data)
    assert "Sexual assault" in refused.value.messages[0] and "Physical assault" in refused.value.messages[0]
    assert not Incident.objects.exists()
    # The form says so on the page and keeps what was typed; the suggested type is stored.
    manager = personas.client("case_manager")
    post = {
        "victim": victim.pk,
        "date_from": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "place": "SEKOLAH",
        "account": ACCOUNT,
        "violence_types": ["FISIK", "SEKSUAL"],
        "tpks_forms": child_abuse,
        "gbv_type": "PHYSICAL_ASSAULT",
    }
    page = manager.post(_url("incident_create", case), post)
    assert page.status_code == 200 and "gbv_type" in page.context["form"].errors
    assert ACCOUNT in page.content.decode() and not Incident.objects.exists()
    assert manager.post(_url("incident_create", case), {**post, "gbv_type": "SEXUAL_ASSAULT"}).status_code == 302
    assert Incident.objects.get().gbv_type == "SEXUAL_ASSAULT"


def test_a_core_type_without_a_tpks_sexual_form_is_the_users_call(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    # The non-contact form suggests psychological abuse; the user may still record physical assault.
    data = _data(victims(case)[0], violence_types=["FISIK"], tpks_forms=["KSBE"], gbv_type="PHYSICAL_ASSAULT")
    assert incident_record(actor=personas["case_manager"], case=case, data=data).gbv_type == "PHYSICAL_ASSAULT"
