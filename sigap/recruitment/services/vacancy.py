"""Writes of vacancies: create and change (post, dates, requirements, documents, panel, state), audited.

Only the HEAD and the UNIT_ADMIN of the unit write here. The panel is chosen among the unit's staff
with a panel role (``selectors.PANEL_ROLES``); it cannot change once an applicant has been scored
(the scores of the remaining members would no longer be comparable, and a new member would see how
far the others got). A decided vacancy is not changed any more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_diff, audit_record
from sigap.experts.models import Profession
from sigap.recruitment.models import DocumentKind, PanelMember, Score, Vacancy, VacancyState
from sigap.recruitment.selectors import MANAGE_ROLES, panel_candidates

MAX_REQUIREMENTS = 30
MAX_REQUIREMENT = 300
VACANCY_FIELDS = (
    "post",
    "profession",
    "description",
    "requirements",
    "documents_required",
    "posts",
    "fiscal_year",
    "published_on",
    "closes_on",
    "state",
)


class RecruitmentRefused(ValidationError):
    """A guard of open recruitment refused the action; the message is shown to the user as is."""


def managed_unit_id(actor: User) -> int:
    membership = actor.membership
    if membership is None or membership.role not in MANAGE_ROLES:
        raise RecruitmentRefused(_("Only the head of the unit or the unit administrator can manage vacancies."))
    return membership.unit_id


def clean_requirements(lines: Iterable[str]) -> list[str]:
    """The checklist: one requirement per line, blank lines dropped, each at most 300 characters."""
    items = [" ".join(line.replace("\x00", "").split()) for line in lines]
    items = [item for item in items if item]
    if len(items) > MAX_REQUIREMENTS:
        raise RecruitmentRefused(_("At most 30 requirements."))
    if any(len(item) > MAX_REQUIREMENT for item in items):
        raise RecruitmentRefused(_("A requirement is too long (at most 300 characters)."))
    return items


@transaction.atomic
def vacancy_save(
    *,
    actor: User,
    vacancy: Vacancy | None = None,
    post: str,
    profession: str,
    description: str = "",
    requirements: Sequence[str] = (),
    documents_required: Sequence[str] = (),
    posts: int = 1,
    fiscal_year: int,
    published_on: dt.date,
    closes_on: dt.date,
    state: str = VacancyState.DRAFT,
    panel: Iterable[User] = (),
    request: HttpRequest | None = None,
) -> Vacancy:
    """Create (``vacancy=None``) or change a vacancy of the actor's unit, with its panel."""
    unit_id = managed_unit_id(actor)
    if profession not in Profession.values:
        raise RecruitmentRefused(_("Choose a profession from the list."))
    if any(kind not in DocumentKind.values for kind in documents_required):
        raise RecruitmentRefused(_("Choose the documents from the list."))
    if state not in (VacancyState.DRAFT, VacancyState.PUBLISHED):
        raise RecruitmentRefused(_("Choose draft or published."))
    if closes_on < published_on:
        raise RecruitmentRefused(_("The closing date must be on or after the publication date."))
    values = {
        "post": " ".join(post.split())[:200],
        "profession": profession,
        "description": (description or "").replace("\x00", "").strip(),
        "requirements": clean_requirements(requirements),
        "documents_required": [kind for kind in DocumentKind.values if kind in set(documents_required)],
        "posts": int(posts),
        "fiscal_year": int(fiscal_year),
        "published_on": published_on,
        "closes_on": closes_on,
        "state": state,
    }
    if not values["post"]:
        raise RecruitmentRefused(_("Enter the post."))
    panel_users = list({user.pk: user for user in panel}.values())
    allowed = set(panel_candidates(unit_id).filter(pk__in=[u.pk for u in panel_users]).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in panel_users):
        raise RecruitmentRefused(_("Choose the panel among the unit's staff shown."))
    if vacancy is None:
        vacancy = Vacancy(unit_id=unit_id, created_by=actor, **values)
        vacancy.full_clean()
        vacancy.save(force_insert=True)
        diff = audit_diff(before=None, after=vacancy, safe_fields=VACANCY_FIELDS)
        action = AuditAction.CREATE
        changed = list(diff.changed_fields)
    else:
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk, unit_id=unit_id)
        if vacancy.state == VacancyState.DECIDED:
            raise RecruitmentRefused(_("This vacancy has been decided: it cannot change any more."))
        before = {name: getattr(vacancy, name) for name in VACANCY_FIELDS}
        changed = [name for name in VACANCY_FIELDS if before[name] != values[name]]
        # The administrative check records each requirement by its place in the list.
        if "requirements" in changed and vacancy.applications.filter(checked_at__isnull=False).exists():
            raise RecruitmentRefused(_("The requirements cannot change once an application has been checked."))
        for name in changed:
            setattr(vacancy, name, values[name])
        vacancy.full_clean()
        if changed:
            vacancy.save(update_fields=changed)
        diff = audit_diff(
            before=before, after={n: getattr(vacancy, n) for n in VACANCY_FIELDS}, safe_fields=VACANCY_FIELDS
        )
        action = AuditAction.UPDATE
    old_panel = set(vacancy.panel_members.values_list("user_id", flat=True))
    new_panel = {user.pk for user in panel_users}
    if old_panel != new_panel:
        if Score.objects.filter(application__vacancy=vacancy).exists():
            raise RecruitmentRefused(_("The panel cannot change once an applicant has been scored."))
        vacancy.panel_members.exclude(user_id__in=new_panel).delete()
        PanelMember.objects.bulk_create(
            [PanelMember(vacancy=vacancy, user_id=pk) for pk in sorted(new_panel - old_panel)]
        )
        changed.append("panel")
    if not changed:
        return vacancy
    new = dict(diff.new or {})
    if "panel" in changed:
        new["panel"] = sorted(new_panel)
    audit_record(
        actor=actor,
        unit=vacancy.unit,
        action=action,
        obj=vacancy,
        changed_fields=changed,
        old=diff.old,
        new=new,
        request=request,
    )
    return vacancy
