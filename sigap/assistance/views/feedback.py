"""The session feedback page (issue #13): the case manager of the case or the HEAD records how the victim found
a held session. Thin: the session comes from ``get_session_for_user`` (404 outside scope), the service decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.assistance.forms.feedback import SessionFeedbackForm
from sigap.assistance.models.session import SessionStatus
from sigap.assistance.selectors.feedback import feedback_for_edit, session_feedback_for
from sigap.assistance.selectors.session import get_session_for_user
from sigap.assistance.services.feedback import session_feedback_record
from sigap.audit.services import audit_view
from sigap.core.access import staff_view

# Experts never record feedback (it is evidence of their own work); other roles do not work on sessions.
FEEDBACK_ROLES = (Role.HEAD, Role.CASE_MANAGER)


@staff_view(*FEEDBACK_ROLES)
@require_http_methods(["GET", "POST"])
def session_feedback_view(request: StaffRequest, session_id: Any) -> HttpResponse:
    session = get_session_for_user(request.user, session_id)
    if session.status != SessionStatus.HELD:
        messages.info(request, _("Feedback is recorded on a held session only."))
        return redirect("assistance:session_detail", session_id=session.pk)
    # A case manager of another case of the unit, or the case manager listed as an expert of the session.
    if not session_feedback_for(request.user, session).can_record:
        raise PermissionDenied
    current = feedback_for_edit(session)
    initial = {"answer": current.answer, "comment": current.comment} if current is not None else {}
    form = SessionFeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session_feedback_record(
                actor=request.user,
                session=session,
                answer=form.cleaned_data["answer"],
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Feedback on the session recorded."))
            return redirect("assistance:session_detail", session_id=session.pk)
    audit_view(request, session.case, context={"page": "session_feedback", "session": str(session.pk)})
    return render(
        request,
        "assistance/session_feedback.html",
        {"case": session.case, "session": session, "form": form, "recorded": current},
    )
