"""The form of the session feedback page: the answer (radio buttons) and an optional short comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.assistance.models.feedback import FeedbackAnswer
from sigap.assistance.services.feedback import MAX_COMMENT
from sigap.cases.forms.case import StyledForm


class SessionFeedbackForm(StyledForm):
    answer = forms.ChoiceField(
        label=_("How did the victim (or her parent or guardian, for a child) find the session?"),
        choices=FeedbackAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the victim found the session.")},
    )
    comment = forms.CharField(
        label=_("What the victim said (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Read by the case manager and the head of the unit only, never by the expert."),
    )
