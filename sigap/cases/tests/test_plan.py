"""Intervention plan: draft → submit (HEAD work item) → approve/return, items and their statuses, the
START_INTERVENTION and REQUEST_CLOSURE guards, mediation refused in TPKS cases, and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.cases.kinds import PLAN_APPROVAL
from sigap.cases.models import Case, CaseState
from sigap.cases.models.plan import Plan, PlanItem, PlanItemStatus, PlanState
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.closure import case_request_closure
from sigap.cases.services.incident import IncidentData, incident_record
from sigap.cases.services.lifecycle import case_revise, case_start_intervention, case_start_monitoring
from sigap.cases.services.plan import (
    plan_decide,
    plan_item_add,
    plan_item_remove,
    plan_item_set_status,
    plan_save,
    plan_submit,
)
from sigap.cases.tests.casework_steps import approve_plan, victims, walk_to
from sigap.cases.tests.factories import make_case, victim_data
from sigap.cases.timeline.case import case_timeline
from sigap.partners.models import Partner
from sigap.work.models import WorkItem

SOON = timezone.localdate() + dt.timedelta(days=14)
MEDIATION_REFUSED = "Mediation is not allowed: this case has a sexual-violence crime (UU TPKS Pasal 23)."


def _planning(personas: Any, **kwargs: Any) -> Case:
    return walk_to(make_case(personas, victim=victim_data(), **kwargs), CaseState.RENCANA_INTERVENSI)


def _draft(personas: Any, case: Case) -> Plan:
    return plan_save(
        actor=personas["case_manager"],
        case=case,
        goals="Canary goals: safety first.",
        made_with_victim=True,
        made_with_victim_how="Home visit with the victim.",
    )


def _tpks_incident(personas: Any, case: Case) -> None:
    incident_record(
        actor=personas["case_manager"],
        case=case,
        data=IncidentData(
            victim=victims(case)[0],
            date_from=timezone.localdate(),
            place="RUMAH_TANGGA",
            account="Account.",
            violence_types=["SEKSUAL"],
            tpks_forms=["KS_RUMAH_TANGGA"],
            gbv_type="SEXUAL_ASSAULT",
        ),
    )


def test_the_approval_flow_with_the_heads_work_item(personas: Any) -> None:
    case = _planning(personas)
    manager, head = personas["case_manager"], personas["head"]
    with pytest.raises(TransitionRefused) as refused:
        case_start_intervention(actor=manager, case=case)
    assert refused.value.messages == ["The head of the unit must approve the intervention plan first."]
    plan = _draft(personas, case)
    with pytest.raises(TransitionRefused):
        plan_submit(actor=manager, plan=plan)  # no service yet
    plan_item_add(actor=manager, plan=plan, service="PSIKOLOGIS", target_date=SOON, provider_user=personas["expert"])
    plan = plan_submit(actor=manager, plan=plan)
    item = WorkItem.objects.get(kind=PLAN_APPROVAL, object_id=str(case.pk))
    assert item.responsible == head and item.state == WorkItem.State.OPEN and item.kind_spec.approval
    assert item.target_url() == reverse("cases:plan_detail", kwargs={"case_id": case.pk})
    with pytest.raises(TransitionRefused):
        plan_item_add(actor=manager, plan=plan, service="KESEHATAN", target_date=SOON, provider_agency="RSUD")
    with pytest.raises(TransitionRefused):
        plan_decide(actor=manager, plan=plan, approve=True)  # HEAD only
    with pytest.raises(TransitionRefused):
        plan_decide(actor=head, plan=plan, approve=False)  # a return needs a comment
    plan = plan_decide(actor=head, plan=plan, approve=False, comment="Add health care.")
    assert plan.state == PlanState.RETURNED and plan.comment == "Add health care."
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE
    plan_item_add(actor=manager, plan=plan, service="KESEHATAN", target_date=SOON, provider_agency="RSUD")
    plan = plan_submit(actor=manager, plan=plan)
    assert WorkItem.objects.filter(kind=PLAN_APPROVAL, state=WorkItem.State.OPEN).count() == 1
    plan = plan_decide(actor=head, plan=plan, approve=True)
    assert plan.state == PlanState.APPROVED and plan.decided_by == head
    assert not WorkItem.objects.filter(kind=PLAN_APPROVAL, state=WorkItem.State.OPEN).exists()
    assert case_start_intervention(actor=manager, case=case).state == CaseState.INTERVENSI
    texts = [entry.text for entry in case_timeline(case)]
    assert "Intervention plan returned for changes by the head of the unit." in texts
    assert "Intervention plan approved by the head of the unit." in texts


def test_plan_rules(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    with pytest.raises(TransitionRefused):
        _draft(personas, case)  # not in the planning step
    case = walk_to(case, CaseState.RENCANA_INTERVENSI)
    with pytest.raises(TransitionRefused):
        plan_save(actor=personas["expert"], case=case, goals="x", made_with_victim=True, made_with_victim_how="y")
    plan = _draft(personas, case)
    again = _draft(personas, case)
    assert again.pk == plan.pk and Plan.objects.count() == 1  # the draft is changed, not duplicated
    manager = personas["case_manager"]
    bad = [
        {"service": "FLYING", "provider_agency": "X"},
        {"service": "KESEHATAN"},  # no provider
        {"service": "KESEHATAN", "provider_agency": "RSUD", "provider_user": personas["expert"]},  # both
        {"service": "KESEHATAN", "provider_user": personas["intake"]},  # not a provider role
        {"service": "KESEHATAN", "provider_user": personas["other_case_manager"]},  # another unit
        {"service": "KESEHATAN", "provider_agency": "RSUD", "target_date": timezone.localdate() - dt.timedelta(days=1)},
    ]
    for values in bad:
        kwargs = {"target_date": SOON, **values}
        with pytest.raises(TransitionRefused):
            plan_item_add(actor=manager, plan=plan, **kwargs)
    item = plan_item_add(actor=manager, plan=plan, service="KESEHATAN", target_date=SOON, provider_agency="RSUD")
    plan_item_remove(actor=manager, item=item)
    assert not PlanItem.objects.exists()
    with pytest.raises(TransitionRefused):
        plan_submit(actor=manager, plan=plan)
    no_how = plan_save(actor=manager, case=case, goals="Goals.", made_with_victim=False, made_with_victim_how="")
    plan_item_add(actor=manager, plan=no_how, service="KESEHATAN", target_date=SOON, provider_agency="RSUD")
    with pytest.raises(TransitionRefused):
        plan_submit(actor=manager, plan=no_how)  # say how (or why not) the victim took part


def test_mediation_is_refused_in_a_tpks_case(personas: Any) -> None:
    case = _planning(personas)
    manager = personas["case_manager"]
    plan = _draft(personas, case)
    # Before any TPKS incident, mediation may be planned...
    plan_item_add(actor=manager, plan=plan, service="MEDIASI", target_date=SOON, provider_user=personas["head"])
    _tpks_incident(personas, case)
    # ...but once one is recorded it is refused, and the plan cannot go forward with it.
    with pytest.raises(TransitionRefused) as refused:
        plan_item_add(actor=manager, plan=plan, service="MEDIASI", target_date=SOON, provider_agency="Mediator")
    assert refused.value.messages == [MEDIATION_REFUSED]
    with pytest.raises(TransitionRefused) as refused:
        plan_submit(actor=manager, plan=plan)
    assert refused.value.messages == [MEDIATION_REFUSED]


def test_a_tpks_incident_after_approval_blocks_the_intervention(personas: Any) -> None:
    case = _planning(personas)
    approve_plan(case, services=("MEDIASI",))
    _tpks_incident(personas, case)
    with pytest.raises(TransitionRefused) as refused:
        case_start_intervention(actor=personas["case_manager"], case=case)
    assert refused.value.messages == [MEDIATION_REFUSED]


def test_closure_waits_for_every_service(personas: Any) -> None:
    case = walk_to(make_case(personas, victim=victim_data()), CaseState.INTERVENSI)
    manager = personas["case_manager"]
    item = PlanItem.objects.get(plan__case=case)
    with pytest.raises(TransitionRefused) as refused:
        case_request_closure(actor=manager, case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    assert refused.value.messages == ["Finish or cancel (with a reason) every service of the plan first (1 open)."]
    item = plan_item_set_status(actor=manager, item=item, status=PlanItemStatus.IN_PROGRESS)
    with pytest.raises(TransitionRefused):
        plan_item_set_status(actor=manager, item=item, status=PlanItemStatus.PLANNED)  # no way back
    with pytest.raises(TransitionRefused):
        plan_item_set_status(actor=manager, item=item, status=PlanItemStatus.CANCELLED)  # needs a reason
    with pytest.raises(TransitionRefused):
        plan_item_set_status(actor=personas["expert"], item=item, status=PlanItemStatus.DONE)  # not the provider
    item = plan_item_set_status(
        actor=manager, item=item, status=PlanItemStatus.CANCELLED, reason="The victim moved to another province."
    )
    assert item.is_resolved
    case = case_request_closure(actor=manager, case=case, reason="PINDAH_WILAYAH", summary="Moved.")
    assert case.closure_pending


def test_the_provider_updates_their_service_and_a_new_version_follows_monitoring(personas: Any) -> None:
    case = _planning(personas)
    manager, expert = personas["case_manager"], personas["expert"]
    plan = _draft(personas, case)
    item = plan_item_add(actor=manager, plan=plan, service="PSIKOLOGIS", target_date=SOON, provider_user=expert)
    plan_decide(actor=personas["head"], plan=plan_submit(actor=manager, plan=plan), approve=True)
    case = case_start_intervention(actor=manager, case=case)
    assert plan_item_set_status(actor=expert, item=item, status=PlanItemStatus.DONE).status == PlanItemStatus.DONE
    case = case_start_monitoring(actor=manager, case=case)
    case = case_revise(actor=manager, case=case, to_state=CaseState.RENCANA_INTERVENSI, note="Needs changed.")
    with pytest.raises(TransitionRefused):
        case_start_intervention(actor=manager, case=case)  # the approved plan predates the return
    second = approve_plan(case)
    assert second.version == 2
    assert case_start_intervention(actor=manager, case=case).state == CaseState.INTERVENSI


def _url(name: str, case: Case, **kwargs: Any) -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk, **kwargs})


def test_plan_pages(personas: Any) -> None:
    case = _planning(personas)
    manager, head, expert = personas.client("case_manager"), personas.client("head"), personas.client("expert")
    assert manager.get(_url("plan_item_add", case)).status_code == 302  # no draft yet: write the goals first
    bad = manager.post(_url("plan_edit", case), {"goals": ""})
    assert bad.status_code == 200 and "goals" in bad.context["form"].errors
    ok = manager.post(
        _url("plan_edit", case), {"goals": "Canary goals.", "made_with_victim": "on", "made_with_victim_how": "Met."}
    )
    assert ok.status_code == 302
    both = manager.post(
        _url("plan_item_add", case),
        {
            "service": "KESEHATAN",
            "provider_partner": Partner.objects.filter(unit=case.unit).first().pk,
            "provider_user": personas["expert"].pk,
            "target_date": SOON.isoformat(),
        },
    )
    assert both.status_code == 200 and both.context["form"].non_field_errors()
    added = manager.post(
        _url("plan_item_add", case),
        {"service": "KESEHATAN", "provider_user": personas["expert"].pk, "target_date": SOON.isoformat()},
    )
    assert added.status_code == 302
    assert manager.post(_url("plan_submit", case)).status_code == 302
    assert Plan.objects.get().state == PlanState.SUBMITTED
    queue = head.get(reverse("work:my_work"))
    assert _url("plan_detail", case) in queue.content.decode()  # in the HEAD's approval queue
    page = head.get(_url("plan_detail", case))
    assert page.status_code == 200 and "decision-form" in page.content.decode()
    assert "Canary goals." in expert.get(_url("plan_detail", case)).content.decode()
    assert manager.post(_url("plan_decide", case), {"decision": "approve"}).status_code == 403
    head.post(_url("plan_decide", case), {"decision": "return", "comment": ""})
    assert Plan.objects.get().state == PlanState.SUBMITTED  # a return without a comment is refused
    assert head.post(_url("plan_decide", case), {"decision": "approve"}).status_code == 302
    assert Plan.objects.get().state == PlanState.APPROVED
    item = PlanItem.objects.get()
    status_url = _url("plan_item_status", case, item_id=item.pk)
    assert expert.get(status_url).status_code == 200  # the provider
    bad_status = expert.post(status_url, {"status": "CANCELLED", "reason": ""})
    assert bad_status.status_code == 200 and "reason" in bad_status.context["form"].errors
    assert expert.post(status_url, {"status": "DONE"}).status_code == 302
    assert PlanItem.objects.get().status == PlanItemStatus.DONE
    assert personas.client("other_head").get(_url("plan_detail", case)).status_code == 404
    assert manager.get(_url("plan_item_status", case, item_id=999999)).status_code == 404


def test_before_planning_the_plan_page_points_to_the_case_page_s_next_steps(personas: Any) -> None:
    """Walk: "No plan yet. It is written when the case is in the intervention-plan step." and only "Back"."""
    case = walk_to(make_case(personas, victim=victim_data()), CaseState.ASESMEN)
    steps = _url("case_detail", case) + "#steps-heading"
    manager = personas.client("case_manager").get(_url("plan_detail", case)).content.decode()
    assert 'id="plan-start"' in manager and steps in manager
    assert "Start the intervention plan from the case page." in manager
    # Who cannot move the case forward gets no pointer; in the plan step the page itself offers the plan.
    assert 'id="plan-start"' not in personas.client("expert").get(_url("plan_detail", case)).content.decode()
    planning = walk_to(make_case(personas, victim=victim_data(nik="", phone="")), CaseState.RENCANA_INTERVENSI)
    assert 'id="plan-start"' not in personas.client("case_manager").get(_url("plan_detail", planning)).content.decode()


def test_no_plan_form_input_gives_a_500(personas: Any) -> None:
    from sigap.cases.tests.casework_fuzz import fuzz_post, url

    case = _planning(personas)
    plan = _draft(personas, case)
    plan_item_add(
        actor=personas["case_manager"], plan=plan, service="KESEHATAN", target_date=SOON, provider_agency="RSUD"
    )
    running = walk_to(make_case(personas, victim=victim_data(nik="", phone="")), CaseState.INTERVENSI)
    item = PlanItem.objects.get(plan__case=running)
    clients = [personas.client("head"), personas.client("case_manager"), personas.client("expert")]
    fuzz_post(url("plan_edit", case_id=case.pk), ["goals", "made_with_victim", "made_with_victim_how"], clients)
    fuzz_post(
        url("plan_item_add", case_id=case.pk), ["service", "provider_user", "provider_partner", "target_date"], clients
    )
    fuzz_post(url("plan_item_status", case_id=running.pk, item_id=item.pk), ["status", "reason"], clients)
    fuzz_post(url("plan_decide", case_id=case.pk), ["decision", "comment"], clients)
    fuzz_post(url("plan_submit", case_id=case.pk), ["x"], clients)
