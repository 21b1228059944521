"""The case list: scope, masked names, filters, POST-only person search, fixed query count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.cases.services.closure import case_request_closure
from sigap.cases.tests.factories import VICTIM_NAME, VICTIM_NIK, incident, make_case, regions, victim_data
from sigap.work.models import WorkItem

URL = reverse("cases:case_list")
# The page's own queries (count, ids, rows, victims, managers, audit VIEW) plus the shell's (session, user with
# membership and MFA device, nav, bell), measured; the same for 2 rows and for 8, filtered or not. The filter's
# districts are read once per process (``regions.selectors.districts_of``): the warm-up request read them.
# On PostgreSQL the count and the page's ids are one round trip, the managers and the victims another (D93).
LIST_QUERIES = 10


def _numbers(response: Any) -> set[str]:
    return {case.number for case in response.context["rows"]}


def test_it_lists_the_scope_of_each_role(personas: Any) -> None:
    mine = make_case(personas)
    other = make_case(personas, manager=None, experts=())
    make_case(personas, unit="samarinda", manager="other_case_manager", experts=())
    assert _numbers(personas.client("head").get(URL)) == {mine.number, other.number}
    assert _numbers(personas.client("case_manager").get(URL)) == {mine.number}
    assert _numbers(personas.client("expert").get(URL)) == {mine.number}
    assert personas.client("intake").get(URL).status_code == 403


def test_it_masks_names(personas: Any) -> None:
    make_case(personas, victim=victim_data())
    response = personas.client("head").get(URL)
    content = response.content.decode()
    assert "S. C. N." in content
    assert "Canary" not in content and VICTIM_NAME not in content


def test_restricted_cases_are_locked_rows_for_the_head(personas: Any) -> None:
    case = make_case(personas, restricted=True, victim=victim_data())
    response = personas.client("head").get(URL)
    row = next(r for r in response.context["rows"] if r.pk == case.pk)
    assert row.locked
    content = response.content.decode()
    assert reverse("cases:case_break_glass", kwargs={"case_id": case.pk}) in content
    assert "S. C. N." not in content


def test_filters(personas: Any) -> None:
    high = make_case(personas, category="KTA")
    Case.objects.filter(pk=high.pk).update(risk_level="TINGGI")
    other = make_case(personas, manager=None, experts=())
    client = personas.client("head")
    assert _numbers(client.get(URL, {"risk_level": "TINGGI"})) == {high.number}
    assert _numbers(client.get(URL, {"category": "KTA"})) == {high.number}
    assert _numbers(client.get(URL, {"number": other.number[-4:]})) == {other.number}
    assert _numbers(client.get(URL, {"state": "TERMINASI"})) == set()
    assert _numbers(personas.client("expert").get(URL, {"mine": "on"})) == {high.number}
    assert _numbers(client.get(URL, {"mine": "on"})) == set()
    # Overdue: an approval left past its due time.
    case_request_closure(actor=personas["head"], case=other, reason="TUJUAN_TERCAPAI", summary="Done.")
    WorkItem.objects.update(due_at=timezone.now() - timedelta(hours=1))
    assert _numbers(client.get(URL, {"overdue": "on"})) == {other.number}
    # A bad filter value is ignored, never a 500.
    assert client.get(URL, {"state": "<script>", "page": "999"}).status_code == 200


def test_person_search_is_post_only_and_scoped(personas: Any) -> None:
    hidden = make_case(personas, manager=None, experts=(), victim=victim_data())
    visible = make_case(personas, victim=victim_data(name="Rina Lain", nik="", phone="0813 1111 2222"))
    head = personas.client("head")
    response = head.post(URL, {"find-nik": VICTIM_NIK})
    assert _numbers(response) == {hidden.number}
    assert VICTIM_NIK not in response.request["QUERY_STRING"]
    manager = personas.client("case_manager")
    assert _numbers(manager.post(URL, {"find-nik": VICTIM_NIK})) == set()
    assert _numbers(manager.post(URL, {"find-phone": "+62 813-1111-2222"})) == {visible.number}
    assert _numbers(manager.post(URL, {"find-name": "rina LAIN"})) == {visible.number}
    bad = manager.post(URL, {"find-nik": "12"})
    assert bad.status_code == 200 and bad.context["lookup_form"].errors
    event = AuditEvent.objects.filter(object_type="cases.case_list").order_by("seq").last()
    assert event is not None and event.new_values["person_search"] is True
    assert VICTIM_NIK not in str(event.new_values)


@pytest.mark.parametrize(
    "params", [{}, {"violence_type": "FISIK", "district": "64.02.01", "state": "KASUS_DIBUKA"}], ids=["all", "filtered"]
)
def test_query_count_is_constant_in_the_number_of_rows(
    personas: Any, params: dict[str, str], django_assert_num_queries: Any
) -> None:
    village = regions()["64.02.01"]
    client = personas.client("head")

    def add(count: int) -> None:
        for _ in range(count):
            case = make_case(personas, victim=victim_data(nik="", phone=""))
            incident(personas, case, types=["FISIK"], village=village)

    add(2)
    client.get(URL, params)  # warm caches (content types, session)
    with django_assert_num_queries(LIST_QUERIES - 2 * (connection.vendor == "postgresql")):
        assert client.get(URL, params).status_code == 200
    add(6)
    with django_assert_num_queries(LIST_QUERIES - 2 * (connection.vendor == "postgresql")):
        response = client.get(URL, params)
    assert not response.context["filter_form"].errors
    assert len(response.context["rows"]) == 8


def test_every_value_of_a_row_is_escaped(personas: Any) -> None:
    """The rows are written in Python (``templatetags.case_list``), not by the template engine: a manager's
    name with markup must come out as text."""
    manager = personas["case_manager"]
    manager.full_name = '<i>Bu</i> "Ana" & co'
    manager.save(update_fields=["full_name"])
    make_case(personas, victim=victim_data(nik="", phone=""))
    html = personas.client("head").get(URL).content.decode()
    assert "&lt;i&gt;Bu&lt;/i&gt; &quot;Ana&quot; &amp; co" in html
    assert "<i>Bu</i>" not in html


def test_a_search_with_a_mistake_lists_no_cases_as_results(personas: Any) -> None:
    """A wrong NIK (letters, a NIK with no valid birth date) or an empty search is not run: its errors show and the
    unit's cases are not listed under "search results", where they would read as matches."""
    case = make_case(personas, victim=victim_data())
    head = personas.client("head")
    empty = {"find-name": "", "find-nik": "", "find-phone": ""}
    for post in ({"find-nik": "64020ABCDEFG"}, {"find-nik": "6402011234567890"}, empty):
        response = head.post(URL, post)
        page = response.content.decode()
        assert response.status_code == 200 and (
            response.context["lookup_form"].errors or response.context["lookup_form"].non_field_errors()
        )
        assert _numbers(response) == set() and case.number not in page, post
        assert "The search was not run" in page and "Search results" not in page
    assert _numbers(head.get(URL)) == {case.number}  # the list itself is unchanged
