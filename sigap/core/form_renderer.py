"""The form renderer: Django's own, with its most used widget templates rendered in Python.

Why: profiling the case list (``bench/profile_page.py``) showed that rendering form widgets through the
template engine was the largest single cost of a page — every ``<option>`` of a select is a template
``{% include %}``, so a filter bar of a dozen fields spent more time than the page's SQL. The functions
below produce *exactly* the markup of Django's stock templates (``django/forms/widgets/select.html``,
``select_option.html``, ``input.html`` and the input types that only include it, ``textarea.html``);
``sigap/core/tests/test_form_renderer.py`` renders many widgets both ways and asserts equality, so a
Django upgrade that changes those templates fails the test instead of changing the markup silently.
Every other template (and any project override of these names) goes through the template engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData


class _Ctx:
    """The three flags ``render_value_in_context`` reads from a template context (their defaults)."""

    autoescape = True
    use_l10n = None
    use_tz = None


_CTX = _Ctx()


def _value(value: Any) -> str:
    """``{{ value }}`` in a template: localised, then escaped unless already safe."""
    return render_value_in_context(value, _CTX)  # type: ignore[arg-type]


def _stringformat(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: ``str`` without localisation, then escaped unless safe."""
    try:
        text = "%s" % (value,)  # noqa: UP031 - the filter's own formatting, kept identical on purpose
    except (ValueError, TypeError):
        return ""
    # The filter is ``is_safe``: Django keeps its output unescaped only when the input is SafeData
    # (not merely any object with ``__html__``, which ``conditional_escape`` alone would trust).
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_value(name)}")
        if value is not True:
            parts.append(f'="{_stringformat(value)}"')
    return "".join(parts)


def _option(option: Mapping[str, Any]) -> str:
    """``django/forms/widgets/select_option.html`` (with its closing newline)."""
    return f'<option value="{_stringformat(option["value"])}"{_attrs(option["attrs"])}>{_value(option["label"])}</option>\n'


def _optgroups(groups: Iterable[tuple[Any, list[dict[str, Any]], int]]) -> str | None:
    parts = []
    for group_name, choices, _index in groups:
        if group_name:
            parts.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in choices:
            if option.get("template_name") != "django/forms/widgets/select_option.html":
                return None  # a custom option template: let the engine render the whole select
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


def _select(context: Mapping[str, Any]) -> str | None:
    widget = context["widget"]
    options = _optgroups(widget["optgroups"])
    if options is None:
        return None
    return f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>{options}\n</select>'


def _input(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{_stringformat(widget["value"])}"'
    return f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = _value(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


# The stock templates that are nothing but ``{% include "django/forms/widgets/input.html" %}``.
_INPUT_TYPES = (
    "input",
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
)
FAST_TEMPLATES: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUT_TYPES},
}


class FastWidgetRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's default renderer, with :data:`FAST_TEMPLATES` done in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = FAST_TEMPLATES.get(template_name)
        if fast is not None and "widget" in context:
            html = fast(context)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)
