"""An incident names several alleged perpetrators (group violence, common in TPKS cases; issue #21)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.incident import IncidentData, incident_record, incident_update
from sigap.cases.services.people import PersonData, person_create
from sigap.cases.tests.casework_steps import victims
from sigap.cases.tests.factories import make_case, victim_data


def _perpetrator(personas: Any, case: Any, name: str, relationship: str) -> CasePerson:
    return person_create(
        actor=personas["head"],
        case=case,
        data=PersonData(name=name, sex="L", estimated_age=25),
        role=PersonRole.PERPETRATOR,
        relationship=relationship,
    )


def _data(victim: CasePerson, **overrides: Any) -> IncidentData:
    values: dict[str, Any] = {
        "victim": victim,
        "date_from": timezone.localdate() - dt.timedelta(days=3),
        "place": "RUMAH_TANGGA",
        "account": "Kronologi.",
        "violence_types": ["SEKSUAL"],
        "gbv_type": "RAPE",
    }
    values.update(overrides)
    return IncidentData(**values)


def test_the_service_records_and_corrects_several_perpetrators(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    first = _perpetrator(personas, case, "Budi Pelaku", "TETANGGA")
    second = _perpetrator(personas, case, "Joko Pelaku", "PACAR_TEMAN")
    victim = victims(case)[0]
    incident = incident_record(actor=personas["head"], case=case, data=_data(victim, perpetrators=[first, second]))
    assert set(incident.perpetrators.all()) == {first, second}
    assert incident.relationship == "TETANGGA"  # the first one's, when none is typed
    incident_update(actor=personas["head"], incident=incident, data=_data(victim, perpetrators=[second]))
    assert list(Incident.objects.get(pk=incident.pk).perpetrators.all()) == [second]


def test_a_perpetrator_of_another_case_is_refused(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    other = make_case(personas)
    stranger = _perpetrator(personas, other, "Orang Lain", "PACAR_TEMAN")
    with pytest.raises(TransitionRefused):
        incident_record(actor=personas["head"], case=case, data=_data(victims(case)[0], perpetrators=[stranger]))


def test_the_form_takes_two_perpetrators_and_the_page_names_both(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    first = _perpetrator(personas, case, "Budi Pelaku", "TETANGGA")
    second = _perpetrator(personas, case, "Joko Pelaku", "PACAR_TEMAN")
    victim = victims(case)[0]
    client = personas.client("case_manager")
    response = client.post(
        reverse("cases:incident_create", kwargs={"case_id": case.pk}),
        {
            "victim": str(victim.pk),
            "date_from": (timezone.localdate() - dt.timedelta(days=3)).strftime("%d/%m/%Y"),
            "place": "RUMAH_TANGGA",
            "account": "Kronologi.",
            "violence_types": ["SEKSUAL"],
            "gbv_type": "RAPE",
            "perpetrators": [str(first.pk), str(second.pk)],
        },
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    incident = Incident.objects.get()
    assert set(incident.perpetrators.all()) == {first, second}
    page = client.get(response["Location"]).content.decode()
    assert "Budi Pelaku" in page and "Joko Pelaku" in page
    edit = client.get(reverse("cases:incident_edit", kwargs={"case_id": case.pk, "incident_id": incident.pk}))
    assert set(edit.context["form"].initial["perpetrators"]) == {first.pk, second.pk}


def test_a_perpetrator_id_past_the_integer_range_is_an_invalid_choice_not_a_500(personas: Any) -> None:
    """Found by the incident form's hypothesis test on SQLite (OverflowError on 2**63)."""
    from sigap.cases.forms.casework import PersonsChoiceField

    field = PersonsChoiceField(queryset=CasePerson.objects.all(), required=False)
    for bad in (["9223372036854775808"], ["-1"], ["abc"]):
        with pytest.raises(ValidationError):
            field.clean(bad)
