"""Tags of the public reporting pages (/lapor/), usable without a request (the 500 page has none)."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def public_exit_url() -> str:
    """Where the quick exit goes: the neutral site of ``SIGAP_PUBLIC_EXIT_URL``."""
    return str(settings.SIGAP_PUBLIC_EXIT_URL)
