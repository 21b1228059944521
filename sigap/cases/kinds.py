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
# Hand-offs to one person (sigap/cases/services/handoffs.py): each closes when that person acts.
TEAM_JOINED = "case_team_joined"
FIRST_CONTACT = "case_first_contact"
ASSESSMENT_SECTION = "case_assessment_section"
PLAN_REVISION = "case_plan_revision"


def register_case_kinds() -> None:
    # A closure request waits in the HEAD's approval queue; it escalates when left too long.
    register_kind(
        CLOSURE_APPROVAL,
        _("Case closure awaiting approval"),
        approval=True,
        url_name="cases:case_detail",
        subject=_("The closure of case"),
    )
    # A submitted intervention plan waits in the HEAD's approval queue (closed when approved/returned).
    register_kind(
        PLAN_APPROVAL,
        _("Intervention plan awaiting approval"),
        approval=True,
        url_name="cases:plan_detail",
        subject=_("The intervention plan of case"),
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
    # Put on a case team: read the case file (done when the member opens it from the link or the list).
    register_kind(
        TEAM_JOINED,
        _("Read the case file you joined"),
        url_name="cases:team_member_go",
    )
    # Case manager of a high-risk child case: first contact with the child within 24 hours (the unit's
    # rule, as fast as the 1×24 h protection orders of UU TPKS/PKDRT, domain.md §C); done when the
    # assessment starts (it starts with that first meeting).
    register_kind(
        FIRST_CONTACT,
        _("First contact with the child of a high-risk case (within 24 hours)"),
        remind_before=timedelta(hours=6),
        url_name="cases:case_detail",
    )
    # A section of the assessment given to an expert: done when it is written, cancelled when given back.
    register_kind(
        ASSESSMENT_SECTION,
        _("Write your section of the assessment"),
        remind_before=timedelta(days=1),
        url_name="cases:section_go",
    )
    # A plan the HEAD returned: done when the case manager submits it again.
    register_kind(
        PLAN_REVISION,
        _("Revise the returned intervention plan"),
        url_name="cases:plan_detail",
        subject=_("The intervention plan of case"),
    )
