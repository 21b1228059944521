"""Django's ``i18n`` library with ``{% translate %}`` / ``{% trans %}`` of a constant kept per language.

Registered under the label ``i18n`` (settings ``TEMPLATES`` → ``libraries``), so ``{% load i18n %}`` loads this:
every tag and filter of Django's library, the same syntax and output. A ``{% trans "Team" %}`` node translates
the same text on every render of a language; a case page renders ~70 of them, each through ``gettext`` and the
active translation's thread-local lookups (issue #22). A node whose message is a constant (no variable, no
filter, no ``context``) keeps its rendered text per language and autoescaping; anything else renders as in
Django. ``sigap/core/tests/test_i18n_tag.py`` compares both tags' output in both languages.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token, render_value_in_context
from django.templatetags import i18n as django_i18n
from django.templatetags.i18n import LanguageNode, TranslateNode
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)


def context_language(context: Any) -> str | None:
    """The active language, read once per page being rendered: a case page's ~50 constant ``{% translate %}`` each
    read it through a thread-local lock otherwise. ``{% language %}`` (below) sets it for its block."""
    language: str | None = context.__dict__.get("sigap_language")
    if language is None:
        language = context.sigap_language = get_language()
    return language


class KeptLanguageNode(LanguageNode):
    """Django's ``{% language %}``: its block reads the language it switches to, the rest of the page its own."""

    def render(self, context: Any) -> str:
        outer = context.__dict__.pop("sigap_language", None)
        try:
            return super().render(context)
        finally:
            context.__dict__.pop("sigap_language", None)
            if outer is not None:
                context.sigap_language = outer


class KeptTranslateNode(TranslateNode):
    """Django's ``TranslateNode`` (5.2), its output for a constant message kept per language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        expression = self.filter_expression
        self.kept: dict[tuple[str | None, bool], str] | None = (
            {}
            if self.message_context is None and not expression.filters and expression.var.literal is not None
            else None
        )

    def render(self, context: Any) -> str:
        if self.kept is None:
            return super().render(context)
        key = (context_language(context), context.autoescape)
        value = self.kept.get(key)
        if value is None:
            # Django's steps for the message (TranslateNode.render), without the variable.
            self.filter_expression.var.translate = not self.noop
            value = render_value_in_context(self.filter_expression.resolve(context), context)
            is_safe = isinstance(value, SafeData)
            value = value.replace("%%", "%")  # percent signs are doubled in template text
            # Safe only when the translation already was (Django's own rule, unchanged).
            value = self.kept[key] = mark_safe(value) if is_safe else value  # noqa: S308
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: Parser, token: Token) -> KeptTranslateNode:
    node = django_i18n.do_translate(parser, token)
    return KeptTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)


@register.tag("language")
def language(parser: Parser, token: Token) -> KeptLanguageNode:
    node = django_i18n.language(parser, token)
    return KeptLanguageNode(node.nodelist, node.language)
