"""``{% url %}`` with its pattern reversed once (``sigap.core.links.kept_reverse``): a built-in of the template
engine (settings ``TEMPLATES`` → ``builtins``), so every template's ``{% url %}`` is this one. Same syntax, same
output as Django's (``sigap/core/tests/test_links.py``); arguments that are not UUIDs or non-negative integers
go through ``reverse()`` as in Django's own tag."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from sigap.core.links import kept_reverse, url_env

register = template.Library()


def url_state(context: Any) -> tuple[tuple[str, str], str | None]:
    """The URL configuration, script prefix (``links.url_env``) and current app of a page being rendered, read once
    per context: none of them changes while one page renders, and reading them is most of a kept URL's cost."""
    state: tuple[tuple[str, str], str | None] | None = context.__dict__.get("sigap_url_state")
    if state is None:
        # Django's URLNode: the request's current_app, else the namespace it was resolved in.
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        state = context.sigap_url_state = (url_env(), current_app)
    return state


class KeptURLNode(URLNode):
    """Django's ``URLNode`` (5.2) with ``reverse`` replaced by ``kept_reverse``."""

    def render(self, context: Any) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        env, current_app = url_state(context)
        url = ""
        try:
            url = kept_reverse(view_name, args, kwargs, current_app, env)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> KeptURLNode:
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
