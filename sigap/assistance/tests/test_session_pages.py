"""The session pages: plan, record (held / not held), reschedule, cancel; bad input; pinned query counts."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.assistance.models.session import AccompanimentSession, NotHeldReason, SessionStatus
from sigap.assistance.services.session import session_plan
from sigap.assistance.tests.factories import held_session, plan_data, session_case
from sigap.cases.models.plan import PlanItemStatus

pytestmark = pytest.mark.django_db

WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment, WITA).strftime("%Y-%m-%dT%H:%M")


def _plan_post(sc: Any, **overrides: Any) -> dict[str, Any]:
    start = (timezone.now() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    data = {
        "kind": "COUNSELLING",
        "plan_item": sc.item.pk,
        "planned_start": _local(start),
        "planned_end": _local(start + dt.timedelta(hours=1)),
        "place": "UNIT_OFFICE",
        "place_detail": "Counselling room 2",
        "experts": [sc.psychologist.pk],
        "staff": [],
    }
    data.update(overrides)
    return data


def test_the_psychologist_plans_a_session_in_the_units_time_zone(personas: Any) -> None:
    sc = session_case(personas)
    url = reverse("assistance:session_plan", kwargs={"case_id": sc.case.pk})
    page = personas.client("expert").get(url)
    assert page.status_code == 200 and 'for="id_kind"' in page.content.decode()
    response = personas.client("expert").post(
        url, _plan_post(sc, planned_start="2027-01-04T09:00", planned_end="2027-01-04T10:30")
    )
    session = AccompanimentSession.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/sesi/{session.pk}/")
    assert session.planned_start == dt.datetime(2027, 1, 4, 1, 0, tzinfo=dt.UTC)  # 09.00 WITA
    assert session.plan_item == sc.item and list(session.experts_present.all()) == [sc.psychologist]


def test_bad_input_is_listed_on_top_and_nothing_is_saved(personas: Any) -> None:
    sc = session_case(personas)
    url = reverse("assistance:session_plan", kwargs={"case_id": sc.case.pk})
    post = _plan_post(sc, planned_end="2000-01-01T00:00", place="MOON", place_detail="Room kept")
    response = personas.client("expert").post(url, post)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in body
    assert "The end must be after the start." in body and "Room kept" in body
    assert not AccompanimentSession.objects.exists()


@pytest.mark.parametrize("field", ["experts", "staff", "plan_item"])
def test_an_id_past_the_integer_range_is_a_form_error_not_a_500(personas: Any, field: str) -> None:
    """Found by hypothesis: SQLite raises OverflowError for an id past 2**63 - 1 in ``pk__in``."""
    sc = session_case(personas)
    url = reverse("assistance:session_plan", kwargs={"case_id": sc.case.pk})
    response = personas.client("expert").post(url, _plan_post(sc, **{field: "9223372036854775808"}))
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()


def test_a_guard_refusal_is_shown_with_its_rule_and_keeps_what_was_typed(personas: Any) -> None:
    sc = session_case(personas, licensed=False)
    url = reverse("assistance:session_plan", kwargs={"case_id": sc.case.pk})
    response = personas.client("expert").post(url, _plan_post(sc))
    body = response.content.decode()
    assert response.status_code == 200 and "Permenkes 45/2017" in body and "Counselling room 2" in body
    assert "override_reason" not in body, "only the head is offered the override"
    head_page = personas.client("head").post(url, _plan_post(sc))
    assert 'name="override_reason"' in head_page.content.decode()
    done = personas.client("head").post(url, _plan_post(sc, override_reason="Court date tomorrow."))
    assert done.status_code == 302 and AccompanimentSession.objects.get().override_rules == ["PSYCHOLOGIST_LICENCE"]


def test_the_expert_records_a_held_session_and_finishes_the_plans_service(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(item=sc.item, hours_from_now=-3))
    url = reverse("assistance:session_record", kwargs={"session_id": session.pk})
    assert personas.client("expert").get(url).status_code == 200
    post = {
        "outcome": "HELD",
        "actual_start": _local(session.planned_start),
        "actual_end": _local(session.planned_end),
        "victim_present": "on",
        "experts": [sc.psychologist.pk],
        "outcome_summary": "Calmer; sleeping better.",
        "notes": "Clinical observations.",
        "item_status": "DONE",
    }
    response = personas.client("expert").post(url, post)
    assert response.status_code == 302
    session.refresh_from_db()
    sc.item.refresh_from_db()
    assert session.status == SessionStatus.HELD and sc.item.status == PlanItemStatus.DONE
    detail = personas.client("case_manager").get(
        reverse("assistance:session_detail", kwargs={"session_id": session.pk})
    )
    assert "Calmer; sleeping better." in detail.content.decode()
    assert "Clinical observations." not in detail.content.decode()
    # Walk of #12: "The victim: present" read oddly ("Korban sendiri: hadir"); one plain sentence now.
    assert '<dd class="col-sm-9" id="attendance">The victim was present' in detail.content.decode()


def test_held_without_times_and_not_held_without_reason_are_form_errors(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data())
    url = reverse("assistance:session_record", kwargs={"session_id": session.pk})
    client = personas.client("case_manager")
    held = client.post(url, {"outcome": "HELD", "actual_start": "", "actual_end": "", "notes": "Kept text"})
    assert "Enter when the session took place." in held.content.decode() and "Kept text" in held.content.decode()
    missed = client.post(url, {"outcome": "NOT_HELD"})
    assert "Choose why the session was not held." in missed.content.decode()
    done = client.post(url, {"outcome": "NOT_HELD", "not_held_reason": "VICTIM_ABSENT"})
    assert done.status_code == 302
    session.refresh_from_db()
    assert session.not_held_reason == NotHeldReason.VICTIM_ABSENT


def test_reschedule_and_cancel_pages(personas: Any) -> None:
    sc = session_case(personas)
    session = session_plan(actor=sc.psychologist, case=sc.case, data=plan_data())
    client = personas.client("expert")
    start = session.planned_start + dt.timedelta(days=3)
    response = client.post(
        reverse("assistance:session_reschedule", kwargs={"session_id": session.pk}),
        {"planned_start": _local(start), "planned_end": _local(start + dt.timedelta(hours=1)), "note": "Exam week."},
    )
    new = AccompanimentSession.objects.get(rescheduled_from=session)
    assert response.status_code == 302 and new.planned_start == start
    detail = client.get(reverse("assistance:session_detail", kwargs={"session_id": new.pk})).content.decode()
    assert f"/sesi/{session.pk}/" in detail, "the new slot links to the one it replaced"
    cancel = reverse("assistance:session_cancel", kwargs={"session_id": new.pk})
    assert client.post(cancel, {"note": ""}).status_code == 302
    assert AccompanimentSession.objects.get(pk=new.pk).status == SessionStatus.PLANNED
    client.post(cancel, {"note": "The victim moved away."})
    assert AccompanimentSession.objects.get(pk=new.pk).status == SessionStatus.CANCELLED


LIST_QUERIES = 9  # after the per-request chain (D35): 5 fewer than before
DETAIL_QUERIES = 15  # + the reader facts of its documents and their list, + its feedback (issue #13)


def test_the_list_and_detail_query_counts_are_pinned(personas: Any, django_assert_num_queries: Any) -> None:
    sc = session_case(personas)
    client = personas.client("head")
    first = held_session(sc.psychologist, sc.case, experts=[sc.psychologist], notes="Notes.")
    list_url = reverse("assistance:session_list", kwargs={"case_id": sc.case.pk})
    with django_assert_num_queries(LIST_QUERIES):
        client.get(list_url)
    for _ in range(3):
        held_session(sc.psychologist, sc.case, experts=[sc.psychologist, sc.counsellor], notes="More.")
    with django_assert_num_queries(LIST_QUERIES):
        client.get(list_url)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(reverse("assistance:session_detail", kwargs={"session_id": first.pk}))
