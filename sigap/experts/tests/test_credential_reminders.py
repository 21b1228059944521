"""Reminders of an expiring credential (issue #13) with a frozen clock: 60, 30 and 7 days before it lapses, to
the expert and the HEAD; the 7-day item is missed and escalated when it lapses; a renewal closes them; on expiry
the profile says "not licensed"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from sigap.experts.models import CredentialKind
from sigap.experts.reminders import credential_reminders_open
from sigap.experts.services import credential_add, credential_end
from sigap.experts.tests.factories import profile
from sigap.work.models import Notification, WorkItem
from sigap.work.scheduler import work_items_tick

pytestmark = pytest.mark.django_db

# 10.00 WITA on 1 March 2027; the STRPK is valid until 30 June 2027 (inclusive, WITA).
T0 = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)
UNTIL = dt.date(2027, 6, 30)
WITA = dt.timezone(dt.timedelta(hours=8))


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    """``hour`` o'clock WITA on ``day``, on the hour (the hourly step runs at minute 0)."""
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=WITA)


def _expert_with_strpk(personas: Any) -> Any:
    with time_machine.travel(T0, tick=False):
        expert = profile(personas, personas["expert"])
        credential_add(
            actor=personas["head"], profile=expert, kind=CredentialKind.SIPPK, number="S-1", issuer="Dinkes",
            valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2030, 1, 1),
        )  # fmt: skip
        strpk = credential_add(
            actor=personas["head"], profile=expert, kind=CredentialKind.STRPK, number="N-1", issuer="KKI",
            valid_from=dt.date(2022, 7, 1), valid_until=UNTIL,
        )  # fmt: skip
    return expert, strpk


def _open_items() -> set[tuple[str, str]]:
    rows = WorkItem.objects.filter(kind__startswith="expert_credential_", state="OPEN")
    return set(rows.values_list("responsible__username", "kind"))


def _reminded() -> list[tuple[str, str]]:
    rows = Notification.objects.filter(kind="REMINDER", work_item__kind__startswith="expert_credential_")
    return sorted(rows.values_list("recipient__username", "work_item__kind"))


def test_reminders_at_60_30_and_7_days_to_the_expert_and_the_head(personas: Any) -> None:
    _expert, strpk = _expert_with_strpk(personas)
    # 61 days before the last valid day: nothing yet.
    work_items_tick(now=_at(UNTIL - dt.timedelta(days=61)))
    assert _open_items() == set()

    work_items_tick(now=_at(UNTIL - dt.timedelta(days=60)))
    assert _open_items() == {("expert", "expert_credential_60_expert"), ("head", "expert_credential_60_head")}
    assert _reminded() == [("expert", "expert_credential_60_expert"), ("head", "expert_credential_60_head")]
    # The next hour opens nothing new (idempotent).
    work_items_tick(now=_at(UNTIL - dt.timedelta(days=60), hour=10))
    assert len(_reminded()) == 2

    work_items_tick(now=_at(UNTIL - dt.timedelta(days=30)))
    assert _open_items() == {("expert", "expert_credential_30_expert"), ("head", "expert_credential_30_head")}
    work_items_tick(now=_at(UNTIL - dt.timedelta(days=7)))
    assert _open_items() == {("expert", "expert_credential_7_expert"), ("head", "expert_credential_7_head")}
    assert len(_reminded()) == 6
    # The replaced items were cancelled, not left open.
    assert WorkItem.objects.filter(kind="expert_credential_60_expert", state="CANCELLED").count() == 1

    item = WorkItem.objects.get(kind="expert_credential_7_expert")
    assert item.due_at == _at(UNTIL + dt.timedelta(days=1), hour=0)
    assert item.title_key == f"STRPK-{strpk.pk}"  # a reference, never the expert's name
    assert item.target_url() == reverse("experts:credential_go", args=[strpk.pk])

    # The credential lapses: the expert's item is missed and reaches the HEAD.
    work_items_tick(now=_at(UNTIL + dt.timedelta(days=1), hour=0) + dt.timedelta(minutes=1))
    item.refresh_from_db()
    assert item.state == "MISSED"
    assert Notification.objects.filter(work_item=item, kind="ESCALATED", recipient=personas["head"]).exists()


def test_a_renewal_closes_the_reminders_and_stops_new_ones(personas: Any) -> None:
    expert, _strpk = _expert_with_strpk(personas)
    work_items_tick(now=_at(UNTIL - dt.timedelta(days=30)))
    assert len(_open_items()) == 2
    with time_machine.travel(_at(UNTIL - dt.timedelta(days=20)), tick=False):
        credential_add(
            actor=personas["head"], profile=expert, kind=CredentialKind.STRPK, number="N-2", issuer="KKI",
            valid_from=UNTIL + dt.timedelta(days=1), valid_until=dt.date(2032, 6, 30),
        )  # fmt: skip
    assert _open_items() == set()
    assert WorkItem.objects.filter(kind__startswith="expert_credential_30_", state="DONE").count() == 2
    # The 7-day mark of the old credential opens nothing: it was renewed.
    assert credential_reminders_open(now=_at(UNTIL - dt.timedelta(days=7))) == 0


def test_an_ended_credential_cancels_its_reminders(personas: Any) -> None:
    _expert, strpk = _expert_with_strpk(personas)
    work_items_tick(now=_at(UNTIL - dt.timedelta(days=7)))
    credential_end(actor=personas["head"], credential=strpk, reason="REVOKED")
    assert _open_items() == set()
    assert credential_reminders_open(now=_at(UNTIL - dt.timedelta(days=6))) == 0


def test_on_expiry_the_profile_says_not_licensed(personas: Any) -> None:
    _expert_with_strpk(personas)
    url = reverse("experts:expert_detail", args=[personas["expert"].pk])
    # A fresh login at each moment: a session does not last months.
    with time_machine.travel(_at(UNTIL, hour=23), tick=False):
        assert personas.client("head").get(url).context["standing"].licensed is True
    with time_machine.travel(_at(UNTIL + dt.timedelta(days=1), hour=0) + dt.timedelta(minutes=1), tick=False):
        response = personas.client("head").get(url)
    assert response.context["standing"].licensed is False
    assert b"Expired" in response.content


def test_the_reminder_link_leads_to_the_profile_in_scope_only(personas: Any) -> None:
    _expert, strpk = _expert_with_strpk(personas)
    url = reverse("experts:credential_go", args=[strpk.pk])
    assert personas.client("expert").get(url)["Location"] == reverse(
        "experts:expert_detail", args=[personas["expert"].pk]
    )
    assert personas.client("other_head").get(url).status_code == 404
    assert personas.client("case_manager").get(url).status_code == 403


def test_a_worker_started_mid_hour_opens_the_60_day_reminder_of_a_credential_45_days_away(personas: Any) -> None:
    """Walk #13, finding 7: the demo's SIPPK ends in 45 days, the worker starts at 10.20; the reminders must
    be there at once, not at the next 11.00 (nor never, when the tick of minute 0 is missed)."""
    from sigap.work.worker import hourly_ticker

    _expert, _strpk = _expert_with_strpk(personas)
    started = _at(UNTIL - dt.timedelta(days=45), hour=10) + dt.timedelta(minutes=20)
    tick = hourly_ticker()
    with time_machine.travel(started, tick=False):
        tick()
    assert _open_items() == {("expert", "expert_credential_60_expert"), ("head", "expert_credential_60_head")}
    assert len(_reminded()) == 2
    # The next minutes of the same hour do not run the steps again; the next hour does (idempotent anyway).
    calls: list[dt.datetime] = []
    from sigap.work import scheduler

    steps = dict(scheduler._HOURLY_STEPS)
    try:
        scheduler._HOURLY_STEPS["zz.count"] = lambda *, now: calls.append(now) or 0
        with time_machine.travel(started + dt.timedelta(minutes=1), tick=False):
            tick()
        assert calls == []
        with time_machine.travel(started + dt.timedelta(minutes=41), tick=False):  # 11.01: 11.00 was missed
            tick()
        assert len(calls) == 1
    finally:
        scheduler._HOURLY_STEPS.clear()
        scheduler._HOURLY_STEPS.update(steps)
