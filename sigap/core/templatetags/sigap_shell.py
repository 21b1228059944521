"""Template tags of the page shell."""

from __future__ import annotations

from django import template
from django.template import Engine, TemplateDoesNotExist
from django.utils.safestring import SafeString

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
