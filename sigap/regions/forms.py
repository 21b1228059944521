"""The village picker: a form field and widget any form can use.

Usage::

    class OutreachForm(forms.Form):
        village = VillageField(label=_("Village"))

and, in the page, ``{{ form.media }}`` inside ``{% block scripts %}`` (it loads
``sigap/village-picker.js``). The cleaned value is a :class:`Village`; the form posts its code.
The search is limited to the user's unit's regency (or province) with a "search all of Indonesia"
switch; any existing village is accepted, so a victim living elsewhere can still be recorded.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.regions.models import Village
from sigap.regions.selectors import MIN_QUERY_LENGTH, VILLAGE_CODE, village_label


class VillagePickerWidget(forms.Widget):
    """A search box (ARIA combobox) with an htmx listbox of villages and a hidden input for the code.

    Posts ``<name>`` (the chosen code); ``<name>_q`` and ``<name>_all`` only drive the search.
    """

    template_name = "regions/widgets/village_picker.html"

    class Media:
        js = ("sigap/village-picker.js",)

    def __init__(self, attrs: dict[str, Any] | None = None, *, allow_all: bool = True) -> None:
        super().__init__(attrs)
        self.allow_all = allow_all

    def format_value(self, value: Any) -> str:
        if isinstance(value, Village):
            return value.code
        return "" if value is None else str(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        code = widget["value"]
        widget["selected_label"] = (
            value.full_label if isinstance(value, Village) and code else village_label(code) if code else ""
        )
        widget["search_url"] = reverse("regions:village_search")
        widget["allow_all"] = self.allow_all
        widget["min_length"] = MIN_QUERY_LENGTH
        widget["base_id"] = widget["attrs"].get("id") or f"id_{name}"
        # BoundField adds these for help text and errors; the template puts them on the search box.
        widget["described_by"] = widget["attrs"].get("aria-describedby", "")
        widget["invalid"] = widget["attrs"].get("aria-invalid") == "true"
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data


class VillageField(forms.ModelChoiceField):
    """A village chosen with :class:`VillagePickerWidget`; cleans to a :class:`Village`."""

    widget = VillagePickerWidget
    default_error_messages = {
        "invalid_choice": _("Choose a village from the list: type at least two letters of its name."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Village.objects.select_related("district", "regency"))
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Village | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Village):
            return value
        # Only a well-formed code reaches the database (no odd bytes or 10 kB strings in a query).
        if not isinstance(value, str) or not VILLAGE_CODE.match(value.strip()):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value.strip())
