"""Reads of the feedback on a session (issue #13, D69 in docs/decisions.md), for a user already allowed to
see the session (``get_session_for_user``).

Who reads what: the case manager of the case and the HEAD the answer and the comment; an expert present at the
session the answer only (the comment is not loaded, so never decrypted for her); anyone else nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sigap.accounts.models import User
from sigap.assistance.models.feedback import SessionFeedback
from sigap.assistance.models.session import AccompanimentSession, SessionExpert, SessionStatus
from sigap.cases.rules.permissions import can_manage


@dataclass(frozen=True)
class FeedbackView:
    """What the session page shows of the feedback to one user."""

    feedback: SessionFeedback | None
    shown: bool  # the answer may be shown (and "none recorded" said)
    comment_shown: bool
    can_record: bool


def session_feedback_for(
    user: User, session: AccompanimentSession, *, experts: Sequence[User] | None = None
) -> FeedbackView:
    """The feedback of a held session as ``user`` may see it; nothing for other sessions. ``experts``: the
    session's experts when the caller has them already (the session page), saving a query."""
    if session.status != SessionStatus.HELD:
        return FeedbackView(None, shown=False, comment_shown=False, can_record=False)
    manages = can_manage(user, session.case)
    if experts is not None:
        present = any(expert.pk == user.pk for expert in experts)
    else:
        present = SessionExpert.objects.filter(session=session, user=user).exists()
    if not manages and not present:
        return FeedbackView(None, shown=False, comment_shown=False, can_record=False)
    rows = SessionFeedback.objects.filter(session=session).select_related("recorded_by")
    if not manages:
        rows = rows.defer("comment")
    return FeedbackView(rows.first(), shown=True, comment_shown=manages, can_record=manages and not present)


def feedback_for_edit(session: AccompanimentSession) -> SessionFeedback | None:
    """The current feedback, comment included, for the form of a user ``session_feedback_record`` accepts."""
    return SessionFeedback.objects.filter(session=session).first()
