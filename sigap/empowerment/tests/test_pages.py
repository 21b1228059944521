"""The empowerment pages: who reads the finances, the forms save through the services, the follow-ups due list
(query count pinned), the HEAD's settings, the timeline lines and the case page's link."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from sigap.cases.tests.factories import make_case, victim_data
from sigap.empowerment.models import EmpowermentSettings, HouseholdNeeds, Programme
from sigap.empowerment.services.needs import NeedsData, household_needs_save
from sigap.empowerment.services.schedule import schedule_open

SECRET_INCOME = "Rp 1.750.000"


def _case_with_needs(personas: Any) -> Any:
    case = make_case(personas, victim=victim_data())
    household_needs_save(
        actor=personas["case_manager"],
        case=case,
        data=NeedsData(income_amount=SECRET_INCOME, skills="Sewing", documents_missing=["KK"]),
    )
    return case


def test_finances_are_for_the_manager_and_head_not_the_expert(personas: Any) -> None:
    case = _case_with_needs(personas)
    url = reverse("empowerment:case_empowerment", args=[case.pk])
    for name in ("head", "case_manager"):
        body = personas.client(name).get(url).content.decode()
        assert SECRET_INCOME in body and "Sewing" in body
    body = personas.client("expert").get(url).content.decode()
    assert "Sewing" in body and SECRET_INCOME not in body
    assert "The unit&#x27;s definition of independent" in body or "definition of independent" in body


def test_needs_form_prefills_and_saves(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    client = personas.client("case_manager")
    url = reverse("empowerment:needs_edit", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"income_amount": "± Rp 500.000", "documents_missing": ["KTP", "AKTA"]})
    assert response.status_code == 302
    needs = HouseholdNeeds.objects.get(case=case)
    assert needs.documents_missing == ["AKTA", "KTP"] and needs.income_amount == "± Rp 500.000"
    # A posted value outside the list is a form error, nothing saved.
    assert client.post(url, {"documents_missing": ["PASSPORT"]}).status_code == 200


def test_programme_add_and_cancel_needs_a_reason(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    client = personas.client("case_manager")
    response = client.post(reverse("empowerment:programme_create", args=[case.pk]), {"kind": "CAPITAL"})
    assert response.status_code == 302
    programme = Programme.objects.get(case=case)
    edit = reverse("empowerment:programme_edit", args=[programme.pk])
    assert client.post(edit, {"status": "CANCELLED", "cancel_reason": ""}).status_code == 200
    assert client.post(edit, {"status": "CANCELLED", "cancel_reason": "She found work."}).status_code == 302
    programme.refresh_from_db()
    assert programme.status == "CANCELLED"
    timeline = personas.client("head").get(reverse("cases:case_timeline", args=[case.pk])).content.decode()
    assert "Empowerment programme: Business capital" in timeline


def test_follow_up_page_records_through_the_form(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    follow_up = schedule_open(actor=personas["head"], case=case)[0]
    client = personas.client("case_manager")
    url = reverse("empowerment:follow_up_record", args=[follow_up.pk])
    data = {
        "mode": "OFFICE",
        "held_on": timezone.localdate().isoformat(),
        "reached": "yes",
        "wellbeing": "FAIR",
        "goals_progress": "ON_TRACK",
        "income_band": "UNDER_1M",
        "documents_complete": "on",
    }
    assert client.post(url, {**data, "wellbeing": ""}).status_code == 200  # an error, nothing saved
    assert client.post(url, data).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "DONE" and follow_up.outcome.income_band == "UNDER_1M"


def test_case_page_links_to_the_section(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    body = personas.client("case_manager").get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert reverse("empowerment:case_empowerment", args=[case.pk]) in body


def test_follow_ups_due_lists_only_the_managers_cases(personas: Any, django_assert_num_queries: Any) -> None:
    mine = make_case(personas)
    other = make_case(personas, manager="head", experts=())
    for case in (mine, other):
        schedule_open(actor=personas["head"], case=case)
    client = personas.client("case_manager")
    url = reverse("empowerment:follow_ups_due")
    client.get(url)  # warm the session and the menu
    with django_assert_num_queries(4):
        body = client.get(url).content.decode()
    assert mine.number in body and other.number not in body
    head_body = personas.client("head").get(url).content.decode()
    assert mine.number in head_body and other.number in head_body


def test_follow_ups_due_query_count_does_not_grow_with_rows(personas: Any, django_assert_num_queries: Any) -> None:
    client = personas.client("case_manager")
    url = reverse("empowerment:follow_ups_due")
    for _ in range(3):
        schedule_open(actor=personas["head"], case=make_case(personas))
    client.get(url)
    with django_assert_num_queries(4):
        body = client.get(url).content.decode()
    assert len(re.findall(r"/pemberdayaan/pemantauan/[0-9a-f-]{36}/", body)) == 12  # three cases, four each


def test_head_sets_the_schedule_and_definition(personas: Any) -> None:
    client = personas.client("head")
    url = reverse("empowerment:settings")
    assert client.post(url, {"schedule": "0, 99"}).status_code == 200
    response = client.post(url, {"schedule": "1, 2, 6", "definition": "Own income for six months."})
    assert response.status_code == 302
    row = EmpowermentSettings.objects.get(unit=personas.kukar)
    assert row.months == [1, 2, 6] and row.definition == "Own income for six months."
    case = make_case(personas, victim=victim_data())
    body = personas.client("case_manager").get(reverse("empowerment:case_empowerment", args=[case.pk])).content
    assert b"Own income for six months." in body
