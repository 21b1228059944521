"""The victim's feedback on a held session (issue #13, D69 in docs/decisions.md).

Recorded by the case manager of the case or the HEAD, never by an expert present at the session: the contracts
evaluation counts it as evidence of that expert's work. One row per session; a change rewrites it in place and
the audit event of each write (on the case, in the same transaction) keeps the earlier and the new answer, so the
history lives in the audit trail. The comment is encrypted on the row and never written to the audit.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.assistance.models.feedback import FeedbackAnswer, SessionFeedback
from sigap.assistance.models.session import AccompanimentSession, SessionExpert, SessionStatus
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.rules.permissions import can_manage

# A short comment: what the victim said in a sentence or two, not a second set of session notes.
MAX_COMMENT = 500


@transaction.atomic
def session_feedback_record(
    *,
    actor: User,
    session: AccompanimentSession,
    answer: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> SessionFeedback:
    """Record (or change) the feedback on ``session``; refused unless it was held and ``actor`` may record it.

    A closed case still takes feedback: it is often asked for when the case ends (see the decision).
    """
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=session.case_id)
    if not can_manage(actor, case):
        raise TransitionRefused(_("Only the case manager of the case or the head of the unit can record feedback."))
    row = AccompanimentSession.objects.select_for_update().only("pk", "status", "kind").get(pk=session.pk, case=case)
    if row.status != SessionStatus.HELD:
        raise TransitionRefused(_("Feedback is recorded on a held session only."))
    # The expert's own evaluation rests on these answers: she never records them on her session.
    if SessionExpert.objects.filter(session=row, user=actor).exists():
        raise TransitionRefused(_("An expert who held the session cannot record feedback on it."))
    if answer not in FeedbackAnswer.values:
        raise TransitionRefused(_("Choose how the victim found the session."))
    text = (comment or "").replace("\x00", "").strip()
    if len(text) > MAX_COMMENT:
        raise TransitionRefused(_("The comment is too long (at most %(n)d characters).") % {"n": MAX_COMMENT})

    feedback = SessionFeedback.objects.select_for_update().filter(session=row).first()
    before = None if feedback is None else feedback.answer
    now = timezone.now()
    if feedback is None:
        feedback = SessionFeedback.objects.create(
            session=row, answer=answer, comment=text, recorded_at=now, recorded_by=actor
        )
    else:
        feedback.answer, feedback.comment, feedback.recorded_at, feedback.recorded_by = answer, text, now, actor
        feedback.save(update_fields=["answer", "comment", "recorded_at", "recorded_by"])
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["sessions"],
        old={"sessions": {"session": str(row.pk), "feedback": before}} if before is not None else None,
        new={
            "sessions": {
                "session": str(row.pk),
                "kind": row.kind,
                "status": row.status,
                "event": "feedback",
                "feedback": answer,
                "comment": bool(text),
            }
        },
        request=request,
    )
    return feedback
