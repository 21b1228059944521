"""The generator's consents, assessments and intervention plans pass the product's own rules and guards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

import bench.consents
import bench.interventions
from bench.generator import RunConfig, generate
from sigap.audit.models import AuditEvent
from sigap.audit.selectors import audit_chain_verify
from sigap.audit.services import audit_diff
from sigap.cases.classification import safe_fields
from sigap.cases.kinds import PLAN_APPROVAL
from sigap.cases.models import OPEN_STATES, Case, CaseState, CaseStateChange
from sigap.cases.models.consent import ChildAssent, Consent, ConsentGiver, ConsentScope
from sigap.cases.models.people import Person, PersonRole
from sigap.cases.models.plan import Assessment, AssessmentSection, Plan, PlanItem, PlanItemStatus, PlanState
from sigap.cases.services.assessment import assessment_completed_guard
from sigap.cases.services.consent import consent_problem, is_child_on, services_consent_guard
from sigap.cases.services.incident import case_has_tpks
from sigap.cases.services.plan import MEDIATION, is_provider_candidate, plan_approved_guard, plan_items_resolved_guard
from sigap.work.models import WorkItem

N = 80
ORDER = [
    CaseState.KASUS_DIBUKA,
    CaseState.ASESMEN,
    CaseState.RENCANA_INTERVENSI,
    CaseState.INTERVENSI,
    CaseState.PEMANTAUAN,
    CaseState.TERMINASI,
    CaseState.ARSIP,
]


def reached(case: Case, state: str) -> bool:
    return ORDER.index(CaseState(case.state)) >= ORDER.index(CaseState(state))


def entered(case: Case, state: str) -> dt.datetime | None:
    change = CaseStateChange.objects.filter(case=case, to_state=state).first()
    return change.changed_at if change is not None else None


@pytest.fixture
def generated(db: None) -> RunConfig:
    config = RunConfig(cases=N, units=2, years=3, batch_size=30, now=timezone.now())
    generate(config)
    return config


def test_every_case_past_opening_passes_the_casework_guards(generated: RunConfig) -> None:
    seen = set()
    for case in Case.objects.select_related("unit"):
        if reached(case, CaseState.ASESMEN):
            assert services_consent_guard(case) is None, case.number
        if reached(case, CaseState.RENCANA_INTERVENSI):
            assert assessment_completed_guard(case) is None, case.number
        if reached(case, CaseState.INTERVENSI):
            assert plan_approved_guard(case) is None, case.number
        if case.closure_requested_at is not None:
            assert plan_items_resolved_guard(case) is None, case.number
        seen.add(case.state)
    assert {CaseState.TERMINASI, CaseState.PEMANTAUAN} <= seen


def test_consents_follow_the_rules_for_children_and_adults(generated: RunConfig) -> None:
    consents = list(Consent.objects.select_related("victim__person", "guardian", "case__unit"))
    assert consents
    for consent in consents:
        assert consent_problem(consent) is None
        assert consent.victim.role == PersonRole.VICTIM and consent.victim.case_id == consent.case_id
        if is_child_on(consent.victim, consent.given_on):
            assert consent.given_by in (ConsentGiver.PARENT_GUARDIAN, ConsentGiver.HEAD_OVERRIDE)
            assert consent.child_assent in (ChildAssent.GIVEN, ChildAssent.REFUSED, ChildAssent.NOT_ABLE)
        else:
            assert consent.given_by == ConsentGiver.VICTIM and consent.child_assent == ""
        if consent.given_by == ConsentGiver.PARENT_GUARDIAN:
            assert consent.guardian is not None and consent.guardian.role == PersonRole.PARENT_GUARDIAN
        assert (consent.scope == ConsentScope.SHARING) == bool(consent.agency) == bool(consent.purpose)
        assert consent.recorded_at <= generated.now  # type: ignore[operator]
        assert consent.given_on == timezone.localdate(consent.recorded_at, consent.case.unit.zone)
        if consent.withdrawn_on is not None:
            assert consent.given_on <= consent.withdrawn_on and consent.withdrawn_at <= generated.now  # type: ignore[operator]
        if consent.scope == ConsentScope.SERVICES:
            started = entered(consent.case, CaseState.ASESMEN)
            assert started is None or consent.recorded_at < started  # given before the assessment


def test_proportions_of_consents_assessments_and_plans(generated: RunConfig) -> None:
    cases = list(Case.objects.all())
    scopes = {scope: Consent.objects.filter(scope=scope).count() for scope in ConsentScope.values}
    assert scopes[ConsentScope.SERVICES] >= 0.9 * N  # every case past opening, 90 % of the others
    assert 0.65 < scopes[ConsentScope.SIMFONI] / N < 0.98  # ~85 %
    planned = sum(reached(c, CaseState.RENCANA_INTERVENSI) for c in cases)
    assert 0 < scopes[ConsentScope.SHARING] < planned  # one per partner agency named by a plan
    assert scopes[ConsentScope.EVIDENCE] == 0
    assessed = sum(reached(c, CaseState.ASESMEN) for c in cases)
    assert Assessment.objects.count() == assessed and Plan.objects.count() == planned
    assert AssessmentSection.objects.count() == 6 * assessed
    per_plan = PlanItem.objects.count() / planned
    assert 2 <= per_plan <= 5.5


def test_assessments_are_written_and_completed_in_time(generated: RunConfig) -> None:
    for assessment in Assessment.objects.select_related("case"):
        case = assessment.case
        start = entered(case, CaseState.ASESMEN)
        assert start is not None and assessment.started_at >= start and assessment.version == 1
        sections = list(assessment.sections.all())
        for section in sections:
            if section.written_at is not None:
                assert section.text.startswith("Temuan sintetis") and section.written_at >= assessment.started_at
                assert section.written_by_id == (section.assignee_id or case.opened_by_id)
        moved_on = entered(case, CaseState.RENCANA_INTERVENSI)
        if moved_on is not None:
            assert assessment.completed_at is not None and assessment.completed_at <= moved_on
            assert all(s.written_at is not None for s in sections) and assessment.risk_after == case.risk_level
        else:
            assert assessment.completed_at is None


def test_plans_are_approved_before_intervention_and_resolved_before_closure(generated: RunConfig) -> None:
    states = set()
    for plan in Plan.objects.select_related("case__unit"):
        case = plan.case
        states.add(plan.state)
        assert plan.goals.startswith("Tujuan sintetis") and plan.made_with_victim_how
        items = list(plan.items.select_related("provider_user"))
        for item in items:
            assert (item.provider_user_id is None) != (item.provider_agency == "")
            if item.provider_user is not None:
                assert is_provider_candidate(case, item.provider_user)
            assert item.target_date >= item.created_at.date()
            if item.service == MEDIATION:
                assert not case_has_tpks(case)  # UU TPKS Pasal 23
            if item.status == PlanItemStatus.CANCELLED:
                assert item.cancel_reason.startswith("Dibatalkan")
            if item.status != PlanItemStatus.PLANNED:
                assert plan.decided_at is not None and plan.decided_at <= item.status_changed_at <= generated.now  # type: ignore[operator]
            if case.closure_requested_at is not None:
                assert item.is_resolved and item.status_changed_at <= case.closure_requested_at
        started = entered(case, CaseState.INTERVENSI)
        if started is not None:
            assert plan.state == PlanState.APPROVED and plan.decided_at <= started  # type: ignore[operator]
        else:
            assert case.state == CaseState.RENCANA_INTERVENSI and plan.state != PlanState.APPROVED
        waiting = WorkItem.objects.filter(kind=PLAN_APPROVAL, object_id=str(case.pk))
        assert waiting.count() == (1 if plan.state == PlanState.SUBMITTED else 0)
        if plan.state == PlanState.SUBMITTED:
            item = waiting.get()
            assert item.responsible_id == case.unit.memberships.get(role="HEAD").user_id
            assert item.state in (WorkItem.State.OPEN, WorkItem.State.MISSED)
    assert PlanState.APPROVED in states
    assert (
        not PlanItem.objects.filter(plan__case__state__in=list(OPEN_STATES - {CaseState.PEMANTAUAN}))
        .filter(plan__case__closure_requested_at__isnull=False)
        .exclude(status__in=[PlanItemStatus.DONE, PlanItemStatus.CANCELLED])
    )


def test_encrypted_casework_values_are_ciphertext_at_rest_and_decrypt(generated: RunConfig) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT purpose, witness, override_reason FROM cases_consent")
        consent_rows = cursor.fetchall()
        cursor.execute("SELECT goals, made_with_victim_how, comment FROM cases_plan")
        plan_rows = cursor.fetchall()
        cursor.execute("SELECT text FROM cases_assessmentsection")
        section_rows = cursor.fetchall()
        cursor.execute("SELECT cancel_reason FROM cases_planitem")
        item_rows = cursor.fetchall()
    for row in [*consent_rows, *plan_rows, *section_rows, *item_rows]:
        assert all(value.startswith("v1:") for value in row)  # even the empty ones: nothing tells them apart
    assert {c.purpose for c in Consent.objects.filter(scope=ConsentScope.SHARING)} <= set(
        bench.interventions.PURPOSE.format(service=s.lower().replace("_", " ")) for s in bench.interventions.PARTNERS
    )


def test_audit_events_name_the_records_never_their_content(generated: RunConfig) -> None:
    assert not audit_chain_verify().breaks
    for consent in Consent.objects.all():
        events = AuditEvent.objects.filter(object_id=str(consent.case_id), changed_fields=["consents"])
        mine = [e for e in events if e.new_values["consents"]["consent"] == str(consent.pk)]
        assert len(mine) == (2 if consent.withdrawn_on else 1)
        override = consent.given_by == ConsentGiver.HEAD_OVERRIDE
        assert mine[0].action == ("OVERRIDE" if override else "UPDATE") and bool(mine[0].reason) == override
    plan_events = AuditEvent.objects.filter(changed_fields=["plan"])
    assert plan_events.count() >= Plan.objects.count() + PlanItem.objects.count()
    secrets = ["Tujuan sintetis", "Temuan sintetis", "Dibatalkan", "Rujukan layanan", "Komentar sintetis"]
    for event in AuditEvent.objects.filter(changed_fields__in=[["plan"], ["assessment"], ["consents"]]):
        text = str(event.new_values) + event.reason
        assert not any(secret in text for secret in secrets)


def test_person_events_are_what_the_product_records(generated: RunConfig) -> None:
    person_safe = safe_fields("Person")
    for person in Person.objects.all()[:40]:
        event = AuditEvent.objects.get(object_type="cases.person", object_id=str(person.pk))
        diff = audit_diff(before=None, after=person, safe_fields=person_safe)  # the product's, on the stored row
        assert event.changed_fields == diff.changed_fields and event.new_values == diff.new


def test_rare_branches_withdrawals_returned_plans_and_best_interest_decisions(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench.consents, "SIMFONI_WITHDRAWN", 1.0)
    monkeypatch.setattr(bench.consents, "SHARING_WITHDRAWN", 1.0)
    monkeypatch.setattr(bench.interventions, "RETURNED_ONCE", 1.0)
    monkeypatch.setattr(bench.interventions, "CANCELLED", 0.5)
    monkeypatch.setattr(bench.interventions, "CURRENT_STATES", [(PlanState.SUBMITTED, 1.0)])
    generate(RunConfig(cases=30, units=1, years=2, batch_size=30))
    simfoni = Consent.objects.filter(scope=ConsentScope.SIMFONI)
    assert simfoni.exists() and not simfoni.filter(withdrawn_on=None).exists()
    returned = Plan.objects.filter(state=PlanState.APPROVED)
    assert returned.exists()
    for plan in returned:
        events = [e.new_values["plan"]["event"] for e in AuditEvent.objects.filter(changed_fields=["plan"])]
        assert {"returned", "changed", "approved"} <= set(events)
        assert plan.comment == ""  # the last decision (the approval) has no comment
    assert PlanItem.objects.filter(status=PlanItemStatus.CANCELLED).exists()
    for consent in Consent.objects.select_related("victim__person", "guardian", "case"):
        assert consent_problem(consent) is None
    assert not audit_chain_verify().breaks


def test_a_child_without_a_recorded_guardian_gets_the_heads_decision(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.plans

    monkeypatch.setattr(bench.plans, "GUARDIAN_SHARE", 0.0)
    generate(RunConfig(cases=40, units=1, years=2, batch_size=40))
    children = [
        c
        for c in Consent.objects.select_related("victim__person", "case", "recorded_by").filter(
            scope=ConsentScope.SERVICES
        )
        if is_child_on(c.victim, c.given_on)
    ]
    assert children
    for consent in children:
        assert not consent.case.persons.filter(role=PersonRole.PARENT_GUARDIAN).exists()
        assert consent.given_by == ConsentGiver.HEAD_OVERRIDE and consent_problem(consent) is None
        assert consent.recorded_by.username.endswith("_head") and len(consent.override_reason) >= 20
        event = AuditEvent.objects.get(action="OVERRIDE", new_values__consents__consent=str(consent.pk))
        assert event.actor_role == "HEAD" and "encrypted" in event.reason
