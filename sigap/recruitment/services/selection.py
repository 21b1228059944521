"""Selection: the administrative check against each requirement, the panel's scores, and the decision.

- ``application_check``: the HEAD or a panel member ticks each requirement of the vacancy; all met →
  the applicant goes on to the selection, any unmet → "did not meet the requirements".
- ``score_record``: a panel member scores a candidate alone (test and/or interview, 0–100). A score
  can be corrected until the ranking is complete; then it is locked (the member has seen the others').
- ``application_choose``: the HEAD chooses a candidate once the ranking is complete. The choice creates
  the user (role EXPERT, no usable password: the password link of ``sigap.accounts`` is e-mailed, and
  the person sets their password and second factor themselves), the expert profile, the credential the
  applicant typed marked *to confirm*, and calls :data:`sigap.recruitment.hooks.APPLICANT_CHOSEN_HOOKS`
  (the draft contract) inside the same transaction. When the posts are filled, the others are
  "not chosen" and the vacancy is decided.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Membership, Role, User
from sigap.accounts.services.users import (
    RESERVED_USERNAMES,
    UserAdminError,
    user_create,
    user_password_link_issue,
)
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.experts.services import credential_add, expert_profile_save
from sigap.recruitment.hooks import ChosenApplicant, applicant_chosen
from sigap.recruitment.models import Application, ApplicationState, Score, Vacancy, VacancyState
from sigap.recruitment.selectors import VacancyAccess, ranking_of
from sigap.recruitment.services.vacancy import RecruitmentRefused

MAX_NOTE = 2000


def _audit(actor: User, vacancy: Vacancy, application: Application, request: HttpRequest | None, **new: object) -> None:
    audit_record(
        actor=actor,
        unit=vacancy.unit,
        action=AuditAction.UPDATE,
        obj=application,
        changed_fields=list(new),
        new=new,
        request=request,
    )


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("vacancy", "vacancy__unit").get(pk=application.pk)


@transaction.atomic
def application_check(
    *,
    actor: User,
    access: VacancyAccess,
    application: Application,
    met: set[int],
    note: str = "",
    request: HttpRequest | None = None,
) -> Application:
    """Record the administrative check: ``met`` holds the indexes of the requirements the applicant meets."""
    if not access.can_check:
        raise RecruitmentRefused(_("Only the head of the unit or the panel can check applications."))
    application = _locked(application)
    if application.state not in (
        ApplicationState.SUBMITTED,
        ApplicationState.ADMIN_PASSED,
        ApplicationState.ADMIN_FAILED,
    ):
        raise RecruitmentRefused(_("This application has been decided."))
    if application.anonymised_at is not None:
        raise RecruitmentRefused(_("This application has been anonymised."))
    if application.scores.exists():
        raise RecruitmentRefused(_("This applicant has been scored: the check cannot change any more."))
    note = (note or "").replace("\x00", "").strip()
    if len(note) > MAX_NOTE:
        raise RecruitmentRefused(_("The note is too long (at most 2000 characters)."))
    requirements = application.vacancy.requirements
    checks = {str(index): index in met for index in range(len(requirements))}
    state = ApplicationState.ADMIN_PASSED if all(checks.values()) else ApplicationState.ADMIN_FAILED
    application.checks, application.check_note, application.state = checks, note, state
    application.checked_at, application.checked_by = timezone.now(), actor
    application.save(update_fields=["checks", "check_note", "state", "checked_at", "checked_by"])
    _audit(actor, application.vacancy, application, request, checks=checks, state=state)
    return application


def _score_value(value: int | None) -> int | None:
    if value is None:
        return None
    if not 0 <= int(value) <= 100:
        raise RecruitmentRefused(_("A score is a whole number from 0 to 100."))
    return int(value)


@transaction.atomic
def score_record(
    *,
    actor: User,
    access: VacancyAccess,
    application: Application,
    test_score: int | None,
    interview_score: int | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Score:
    """Record (or correct) the actor's own scores of a candidate; refused once the ranking is complete."""
    if not access.can_score:
        raise RecruitmentRefused(_("Only the members of the panel can score."))
    # The vacancy row is the lock of its selection: two members scoring at once see a consistent ranking.
    vacancy = Vacancy.objects.select_for_update().get(pk=access.vacancy.pk)
    application = _locked(application)
    if application.vacancy_id != vacancy.pk or application.state != ApplicationState.ADMIN_PASSED:
        raise RecruitmentRefused(_("Only applicants who passed the administrative check are scored."))
    test_score, interview_score = _score_value(test_score), _score_value(interview_score)
    if test_score is None and interview_score is None:
        raise RecruitmentRefused(_("Enter a test score, an interview score, or both."))
    note = (note or "").replace("\x00", "").strip()
    if len(note) > MAX_NOTE:
        raise RecruitmentRefused(_("The note is too long (at most 2000 characters)."))
    if ranking_of(vacancy).complete:
        raise RecruitmentRefused(_("Every member has scored: the scores are locked."))
    score = Score.objects.filter(application=application, scorer=actor).first()
    now = timezone.now()
    if score is None:
        score = Score(application=application, scorer=actor, scored_at=now)
    score.test_score, score.interview_score, score.note, score.scored_at = test_score, interview_score, note, now
    score.full_clean()
    score.save()
    # Who scored, never how much: the trail is read by people who must not see a score before the ranking.
    _audit(actor, vacancy, application, request, scored_by=actor.pk)
    return score


def _username_for(email: str, full_name: str) -> str:
    base = re.sub(r"[^a-z0-9._-]", "", (email.split("@")[0] or full_name).lower())[:30] or "ahli"
    if base in RESERVED_USERNAMES:
        base = f"{base}.ahli"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def application_choose(
    *, actor: User, access: VacancyAccess, application: Application, request: HttpRequest | None = None
) -> ChosenApplicant:
    """The HEAD chooses a candidate: user, expert profile, credential to confirm, hooks (module docstring)."""
    if not access.can_choose:
        raise RecruitmentRefused(_("Only the head of the unit chooses."))
    vacancy = Vacancy.objects.select_for_update().select_related("unit").get(pk=access.vacancy.pk)
    application = _locked(application)
    if application.vacancy_id != vacancy.pk or application.state != ApplicationState.ADMIN_PASSED:
        raise RecruitmentRefused(_("Only a candidate who passed the administrative check can be chosen."))
    if not ranking_of(vacancy).complete:
        raise RecruitmentRefused(_("Wait until every member of the panel has scored every candidate."))
    if User.objects.filter(email__iexact=application.email, is_active=True).exists():
        raise RecruitmentRefused(
            _("A user with this e-mail already exists: ask the unit administrator to give them the expert role.")
        )
    try:
        user = user_create(
            actor=actor,
            unit=vacancy.unit,
            username=_username_for(application.email, application.full_name),
            full_name=application.full_name,
            email=application.email,
            phone=application.phone,
            role=Role.EXPERT,
            request=request,
        )
    except UserAdminError as error:
        raise RecruitmentRefused(error.message) from None
    profile = expert_profile_save(
        actor=actor, user=user, profession=vacancy.profession, sex=application.sex, request=request
    )
    if application.credential_kind and application.credential_number and application.credential_valid_from:
        credential_add(
            actor=actor,
            profile=profile,
            kind=application.credential_kind,
            number=application.credential_number,
            issuer=application.credential_issuer or "-",
            valid_from=application.credential_valid_from,
            valid_until=application.credential_valid_until,
            to_confirm=True,
            request=request,
        )
    application.state, application.chosen_user = ApplicationState.CHOSEN, user
    application.save(update_fields=["state", "chosen_user"])
    _audit(actor, vacancy, application, request, state=application.state, chosen_user=user.pk)
    chosen = ChosenApplicant(
        actor=actor,
        vacancy=vacancy,
        application=application,
        expert_profile=profile,
        user=user,
        fiscal_year=vacancy.fiscal_year,
        post=vacancy.post,
        profession=vacancy.profession,
    )
    applicant_chosen(chosen)
    if vacancy.applications.filter(state=ApplicationState.CHOSEN).count() >= vacancy.posts:
        _decide(actor, vacancy, request)
    membership = Membership.objects.get(user=user, is_active=True)
    # The link is e-mailed after commit: the new expert sets their own password, then their second factor.
    try:
        user_password_link_issue(actor=actor, membership=membership, request=request)
    except UserAdminError as error:
        raise RecruitmentRefused(error.message) from None
    return chosen


def _decide(actor: User, vacancy: Vacancy, request: HttpRequest | None) -> None:
    """The posts are filled: every other candidate is not chosen, and the vacancy is decided."""
    others = vacancy.applications.filter(state=ApplicationState.ADMIN_PASSED)
    count = others.update(state=ApplicationState.NOT_CHOSEN)
    vacancy.state = VacancyState.DECIDED
    vacancy.save(update_fields=["state"])
    audit_record(
        actor=actor,
        unit=vacancy.unit,
        action=AuditAction.UPDATE,
        obj=vacancy,
        changed_fields=["state", "not_chosen"],
        new={"state": vacancy.state, "not_chosen": count},
        request=request,
    )
