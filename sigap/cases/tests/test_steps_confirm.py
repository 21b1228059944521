"""Steps that do not surprise (#21): a step back is confirmed with a reason, messages say what happened,
the first assessment is not a "reassessment", and emergency access shows its end on every page of the case."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from sigap.cases.models import BreakGlassGrant, Case, CaseState, CaseStateChange
from sigap.cases.models.people import CaseNote
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.services.lifecycle import case_start_assessment
from sigap.cases.services.team import break_glass_open
from sigap.cases.tests.casework_steps import complete_assessment, finish_plan_items, prepare, walk_to
from sigap.cases.tests.factories import make_case, victim_data
from sigap.cases.tests.test_case_actions import _both

NOTE = "The victim moved back in with the perpetrator."


def _url(name: str, case: Any, **kwargs: Any) -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk, **kwargs})


def _monitoring(personas: Any) -> Case:
    case = walk_to(make_case(personas, victim=victim_data()), CaseState.PEMANTAUAN, actor=personas["case_manager"])
    finish_plan_items(case)
    return case


def _state(case: Case) -> str:
    case.refresh_from_db()
    return case.state


def test_going_back_to_assessment_asks_confirmation_and_a_reason(personas: Any) -> None:
    case = _monitoring(personas)
    client = personas.client("case_manager")
    # A button posting straight to the step no longer moves the case: it leads to the confirmation.
    response = client.post(_url("case_transition", case), {"action": "revise_assessment"})
    assert response.status_code == 302 and _state(case) == CaseState.PEMANTAUAN
    page = client.get(_url("case_step_confirm", case, action="revise_assessment"))
    assert page.status_code == 200 and b'id="step-what-happens"' in page.content
    empty = client.post(_url("case_step_confirm", case, action="revise_assessment"), {"note": "  "})
    assert empty.status_code == 200 and empty.context["form"].errors["note"]
    assert _state(case) == CaseState.PEMANTAUAN
    done = client.post(_url("case_step_confirm", case, action="revise_assessment"), {"note": NOTE}, follow=True)
    assert _state(case) == CaseState.ASESMEN
    assert [str(m) for m in done.context["messages"]][0] in _both("The case is back in assessment.")
    last = CaseStateChange.objects.filter(case=case).last()
    assert last is not None and last.note == NOTE
    timeline = client.get(_url("case_timeline", case))
    assert NOTE in timeline.content.decode()


def test_the_head_sends_a_closure_back_only_with_a_comment(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    case_request_closure(actor=personas["case_manager"], case=case, reason="TIDAK_DAPAT_DIHUBUNGI", summary="Gone.")
    head = personas.client("head")
    head.post(_url("case_transition", case), {"action": "reject_closure"})
    case.refresh_from_db()
    assert case.closure_pending  # not sent back without a comment
    empty = head.post(_url("case_step_confirm", case, action="reject_closure"), {"note": ""})
    assert empty.status_code == 200 and empty.context["form"].errors["note"]
    comment = "Try the school counsellor once more before closing."
    assert head.post(_url("case_step_confirm", case, action="reject_closure"), {"note": comment}).status_code == 302
    case.refresh_from_db()
    assert not case.closure_pending
    assert any(comment in n.body for n in CaseNote.objects.filter(case=case))  # encrypted: no SQL search
    # The case manager reads it on the case page.
    assert comment in personas.client("case_manager").get(_url("case_detail", case)).content.decode()
    # The case manager cannot send a closure back.
    assert (
        personas.client("case_manager").get(_url("case_step_confirm", case, action="reject_closure")).status_code == 403
    )


def test_reopening_needs_a_reason_in_words(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    case = case_request_closure(actor=personas["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Ok.")
    case_approve_closure(actor=personas["head"], case=case)
    client = personas.client("case_manager")
    assert b'id="step-what-happens"' in client.get(_url("case_reopen", case)).content
    refused = client.post(_url("case_reopen", case), {"reason": "RELAPSE"})
    assert refused.status_code == 200 and refused.context["form"].errors["note"]
    assert _state(case) == CaseState.TERMINASI
    assert client.post(_url("case_reopen", case), {"reason": "RELAPSE", "note": NOTE}).status_code == 302
    last = CaseStateChange.objects.filter(case=case).last()
    assert last is not None and last.to_state == CaseState.ASESMEN and last.note == NOTE


def test_closing_without_monitoring_says_what_happens(personas: Any) -> None:
    early = make_case(personas, victim=victim_data(nik=None))
    client = personas.client("case_manager")
    assert b'id="closure-early"' in client.get(_url("case_request_closure", early)).content
    late = _monitoring(personas)
    assert b'id="closure-early"' not in client.get(_url("case_request_closure", late)).content


def test_the_message_after_a_step_says_what_happened(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    prepare(case, "start_assessment", actor=personas["case_manager"])
    response = personas.client("case_manager").post(
        _url("case_transition", case), {"action": "start_assessment"}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert shown and shown[0] in _both("Assessment started.")
    assert not set(shown) & _both("Done.")


def test_the_first_assessment_is_started_by_the_step_not_offered_again(personas: Any) -> None:
    """ "Mulai asesmen" on the case page starts the assessment record too (walkfix1, shots 53-55): the
    assessment page shows it in progress, with no second "Mulai asesmen"; a reassessment is offered once
    it is completed."""
    case = make_case(personas, victim=victim_data())
    prepare(case, "start_assessment", actor=personas["case_manager"])
    case_start_assessment(actor=personas["case_manager"], case=case)
    client = personas.client("case_manager")
    client.cookies["sigap_language"] = "id"
    page = client.get(_url("assessment_detail", case)).content.decode()
    assert "Sedang berjalan" in page
    assert "Mulai asesmen" not in page and "Mulai asesmen ulang" not in page
    complete_assessment(case, actor=personas["case_manager"])
    page = client.get(_url("assessment_detail", case)).content.decode()
    assert "Mulai asesmen ulang" in page


def test_emergency_access_shows_its_end_on_every_page_of_the_case(personas: Any) -> None:
    case = make_case(personas, restricted=True, experts=())
    break_glass_open(actor=personas["head"], case=case, reason="Court hearing today.")
    grant = BreakGlassGrant.objects.get(case=case)
    end = timezone.localtime(grant.expires_at, case.unit.zone)
    client = personas.client("head")
    for name in ("case_detail", "case_timeline", "assessment_detail"):
        page = client.get(_url(name, case)).content.decode()
        assert 'id="break-glass-banner"' in page, name
        assert f"{end:%H}.{end:%M} WITA" in page or f"{end:%H}:{end:%M} WITA" in page, name
    # The team's own pages of an unrestricted case carry no banner.
    other = make_case(personas, victim=victim_data())
    assert 'id="break-glass-banner"' not in client.get(_url("case_detail", other)).content.decode()
    # Once the grant has ended the banner is gone with the access.
    BreakGlassGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert 'id="break-glass-banner"' not in client.get(_url("case_detail", case), follow=True).content.decode()
