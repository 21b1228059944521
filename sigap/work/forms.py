"""Forms of the work app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MarkReadForm(forms.Form):
    """Mark one notification (``notification``) or all of them (``all``) read."""

    notification = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    all = forms.BooleanField(required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if not cleaned.get("all") and not cleaned.get("notification"):
            raise forms.ValidationError(_("Choose a notification to mark as read."))
        return cleaned
