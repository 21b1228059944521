"""The outreach pages: plan and record from the form, a refused submit keeps everything typed, the draft script is
on the form, the complaint and case pages link to their visits, the unit list's query count is pinned; hypothesis:
no input to an outreach form gives a 500."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from sigap.assistance.models.outreach import OutreachStatus, OutreachVisit
from sigap.assistance.tests.access_rules_outreach import _get
from sigap.assistance.tests.outreach_steps import case_visit, complaint_in_outreach
from sigap.assistance.tests.test_forms_fuzz import WHEN, _url
from sigap.cases.tests.casework_fuzz import TEXT, fuzz_post
from sigap.cases.tests.factories import make_case, regions

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment, WITA).strftime("%Y-%m-%dT%H:%M")


def test_a_refused_plan_keeps_everything_typed_and_the_valid_one_is_saved(personas: Any) -> None:
    village = regions()["64.02.01"]
    complaint, _visit = complaint_in_outreach(personas)
    client = personas.client("intake")
    url = reverse("assistance:complaint_visit_plan", kwargs={"complaint_id": complaint.pk})
    post = {
        "planned_at": "not a time",
        "reason": "THIRD_PARTY_REPORT",
        "team": [personas["intake"].pk],
        "village": village.code,
        "address_detail": "Gang Mawar RT 04, yellow house",
        "transport": "BOAT",
        "safety_plan": "Neighbour Pak Udin waits at the pier",
    }
    page = client.post(url, post).content.decode()
    assert 'id="error-summary"' in page and "Enter a date and time" in page
    for typed in (
        "Gang Mawar RT 04, yellow house",
        "Neighbour Pak Udin waits at the pier",
        village.code,
        "Desa Tenggarong",
    ):
        assert typed in page
    assert 'value="BOAT" selected' in page and "outreach-draft.js" in page and 'data-bound="1"' in page
    assert OutreachVisit.objects.filter(complaint=complaint).count() == 1
    response = client.post(url, {**post, "planned_at": _local(timezone.now() + dt.timedelta(hours=3))})
    visit = OutreachVisit.objects.exclude(pk=_visit.pk).get(complaint=complaint)
    assert response.status_code == 302 and response["Location"].endswith(f"/penjangkauan/{visit.pk}/?saved=1")
    assert visit.village == village and visit.transport == "BOAT" and visit.address_detail.startswith("Gang Mawar")
    detail = client.get(response["Location"]).content.decode()
    assert f'data-draft-done="{url}"' in detail  # the draft of the plan form is forgotten after the save


def test_the_visit_is_recorded_from_its_form(personas: Any) -> None:
    complaint, visit = complaint_in_outreach(personas)
    client = personas.client("intake")
    url = reverse("assistance:visit_record", kwargs={"visit_id": visit.pk})
    form = client.get(url).content.decode()
    assert 'id="outreach-record-form"' in form and f'data-draft="{url}"' in form
    bad = client.post(url, {"done_at": _local(timezone.now()), "team": [personas["intake"].pk], "result": "Kept text"})
    assert "Kept text" in bad.content.decode() and OutreachVisit.objects.get(pk=visit.pk).status == "PLANNED"
    done = client.post(
        url,
        {
            "done_at": _local(timezone.now()),
            "team": [personas["intake"].pk],
            "result": "Met her at school.",
            "follow_up": "CASE_TO_OPEN",
        },
    )
    assert done.status_code == 302
    visit.refresh_from_db()
    assert visit.status == OutreachStatus.DONE and visit.result == "Met her at school."
    assert "Met her at school." in client.get(done["Location"]).content.decode()


def test_cancel_without_a_reason_is_refused_on_the_page(personas: Any) -> None:
    _complaint, visit = complaint_in_outreach(personas)
    url = reverse("assistance:visit_cancel", kwargs={"visit_id": visit.pk})
    page = personas.client("head").post(url, {"reason": ""})
    assert page.status_code == 200 and 'id="error-summary"' in page.content.decode()
    assert personas.client("head").post(url, {"reason": "Moved away"}).status_code == 302
    assert OutreachVisit.objects.get(pk=visit.pk).status == OutreachStatus.CANCELLED


def test_the_complaint_and_case_pages_link_to_their_visits(personas: Any) -> None:
    complaint, _visit = complaint_in_outreach(personas)
    page = personas.client("intake").get(reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk}))
    assert reverse("assistance:complaint_visits", kwargs={"complaint_id": complaint.pk}) in page.content.decode()
    case = make_case(personas)
    page = personas.client("case_manager").get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert reverse("assistance:case_visits", kwargs={"case_id": case.pk}) in page.content.decode()


UNIT_LIST_QUERIES = 4  # session, user, the visits (with villages), their teams


def test_the_unit_list_query_count_is_pinned(personas: Any, django_assert_num_queries: Any) -> None:
    complaint_in_outreach(personas)
    client = personas.client("head")
    url = reverse("assistance:unit_visits")
    client.get(url)
    with django_assert_num_queries(UNIT_LIST_QUERIES):
        page = client.get(url)
    case = make_case(personas)
    for _n in range(3):
        complaint_in_outreach(personas)
        case_visit(personas, case)
    with django_assert_num_queries(UNIT_LIST_QUERIES):
        page = client.get(url)
    assert page.content.decode().count('class="list-group-item outreach-visit"') == 7
    assert case.number in page.content.decode()


VISIT_FIELDS = ["team", "village", "address_detail", "transport", "safety_plan"]
SPECIAL = {
    "planned_at": WHEN,
    "done_at": st.one_of(WHEN, st.sampled_from(["2020-01-01T09:00", "2099-01-01T09:00"])),
    "reason": st.one_of(TEXT, st.sampled_from(["RISK", "CANNOT_COME", "OTHER"])),
    "transport": st.one_of(TEXT, st.sampled_from(["BOAT", "MOTORBIKE", ""])),
    "follow_up": st.one_of(TEXT, st.sampled_from(["CASE_OPENED", "NO_CONTACT"])),
    "village": st.one_of(TEXT, st.sampled_from(["64.02.01.2001", "99.99.99.9999", "64.02.01.2001'--", ""])),
    "team": st.one_of(st.lists(st.sampled_from(["1", "2", "3", "x", "99999999999999999999", "-1"]), max_size=3), TEXT),
}


def test_no_input_to_an_outreach_form_gives_a_500(personas: Any) -> None:
    regions()
    built = _get(personas)
    complaint, case = built["complaint"], built["case"]
    complaint_clients = [personas.client("intake"), personas.client("head")]
    case_clients = [personas.client("case_manager"), personas.client("head")]
    fuzz_post(
        _url("complaint_visit_plan", complaint_id=complaint.pk),
        ["planned_at", "reason", *VISIT_FIELDS],
        complaint_clients,
        SPECIAL,
    )
    fuzz_post(_url("case_visit_plan", case_id=case.pk), ["planned_at", "reason", *VISIT_FIELDS], case_clients, SPECIAL)
    fresh = case_visit(personas, case)
    fuzz_post(
        _url("visit_record", visit_id=fresh.pk),
        ["done_at", "result", "follow_up", *VISIT_FIELDS],
        case_clients,
        SPECIAL,
    )
    fuzz_post(_url("visit_cancel", visit_id=built["complaint_visit"].pk), ["reason"], complaint_clients, SPECIAL)


def test_a_complaint_visit_is_read_through_the_case_by_its_team_and_through_the_complaint_by_intake(
    personas: Any,
) -> None:
    from sigap.assistance.tests.outreach_steps import record
    from sigap.cases.models import Case, TeamRole
    from sigap.cases.services.team import case_team_assign
    from sigap.intake.models import Decision
    from sigap.intake.services.decision import complaint_decide

    complaint, visit = complaint_in_outreach(personas)
    record(personas, visit)
    complaint.refresh_from_db()
    complaint = complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
    case = Case.objects.get(pk=complaint.case_id)
    case_team_assign(actor=personas["head"], case=case, user=personas["case_manager"], team_role=TeamRole.CASE_MANAGER)
    url = reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk})
    by_manager = personas.client("case_manager").get(url).content.decode()
    assert reverse("assistance:case_visits", kwargs={"case_id": case.pk}) in by_manager
    by_intake = personas.client("intake").get(url).content.decode()
    assert reverse("assistance:complaint_visits", kwargs={"complaint_id": complaint.pk}) in by_intake
    assert reverse("assistance:case_visits", kwargs={"case_id": case.pk}) not in by_intake
    listed = personas.client("case_manager").get(reverse("assistance:case_visits", kwargs={"case_id": case.pk}))
    assert f'href="{url}"' in listed.content.decode()


def test_the_decided_visit_names_its_12_hour_deadline(personas: Any) -> None:
    """Walk finding 9: the 12-hour due time of the "outreach first" decision read "Planned for"."""
    _complaint, visit = complaint_in_outreach(personas)
    page = personas.client("intake").get(reverse("assistance:visit_detail", kwargs={"visit_id": visit.pk}))
    label = page.content.decode().split('id="visit-planned-label">')[1].split("</dt>")[0]
    assert label == "Outreach due by (12 h)"
    case_page = personas.client("case_manager").get(
        reverse("assistance:visit_detail", kwargs={"visit_id": case_visit(personas, make_case(personas)).pk})
    )
    assert 'id="visit-planned-label">Planned for<' in case_page.content.decode()


def test_a_planned_visit_is_changed_from_its_form_audited_and_its_clock_moves(personas: Any) -> None:
    """Walk finding 9: a planned visit could not be changed (time, place, team)."""
    from sigap.assistance.kinds import OUTREACH_VISIT
    from sigap.audit.models import AuditEvent
    from sigap.work.models import WorkItem

    complaint, visit = complaint_in_outreach(personas)
    client = personas.client("intake")
    url = reverse("assistance:visit_edit", kwargs={"visit_id": visit.pk})
    form = client.get(url).content.decode()
    assert 'id="outreach-edit-form"' in form and "Outreach due by (12 h)" in form
    later = timezone.now() + dt.timedelta(days=1)
    post = {
        "planned_at": _local(later),
        "reason": "RISK",
        "team": [personas["intake"].pk, personas["head"].pk],
        "address_detail": "Pasar Tenggarong, kios 12",
    }
    refused = client.post(url, {**post, "team": []})
    assert refused.status_code == 200 and "Pasar Tenggarong, kios 12" in refused.content.decode()
    done = client.post(url, post)
    assert done.status_code == 302
    visit.refresh_from_db()
    assert visit.reason == "RISK" and visit.address_detail == "Pasar Tenggarong, kios 12"
    assert set(visit.team.values_list("username", flat=True)) == {"intake", "head"}
    assert abs(visit.planned_at - later) < dt.timedelta(minutes=1)
    items = WorkItem.objects.filter(kind=OUTREACH_VISIT, object_id=str(visit.pk))
    assert items.filter(state=WorkItem.State.CANCELLED).count() == 1
    assert items.get(state=WorkItem.State.OPEN).due_at == visit.planned_at
    events = AuditEvent.objects.filter(object_type="intake.complaint", object_id=str(complaint.pk)).order_by("seq")
    assert [e.new_values["outreach"]["event"] for e in events if "outreach" in (e.changed_fields or [])][-1] == (
        "changed"
    )
    # Another unit's staff and the case manager (no case yet) do not reach it.
    assert personas.client("other_head").get(url).status_code == 404
    assert personas.client("case_manager").get(url).status_code == 404


def test_case_opened_is_refused_while_the_complaint_has_no_case(personas: Any) -> None:
    """Walk finding 9: "A case is opened" was accepted for a complaint that never became a case."""
    from sigap.assistance.tests.outreach_steps import record
    from sigap.cases.rules.guards import TransitionRefused

    _complaint, visit = complaint_in_outreach(personas)
    with pytest.raises(TransitionRefused) as refused:
        record(personas, visit, follow_up="CASE_OPENED")
    assert "No case has been opened" in " ".join(refused.value.messages)
    assert record(personas, visit, follow_up="CASE_TO_OPEN").status == OutreachStatus.DONE
    # A case's visit may say it.
    on_case = case_visit(personas, make_case(personas))
    assert record(personas, on_case, actor="case_manager", follow_up="CASE_OPENED").follow_up == "CASE_OPENED"
