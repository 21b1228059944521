"""A child victim's school level is asked on the case page (it was never asked: the recap said "not recorded"),
recorded on the person's page, and then counted by the unit recap and the SIMFONI export (#12, walk 2)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from sigap.cases.models.people import Person
from sigap.cases.views.person_edit import _initial
from sigap.reports.periods import Period
from sigap.reports.recap import unit_recap
from sigap.reports.tests.factories import WITA, RecapData

pytestmark = pytest.mark.django_db


def _post_of(link: Any, case: Any, **changes: Any) -> dict[str, Any]:
    """The person form as the edit page fills it, with ``changes``."""
    post: dict[str, Any] = {}
    for name, value in {**_initial(link, case), **changes}.items():
        if value is None:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        post[name] = getattr(value, "code", value)
    return post


def _education(recap: Any) -> dict[str, int]:
    table = next(t for t in recap.tables if t.key == "education")
    return {row.code: row.count for row in table.rows if row.count}


def test_a_recorded_school_level_reaches_the_recap_and_the_simfoni_export(personas: Any, recap_data: RecapData) -> None:
    case, link = recap_data.cases["C"], recap_data.victims["C1"]  # the child with a SIMFONI consent
    Person.objects.filter(pk=link.person_id).update(education="")  # as carried from a complaint: never asked
    link.person.refresh_from_db()
    period = Period.year(recap_data.year, WITA)
    before = _education(unit_recap(unit=personas.kukar, period=period))
    page = personas.client("head").get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    edit = reverse("cases:case_person_edit", kwargs={"case_id": case.pk, "link_id": link.pk})
    assert "School level not recorded yet" in page and f"{edit}#id_education" in page

    response = personas.client("head").post(edit, _post_of(link, case, education="SLTP"))
    assert response.status_code == 302
    after = _education(unit_recap(unit=personas.kukar, period=period))
    assert after.get("SLTP", 0) == before.get("SLTP", 0) + 1 and after.get("", 0) == before.get("", 0) - 1
    page = personas.client("head").get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "School level not recorded yet" not in page

    export = personas.client("data_officer").get(
        reverse("reports:simfoni_export"),
        {"from_month": f"{recap_data.year}-01", "to_month": f"{recap_data.year}-12", "download": "1"},
    )
    text = b"".join(export.streaming_content).decode("utf-8")[1:]
    rows = [row for row in csv.DictReader(io.StringIO(text), delimiter=";") if row["Case number"] == case.number]
    assert "Junior secondary school" in {row["Education"] for row in rows}


def test_an_adult_victim_is_not_asked_and_an_expert_is_never_offered_the_link(
    personas: Any, recap_data: RecapData
) -> None:
    a = recap_data.cases["A"]
    page = personas.client("head").get(reverse("cases:case_detail", kwargs={"case_id": a.pk})).content.decode()
    assert "School level not recorded yet" not in page  # A's victim is an adult
    case = recap_data.cases["C"]
    Person.objects.filter(pk=recap_data.victims["C2"].person_id).update(education="")
    response = personas.client("expert").get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert "School level not recorded yet" not in response.content.decode()
