"""Template tags of the page shell."""

from __future__ import annotations

from django import template
from django.template import Context, Engine, TemplateDoesNotExist
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe

from sigap.core import kept_blocks

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


class KeptNode(template.Node):
    """``{% kept "name" %}…{% endkept %}``: the block rendered once per shape (``sigap.core.kept_blocks``)."""

    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name, self.nodelist = name, nodelist
        self.key_function = kept_blocks.KEYS[name]

    def render(self, context: template.Context) -> SafeString | str:
        key, fills = self.key_function(context)
        if key is None:
            with context.push(fills):
                return self.nodelist.render(context)
        names = list(fills)

        def make() -> str:
            with context.push({name: kept_blocks.stand_in(i) for i, name in enumerate(names)}):
                return self.nodelist.render(context)

        html = kept_blocks.kept(self.name, (context.autoescape, *key), make)
        html = kept_blocks.fill(html, [render_value_in_context(fills[name], context) for name in names])

        def fresh() -> str:
            with context.push(fills):
                return self.nodelist.render(context)

        kept_blocks.check_fresh(f"kept block {self.name!r}", html, fresh)
        return mark_safe(html)  # noqa: S308 - the engine escaped the block, render_value_in_context each value


@register.tag
def kept(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][1:-1] not in kept_blocks.KEYS:
        raise template.TemplateSyntaxError(f"{{% kept %}} takes one of {sorted(kept_blocks.KEYS)} in quotes")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[1][1:-1], nodelist)
