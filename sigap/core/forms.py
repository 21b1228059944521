"""Bootstrap classes on a form's widgets: the one mixin of every staff form whose template renders fields one
by one (``includes/field.html``). Apps of every floor use it; ``sigap.cases`` re-exports it as before. And
``KeptForm``: an empty form built only when ``{% form_once %}`` must render it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
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


class KeptForm:
    """An unbound form known by its ``{% form_once %}`` key alone, built only when its HTML must be rendered.

    A page that shows an empty form on every request (the case list's filter bar) need not construct it when
    the form's HTML is kept already: ``render_key`` is the key the built form would give, and ``form`` builds
    it on first use (the kept HTML missing, or the test profile's check against a fresh render)."""

    def __init__(self, form_class: type[forms.Form], key: tuple[Any, ...], build: Callable[[], forms.Form]) -> None:
        self.form_class, self.key, self.build = form_class, key, build

    def render_key(self) -> tuple[Any, ...]:
        return self.key

    def render_typed(self) -> dict[str, str]:
        return {}  # unbound: nothing typed (defined here, or asking for it would build the form)

    @cached_property
    def form(self) -> forms.Form:
        return self.build()

    def __getattr__(self, name: str) -> Any:
        # Anything else is the form's own (its fields, its errors): built then.
        return getattr(self.form, name)
