"""The work-item kinds the case file creates (see sigap.work.kinds)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sigap.work.kinds import register_kind

CLOSURE_APPROVAL = "case_closure_approval"
PLAN_APPROVAL = "case_plan_approval"
PERSON_LINK_APPROVAL = "case_person_link_approval"
TEAM_ASSIGNMENT = "case_team_assignment"
BREAK_GLASS_REVIEW = "case_break_glass_review"


def register_case_kinds() -> None:
    # A closure request waits in the HEAD's approval queue; it escalates when left too long.
    register_kind(
        CLOSURE_APPROVAL,
        _("Case closure awaiting approval"),
        approval=True,
        url_name="cases:case_detail",
    )
    # A submitted intervention plan waits in the HEAD's approval queue (closed when approved/returned).
    register_kind(
        PLAN_APPROVAL,
        _("Intervention plan awaiting approval"),
        approval=True,
        url_name="cases:plan_detail",
    )
    # Linking a person who is on a case the requester may not see waits for the HEAD (finding 1).
    register_kind(
        PERSON_LINK_APPROVAL,
        _("Person link awaiting approval"),
        approval=True,
        url_name="cases:case_detail",
    )
    # A case opened without a case manager (e.g. from a complaint by the intake officer) waits for the
    # HEAD to assign its team; done when a case manager is assigned, escalated to every HEAD if missed.
    register_kind(
        TEAM_ASSIGNMENT,
        _("Assign the case team"),
        url_name="cases:case_team",
    )
    # Every emergency access to a restricted case waits for the unit's AUDITOR to review it. Not
    # escalated: the HEAD it would go to is the one whose access is under review.
    register_kind(
        BREAK_GLASS_REVIEW,
        _("Review an emergency access"),
        remind_before=timedelta(days=1),
        escalate=False,
        url_name="audit:break_glass_review",
    )
