"""Form widgets shared by every app.

``<input type="date">`` and ``<input type="datetime-local">`` only accept ISO values
(``2026-11-28``, ``2026-11-28T14:30``). Django's ``DateInput`` renders a value in the active
language's first input format (Indonesian: ``28-11-2026``), which the browser drops: the field
shows empty and saving it answers "this field is required". These widgets always render ISO; the
fields still parse ISO in every language (Django adds the ISO input formats to each locale's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


class CheckboxColumns(forms.CheckboxSelectMultiple):
    """A checkbox group a unit can read: options in columns, sub-headings, some options marked.

    Every multiple choice of Sigap uses it (``includes/field.html`` puts it in a ``<fieldset>`` with the
    field's label as ``<legend>``). Long code lists keep the groups of the list (the TPKS forms under
    their article) as sub-headings. ``marked`` names the options that get a visible mark with words
    (``mark_label``, e.g. "high risk") and ``mark_legend`` explains it once above the options: the
    mark is never colour alone. The caller passes its rule (a callable, read at each render), not a
    copy of the rule's result.
    ``columns`` is the most columns on a wide screen (one on a phone).
    """

    template_name = "core/widgets/checkbox_columns.html"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
        *,
        columns: int = 3,
        marked: Iterable[str] | Callable[[], Iterable[str]] = (),
        mark_label: Any = "",
        mark_legend: Any = "",
    ) -> None:
        super().__init__(attrs=attrs, choices=choices)
        self.columns = columns
        self._marked = marked
        self.mark_label, self.mark_legend = mark_label, mark_legend

    @property
    def marked(self) -> frozenset[str]:
        """The marked values, read from the caller's rule at each render (a callable) or given as a set."""
        found = self._marked() if callable(self._marked) else self._marked
        return frozenset(str(value) for value in found)

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"].setdefault("class", "form-check-input")
        return option

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        marked, base_id = self.marked, widget["attrs"].get("id", name)
        # Django makes each ungrouped option a "group" of its own: runs of them become one section.
        sections: list[dict[str, Any]] = []
        for group_name, options, index in widget["optgroups"]:
            if group_name or not sections or sections[-1]["heading"]:
                sections.append({"heading": group_name, "id": f"{base_id}_g{index}", "options": []})
            for option in options:
                option["marked"] = str(option["value"]) in marked
            sections[-1]["options"].extend(options)
        any_marked = any(option["marked"] for section in sections for option in section["options"])
        widget.update(
            sections=sections,
            columns=self.columns,
            mark_label=self.mark_label,
            mark_legend=self.mark_legend if any_marked else "",
        )
        return context
