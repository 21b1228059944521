"""Writes of person-link requests: a link the requester may not make alone waits for the HEAD (finding 1)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.kinds import PERSON_LINK_APPROVAL
from sigap.cases.models import Case
from sigap.cases.models.link import LinkRequestState, PersonLinkRequest
from sigap.cases.models.people import CasePerson, Person
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import is_head_of
from sigap.cases.services.closure import CLOSURE_APPROVAL_WORKING_DAYS, unit_head
from sigap.cases.services.people import _check_can_edit, _link, link_checked
from sigap.work.services import work_item_done, work_item_open
from sigap.work.workdays import add_working_days


def _audit(*, actor: User, case: Case, link_request: PersonLinkRequest, request: HttpRequest | None) -> None:
    # Ids and codes only: the person's data never enters the trail.
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["link_requests"],
        new={
            "link_requests": {
                "request": link_request.pk,
                "person": str(link_request.person_id),
                "role": link_request.role,
                "state": link_request.state,
            }
        },
        request=request,
    )


@transaction.atomic
def person_link_request_create(
    *,
    actor: User,
    case: Case,
    person: Person,
    role: str,
    relationship: str = "",
    request: HttpRequest | None = None,
) -> PersonLinkRequest:
    """Ask the HEAD to link ``person`` to ``case``; the HEAD finds it in the approval queue."""
    locked, relationship = link_checked(actor=actor, case=case, person=person, role=role, relationship=relationship)
    if CasePerson.objects.filter(case=locked, person=person, role=role).exists():
        raise TransitionRefused(_("This person is already recorded in the case in that role."))
    pending = PersonLinkRequest.objects.filter(case=locked, person=person, role=role, state=LinkRequestState.PENDING)
    if pending.exists():
        raise TransitionRefused(_("This link has already been requested."))
    now = timezone.now()
    link_request = PersonLinkRequest.objects.create(
        case=locked, person=person, role=role, relationship=relationship, requested_at=now, requested_by=actor
    )
    _audit(actor=actor, case=locked, link_request=link_request, request=request)
    head = unit_head(locked.unit)
    if head is not None:
        work_item_open(
            unit=locked.unit,
            kind=PERSON_LINK_APPROVAL,
            target=locked,
            due_at=add_working_days(now, CLOSURE_APPROVAL_WORKING_DAYS, unit=locked.unit),
            responsible=head,
            title_key=locked.number,
        )
    return link_request


@transaction.atomic
def person_link_request_decide(
    *, actor: User, case: Case, request_id: int, approve: bool, request: HttpRequest | None = None
) -> PersonLinkRequest:
    """The HEAD approves (the person is linked) or refuses a pending link request of the case."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not is_head_of(actor, locked):
        raise TransitionRefused(_("Only the head of the unit can decide on a link request."))
    link_request = (
        PersonLinkRequest.objects.select_for_update()
        .select_related("person")
        .filter(case=locked, pk=request_id, state=LinkRequestState.PENDING)
        .first()
    )
    if link_request is None:
        raise TransitionRefused(_("This request was not found or is already decided."))
    if approve:
        _check_can_edit(actor, locked)
        _link(
            actor=actor,
            case=locked,
            person=link_request.person,
            role=link_request.role,
            relationship=link_request.relationship,
            request=request,
        )
    link_request.state = LinkRequestState.APPROVED if approve else LinkRequestState.REJECTED
    link_request.decided_at, link_request.decided_by = timezone.now(), actor
    link_request.save(update_fields=["state", "decided_at", "decided_by"])
    _audit(actor=actor, case=locked, link_request=link_request, request=request)
    if not PersonLinkRequest.objects.filter(case=locked, state=LinkRequestState.PENDING).exists():
        work_item_done(target=locked, kind=PERSON_LINK_APPROVAL, by=actor)
    return link_request
