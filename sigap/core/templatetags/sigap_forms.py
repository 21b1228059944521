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
from django.core.signals import setting_changed
from django.template import Context, Engine
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from sigap.core.forms import KeptForm
from sigap.core.kept_blocks import check_fresh, fill, stand_in

register = template.Library()

# (template, form class, language, key) -> HTML. Keys are codes and flags: bounded; capped all the same.
_rendered: dict[tuple[Any, ...], SafeString] = {}
MAX_KEPT = 512


def _render(context: template.Context, form: Any, template_name: str) -> SafeString:
    engine: Engine = context.template.engine if context.template is not None else Engine.get_default()
    found = engine.get_template(template_name)
    return mark_safe(found.render(Context({"form": form}, autoescape=True)))  # noqa: S308 - the engine escaped it


def _built(form: Any) -> Any:
    """The form itself, or the one a ``core.forms.KeptForm`` builds."""
    return form.form if isinstance(form, KeptForm) else form


@register.simple_tag(takes_context=True)
def form_once(context: template.Context, form: Any, template_name: str) -> SafeString:
    key_of = getattr(form, "render_key", None)
    key = key_of() if key_of is not None else None
    if key is None:
        return _render(context, form, template_name)
    # A form may keep its HTML with values typed by the user (a search) as stand-ins: ``render_typed()`` gives
    # them by field, ``render_stand_in(values)`` the same form bound with other values; each request writes its
    # own values, escaped as the input writes them, where the stand-ins are. What was typed is never kept.
    typed_of = getattr(form, "render_typed", None)
    typed: dict[str, str] = typed_of() if typed_of is not None else {}
    # A ``core.forms.KeptForm`` gives its key without the form, built only here on a miss (or for the check).
    full = (template_name, getattr(form, "form_class", type(form)), get_language(), key)
    html: str | None = _rendered.get(full)
    if html is None:
        shown = form.render_stand_in({name: stand_in(i) for i, name in enumerate(typed)}) if typed else _built(form)
        if len(_rendered) >= MAX_KEPT:
            _rendered.clear()
        html = _rendered[full] = _render(context, shown, template_name)
    if typed:
        html = fill(html, [conditional_escape(value) for value in typed.values()])
    check_fresh(
        f"{{% form_once %}} of {type(form).__name__}", html, lambda: _render(context, _built(form), template_name)
    )
    return mark_safe(html)  # noqa: S308 - the engine escaped it, conditional_escape each typed value


def forget(**_kwargs: Any) -> None:
    """Forget the kept HTML (a test that changes a setting: templates, translations, the URLs)."""
    _rendered.clear()


setting_changed.connect(forget, dispatch_uid="sigap.core.templatetags.sigap_forms.forget")


@register.filter
def label_text(label: Any) -> str:
    """A field's label without its closing punctuation, for "label: error" in the error summary (a label that
    is a sentence — a vacancy's requirement, a question — would read "….: error")."""
    return str(label or "").rstrip().rstrip(".:?").rstrip()
