"""Banners shown on every page of one case (included by the case pages' breadcrumb)."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.cases.models import Case
from sigap.cases.selectors.case import active_break_glass_grant
from sigap.core.dates import format_when

register = template.Library()


@register.inclusion_tag("cases/_break_glass_banner.html", takes_context=True)
def break_glass_banner(context: template.Context) -> dict[str, Any]:
    """While the reader's emergency access lasts: a banner with its end, in the unit's time zone.

    Without it a HEAD could forget that they read a restricted case by exception, and that every page
    they open is reviewed by the auditor.
    """
    case, request = context.get("case"), context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(case, Case) or user is None or not user.is_authenticated or not case.restricted:
        return {"grant": None}
    grant = active_break_glass_grant(user, case)
    if grant is None:
        return {"grant": None}
    return {"grant": grant, "ends": format_when(grant.expires_at, case.unit.zone)}
