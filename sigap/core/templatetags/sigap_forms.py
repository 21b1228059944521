"""``{% form_once form "template.html" %}``: a form's fields rendered once per language and shape (issue #22).

The case list renders its filter bar (ten fields, five selects with their options) and the person search
on every page: ~5,000 Python calls, a fifth of the page's own work, for HTML that depends only on the
language, the choices offered and the values chosen. A form opts in with ``render_key()``: a hashable key
of everything its fields' HTML depends on besides the language (choices that vary, the bound values), or
``None`` when it must be rendered afresh (a value typed by the user, personal data). The template is
rendered with the form alone (``{"form": form}``, autoescape on), so it can read nothing of the page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# (template, form class, language, key) -> HTML. Keys are codes and flags: bounded; capped all the same.
_rendered: dict[tuple[Any, ...], SafeString] = {}
MAX_KEPT = 512


def _render(context: template.Context, form: Any, template_name: str) -> SafeString:
    engine: Engine = context.template.engine if context.template is not None else Engine.get_default()
    found = engine.get_template(template_name)
    return mark_safe(found.render(Context({"form": form}, autoescape=True)))  # noqa: S308 - the engine escaped it


@register.simple_tag(takes_context=True)
def form_once(context: template.Context, form: Any, template_name: str) -> SafeString:
    key_of = getattr(form, "render_key", None)
    key = key_of() if key_of is not None else None
    if key is None:
        return _render(context, form, template_name)
    full = (template_name, type(form), get_language(), key)
    html = _rendered.get(full)
    if html is None:
        if len(_rendered) >= MAX_KEPT:
            _rendered.clear()
        html = _rendered[full] = _render(context, form, template_name)
    return html


def forget() -> None:
    """Forget the kept HTML (tests that change templates or translations)."""
    _rendered.clear()


@register.filter
def label_text(label: Any) -> str:
    """A field's label without its closing punctuation, for "label: error" in the error summary (a label that
    is a sentence — a vacancy's requirement, a question — would read "….: error")."""
    return str(label or "").rstrip().rstrip(".:?").rstrip()
