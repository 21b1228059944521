"""Django's ``static`` library with the URL of a constant path kept per process.

Registered under the label ``static`` (settings ``TEMPLATES`` → ``libraries``), so ``{% load static %}`` loads this:
the same tags and the same output. Every page's shell names seven files with ``{% static 'path' %}``; each went
through the storage's ``url()`` (~80 Python calls: the manifest lookup, ``urljoin``, quoting) on every request (issue
#22). A file's URL does not change while a process runs (``collectstatic`` is followed by a restart), so a constant
path's URL is kept per path and autoescaping; a path from a variable renders as in Django. The kept URLs are
forgotten when a test changes the static settings. ``sigap/core/tests/test_static_tag.py`` compares the output with
Django's own tag.
"""

from __future__ import annotations

from typing import Any, cast

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Parser, Token
from django.templatetags import static as django_static
from django.templatetags.static import StaticNode
from django.utils.html import conditional_escape

register = template.Library()
register.tags.update(django_static.register.tags)
register.filters.update(django_static.register.filters)

# (path, autoescape) -> the URL as rendered; one entry per file named in a template.
_kept: dict[tuple[str, bool], str] = {}

STATIC_SETTINGS = frozenset({"STATIC_URL", "STATIC_ROOT", "STORAGES", "INSTALLED_APPS", "STATICFILES_DIRS"})


@receiver(setting_changed)
def _static_settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in STATIC_SETTINGS:
        _kept.clear()


class KeptStaticNode(StaticNode):
    """Django's ``StaticNode`` (5.2), the URL of a constant path kept."""

    def __init__(self, varname: str | None = None, path: Any = None) -> None:
        super().__init__(varname, path)
        literal = path.var if path is not None and not path.filters else None
        self.constant: str | None = literal if isinstance(literal, str) else None

    def render(self, context: Any) -> str:
        if self.constant is None:
            return super().render(context)
        key = (self.constant, bool(context.autoescape))
        url = _kept.get(key)
        if url is None:
            url = self.handle_simple(self.constant)
            url = _kept[key] = conditional_escape(url) if context.autoescape else url
        if self.varname is None:
            return url
        context[self.varname] = url
        return ""


@register.tag("static")
def do_static(parser: Parser, token: Token) -> KeptStaticNode:
    # Django's parsing; ``handle_token`` builds ``cls(varname, path)``, i.e. this class.
    return cast(KeptStaticNode, KeptStaticNode.handle_token(parser, token))
