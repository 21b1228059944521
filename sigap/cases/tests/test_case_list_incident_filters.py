"""Case list filters by type of violence and district (kecamatan), through the normalised incident rows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.cases.models import Case
from sigap.cases.models.incident import IncidentViolenceType
from sigap.cases.services.incident import IncidentData, incident_update
from sigap.cases.tests.factories import incident, make_case, regions, victim_data

URL = reverse("cases:case_list")


def _numbers(response: Any) -> set[str]:
    assert response.status_code == 200
    return {case.number for case in response.context["rows"]}


def test_the_incident_services_keep_the_violence_type_rows_in_step(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    recorded = incident(personas, case, types=["PSIKIS", "FISIK"])
    rows = IncidentViolenceType.objects.filter(incident=recorded)
    assert sorted(rows.values_list("code", flat=True)) == ["FISIK", "PSIKIS"]
    incident_update(
        actor=personas["head"],
        incident=recorded,
        data=IncidentData(
            victim=recorded.victim,
            date_from=recorded.date_from,
            place=recorded.place,
            account="Fictional account.",
            violence_types=["SEKSUAL", "PSIKIS"],
            gbv_type="SEXUAL_ASSAULT",
        ),
    )
    assert sorted(rows.values_list("code", flat=True)) == ["PSIKIS", "SEKSUAL"]


def test_it_filters_by_type_of_violence(personas: Any) -> None:
    physical = make_case(personas, victim=victim_data(nik="", phone=""))
    incident(personas, physical, types=["FISIK", "PSIKIS"])
    sexual = make_case(personas, victim=victim_data(nik="", phone=""))
    incident(personas, sexual, types=["SEKSUAL"])
    make_case(personas)  # no incident yet
    client = personas.client("head")
    assert _numbers(client.get(URL, {"violence_type": "FISIK"})) == {physical.number}
    assert _numbers(client.get(URL, {"violence_type": "PSIKIS"})) == {physical.number}
    assert _numbers(client.get(URL, {"violence_type": "SEKSUAL"})) == {sexual.number}
    assert _numbers(client.get(URL, {"violence_type": "PENELANTARAN"})) == set()
    # An unknown code is a form error: the filter is ignored, never a 500.
    bad = client.get(URL, {"violence_type": "<x>"})
    assert _numbers(bad) == {c.number for c in Case.objects.all()} and bad.context["filter_form"].errors


def test_it_filters_by_the_district_of_the_incident_village(personas: Any) -> None:
    villages = regions()
    here = make_case(personas, victim=victim_data(nik="", phone=""))
    incident(personas, here, types=["FISIK"], village=villages["64.02.01"])
    there = make_case(personas, victim=victim_data(nik="", phone=""))
    incident(personas, there, types=["FISIK"], village=villages["64.02.02"])
    client = personas.client("head")
    response = client.get(URL)
    offered = [value for value, _label in response.context["filter_form"].fields["district"].choices]
    assert offered == ["", "64.02.02", "64.02.01"]  # the unit's regency only, by name
    assert _numbers(client.get(URL, {"district": "64.02.01"})) == {here.number}
    assert _numbers(client.get(URL, {"district": "64.02.02", "violence_type": "FISIK"})) == {there.number}
    # Another regency's district is not offered, so it is refused as a value (and ignored).
    other = client.get(URL, {"district": "64.72.01"})
    assert other.context["filter_form"].errors and _numbers(other) == {here.number, there.number}


def test_locked_restricted_cases_are_not_revealed_by_these_filters(personas: Any) -> None:
    villages = regions()
    hidden = make_case(personas, restricted=True, victim=victim_data(nik="", phone=""))
    incident(personas, hidden, types=["SEKSUAL"], village=villages["64.02.01"])
    # The HEAD is not on its team: a locked row, listed without filters only.
    client = personas.client("head")
    assert hidden.number in _numbers(client.get(URL))
    assert _numbers(client.get(URL, {"violence_type": "SEKSUAL"})) == set()
    assert _numbers(client.get(URL, {"district": "64.02.01"})) == set()
