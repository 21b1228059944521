"""Writes of the assessment (domain.md §B2 ``ASESMEN``) and the START_PLANNING guard.

- ``assessment_start``: the HEAD or the case manager starts a new version while the case is in
  assessment (a reassessment after monitoring is a new version); one open assessment at a time.
- ``assessment_section_assign``: a section is given to an expert of the team (or back to the manager).
- ``assessment_section_write``: the assigned expert writes it; an unassigned section is written by the
  case manager or the HEAD. The text is encrypted and never in the audit trail.
- ``assessment_complete``: every section written; the risk is re-rated through the case service.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case, CaseState, CaseStateChange, CaseTeamMember, TeamRole
from sigap.cases.models.plan import Assessment, AssessmentArea, AssessmentSection
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage
from sigap.cases.selectors.view import page_rows
from sigap.cases.services.handoffs import section_hand, section_written
from sigap.cases.services.lifecycle import case_update_classification
from sigap.core.choices import RiskLevel

MAX_SECTION_LENGTH = 20000


def latest_assessment(case: Case) -> Assessment | None:
    return Assessment.objects.filter(case=case).order_by("-version").first()


def entered_state_at(case: Case, state: str) -> datetime | None:
    """When the case last entered ``state`` (None if never)."""
    change = CaseStateChange.objects.filter(case=case, to_state=state).order_by("-changed_at", "-pk").first()
    return change.changed_at if change is not None else None


def assessment_completed_guard(case: Case) -> str | None:
    """START_PLANNING: an assessment completed since the case last entered assessment."""
    rows = page_rows(case)
    latest = rows.assessment if rows is not None else latest_assessment(case)
    entered = entered_state_at(case, CaseState.ASESMEN)
    if latest is None or latest.completed_at is None or (entered is not None and latest.completed_at < entered):
        return _("Complete the assessment first.")
    return None


def can_write_section(user: User, case: Case, section: AssessmentSection) -> bool:
    """The assigned expert (still on the team); for an unassigned section the HEAD or the case manager."""
    if section.assignee_id is None:
        return can_manage(user, case)
    return (
        section.assignee_id == user.pk and CaseTeamMember.objects.filter(case=case, user=user, is_active=True).exists()
    )


def _audit(*, actor: User, case: Case, values: dict[str, object], request: HttpRequest | None) -> None:
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["assessment"],
        new={"assessment": values},
        request=request,
    )


def _locked(case_id: Any) -> Case:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case_id)
    if not case.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))
    return case


def _open_assessment(assessment: Assessment) -> Assessment:
    row = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if row.is_completed:
        raise TransitionRefused(_("This assessment is completed; start a new one to reassess."))
    return row


@transaction.atomic
def assessment_start(*, actor: User, case: Case, request: HttpRequest | None = None) -> Assessment:
    """Start the next version of the assessment, with one empty section per area."""
    locked = _locked(case.pk)
    if not can_manage(actor, locked):
        raise TransitionRefused(_("Only the head of the unit or the case manager can start an assessment."))
    if locked.state != CaseState.ASESMEN:
        raise TransitionRefused(_("An assessment is made while the case is in the assessment step."))
    latest = latest_assessment(locked)
    if latest is not None and not latest.is_completed:
        raise TransitionRefused(_("An assessment is already in progress."))
    now = timezone.now()
    assessment = Assessment.objects.create(
        case=locked,
        version=(latest.version + 1) if latest is not None else 1,
        started_at=now,
        started_by=actor,
        risk_before=locked.risk_level,
    )
    AssessmentSection.objects.bulk_create(
        [AssessmentSection(assessment=assessment, area=area) for area in AssessmentArea.values]
    )
    _audit(
        actor=actor,
        case=locked,
        values={"assessment": str(assessment.pk), "version": assessment.version, "event": "started"},
        request=request,
    )
    return assessment


@transaction.atomic
def assessment_section_assign(
    *, actor: User, assessment: Assessment, area: str, expert: User | None, request: HttpRequest | None = None
) -> AssessmentSection:
    """Give a section to an expert of the team (``None``: back to the case manager)."""
    locked = _locked(assessment.case_id)
    if not can_manage(actor, locked):
        raise TransitionRefused(_("Only the head of the unit or the case manager can assign sections."))
    row = _open_assessment(assessment)
    section = AssessmentSection.objects.select_for_update().filter(assessment=row, area=area).first()
    if section is None:
        raise TransitionRefused(_("Choose an area of the assessment."))
    if (
        expert is not None
        and not CaseTeamMember.objects.filter(
            case=locked, user=expert, is_active=True, team_role=TeamRole.EXPERT
        ).exists()
    ):
        raise TransitionRefused(_("Choose an expert of the case team."))
    section.assignee = expert
    section.save(update_fields=["assignee"])
    section_hand(case=locked, section=section, expert=expert, actor=actor, now=timezone.now())
    _audit(
        actor=actor,
        case=locked,
        values={
            "assessment": str(row.pk),
            "area": area,
            "assignee": expert.pk if expert else None,
            "event": "assigned",
        },
        request=request,
    )
    return section


@transaction.atomic
def assessment_section_write(
    *, actor: User, assessment: Assessment, area: str, text: str, request: HttpRequest | None = None
) -> AssessmentSection:
    """Write (or rewrite) one section of an open assessment."""
    locked = _locked(assessment.case_id)
    row = _open_assessment(assessment)
    section = AssessmentSection.objects.select_for_update().filter(assessment=row, area=area).first()
    if section is None:
        raise TransitionRefused(_("Choose an area of the assessment."))
    if not can_write_section(actor, locked, section):
        raise TransitionRefused(_("Only the assigned expert (or, if none, the case manager) writes this section."))
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(_("Write the findings and needs (or “not applicable”)."))
    if len(text) > MAX_SECTION_LENGTH:
        raise TransitionRefused(_("The section is too long (at most 20000 characters)."))
    section.text, section.written_at, section.written_by = text, timezone.now(), actor
    section.save(update_fields=["text", "written_at", "written_by"])
    section_written(section=section, by=actor)
    _audit(
        actor=actor,
        case=locked,
        values={"assessment": str(row.pk), "area": area, "event": "written"},
        request=request,
    )
    return section


@transaction.atomic
def assessment_complete(
    *, actor: User, assessment: Assessment, risk_level: str, request: HttpRequest | None = None
) -> Assessment:
    """Complete the assessment: every section written, the case's risk re-rated to ``risk_level``."""
    locked = _locked(assessment.case_id)
    if not can_manage(actor, locked):
        raise TransitionRefused(_("Only the head of the unit or the case manager can complete an assessment."))
    row = _open_assessment(assessment)
    if risk_level not in RiskLevel.values:
        raise TransitionRefused(_("Choose the risk level after the assessment."))
    missing = AssessmentSection.objects.filter(assessment=row, written_at__isnull=True)
    if missing.exists():
        labels = ", ".join(str(AssessmentArea(a).label) for a in missing.values_list("area", flat=True))
        raise TransitionRefused(_("Sections still to write: %(areas)s.") % {"areas": labels})
    # Through the case service: same permission check, audit event and "closed case" rule.
    case_update_classification(
        actor=actor,
        case=locked,
        category=locked.category,
        category_subtype=locked.category_subtype,
        risk_level=risk_level,
        request=request,
    )
    row.risk_after, row.completed_at, row.completed_by = risk_level, timezone.now(), actor
    row.save(update_fields=["risk_after", "completed_at", "completed_by"])
    _audit(
        actor=actor,
        case=locked,
        values={"assessment": str(row.pk), "risk_after": risk_level, "event": "completed"},
        request=request,
    )
    return row
