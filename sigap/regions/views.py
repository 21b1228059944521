"""The village search endpoint behind the picker (an htmx partial of listbox options)."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.core.access import staff_view
from sigap.regions.selectors import MAX_RESULTS, MIN_QUERY_LENGTH, normalise_query, scope_label, village_search

# The picker's field name: it names the search inputs (<field>_q, <field>_all) and the option ids.
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,79}$")


@staff_view()
@require_POST
def village_search_options(request: HttpRequest) -> HttpResponse:
    """Villages matching ``<field>_q`` (or ``q``), in the unit's regency unless ``<field>_all`` is set.

    POST, not GET: what staff type may be where a victim lives, and query strings end up in access
    logs (DATA-05). It reads nothing but writes nothing either; the CSRF token comes from base.html.
    """
    field = request.POST.get("field", "")
    if not _FIELD_NAME.match(field):
        field = "village"
    query = normalise_query(request.POST.get(f"{field}_q", request.POST.get("q", "")))
    search_all = request.POST.get(f"{field}_all", request.POST.get("all", "")) in {"1", "on", "true"}
    unit = request.membership.unit  # type: ignore[attr-defined]  # accounts' middleware (regions is below accounts)
    region_code = None if search_all else unit.region_code
    villages = village_search(query=query, region_code=region_code, limit=MAX_RESULTS + 1)
    if len(query) < MIN_QUERY_LENGTH:
        message = _("Type at least %(count)d letters of the village name.") % {"count": MIN_QUERY_LENGTH}
    elif not villages and search_all:
        message = _("No village found. Check the spelling.")
    elif not villages:
        message = _("No village found in %(scope)s. Check the spelling or search all of Indonesia.") % {
            "scope": scope_label(region_code)
        }
    else:
        message = ""
    context = {
        "field": field,
        "villages": villages[:MAX_RESULTS],
        "truncated": len(villages) > MAX_RESULTS,
        "message": message,
        "scope": _("all of Indonesia") if region_code is None else scope_label(region_code),
    }
    return render(request, "regions/village_options.html", context)
