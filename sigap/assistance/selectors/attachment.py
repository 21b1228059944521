"""Reads of attachments, scoped to the user: through ``cases_visible_to`` and then the field group.

Readers of a field group (ARCHITECTURE §3, as notes and assessment findings):

- GENERAL: the HEAD and everyone on the case's team;
- CLINICAL: the uploader and the HEAD only (a psychologist's report is not the case manager's to read);
- LEGAL: the uploader, the HEAD, the case manager and the legal counsellors on the team.

The uploader always reads what she uploaded. Everything else answers 404, as a case outside the scope.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404

from sigap.accounts.models import User
from sigap.assistance.models.attachment import Attachment, FieldGroup, OwnerKind
from sigap.assistance.models.legal import Hearing
from sigap.assistance.models.mediation import Mediation
from sigap.assistance.models.outreach import OutreachVisit
from sigap.assistance.models.session import AccompanimentSession
from sigap.assistance.models.shelter import ShelterStay
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.rules import permissions
from sigap.cases.selectors.case import cases_visible_to
from sigap.experts.models import Profession


@dataclass(frozen=True)
class Reader:
    """What the field-group rule needs to know about one user on one case (computed once per page)."""

    user_id: int
    is_head: bool
    team_role: str | None
    legal_counsellor: bool
    profession: str | None = None  # the expert's profession on the team (a session's floor follows it)

    def groups(self) -> frozenset[str]:
        """The field groups this reader reads whoever uploaded the file."""
        if self.is_head:
            return frozenset(FieldGroup.values)
        found: set[str] = set()
        if self.team_role is not None:
            found.add(FieldGroup.GENERAL)
        if self.team_role == TeamRole.CASE_MANAGER or self.legal_counsellor:
            found.add(FieldGroup.LEGAL)
        return frozenset(found)

    def can_read(self, attachment: Attachment) -> bool:
        return attachment.uploaded_by_id == self.user_id or attachment.field_group in self.groups()

    @property
    def can_upload(self) -> bool:
        return self.is_head or self.team_role is not None

    @property
    def sees_removal_reasons(self) -> bool:
        """Why an attachment was removed: for the HEAD and the case manager (as a person's removal)."""
        return self.is_head or self.team_role == TeamRole.CASE_MANAGER

    def can_remove(self, attachment: Attachment) -> bool:
        """The uploader (still on the case), its case manager or the HEAD, of what they may read."""
        if attachment.is_removed or not self.can_read(attachment):
            return False
        if self.is_head or self.team_role == TeamRole.CASE_MANAGER:
            return True
        return self.can_upload and attachment.uploaded_by_id == self.user_id


def reader_for(user: User, case: Case) -> Reader:
    """The reader facts of ``user`` on ``case`` (one query; the case must be visible to the user)."""
    is_head = permissions.is_head_of(user, case)
    row = (
        CaseTeamMember.objects.filter(case=case, user=user, is_active=True)
        .values_list("team_role", "user__expert_profile__profession")
        .first()
    )
    team_role, profession = row if row is not None else (None, None)
    return Reader(
        user_id=user.pk,
        is_head=is_head,
        team_role=team_role,
        legal_counsellor=team_role is not None and profession == Profession.LEGAL_COUNSELLOR,
        profession=profession,
    )


def _readable(qs: QuerySet[Attachment], reader: Reader) -> QuerySet[Attachment]:
    return qs.filter(Q(uploaded_by_id=reader.user_id) | Q(field_group__in=sorted(reader.groups())))


def attachments_of(
    user: User,
    case: Case,
    owner_kind: str | None = OwnerKind.CASE,
    owner_id: Any = None,
    *,
    reader: Reader | None = None,
) -> QuerySet[Attachment]:
    """The attachments of ``case`` (or of one record of it; of the case and all its records when
    ``owner_kind`` is None) that ``user`` may read, newest first.

    Removed attachments are included (the list shows who removed them and when); they cannot be downloaded.
    """
    reader = reader or reader_for(user, case)
    qs = Attachment.objects.filter(case_id__in=cases_visible_to(user).filter(pk=case.pk).values("pk"))
    if owner_kind is not None:
        qs = qs.filter(owner_kind=owner_kind, owner_id=None if owner_id is None else str(owner_id))
    return _readable(qs, reader).select_related("uploaded_by", "removed_by").order_by("-uploaded_at", "pk")


def attachment_counts(
    user: User, case: Case, owner_kind: str, owner_ids: list[Any], *, reader: Reader | None = None
) -> dict[str, int]:
    """How many current attachments the user may read on each of ``owner_ids`` (one GROUP BY; absent: 0)."""
    reader = reader or reader_for(user, case)
    qs = attachments_of(user, case, None, reader=reader).filter(
        owner_kind=owner_kind, owner_id__in=[str(pk) for pk in owner_ids], removed_at__isnull=True
    )
    rows = qs.order_by().values("owner_id").annotate(n=Count("pk"))
    return {row["owner_id"]: row["n"] for row in rows}


def owner_record(case: Case, owner_kind: str, owner_id: Any) -> Model | None:
    """The record of ``case`` an attachment would belong to, or None (not a record of this case).

    An outreach visit is the case's when it was planned from the case or from the complaint the case came
    from; a shelter stay owns documents as the admission (the victim's stay, not her children's)."""
    try:
        pk = owner_id if isinstance(owner_id, uuid.UUID) else uuid.UUID(str(owner_id))
    except (ValueError, TypeError, AttributeError):
        return None
    owners: dict[str, QuerySet[Any]] = {
        OwnerKind.SESSION: AccompanimentSession.objects.filter(case=case).only("pk", "kind", "case_id"),
        OwnerKind.HEARING: Hearing.objects.filter(track__case=case).only("pk"),
        OwnerKind.MEDIATION: Mediation.objects.filter(case=case).only("pk"),
        OwnerKind.OUTREACH: OutreachVisit.objects.filter(
            Q(case=case) | Q(complaint__case_id=case.pk), unit_id=case.unit_id
        ).only("pk"),
        OwnerKind.SHELTER_STAY: ShelterStay.objects.filter(case=case, principal__isnull=True).only("pk"),
    }
    query = owners.get(owner_kind)
    return None if query is None else query.filter(pk=pk).first()


def get_attachment_for_user(user: User, attachment_id: Any, *, removed: bool = False) -> tuple[Attachment, Reader]:
    """The attachment and the user's reader facts, or 404: outside the case scope, the field group, or
    removed (unless ``removed``), malformed or unknown ids alike."""
    try:
        pk = attachment_id if isinstance(attachment_id, uuid.UUID) else uuid.UUID(str(attachment_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    found = (
        Attachment.objects.select_related("case", "case__unit")
        .filter(pk=pk, case_id__in=cases_visible_to(user).values("pk"))
        .first()
    )
    if found is None or (found.is_removed and not removed):
        raise Http404
    reader = reader_for(user, found.case)
    if not reader.can_read(found):
        raise Http404
    return found, reader
