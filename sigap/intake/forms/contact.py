"""The contact-attempt form of the complaint page."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.core.widgets import IsoDateTimeInput
from sigap.intake.forms.staff import StyledForm
from sigap.intake.models import ContactKind
from sigap.intake.services.complaint import MAX_NOTE


class ContactAttemptForm(StyledForm):
    """When and how the unit tried to reach the person; a short note (encrypted)."""

    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[("", "—"), *ContactKind.choices],
        error_messages={"required": _("Choose what happened."), "invalid_choice": _("Choose what happened.")},
    )
    attempted_at = forms.DateTimeField(
        label=_("When"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=IsoDateTimeInput(),
        help_text=_("In the unit's time zone."),
        error_messages={
            "required": _("Enter when you tried."),
            "invalid": _("Enter a date and time, e.g. 25/10/2026 14:30."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: which number or address, who answered. Not the person's story."),
    )


def contact_form_initial() -> dict[str, object]:
    """Now, in the unit's zone, to the minute: most attempts are recorded right after they are made."""
    return {"attempted_at": timezone.localtime().replace(second=0, microsecond=0)}
