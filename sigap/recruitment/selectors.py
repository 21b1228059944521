"""Reads of open recruitment: the public vacancies, and the staff's vacancies and applications, scoped to the user.

Who sees what (issue #13, security.md DATA-01):

- the HEAD and the UNIT_ADMIN of the unit manage its vacancies (post, dates, requirements, panel);
- the applicants themselves (name, contacts, documents, scores) are seen only by the HEAD and the
  panel members *of that vacancy*: the UNIT_ADMIN sees counts, never a name;
- a panel member who is not HEAD nor UNIT_ADMIN sees only the vacancies whose panel they sit on;
- another unit's vacancy or application is a 404, never a 403 (it does not reveal that it exists).

Each panel member sees only their own scores until every panel member has scored every applicant who
passed the administrative check (:func:`ranking_of`); then everyone on the panel, and the HEAD, sees
the ranking.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import Http404

from sigap.accounts.models import Role, Unit, User
from sigap.audit.naming import uuid_keys
from sigap.recruitment.models import (
    DEFAULT_RETENTION_DAYS,
    Application,
    ApplicationState,
    RecruitmentSettings,
    Score,
    Vacancy,
    VacancyState,
)

MANAGE_ROLES = (Role.HEAD, Role.UNIT_ADMIN)
# Staff who can sit on a panel: the professionals of the unit (the HEAD chooses them).
PANEL_ROLES = (Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
CANDIDATE_STATES = (ApplicationState.ADMIN_PASSED, ApplicationState.CHOSEN, ApplicationState.NOT_CHOSEN)


def public_units() -> QuerySet[Unit]:
    """The units whose vacancies the public page lists: those of the public report page (/lapor/),
    the active regency/city units (the same rule as ``sigap.intake.services.public.public_units``, a
    sibling app this one does not import)."""
    return Unit.objects.filter(is_active=True, level=Unit.Level.REGENCY)


def public_vacancies(today: dt.date) -> QuerySet[Vacancy]:
    """Published vacancies open on ``today`` (from publication to closing date, both included)."""
    return (
        Vacancy.objects.filter(
            state=VacancyState.PUBLISHED,
            published_on__lte=today,
            closes_on__gte=today,
            unit__in=public_units(),
        )
        .select_related("unit")
        .order_by("unit__name", "closes_on", "post")
    )


def public_vacancy(vacancy_id: uuid.UUID | str, today: dt.date) -> Vacancy:
    """An open published vacancy, or 404 (a draft, a closed one and a wrong id look alike)."""
    vacancy = public_vacancies(today).filter(pk=vacancy_id).first()
    if vacancy is None:
        raise Http404
    return vacancy


@dataclass(frozen=True)
class VacancyAccess:
    """What the asking user may do with one vacancy (named predicates: views and templates ask these)."""

    vacancy: Vacancy
    can_manage: bool
    on_panel: bool
    is_head: bool

    @property
    def sees_applicants(self) -> bool:
        return self.is_head or self.on_panel

    @property
    def can_edit(self) -> bool:
        """A decided vacancy is not changed any more: its form is not even opened (walk #13, 13)."""
        return self.can_manage and self.vacancy.state != VacancyState.DECIDED

    @property
    def can_check(self) -> bool:
        return self.sees_applicants and self.vacancy.state != VacancyState.DECIDED

    @property
    def can_score(self) -> bool:
        return self.on_panel and self.vacancy.state != VacancyState.DECIDED

    @property
    def can_choose(self) -> bool:
        return self.is_head and self.vacancy.state != VacancyState.DECIDED


def _role(user: User) -> str | None:
    membership = user.membership
    return membership.role if membership is not None else None


def vacancies_visible_to(user: User) -> QuerySet[Vacancy]:
    """The vacancies of the user's unit they may open: all for HEAD and UNIT_ADMIN, else their panels."""
    membership = user.membership
    if membership is None:
        return Vacancy.objects.none()
    rows = Vacancy.objects.filter(unit_id=membership.unit_id)
    if membership.role not in MANAGE_ROLES:
        rows = rows.filter(panel_members__user=user)
    return rows.annotate(
        application_count=Count("applications", distinct=True),
    ).order_by("-published_on", "post")


def get_vacancy_for_user(user: User, vacancy_id: uuid.UUID | str) -> VacancyAccess:
    """The vacancy with what ``user`` may do with it; 404 outside their scope."""
    vacancy = vacancies_visible_to(user).filter(pk=vacancy_id).select_related("unit").first()
    if vacancy is None:
        raise Http404
    role = _role(user)
    on_panel = vacancy.panel_members.filter(user=user).exists()
    return VacancyAccess(vacancy=vacancy, can_manage=role in MANAGE_ROLES, on_panel=on_panel, is_head=role == Role.HEAD)


def get_application_for_user(user: User, application_id: uuid.UUID | str) -> tuple[Application, VacancyAccess]:
    """An application, for the HEAD or a panel member of its vacancy; 404 for everyone else."""
    vacancy_id = Application.objects.filter(pk=application_id).values_list("vacancy_id", flat=True).first()
    if vacancy_id is None:
        raise Http404
    access = get_vacancy_for_user(user, vacancy_id)
    if not access.sees_applicants:
        raise Http404
    application = Application.objects.get(pk=application_id)
    application.vacancy = access.vacancy
    return application, access


def applications_of(access: VacancyAccess) -> QuerySet[Application]:
    """The applications of the vacancy, for someone who sees applicants (else none)."""
    if not access.sees_applicants:
        return Application.objects.none()
    return access.vacancy.applications.order_by("submitted_at")


def state_counts(vacancy: Vacancy) -> dict[str, int]:
    """How many applications are in each state (what the UNIT_ADMIN sees instead of names)."""
    rows = vacancy.applications.values("state").annotate(n=Count("pk")).order_by()
    return {row["state"]: row["n"] for row in rows}


@dataclass
class RankRow:
    """One candidate on the ranking: their average over the panel, and each member's total."""

    application: Application
    average: float
    totals: list[float] = field(default_factory=list)


@dataclass
class Ranking:
    """The ranking of a vacancy; ``complete`` False means it is not shown yet (``missing`` scores to go)."""

    complete: bool
    missing: int
    rows: list[RankRow]


def ranking_of(vacancy: Vacancy) -> Ranking:
    """The candidates by the panel's average score, best first, once every member scored every candidate.

    Not complete (and no row shown) while an application waits for its administrative check, while there
    is no candidate or no panel, or while any panel member has not scored any candidate.
    """
    panel = list(vacancy.panel_members.values_list("user_id", flat=True))
    candidates = list(vacancy.applications.filter(state__in=CANDIDATE_STATES).order_by("submitted_at"))
    waiting = vacancy.applications.filter(state=ApplicationState.SUBMITTED, anonymised_at__isnull=True).exists()
    scores = list(Score.objects.filter(application__in=candidates, scorer_id__in=panel))
    missing = len(candidates) * len(panel) - len(scores)
    if waiting or not candidates or not panel or missing > 0:
        return Ranking(complete=False, missing=max(missing, 0), rows=[])
    by_application: dict[object, list[float]] = {}
    for score in scores:
        by_application.setdefault(score.application_id, []).append(score.total)
    rows = [
        RankRow(application=a, average=sum(by_application[a.pk]) / len(panel), totals=by_application[a.pk])
        for a in candidates
    ]
    rows.sort(key=lambda row: (-row.average, row.application.submitted_at))
    return Ranking(complete=True, missing=0, rows=rows)


def own_score(application: Application, user: User) -> Score | None:
    return Score.objects.filter(application=application, scorer=user).first()


def panel_candidates(unit_id: int) -> QuerySet[User]:
    """Staff of the unit who may sit on a panel (active members with a panel role)."""
    return User.objects.filter(
        is_active=True,
        memberships__unit_id=unit_id,
        memberships__is_active=True,
        memberships__role__in=PANEL_ROLES,
    ).order_by("full_name")


def panel_scored_count(vacancy: Vacancy) -> dict[int, int]:
    """How many candidates each panel member has scored (counts only: never whose or how much)."""
    counts: dict[int, int] = {}
    for scorer_id in Score.objects.filter(
        application__vacancy=vacancy, application__state__in=CANDIDATE_STATES
    ).values_list("scorer_id", flat=True):
        counts[scorer_id] = counts.get(scorer_id, 0) + 1
    return counts


def retention_days_of(unit_id: int) -> int:
    """How many days after a vacancy closes the unit keeps its applicants' data."""
    days = RecruitmentSettings.objects.filter(unit_id=unit_id).values_list("retention_days", flat=True).first()
    return DEFAULT_RETENTION_DAYS if days is None else int(days)


def application_references(ids: Collection[str]) -> dict[str, str]:
    """Reference numbers of applications by id, in one query (the audit pages' names, never a person's)."""
    rows = Application.objects.filter(pk__in=uuid_keys(ids)).values_list("pk", "reference")
    return {str(pk): reference for pk, reference in rows}


def vacancy_posts(ids: Collection[str]) -> dict[str, str]:
    """Posts of vacancies by id, in one query (the audit pages' names)."""
    return {str(pk): post for pk, post in Vacancy.objects.filter(pk__in=uuid_keys(ids)).values_list("pk", "post")}
