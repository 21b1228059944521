"""The auditor's review of an emergency (break-glass) access."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.cases.models.case import BreakGlassGrant
from sigap.cases.services.team import review_note_missing


class BreakGlassReviewForm(forms.Form):
    """The auditor's verdict on one emergency access; a note is needed when it was not justified."""

    outcome = forms.ChoiceField(
        label=_("Was the emergency access justified?"),
        choices=BreakGlassGrant.ReviewOutcome.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required when the access was not justified: say what was wrong."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service's own rule, checked here too so that the message stands under the note field.
        if review_note_missing(cleaned.get("outcome") or "", cleaned.get("note") or ""):
            self.add_error("note", _("Explain in at least 10 characters why the access was not justified."))
        return cleaned
