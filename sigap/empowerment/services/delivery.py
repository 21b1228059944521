"""An empowerment programme delivered through a referral to its partner (issue #14, D82).

``programme_refer`` sends the referral through the referral service itself (``referral_send``: the victim's sharing
consent naming the partner, or the HEAD's audited override, a second confirmation for a child), in one transaction
with the programme keeping it: there is no second path around the consent guard. ``programme_on_referral_step`` is
registered with ``sigap.referrals.hooks`` (empowerment stands above referrals): the partner's acceptance starts the
programme, the referral done ends it, as a referral done marks its plan item done.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.empowerment.models import Programme, ProgrammeStatus
from sigap.empowerment.models.programme import OPEN_PROGRAMME_STATUSES
from sigap.empowerment.services.common import audit_empowerment, check_manager, locked_case
from sigap.referrals.models import ENDED_STATUSES, Referral, Status
from sigap.referrals.services.send import ReferralData, referral_send

# What a referral's step does to the programme it delivers; the other steps leave it as it is (a declined or
# withdrawn referral leaves the programme open: the manager refers again, or cancels it).
PROGRAMME_AFTER_STEP = {Status.ACCEPTED: ProgrammeStatus.IN_PROGRESS, Status.DONE: ProgrammeStatus.DONE}


def may_refer(programme: Programme, referral: Referral | None) -> bool:
    """Whether the programme's page offers "refer": open, with a partner, and no referral under way or done."""
    if not programme.is_open or programme.partner_id is None:
        return False
    return referral is None or (referral.status in ENDED_STATUSES and referral.status != Status.DONE)


@transaction.atomic
def programme_refer(
    *, actor: User, programme: Programme, data: ReferralData, request: HttpRequest | None = None
) -> Referral:
    """Refer the victim to the programme's partner for this programme (HEAD or case manager); the referral service
    decides whether it may go (consent, override) and refuses with its own message."""
    case = locked_case(programme.case)
    check_manager(actor, case)
    row = Programme.objects.select_for_update(of=("self",)).select_related("referral").get(pk=programme.pk, case=case)
    if row.partner_id is None:
        raise TransitionRefused(_("Choose the partner who delivers the programme first."))
    if not may_refer(row, row.referral):
        raise TransitionRefused(_("This programme is closed or its referral is still under way."))
    if data.partner.pk != row.partner_id:
        raise TransitionRefused(_("The referral goes to the programme's partner."))
    referral = referral_send(actor=actor, case=case, data=data, request=request)
    row.referral = referral
    row.save(update_fields=["referral"])
    audit_empowerment(
        actor=actor,
        case=case,
        event="programme_referred",
        programme=str(row.pk),
        kind=row.kind,
        referral=str(referral.pk),
        number=referral.number,
        request=request,
    )
    return referral


def programme_on_referral_step(referral: Referral, status: str, actor: User, request: HttpRequest | None) -> None:
    """A referral's step moves the open programme it delivers (inside the step's transaction; the actor may be a
    partner's user through the portal, so no manager check: the step was checked by the referral service)."""
    target = PROGRAMME_AFTER_STEP.get(status)  # type: ignore[call-overload]
    if target is None or referral.case_id is None:
        return
    rows = list(Programme.objects.select_for_update().filter(referral=referral, status__in=OPEN_PROGRAMME_STATUSES))
    if not rows:
        return
    case = Case.objects.select_related("unit").get(pk=referral.case_id)
    now = timezone.now()
    today = timezone.localdate(now, case.unit.zone)
    for row in rows:
        if row.status == target:
            continue
        old, row.status, row.status_changed_at, row.status_changed_by = row.status, target, now, actor
        changed = ["status", "status_changed_at", "status_changed_by"]
        if target == ProgrammeStatus.IN_PROGRESS and row.start is None and (row.end is None or today <= row.end):
            row.start = today
            changed.append("start")
        if target == ProgrammeStatus.DONE and row.end is None and (row.start is None or row.start <= today):
            row.end = today
            changed.append("end")
        row.save(update_fields=changed)
        audit_empowerment(
            actor=actor,
            case=case,
            event="programme",
            programme=str(row.pk),
            kind=row.kind,
            status=row.status,
            old_status=old,
            referral=str(referral.pk),
            request=request,
        )
