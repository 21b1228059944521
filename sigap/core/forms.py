"""Bootstrap classes on a form's widgets: the one mixin of every staff form whose template renders fields one
by one (``includes/field.html``). Apps of every floor use it; ``sigap.cases`` re-exports it as before."""

from __future__ import annotations

from typing import Any

from django import forms


class BootstrapMixin:
    """Adds Bootstrap classes to every widget (the templates render fields one by one)."""

    fields: dict[str, forms.Field]

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.HiddenInput)):
                continue  # a checkbox group styles its own options (CheckboxColumns)
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                widget.attrs.setdefault("class", "form-check-input")
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class StyledForm(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()
