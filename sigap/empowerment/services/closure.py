"""The closure guard "goals achieved" and the HEAD's recorded reason to close so without the outcome.

A case may be closed with the reason ``TUJUAN_TERCAPAI`` (domain.md §C.16) only when, besides the plan's services
(the case file's own guard): no empowerment programme is still planned or in progress, the last recorded
indicators say "independent" (when the case has an empowerment plan or needs), and the last recorded follow-up
found the goals met (when one was recorded). Or the HEAD has recorded why it may close anyway (``GoalsOverride``,
valid until the case is reopened). A case without any empowerment record has no economic goal to meet.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.models import Case, CaseState, CaseStateChange
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import is_head_of
from sigap.empowerment.models import (
    FollowUp,
    FollowUpStatus,
    GoalsOverride,
    GoalsProgress,
    HouseholdNeeds,
    OutcomeRecord,
    Programme,
)
from sigap.empowerment.models.programme import OPEN_PROGRAMME_STATUSES
from sigap.empowerment.services.common import audit_empowerment, clean_text, locked_case

GOALS_ACHIEVED = "TUJUAN_TERCAPAI"


def override_in_force(case: Case) -> GoalsOverride | None:
    """The HEAD's override recorded since the case was last reopened (None: none in force)."""
    reopened = (
        CaseStateChange.objects.filter(case=case, from_state=CaseState.TERMINASI)
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    rows = GoalsOverride.objects.filter(case=case)
    if reopened is not None:
        rows = rows.filter(recorded_at__gt=reopened)
    return rows.order_by("-recorded_at").first()


def goals_open(case: Case) -> list[str]:
    """What still stands between the case and "goals achieved" (empty: nothing)."""
    found: list[str] = []
    open_programmes = Programme.objects.filter(case=case, status__in=OPEN_PROGRAMME_STATUSES).count()
    if open_programmes:
        found.append(
            _("%(n)d empowerment programme(s) still planned or in progress: finish or cancel them.")
            % {"n": open_programmes}
        )
    has_plan = Programme.objects.filter(case=case).exists() or HouseholdNeeds.objects.filter(case=case).exists()
    if has_plan:
        latest = OutcomeRecord.objects.filter(case=case).order_by("-recorded_at").first()
        if latest is None or not latest.independent:
            found.append(_("The last follow-up did not find the victim independent (the unit's definition)."))
    last = (
        FollowUp.objects.filter(case=case, status=FollowUpStatus.DONE)
        .order_by("-recorded_at")
        .values_list("goals_progress", flat=True)
        .first()
    )
    if last is not None and last != GoalsProgress.MET:
        found.append(_("The last follow-up did not find the goals of the plan met."))
    return found


def goals_achieved_guard(case: Case, reason: str) -> str | None:
    """The closure guard registered with the case file (``register_closure_guard``)."""
    if reason != GOALS_ACHIEVED:
        return None
    found = goals_open(case)
    if not found or override_in_force(case) is not None:
        return None
    return " ".join(
        [*found, _("Or the head of the unit records why the case may close as “goals achieved” (empowerment page).")]
    )


@transaction.atomic
def goals_override_record(*, actor: User, case: Case, reason: str, request: HttpRequest | None = None) -> GoalsOverride:
    """The HEAD records why the case may close as "goals achieved" although goals are open (audited)."""
    locked = locked_case(case)
    if not is_head_of(actor, locked):
        raise TransitionRefused(_("Only the head of the unit can record this."))
    if not locked.is_open:
        raise TransitionRefused(_("A closed case cannot be changed; reopen it first."))
    text = clean_text(reason, required=_("Write why the case may close although goals are open."))
    row = GoalsOverride.objects.create(case=locked, reason=text, recorded_at=timezone.now(), recorded_by=actor)
    audit_empowerment(actor=actor, case=locked, event="override", open=len(goals_open(locked)), request=request)
    return row
