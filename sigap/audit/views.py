"""The audit pages: one object's history (HEAD, AUDITOR) and the unit's audit search (AUDITOR).

Both pages are themselves audited: each response writes one VIEW event (object type ``audit.*``)
with the filters used, so "who looked at the trail" is in the trail too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.accounts.models import Role
from sigap.accounts.request import StaffRequest
from sigap.audit.forms import AuditFilterForm
from sigap.audit.models import AuditEvent
from sigap.audit.naming import describe_events, kind_label, object_name
from sigap.audit.selectors import (
    OBJECT_TYPE_RE,
    AuditFilters,
    audit_event_list,
    audit_history_visible,
    audit_object_history,
    security_event_list,
)
from sigap.audit.services import audit_view
from sigap.core.access import staff_view

logger = logging.getLogger("sigap.audit")

PAGE_SIZE = 50
TAB_EVENTS = "events"
TAB_SECURITY = "security"


def page_of(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Any:
    # get_page() turns a bad or too-large page number into the first or last page (never a 500).
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    # Fetch the rows now: the page's own VIEW event is written next and must not push a row out.
    page.object_list = list(page.object_list)
    return page


# Apps above audit whose records need more than the unit's scope before their history is shown (the
# case file: a restricted case and its rows) register a guard here from their ``AppConfig.ready()``. A
# guard is called with the request, the object type and id once the record is known to be the unit's;
# it answers a response (or raises Http404) to refuse the page, or None to let it through.
HistoryGuard = Callable[[HttpRequest, str, str], HttpResponse | None]
HISTORY_GUARDS: list[HistoryGuard] = []


def _history_refusal(request: HttpRequest, *, object_type: str, object_id: str) -> HttpResponse | None:
    for guard in HISTORY_GUARDS:
        refused = guard(request, object_type, object_id)
        if refused is not None:
            return refused
    return None


@staff_view(Role.HEAD, Role.AUDITOR)
@require_GET
def object_history(request: StaffRequest, object_type: str, object_id: str) -> HttpResponse:
    """Who saw or changed one record, filterable by user, action and date."""
    unit = request.membership.unit
    if not audit_history_visible(unit=unit, object_type=object_type, object_id=object_id):
        # LOG-05: denied object access is logged, with ids only.
        logger.info(
            "audit history refused: object not in unit",
            extra={"object_type": object_type if OBJECT_TYPE_RE.match(object_type) else "(malformed)"},
        )
        raise Http404
    refused = _history_refusal(request, object_type=object_type, object_id=object_id)
    if refused is not None:
        return refused
    data = request.GET.copy()
    data.pop("page", None)
    form = AuditFilterForm(data or None, unit=unit, with_object_type=False)
    filters = AuditFilters()
    events: QuerySet[AuditEvent]
    if form.is_bound and not form.is_valid():
        events = AuditEvent.objects.none()
    else:
        if form.is_bound:
            filters = form.filters()
        events = audit_object_history(unit=unit, object_type=object_type, object_id=object_id, filters=filters)
    page = page_of(request, events)
    audit_view(
        request,
        object_type="audit.object_history",
        object_id=f"{object_type}:{object_id}",
        context=filters.as_context(),
    )
    return render(
        request,
        "audit/object_history.html",
        {
            "form": form,
            "page": page,
            "lines": describe_events(page.object_list, zone=unit.zone),
            "object_kind": kind_label(object_type),
            "object_name": object_name(object_type, object_id),
        },
    )


@staff_view(Role.AUDITOR)
@require_GET
def search(request: StaffRequest) -> HttpResponse:
    """The auditor's search across the unit's trail; a second tab lists the unit's security events."""
    unit = request.membership.unit
    tab = TAB_SECURITY if request.GET.get("tab") == TAB_SECURITY else TAB_EVENTS
    security = tab == TAB_SECURITY
    data = request.GET.copy()
    data.pop("tab", None)
    data.pop("page", None)
    form = AuditFilterForm(data or None, unit=unit, security=security)
    filters = AuditFilters()
    results: QuerySet[Any]
    if form.is_bound and not form.is_valid():
        results = AuditEvent.objects.none()
    else:
        if form.is_bound:
            filters = form.filters()
        results = (
            security_event_list(unit=unit, filters=filters)
            if security
            else audit_event_list(unit=unit, filters=filters)
        )
    page = page_of(request, results)
    audit_view(request, object_type="audit.search", object_id=tab, context=filters.as_context())
    lines = [] if security else describe_events(page.object_list, zone=unit.zone)
    return render(request, "audit/search.html", {"form": form, "page": page, "tab": tab, "lines": lines})
