"""Filter forms of the audit pages (GET forms: a bad value gives a message, never a 500)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import SecurityEvent, Unit, User
from sigap.audit.models import AuditAction
from sigap.audit.selectors import AuditFilters, audit_object_types, audit_unit_people
from sigap.core.widgets import IsoDateInput

EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.username})"


class AuditFilterForm(forms.Form):
    """User, action (or security-event kind), object type and date range of one unit's trail."""

    actor = _PersonChoiceField(label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("Everyone"))
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput(), input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(label=_("Until"), required=False, widget=IsoDateInput(), input_formats=["%Y-%m-%d"])

    def __init__(self, *args: Any, unit: Unit, security: bool = False, with_object_type: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            is_select = isinstance(form_field.widget, forms.Select)
            form_field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
        actor_field = self.fields["actor"]
        assert isinstance(actor_field, forms.ModelChoiceField)
        actor_field.queryset = audit_unit_people(unit=unit)
        kinds = SecurityEvent.Kind.choices if security else AuditAction.choices
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ChoiceField)
        action_field.choices = [("", _("All"))] + list(kinds)
        if security:
            action_field.label = _("Event")
        if with_object_type and not security:
            type_field = self.fields["object_type"]
            assert isinstance(type_field, forms.ChoiceField)
            type_field.choices = [("", _("All"))] + [(t, t) for t in audit_object_types(unit=unit)]
        else:
            del self.fields["object_type"]

    def full_clean(self) -> None:
        super().full_clean()
        # Bootstrap's error styling, and the message tied to its field for screen readers.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"id_{name}-error"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            # Far-off dates overflow when turned into the unit's midnight in UTC.
            if day is not None and not (EARLIEST <= day <= LATEST):
                self.add_error(name, _("Enter a date between 2000 and 2100."))
                cleaned.pop(name, None)
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> AuditFilters:
        """The valid filters (call after ``is_valid()``)."""
        data = self.cleaned_data
        return AuditFilters(
            actor=data.get("actor"),
            action=data.get("action") or "",
            object_type=data.get("object_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
