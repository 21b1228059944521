"""Form widgets shared by every app.

``<input type="date">`` and ``<input type="datetime-local">`` only accept ISO values
(``2026-11-28``, ``2026-11-28T14:30``). Django's ``DateInput`` renders a value in the active
language's first input format (Indonesian: ``28-11-2026``), which the browser drops: the field
shows empty and saving it answers "this field is required". These widgets always render ISO; the
fields still parse ISO in every language (Django adds the ISO input formats to each locale's).
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class IsoDateInput(forms.DateInput):
    """A browser date picker that keeps its (initial or posted) value in every language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker (local time, minutes) that keeps its value in every language."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)
