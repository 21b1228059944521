"""The notifications page (list, mark read by POST) and the bell's unread count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from sigap.work.models import Notification
from sigap.work.scheduler import work_items_tick
from sigap.work.services import work_item_done
from sigap.work.tests.conftest import FOLLOW_UP, make_target, open_item

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
URL = reverse("work:notifications")
COUNT_URL = reverse("work:notification_count")


def _missed(personas, title_key="PPA-KKR/2026/0007", responsible="case_manager"):
    with time_machine.travel(T0, tick=False):
        open_item(
            personas,
            due_at=T0 + timedelta(minutes=1),
            title_key=title_key,
            responsible=responsible,
            target=make_target(),
        )
        work_items_tick(now=T0 + timedelta(minutes=2))


def test_it_lists_my_notifications_only(personas):
    _missed(personas)
    _missed(personas, title_key="PPA-SMD/2026/0001", responsible="other_case_manager")
    html = personas.client("case_manager").get(URL).content.decode()
    assert "PPA-KKR/2026/0007" in html
    assert "PPA-SMD/2026/0001" not in html
    head = personas.client("head").get(URL).content.decode()
    assert "PPA-KKR/2026/0007" in head  # the escalation
    assert "PPA-SMD" not in head


def test_the_count_shows_unread_notifications(personas):
    client = personas.client("case_manager")
    empty = client.get(COUNT_URL, headers={"HX-Request": "true"})
    assert empty.status_code == 200
    assert "badge" not in empty.content.decode()
    _missed(personas)
    _missed(personas)
    html = client.get(COUNT_URL).content.decode()
    assert '<span class="badge rounded-pill text-bg-danger">2</span>' in html


def test_post_marks_one_read_and_all_read(personas):
    _missed(personas)
    _missed(personas)
    client = personas.client("case_manager")
    first, second = Notification.objects.filter(recipient=personas["case_manager"])
    response = client.post(URL, {"notification": first.pk})
    assert response.status_code == 302 and response["Location"] == URL
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    client.post(URL, {"all": "1"})
    second.refresh_from_db()
    assert second.read_at is not None
    assert '<span class="badge' not in client.get(COUNT_URL).content.decode()


def test_another_users_notification_is_not_found(personas):
    _missed(personas)
    theirs = Notification.objects.get(recipient=personas["case_manager"])
    response = personas.client("expert").post(URL, {"notification": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "data", [{}, {"notification": "abc"}, {"notification": "-3"}, {"notification": "9" * 40}, {"all": "false"}]
)
def test_bad_input_gets_a_message_never_a_500(personas, data):
    response = personas.client("case_manager").post(URL, data, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])


def test_it_paginates_with_a_fixed_query_count(personas, django_assert_num_queries):
    client = personas.client("head")
    for rounds in (1, 15):
        for _ in range(rounds):
            _missed(personas)
        with django_assert_num_queries(4):
            assert client.get(URL).status_code == 200
        with django_assert_num_queries(3):
            assert client.get(COUNT_URL).status_code == 200
    assert client.get(URL + "?page=2").status_code == 200
    assert client.get(URL + "?page=xyz").status_code == 200


def test_the_bell_include_renders_for_members_only(personas, rf):
    from django.template.loader import render_to_string

    html = render_to_string("work/bell.html", {"membership": personas["head"].membership})
    assert COUNT_URL in html and 'hx-trigger="load"' in html
    assert render_to_string("work/bell.html", {"membership": None}).strip() == ""


def test_a_done_item_leaves_the_bell(personas):
    """Walk of #12: the HEAD's bell counted the escalation of an item already "Done"."""
    target = make_target()
    with time_machine.travel(T0, tick=False):
        open_item(personas, due_at=T0 + timedelta(minutes=1), target=target)
        work_items_tick(now=T0 + timedelta(minutes=2))
    _missed(personas, title_key="PPA-KKR/2026/0008")  # another item, still to do
    head = personas.client("head")
    assert '<span class="badge rounded-pill text-bg-danger">2</span>' in head.get(COUNT_URL).content.decode()
    assert work_item_done(target=target, kind=FOLLOW_UP, by=personas["case_manager"]) == 1
    assert '<span class="badge rounded-pill text-bg-danger">1</span>' in head.get(COUNT_URL).content.decode()
    assert Notification.objects.filter(work_item__object_id=str(target.pk), read_at__isnull=True).count() == 0
