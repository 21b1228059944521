"""Hand-offs of the case file: whoever is given a task is told at once, and the task closes when they act.

Called by the services that make the hand-off (team, assessment, plan, closure, case opening), inside
their transaction, so the notification and the work item exist exactly when the change is committed.
Items and notifications carry the case number only (``title_key``), never a name (the e-mail digest
counts them, it names nothing).

Due times, each named in its kind's label (``sigap/cases/kinds.py``):

- read the case file you joined: one working day;
- first contact with the child of a high-risk case: 24 hours (the unit's rule);
- write an assessment section: five working days;
- revise a returned plan: three working days (as long as the HEAD has to decide on it).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Model

from sigap.accounts.models import User
from sigap.cases.kinds import ASSESSMENT_SECTION, FIRST_CONTACT, PLAN_REVISION, TEAM_JOINED
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.models.plan import AssessmentSection
from sigap.cases.selectors.view import page_rows
from sigap.core.choices import CaseCategory, RiskLevel
from sigap.work.models import Notification, WorkItem
from sigap.work.services import notification_send, work_item_cancel, work_item_done, work_item_hand
from sigap.work.workdays import add_working_days

TEAM_JOINED_WORKING_DAYS = 1
FIRST_CONTACT_HOURS = 24
SECTION_WORKING_DAYS = 5
PLAN_REVISION_WORKING_DAYS = 3
CHILD_CATEGORIES = frozenset({CaseCategory.KTA, CaseCategory.AMPK, CaseCategory.ABH})


def is_high_risk_child_case(case: Case) -> bool:
    return case.risk_level == RiskLevel.TINGGI and case.category in CHILD_CATEGORIES


def _hand(*, case: Case, kind: str, target: Model, due_at: datetime, to: User, actor: User) -> WorkItem:
    # Nobody is told about what they gave themselves (``actor``); the deadline still stands.
    return work_item_hand(
        unit=case.unit, kind=kind, target=target, due_at=due_at, responsible=to, title_key=case.number, actor=actor
    )


def team_joined_hand(*, case: Case, member: CaseTeamMember, actor: User, now: datetime) -> None:
    """Put on the team by someone else: read the case file within one working day."""
    if member.user_id == actor.pk:
        return
    due = add_working_days(now, TEAM_JOINED_WORKING_DAYS, unit=case.unit)
    _hand(case=case, kind=TEAM_JOINED, target=member, due_at=due, to=member.user, actor=actor)


def team_joined_read(*, case: Case, user: User) -> None:
    """The member opened the case file: their "read the case file you joined" item is done."""
    rows = page_rows(case)
    if rows is not None:
        member = next((m for m in rows.team if m.user_id == user.pk), None)  # the team the page shows
        if member is not None and not getattr(member, "file_unread", True):  # annotated by CaseView.team
            return  # nothing to close: no write on an ordinary view by a team member
    else:
        member = CaseTeamMember.objects.filter(case=case, user=user, is_active=True).first()
    if member is not None:
        work_item_done(target=member, kind=TEAM_JOINED, by=user)


def team_left(*, member: CaseTeamMember, by: User) -> None:
    """Off the team: nothing is left for them to read."""
    work_item_cancel(target=member, kind=TEAM_JOINED, by=by)


def first_contact_hand(*, case: Case, manager: User, actor: User, now: datetime) -> None:
    """Case manager of a high-risk child case not yet in assessment: first contact within 24 hours.

    A new case manager takes over the open item (the clock does not restart: the child waits the same).
    """
    if not is_high_risk_child_case(case) or not case.is_open:
        return
    open_item = WorkItem.objects.filter(
        kind=FIRST_CONTACT, object_id=str(case.pk), state__in=[WorkItem.State.OPEN, WorkItem.State.MISSED]
    ).first()
    if open_item is None:
        due = now + timedelta(hours=FIRST_CONTACT_HOURS)
        _hand(case=case, kind=FIRST_CONTACT, target=case, due_at=due, to=manager, actor=actor)
        return
    if open_item.responsible_id != manager.pk:
        open_item.responsible = manager
        open_item.save(update_fields=["responsible"])
        if manager.pk != actor.pk:
            notification_send(kind=Notification.Kind.HANDED, deliveries=[(open_item, manager.pk)])


def first_contact_made(*, case: Case, by: User) -> None:
    work_item_done(target=case, kind=FIRST_CONTACT, by=by)


def section_hand(*, case: Case, section: AssessmentSection, expert: User | None, actor: User, now: datetime) -> None:
    """A section given to an expert (or given back): the previous holder's item is cancelled."""
    work_item_cancel(target=section, kind=ASSESSMENT_SECTION, by=actor)
    if expert is None or section.written_at is not None:
        return
    due = add_working_days(now, SECTION_WORKING_DAYS, unit=case.unit)
    _hand(case=case, kind=ASSESSMENT_SECTION, target=section, due_at=due, to=expert, actor=actor)


def section_written(*, section: AssessmentSection, by: User) -> None:
    work_item_done(target=section, kind=ASSESSMENT_SECTION, by=by)


def plan_returned_hand(*, case: Case, to: User | None, actor: User, now: datetime) -> None:
    """The HEAD returned the plan: whoever submitted it revises it within three working days."""
    if to is None:
        return
    due = add_working_days(now, PLAN_REVISION_WORKING_DAYS, unit=case.unit)
    item = _hand(case=case, kind=PLAN_REVISION, target=case, due_at=due, to=to, actor=actor)
    # The HANDED note says a task was given; RETURNED says why (the plan came back).
    Notification.objects.filter(work_item=item, recipient=to, kind=Notification.Kind.HANDED).update(
        kind=Notification.Kind.RETURNED
    )


def plan_resubmitted(*, case: Case, by: User) -> None:
    work_item_done(target=case, kind=PLAN_REVISION, by=by)


def case_closed_handoffs_cancel(*, case: Case, by: User) -> None:
    """The case is closed: nobody is left asked to read it or work on it (walk of #21).

    Approvals and reviews (e.g. an emergency access) are not hand-offs: they outlive the closure.
    """
    for member in CaseTeamMember.objects.filter(case=case):
        work_item_cancel(target=member, kind=TEAM_JOINED, by=by)
    for section in AssessmentSection.objects.filter(assessment__case=case):
        work_item_cancel(target=section, kind=ASSESSMENT_SECTION, by=by)
    for kind in (FIRST_CONTACT, PLAN_REVISION):
        work_item_cancel(target=case, kind=kind, by=by)
