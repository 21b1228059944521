"""The legal-process pages as the personas use them: start a track, record stages, hearings, rights."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from hypothesis import strategies as st

from sigap.assistance.models.legal import Hearing, LegalStage, LegalTrack, RightCheck
from sigap.assistance.services.legal import HearingData, LegalStepData, hearing_add, legal_stage_set
from sigap.assistance.services.session import session_plan
from sigap.assistance.tests.factories import plan_data
from sigap.assistance.tests.legal_steps import at_prosecution, legal_case, start
from sigap.audit.models import AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.casework_fuzz import TEXT, fuzz_post
from sigap.cases.tests.factories import make_case, victim_data
from sigap.core.dates import format_when as when

pytestmark = pytest.mark.django_db
PAGE_QUERIES = 11  # with the reader facts of the hearings' documents


def _page(case: Any) -> str:
    return reverse("assistance:legal_track", kwargs={"case_id": case.pk})


def test_the_case_manager_walks_a_track_from_the_pages(personas: Any) -> None:
    lc = legal_case(personas)
    client = personas.client("case_manager")
    response = client.post(_page(lc.case), {"perpetrator": lc.perpetrator.pk})
    assert response.status_code == 302
    track = LegalTrack.objects.get(case=lc.case)
    stage_url = reverse("assistance:legal_stage", kwargs={"track_id": track.pk})
    # Missing facts: the message at the top, what was typed kept, nothing saved.
    bad = client.post(stage_url, {"stage": "POLICE_REPORT", "police_unit": "Polres Kukar"})
    assert bad.status_code == 200
    assert b"Give the date of the police report." in bad.content and b"Polres Kukar" in bad.content
    track.refresh_from_db()
    assert track.stage == LegalStage.NOT_REPORTED
    today = dt.date.today().isoformat()
    ok = client.post(
        stage_url,
        {"stage": "POLICE_REPORT", "police_report_date": today, "police_unit": "Polres Kukar", "report_number": "LP/7"},
    )
    assert ok.status_code == 302
    track.refresh_from_db()
    assert (track.stage, track.report_number) == (LegalStage.POLICE_REPORT, "LP/7")
    # Back is refused (the choice is not offered).
    back = client.post(stage_url, {"stage": "NOT_REPORTED"})
    assert back.status_code == 200 and b"Select a valid choice" in back.content
    session = session_plan(actor=personas["head"], case=lc.case, data=plan_data())
    hearing_url = reverse("assistance:legal_hearing", kwargs={"track_id": track.pk})
    hearing_post = {
        "starts_at": "2026-12-20T09:00",
        "court": "PN Tenggarong",
        "room": "Ruang Cakra",
        "accompaniment": session.pk,
    }
    # Walk finding 5: at the police report a hearing would have jumped investigation and prosecution.
    early = client.get(hearing_url).content.decode()
    assert 'id="legal-track-form"' not in early and "at prosecution or later (now: Police report)" in early
    assert client.post(hearing_url, hearing_post).status_code == 200 and not Hearing.objects.exists()
    track.refresh_from_db()
    assert track.stage == LegalStage.POLICE_REPORT
    assert (
        "Hearings are added once this process is at prosecution or later."
        in client.get(_page(lc.case)).content.decode()
    )
    assert client.post(stage_url, {"stage": "PROSECUTION"}).status_code == 302
    form = client.get(hearing_url).content.decode()
    assert "moves the legal process from Prosecution to Trial" in form and 'id="legal-track-form"' in form
    hearing = client.post(hearing_url, hearing_post)
    assert hearing.status_code == 302
    assert Hearing.objects.get(track=track).accompaniment == session
    track.refresh_from_db()
    assert track.stage == LegalStage.TRIAL  # from prosecution, a hearing means the trial has started
    client.post(
        reverse("assistance:legal_right", kwargs={"case_id": lc.case.pk}),
        {"right": "IDENTITY_SECRET", "informed": "on"},
    )
    check = RightCheck.objects.get(case=lc.case, right="IDENTITY_SECRET")
    assert check.informed_at is not None and check.fulfilled_at is None
    page = client.get(_page(lc.case)).content.decode()
    assert "PN Tenggarong" in page and "Ruang Cakra" in page and "LP/7" in page
    timeline = client.get(reverse("cases:case_timeline", kwargs={"case_id": lc.case.pk})).content.decode()
    assert "Legal process: stage Police report." in timeline and "Legal process: hearing recorded." in timeline
    # The audit keeps codes only, never the report number or the court.
    values = str(list(AuditEvent.objects.values_list("new_values", flat=True)))
    assert "LP/7" not in values and "Tenggarong" not in values


def test_only_the_head_the_case_manager_and_the_legal_counsellor_record(personas: Any) -> None:
    lc = legal_case(personas)
    track = start(personas, lc, actor="head")
    with pytest.raises(TransitionRefused):
        legal_stage_set(actor=personas["expert"], track=track, data=LegalStepData(stage=LegalStage.INVESTIGATION))
    legal_stage_set(actor=lc.legal, track=track, data=LegalStepData(stage=LegalStage.INVESTIGATION))
    page = personas.client("expert").get(_page(lc.case)).content.decode()
    assert "Record a stage" not in page and "Investigation" in page


def test_a_case_without_a_suspect_says_how_to_start_a_track(personas: Any) -> None:
    case = make_case(personas, victim=victim_data(nik="", phone=""))
    page = personas.client("case_manager").get(_page(case)).content.decode()
    assert 'id="legal-start-form"' not in page
    assert 'id="legal-start-hint"' in page and "alleged perpetrator" in page
    lc = legal_case(personas)  # a suspect recorded: the form, not the hint
    page = personas.client("case_manager").get(_page(lc.case)).content.decode()
    assert 'id="legal-start-form"' in page and 'id="legal-start-hint"' not in page
    start(personas, lc)  # every suspect has a track: neither the form nor the hint (fresh-eyes walk 2, C)
    page = personas.client("case_manager").get(_page(lc.case)).content.decode()
    assert 'id="legal-start-form"' not in page and 'id="legal-start-hint"' not in page


def test_the_page_shows_the_police_report_deadline_of_a_tpks_case_until_the_report(personas: Any) -> None:
    lc = legal_case(personas)
    track = start(personas, lc)
    due = track.victim_reported_at + dt.timedelta(hours=72)
    page = personas.client("case_manager").get(_page(lc.case)).content.decode()
    assert 'class="col-sm-8 police-due"' in page and "3×24" in page and "UU TPKS" in page
    assert when(due, lc.case.unit.zone) in page and "still in time" in page
    with time_machine.travel(due + dt.timedelta(minutes=5), tick=False):
        late = personas.client("case_manager").get(_page(lc.case)).content.decode()
    assert "police-due text-danger" in late and "overdue: no police report recorded yet" in late
    step = LegalStepData(
        stage=LegalStage.POLICE_REPORT, police_report_date=dt.date.today(), police_unit="Polres", report_number="LP/1"
    )
    legal_stage_set(actor=lc.legal, track=track, data=step)
    assert "police-due" not in personas.client("case_manager").get(_page(lc.case)).content.decode()


def test_no_police_report_deadline_outside_sexual_violence(personas: Any) -> None:
    lc = legal_case(personas, sexual=False, kdrt=True)
    start(personas, lc)
    assert "police-due" not in personas.client("case_manager").get(_page(lc.case)).content.decode()


def test_a_stopped_track_takes_nothing_more(personas: Any) -> None:
    lc = legal_case(personas)
    track = start(personas, lc)
    with pytest.raises(TransitionRefused, match="Say why"):
        legal_stage_set(actor=personas["head"], track=track, data=LegalStepData(stage=LegalStage.STOPPED))
    track = legal_stage_set(
        actor=personas["head"], track=track, data=LegalStepData(stage=LegalStage.STOPPED, stop_reason="SP3")
    )
    with pytest.raises(TransitionRefused):
        legal_stage_set(actor=personas["head"], track=track, data=LegalStepData(stage=LegalStage.DONE))
    with pytest.raises(TransitionRefused):
        hearing_add(
            actor=personas["head"],
            track=track,
            data=HearingData(starts_at=dt.datetime.now(dt.UTC), court="PN"),
        )


def test_the_page_query_count_is_pinned(personas: Any, django_assert_num_queries: Any) -> None:
    lc = legal_case(personas)
    track = at_prosecution(personas, lc)
    client = personas.client("head")
    client.get(_page(lc.case))
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(_page(lc.case))
    for n in range(3):
        hearing_add(
            actor=personas["head"], track=track, data=HearingData(starts_at=dt.datetime.now(dt.UTC), court=f"PN {n}")
        )
    with django_assert_num_queries(PAGE_QUERIES + 1):  # the documents of all the hearings: one GROUP BY
        client.get(_page(lc.case))


SPECIAL = {
    "stage": st.one_of(TEXT, st.sampled_from([s.value for s in LegalStage])),
    "police_report_date": st.one_of(TEXT, st.sampled_from(["2026-01-05", "2099-01-01", "31/02/2026"])),
    "protection_from": st.one_of(TEXT, st.sampled_from(["2026-01-05", "2099-01-01"])),
    "verdict_date": st.one_of(TEXT, st.sampled_from(["2026-01-05", "2099-01-01"])),
    "verdict_outcome": st.one_of(TEXT, st.sampled_from(["CONVICTED", "ACQUITTED"])),
    "restitution_decided": st.one_of(TEXT, st.sampled_from(["0", "1000000", "-5", "1e30"])),
    "restitution_paid": st.one_of(TEXT, st.sampled_from(["0", "1000000", "99999999999999999"])),
    "restitution_paid_date": st.one_of(TEXT, st.sampled_from(["2026-01-05", "2099-01-01"])),
    "stop_reason": st.one_of(TEXT, st.sampled_from(["SP3", "OTHER"])),
    "starts_at": st.one_of(TEXT, st.sampled_from(["2026-12-20T09:00", "2099-01-01T09:00", "2026-13-01T99:99"])),
}
STAGE_FIELDS = [
    "stage",
    "police_report_date",
    "police_unit",
    "report_number",
    "protection_from",
    "verdict_date",
    "verdict_outcome",
    "sentence",
    "restitution_decided",
    "restitution_paid",
    "restitution_paid_date",
    "stop_reason",
    "stop_note",
]


def test_no_input_to_the_legal_forms_gives_a_500(personas: Any) -> None:
    lc = legal_case(personas)
    track = start(personas, lc)
    clients = [personas.client("case_manager"), personas.client("head")]

    def url(name: str, **kwargs: Any) -> Any:
        return lambda: reverse(f"assistance:{name}", kwargs=kwargs)

    fuzz_post(url("legal_stage", track_id=track.pk), STAGE_FIELDS, clients, SPECIAL)
    fuzz_post(
        url("legal_hearing", track_id=track.pk),
        ["starts_at", "court", "room", "agenda", "accompaniment"],
        clients,
        SPECIAL,
    )
    fuzz_post(url("legal_right", case_id=lc.case.pk), ["right", "informed", "fulfilled"], clients, SPECIAL)
    fuzz_post(url("legal_track", case_id=lc.case.pk), ["perpetrator"], clients, SPECIAL)


def test_the_hearing_form_lists_sessions_in_the_indonesian_date_format(personas: Any) -> None:
    """Walk finding 15: the session list read "20/12/2026 09:00" (no zone) on an Indonesian page."""
    from sigap.core.dates import format_when

    lc = legal_case(personas)
    track = at_prosecution(personas, lc)
    session = session_plan(actor=personas["head"], case=lc.case, data=plan_data())
    client = personas.client("case_manager")
    client.cookies["sigap_language"] = "id"
    page = client.get(reverse("assistance:legal_hearing", kwargs={"track_id": track.pk})).content.decode()
    from django.utils import timezone, translation

    with translation.override("id"):
        shown = format_when(session.planned_start)
    assert shown.endswith("WITA") and shown in page
    assert timezone.localtime(session.planned_start).strftime("%d/%m/%Y") not in page
