"""Assessment: versions, sections by the case manager or the assigned expert, completion with a risk
re-rating, the START_PLANNING guard and the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.models.plan import Assessment, AssessmentSection
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.assessment import (
    assessment_complete,
    assessment_section_assign,
    assessment_section_write,
    assessment_start,
    latest_assessment,
)
from sigap.cases.services.lifecycle import case_revise, case_start_planning
from sigap.cases.tests.casework_steps import complete_assessment, walk_to
from sigap.cases.tests.factories import make_case, victim_data
from sigap.cases.timeline.case import case_timeline

SECRET = "Canary trauma symptoms noted."


def _in_assessment(personas: Any) -> Case:
    return walk_to(make_case(personas, victim=victim_data()), CaseState.ASESMEN)


def _started(case: Case) -> Assessment:
    """The assessment that "Mulai asesmen" (case_start_assessment) started with the step."""
    found = latest_assessment(case)
    assert found is not None and not found.is_completed
    return found


def test_planning_needs_a_completed_assessment(personas: Any) -> None:
    case = _in_assessment(personas)
    manager = personas["case_manager"]
    with pytest.raises(TransitionRefused) as refused:
        case_start_planning(actor=manager, case=case)
    assert refused.value.messages == ["Complete the assessment first."]  # started with the step, not completed
    assessment = _started(case)
    for section in assessment.sections.all():
        assessment_section_write(actor=manager, assessment=assessment, area=section.area, text="Noted.")
    assessment_complete(actor=manager, assessment=assessment, risk_level="TINGGI")
    case = case_start_planning(actor=manager, case=case)
    assert case.state == CaseState.RENCANA_INTERVENSI and case.risk_level == "TINGGI"


def test_it_starts_only_in_assessment_and_one_at_a_time(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    with pytest.raises(TransitionRefused):
        assessment_start(actor=personas["case_manager"], case=case)  # still KASUS_DIBUKA
    case = walk_to(case, CaseState.ASESMEN)
    with pytest.raises(TransitionRefused):
        assessment_start(actor=personas["expert"], case=case)
    # The step "Mulai asesmen" started the first version: nothing to start again (walkfix1).
    first = _started(case)
    assert first.version == 1 and first.sections.count() == 6 and first.risk_before == "SEDANG"
    assert first.started_by == personas["case_manager"] and Assessment.objects.filter(case=case).count() == 1
    with pytest.raises(TransitionRefused):
        assessment_start(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused):
        assessment_start(actor=personas["case_manager"], case=case)


def test_the_assigned_expert_writes_their_section(personas: Any) -> None:
    case = _in_assessment(personas)
    manager, expert = personas["case_manager"], personas["expert"]
    assessment = _started(case)
    with pytest.raises(TransitionRefused):
        assessment_section_write(actor=expert, assessment=assessment, area="PSYCHOLOGICAL", text="x")  # unassigned
    with pytest.raises(TransitionRefused):
        assessment_section_assign(actor=expert, assessment=assessment, area="PSYCHOLOGICAL", expert=expert)
    with pytest.raises(TransitionRefused):
        assessment_section_assign(  # the case manager is not an expert of the team
            actor=manager, assessment=assessment, area="PSYCHOLOGICAL", expert=personas["case_manager"]
        )
    assessment_section_assign(actor=manager, assessment=assessment, area="PSYCHOLOGICAL", expert=expert)
    with pytest.raises(TransitionRefused):
        assessment_section_write(actor=manager, assessment=assessment, area="PSYCHOLOGICAL", text="x")
    section = assessment_section_write(actor=expert, assessment=assessment, area="PSYCHOLOGICAL", text=SECRET)
    assert section.written_by == expert and section.is_written
    with pytest.raises(TransitionRefused):
        assessment_section_write(actor=manager, assessment=assessment, area="NOT_AN_AREA", text="x")
    with pytest.raises(TransitionRefused):
        assessment_section_write(actor=manager, assessment=assessment, area="SOCIAL", text="   ")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM {AssessmentSection._meta.db_table}")  # noqa: S608
        stored = " ".join(str(row[0]) for row in cursor.fetchall())
    assert "Canary" not in stored
    assert SECRET not in str(list(AuditEvent.objects.values_list("new_values", flat=True)))


def test_completion_needs_every_section_and_rerates_risk(personas: Any) -> None:
    case = _in_assessment(personas)
    manager = personas["case_manager"]
    assessment = _started(case)
    assessment_section_write(actor=manager, assessment=assessment, area="LEGAL", text="Report to police.")
    with pytest.raises(TransitionRefused) as refused:
        assessment_complete(actor=manager, assessment=assessment, risk_level="RENDAH")
    assert refused.value.messages[0].startswith("Sections still to write:")
    for area in ("PHYSICAL", "PSYCHOLOGICAL", "SOCIAL", "ECONOMIC", "EDUCATION"):
        assessment_section_write(actor=manager, assessment=assessment, area=area, text="Not applicable.")
    with pytest.raises(TransitionRefused):
        assessment_complete(actor=manager, assessment=assessment, risk_level="EXTREME")
    with pytest.raises(TransitionRefused):
        assessment_complete(actor=personas["expert"], assessment=assessment, risk_level="RENDAH")
    done = assessment_complete(actor=manager, assessment=assessment, risk_level="RENDAH")
    case.refresh_from_db()
    assert case.risk_level == "RENDAH" and done.risk_after == "RENDAH" and done.completed_by == manager
    with pytest.raises(TransitionRefused):
        assessment_section_write(actor=manager, assessment=done, area="LEGAL", text="Late.")
    texts = [entry.text for entry in case_timeline(case)]
    assert "Assessment completed; risk re-rated." in texts and "Category or risk level changed." in texts


def test_a_reassessment_after_monitoring_is_a_new_version(personas: Any) -> None:
    case = walk_to(make_case(personas, victim=victim_data()), CaseState.PEMANTAUAN)
    manager = personas["case_manager"]
    case = case_revise(actor=manager, case=case, to_state=CaseState.ASESMEN, note="Needs changed.")
    with pytest.raises(TransitionRefused):
        case_start_planning(actor=manager, case=case)  # the old assessment predates the return
    complete_assessment(case, risk_level="SEDANG")
    assert list(Assessment.objects.filter(case=case).values_list("version", flat=True)) == [2, 1]
    assert case_start_planning(actor=manager, case=case).state == CaseState.RENCANA_INTERVENSI


def test_assessment_pages(personas: Any) -> None:
    case = _in_assessment(personas)
    manager, expert = personas.client("case_manager"), personas.client("expert")
    url = reverse("cases:assessment_detail", kwargs={"case_id": case.pk})
    # Started with the step: the page offers no second start (only a reassessment, once completed).
    assert not manager.get(url).context["can_start"]
    assert expert.post(reverse("cases:assessment_start", kwargs={"case_id": case.pk})).status_code == 403
    assert manager.post(reverse("cases:assessment_start", kwargs={"case_id": case.pk})).status_code == 302
    assessment = Assessment.objects.get()
    assign = reverse("cases:assessment_assign", kwargs={"case_id": case.pk})
    assert manager.post(assign, {"area": "PSYCHOLOGICAL", "expert": personas["expert"].pk}).status_code == 302
    assert manager.post(assign, {"area": "PSYCHOLOGICAL", "expert": personas["head"].pk}).status_code == 302
    assert AssessmentSection.objects.get(assessment=assessment, area="PSYCHOLOGICAL").assignee == personas["expert"]
    section_url = reverse("cases:assessment_section", kwargs={"case_id": case.pk, "area": "PSYCHOLOGICAL"})
    assert manager.get(section_url).status_code == 403
    assert expert.post(section_url, {"text": SECRET}).status_code == 302
    page = expert.get(url)
    assert page.status_code == 200 and SECRET in page.content.decode()
    assert (
        reverse("cases:assessment_section", kwargs={"case_id": case.pk, "area": "SOCIAL"}) not in page.content.decode()
    )
    bogus = reverse("cases:assessment_section", kwargs={"case_id": case.pk, "area": "bogus"})
    assert manager.get(bogus).status_code == 404
    complete = reverse("cases:assessment_complete", kwargs={"case_id": case.pk})
    response = manager.post(complete, {"risk_level": "RENDAH"}, follow=True)
    assert len(response.context["messages"]) == 1 and not Assessment.objects.get().is_completed
    assert personas.client("other_head").get(url).status_code == 404


def test_no_assessment_form_input_gives_a_500(personas: Any) -> None:
    from sigap.cases.tests.casework_fuzz import fuzz_post, url

    case = _in_assessment(personas)
    clients = [personas.client("head"), personas.client("case_manager"), personas.client("expert")]
    fuzz_post(url("assessment_assign", case_id=case.pk), ["area", "expert"], clients)
    fuzz_post(url("assessment_section", case_id=case.pk, area="SOCIAL"), ["text"], clients)
    fuzz_post(url("assessment_complete", case_id=case.pk), ["risk_level"], clients)
    fuzz_post(url("assessment_start", case_id=case.pk), ["x"], clients)


def test_a_closed_case_takes_no_assessment_writes(personas: Any) -> None:
    from sigap.cases.services.closure import case_approve_closure, case_request_closure

    case = _in_assessment(personas)
    assessment = _started(case)
    case = case_request_closure(actor=personas["head"], case=case, reason="TIDAK_DAPAT_DIHUBUNGI", summary="Gone.")
    case_approve_closure(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused) as refused:
        assessment_section_write(actor=personas["case_manager"], assessment=assessment, area="LEGAL", text="x")
    assert refused.value.messages == ["A closed case cannot be changed; reopen it first."]


def test_a_completed_assessment_points_on_to_planning_not_to_a_new_one(personas: Any) -> None:
    """Walk #14: after "Complete" the only button was a blue "Start a reassessment"."""
    case = _in_assessment(personas)
    client = personas.client("case_manager")
    url = reverse("cases:assessment_detail", kwargs={"case_id": case.pk})
    assert 'id="assessment-next"' not in client.get(url).content.decode()  # not complete yet
    complete_assessment(case, actor=personas["case_manager"])
    page = client.get(url).content.decode()
    assert 'id="assessment-next"' in page and "The assessment is complete. Next: the intervention plan" in page
    assert reverse("cases:case_detail", kwargs={"case_id": case.pk}) + "#steps-heading" in page
    restart = page[page.index(reverse("cases:assessment_start", kwargs={"case_id": case.pk})) :]
    assert 'class="btn btn-outline-secondary btn-sm"' in restart[: restart.index("</form>")]
