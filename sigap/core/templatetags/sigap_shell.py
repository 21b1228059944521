"""Template tags of the page shell."""

from __future__ import annotations

from django import template
from django.template import Context, Engine, TemplateDoesNotExist
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def include_if_exists(context: template.Context, name: str) -> SafeString | str:
    """Renders ``name`` with the current context when another app ships it, else nothing.

    Lets base.html offer a place (the notification bell, for one) to an app built later, without a
    template edit when that app arrives. A template that exists but fails still raises.
    """
    # Django's own engine (not the backend wrapper that template.engines holds): it renders with this context.
    engine: Engine = context.template.engine if context.template is not None else Engine.get_default()
    try:
        found = engine.get_template(name)
    except TemplateDoesNotExist:
        return ""
    with context.push():
        return found.render(context)


# The main menu's HTML per menu as one user sees it (its items, the active one marked): the items are frozen
# dataclasses of codes, translated labels and URLs, so equal items give equal HTML (issue #22: the menu's
# template was ~1,600 Python calls on every page). Bounded by roles × languages × sections; capped all the same.
_menu_html: dict[tuple[object, ...], SafeString] = {}
MAX_MENUS = 256


@register.simple_tag(takes_context=True)
def nav_menu(context: template.Context) -> SafeString:
    """``includes/nav.html`` for the context's ``nav_items``, rendered once per distinct menu."""
    items = context.get("nav_items")
    items = items() if callable(items) else items
    key = tuple(items or ())
    html = _menu_html.get(key)
    if html is None:
        engine: Engine = context.template.engine if context.template is not None else Engine.get_default()
        rendered = engine.get_template("includes/nav.html").render(Context({"nav_items": items}, autoescape=True))
        if len(_menu_html) >= MAX_MENUS:
            _menu_html.clear()
        html = _menu_html[key] = mark_safe(rendered)  # noqa: S308 - the engine escaped it
    return html
