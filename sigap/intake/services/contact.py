"""Contact attempts of a complaint, and the evidence "cannot be reached" needs before a complaint is closed so.

Rule (⚠ chosen, domain.md names the reason but no threshold; see docs/decisions.md): at least
``MIN_UNANSWERED`` unanswered attempts (no answer, message without reply, visit without finding the person)
on at least ``MIN_DAYS`` different days in the unit's time zone. One afternoon of calls is not enough: a
victim may have no phone credit, be at work, or be kept from the phone by the perpetrator that day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.intake.models import UNANSWERED_KINDS, Complaint, ContactAttempt, ContactKind
from sigap.intake.services.complaint import MAX_NOTE, ComplaintRefused, _clean_text, _membership_in

MIN_UNANSWERED = 3
MIN_DAYS = 2
# A phone's clock may run a little ahead of the server's.
FUTURE_TOLERANCE = timedelta(minutes=5)


@transaction.atomic
def contact_attempt_record(
    *,
    actor: User,
    complaint: Complaint,
    kind: str,
    attempted_at: datetime,
    note: str = "",
    request: HttpRequest | None = None,
) -> ContactAttempt:
    """Record one attempt to reach the person (intake officer or HEAD of the complaint's unit); audited."""
    _membership_in(actor, complaint.unit)
    if complaint.is_final:
        raise ComplaintRefused(_("This complaint is finished: no more contact attempts are recorded on it."))
    if kind not in ContactKind.values:
        raise ComplaintRefused(_("Choose what happened."))
    if timezone.is_naive(attempted_at):
        attempted_at = timezone.make_aware(attempted_at, complaint.unit.zone)
    now = timezone.now()
    if attempted_at > now + FUTURE_TOLERANCE:
        raise ComplaintRefused(_("The attempt cannot be in the future."))
    if attempted_at < complaint.received_at - FUTURE_TOLERANCE:
        raise ComplaintRefused(_("The attempt cannot be before the complaint came in."))
    attempt = ContactAttempt.objects.create(
        complaint=complaint,
        attempted_at=attempted_at,
        kind=kind,
        note=_clean_text(note, MAX_NOTE),
        recorded_by=actor,
        recorded_at=now,
    )
    audit_record(
        actor=actor,
        unit=complaint.unit,
        action=AuditAction.UPDATE,
        obj=complaint,
        changed_fields=["contact_attempts"],
        new={"contact_attempts": {"attempt": attempt.pk, "kind": kind}},  # codes only: the note stays out
        request=request,
    )
    return attempt


def unreachable_evidence_missing(complaint: Complaint) -> str | None:
    """What is still missing before ``complaint`` may be closed as "cannot be reached" (None: nothing)."""
    zone = complaint.unit.zone
    moments = list(
        ContactAttempt.objects.filter(complaint=complaint, kind__in=UNANSWERED_KINDS).values_list(
            "attempted_at", flat=True
        )
    )
    days = {timezone.localtime(moment, zone).date() for moment in moments}
    if len(moments) >= MIN_UNANSWERED and len(days) >= MIN_DAYS:
        return None
    return _(
        "To close as “cannot be reached”, first record at least %(attempts)d unanswered contact attempts on "
        "%(min_days)d different days (recorded so far: %(count)d, on %(days)d day(s))."
    ) % {"attempts": MIN_UNANSWERED, "min_days": MIN_DAYS, "count": len(moments), "days": len(days)}
