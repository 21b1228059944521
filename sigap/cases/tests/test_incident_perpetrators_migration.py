"""The single perpetrator of existing incidents becomes a row of IncidentPerpetrator, and back (#21)."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.models.incident import Incident
from sigap.cases.models.people import PersonRole
from sigap.cases.services.incident import IncidentData, incident_record
from sigap.cases.services.people import PersonData, person_create
from sigap.cases.tests.casework_steps import victims
from sigap.cases.tests.factories import make_case, victim_data
from sigap.core.testing.migrations import migrate_to

BEFORE = [("cases", "0015_person_nik_unique_per_unit")]
AFTER = [("cases", "0016_incident_perpetrators")]


@pytest.fixture(autouse=True)
def _latest_schema_afterwards() -> Any:
    yield
    migrate_to(None)


@pytest.mark.django_db(transaction=True)
def test_the_perpetrator_survives_the_migration_both_ways(personas: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    case = make_case(personas, victim=victim_data())
    perpetrator = person_create(
        actor=personas["head"],
        case=case,
        data=PersonData(name="Budi Pelaku", sex="L", estimated_age=30),
        role=PersonRole.PERPETRATOR,
        relationship="TETANGGA",
    )
    data = IncidentData(
        victim=victims(case)[0],
        date_from=timezone.localdate() - dt.timedelta(days=3),
        place="RUMAH_TANGGA",
        account="Kronologi.",
        violence_types=["FISIK"],
        gbv_type="PHYSICAL_ASSAULT",
        perpetrators=[perpetrator],
    )
    with_one = incident_record(actor=personas["head"], case=case, data=data)
    without = incident_record(
        actor=personas["head"], case=case, data=IncidentData(**{**data.__dict__, "perpetrators": []})
    )
    old = migrate_to(BEFORE)
    old_incident = old.get_model("cases", "Incident")
    assert old_incident.objects.get(pk=with_one.pk).perpetrator_id == perpetrator.pk
    assert old_incident.objects.get(pk=without.pk).perpetrator_id is None
    new = migrate_to(AFTER)
    rows = new.get_model("cases", "IncidentPerpetrator").objects.values_list("incident_id", "perpetrator_id")
    assert list(rows) == [(with_one.pk, perpetrator.pk)]
    assert Incident.objects.count() == 2
