"""The My work page: own open items with clocks; the HEAD's missed items and approval queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from sigap.work.scheduler import work_items_tick
from sigap.work.tests.conftest import APPROVAL, make_target, open_item

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 WITA
URL = reverse("work:my_work")


@time_machine.travel(T0, tick=False)
def test_it_lists_my_open_items_soonest_first_with_coloured_clocks(personas):
    open_item(personas, due_at=T0 + timedelta(days=2), title_key="REF-LATER")
    open_item(personas, due_at=T0 + timedelta(minutes=30), title_key="REF-SOON")
    open_item(personas, due_at=T0 + timedelta(days=1), title_key="REF-OTHER", responsible="expert")
    response = personas.client("case_manager").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("REF-SOON") < html.index("REF-LATER")
    assert "REF-OTHER" not in html
    assert "text-bg-warning" in html  # due within the reminder window
    assert "text-bg-success" in html
    # 10.30 WITA (one format: sigap.core.dates), the unit's time zone (02:30 UTC).
    assert "2 Mar 2026 10.30 WITA" in html
    assert "unit-missed" not in html  # not a HEAD


@time_machine.travel(T0, tick=False)
def test_missed_items_show_as_overdue_for_me_and_for_my_head_only(personas):
    open_item(personas, due_at=T0 - timedelta(hours=2), title_key="REF-LATE")
    open_item(personas, due_at=T0 - timedelta(hours=2), title_key="REF-SMD", responsible="other_case_manager")
    work_items_tick(now=T0)
    mine = personas.client("case_manager").get(URL).content.decode()
    assert "REF-LATE" in mine and "text-bg-danger" in mine
    head = personas.client("head").get(URL).content.decode()
    assert 'id="unit-missed"' in head
    assert "REF-LATE" in head and "REF-SMD" not in head
    other_head = personas.client("other_head").get(URL).content.decode()
    assert "REF-SMD" in other_head and "REF-LATE" not in other_head


def test_the_approval_queue_says_honestly_when_nothing_can_be_approved_yet(personas, monkeypatch):
    monkeypatch.setattr("sigap.work.views.approval_kind_keys", lambda: [])
    monkeypatch.setattr("sigap.work.views.all_kinds", lambda: [])
    monkeypatch.setattr("sigap.work.selectors.approval_kind_keys", lambda: [])
    html = personas.client("head").get(URL).content.decode()
    assert 'id="approvals"' in html
    assert 'id="approvals-not-yet"' in html


@time_machine.travel(T0, tick=False)
def test_the_head_sees_the_units_approval_queue(personas):
    open_item(personas, due_at=T0 + timedelta(days=1), kind=APPROVAL, responsible="head", title_key="PLAN-1")
    open_item(personas, due_at=T0 + timedelta(days=1), kind=APPROVAL, responsible="other_head", title_key="PLAN-SMD")
    html = personas.client("head").get(URL).content.decode()
    approvals = html[html.index('id="approvals"') :]
    assert "PLAN-1" in approvals and "PLAN-SMD" not in approvals
    assert html.count("PLAN-1") == 1  # not repeated under "Waiting for me"
    assert 'id="approvals"' not in personas.client("case_manager").get(URL).content.decode()


@pytest.mark.parametrize("persona, expected", [("case_manager", 6), ("head", 9)])
@time_machine.travel(T0, tick=False)
def test_the_query_count_does_not_grow_with_rows(personas, django_assert_num_queries, persona, expected):
    client = personas.client(persona)
    for rows in (2, 30):
        for index in range(rows):
            open_item(personas, due_at=T0 + timedelta(hours=index + 1), responsible=persona, target=make_target())
            open_item(personas, due_at=T0 - timedelta(hours=1), responsible="case_manager", target=make_target())
            open_item(personas, due_at=T0 + timedelta(days=1), kind=APPROVAL, responsible="head", target=make_target())
        work_items_tick(now=T0)
        with django_assert_num_queries(expected):
            assert client.get(URL).status_code == 200


def test_bad_page_numbers_fall_back_to_a_page(personas):
    client = personas.client("head")
    for query in ("?page=abc", "?page=999", "?unit_page=-1", "?approval_page=%00"):
        assert client.get(URL + query).status_code == 200


@time_machine.travel(T0, tick=False)
def test_it_paginates(personas):
    for index in range(30):
        open_item(personas, due_at=T0 + timedelta(hours=index + 1), title_key=f"REF-{index:03d}", target=make_target())
    client = personas.client("case_manager")
    first = client.get(URL).content.decode()
    second = client.get(URL + "?page=2").content.decode()
    assert "REF-000" in first and "REF-029" not in first
    assert "REF-029" in second and "REF-000" not in second


def test_it_refuses_post(personas):
    assert personas.client("case_manager").post(URL).status_code == 405


def test_the_approval_queue_is_empty_but_real_once_approval_kinds_exist(personas):
    html = personas.client("head").get(URL).content.decode()
    assert 'id="approvals-not-yet"' not in html
    assert "Plan approval" in html[html.index('id="approval-kinds"') :]
