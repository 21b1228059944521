"""The contact attempts block of the complaint page (list + form), kept apart from the page's own view."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.intake.forms.contact import ContactAttemptForm, contact_form_initial
from sigap.intake.models import Complaint, ContactAttempt
from sigap.intake.services.contact import unreachable_evidence_missing

register = template.Library()


@register.inclusion_tag("intake/_contact_attempts.html", takes_context=True)
def contact_attempts(context: template.Context, complaint: Complaint) -> dict[str, Any]:
    """The attempts so far (one query), whether they suffice for "cannot be reached", and the form."""
    attempts = list(ContactAttempt.objects.filter(complaint=complaint).select_related("recorded_by"))
    return {
        "complaint": complaint,
        "attempts": attempts,
        "missing": unreachable_evidence_missing(complaint) if not complaint.is_final else None,
        "form": None if complaint.is_final else ContactAttemptForm(initial=contact_form_initial()),
        "csrf_token": context.get("csrf_token"),
    }
