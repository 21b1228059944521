"""Named predicates: who may do what on one case. Views, templates and services ask these.

They assume the case is already inside ``cases_visible_to(user)`` (the selector decides *seeing*);
these decide *acting*. Every predicate reads the database fresh (no cross-request cache, AC-07); within
one request, the team rows a case page loaded (``selectors.view.page_rows``) are that fresh read.
"""

from __future__ import annotations

from sigap.accounts.models import Role, User
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.people import CaseNote, NoteConfidentiality
from sigap.cases.models.plan import AssessmentSection
from sigap.cases.selectors.view import page_rows


def _role_in_unit(user: User, case: Case) -> str | None:
    membership = user.membership
    if membership is None or membership.unit_id != case.unit_id:
        return None
    return membership.role


def is_head_of(user: User, case: Case) -> bool:
    return _role_in_unit(user, case) == Role.HEAD


def team_role_of(user: User, case: Case) -> str | None:
    """The user's active team role on the case (None when not on the team)."""
    if _role_in_unit(user, case) is None:
        return None
    rows = page_rows(case)
    if rows is not None and rows.user.pk == user.pk:
        return rows.team_role  # the team the page shows, loaded once
    row = CaseTeamMember.objects.filter(case=case, user=user, is_active=True).values_list("team_role", flat=True)
    return next(iter(row), None)


def is_case_manager_of(user: User, case: Case) -> bool:
    return team_role_of(user, case) == TeamRole.CASE_MANAGER


def can_manage(user: User, case: Case) -> bool:
    """Move the case through its states, request closure, add persons: the HEAD or its case manager."""
    return is_head_of(user, case) or is_case_manager_of(user, case)


def can_assign_team(user: User, case: Case) -> bool:
    return is_head_of(user, case)


def can_contribute(user: User, case: Case) -> bool:
    """Write notes: the HEAD or any active team member."""
    return is_head_of(user, case) or team_role_of(user, case) is not None


def can_read_note(user: User, note: CaseNote, *, team_role: str | None, is_head: bool) -> bool:
    """``team_role``/``is_head`` are passed in so a page of notes costs no query per note."""
    if is_head or note.author_id == user.pk:
        return True
    if note.confidentiality == NoteConfidentiality.TEAM:
        return team_role is not None
    if note.confidentiality == NoteConfidentiality.MANAGER_HEAD:
        return team_role == TeamRole.CASE_MANAGER
    return False


# Field groups of the assessment (ARCHITECTURE §3): psychological findings are read by their author and
# the HEAD; legal findings also by the case manager; the other areas by the whole team.
PSYCHOLOGICAL_AREAS = frozenset({"PSYCHOLOGICAL"})
LEGAL_AREAS = frozenset({"LEGAL"})


def can_read_findings(user: User, section: AssessmentSection, *, team_role: str | None, is_head: bool) -> bool:
    """May ``user`` read the text of one assessment section? ``team_role``/``is_head`` passed in (no query)."""
    if is_head or user.pk in (section.assignee_id, section.written_by_id):
        return True
    if section.area in PSYCHOLOGICAL_AREAS:
        return False
    if section.area in LEGAL_AREAS:
        return team_role == TeamRole.CASE_MANAGER
    return team_role is not None


def sees_child_names(user: User, case: Case) -> bool:
    """Whose role needs children's names on a printout: the HEAD and the case's manager.

    Everyone else (experts) reads the case code in their place (UU 35/2014: a child's identity is
    protected; domain.md §D2).
    """
    return can_manage(user, case)


def only_by_break_glass(user: User, case: Case) -> bool:
    """Does ``user`` reach this restricted case only through a break-glass grant (not on its team)?

    Such access is temporary: it may not be turned into a permanent one (review finding 9).
    """
    if not case.restricted:
        return False
    rows = page_rows(case)
    if rows is not None and rows.user.pk == user.pk:
        return rows.team_role is None
    return not CaseTeamMember.objects.filter(case=case, user=user, is_active=True).exists()
