"""The auditor's review of emergency (break-glass) accesses to restricted cases, and the guard that keeps
a restricted case's audit history behind the case's own access.

The list and each review page are audited like the other audit pages. The HEAD's written reason is
shown on the review page only, which records a VIEW of that grant: who read which reason is in the trail.
Their URLs stay in the audit namespace (``audit:break_glass_list``, ``audit:break_glass_review``, under
/audit/akses-darurat/): ``sigap/urls.py`` mounts ``break_glass_patterns`` of ``sigap/cases/urls.py`` there.
"""

from __future__ import annotations

import logging
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Role, User
from sigap.accounts.request import StaffRequest
from sigap.audit.services import audit_view
from sigap.audit.views import page_of
from sigap.cases.forms.break_glass import BreakGlassReviewForm
from sigap.cases.selectors.break_glass import (
    STATUSES,
    WAITING,
    break_glass_grant_get,
    break_glass_grants,
    restricted_case_ids_of,
)
from sigap.cases.selectors.case import cases_visible_to
from sigap.cases.services.team import break_glass_review
from sigap.core.access import staff_view

logger = logging.getLogger("sigap.audit")  # the audit pages' logger, as before the move

PAGE_SIZE = 25


def restricted_case_history_refusal(request: HttpRequest, object_type: str, object_id: str) -> HttpResponse | None:
    """The HEAD reads the history of a restricted case (or of its rows) only with the case's own access.

    Without it, the case asks for break-glass and anything else of the case is 404 (finding 8). The
    AUDITOR's review of the trail is not limited: it shows actions and staff, never case content.
    Registered with the audit app's ``HISTORY_GUARDS`` by ``CasesConfig.ready()``.
    """
    staff = cast(StaffRequest, request)  # audit's history pages are staff views
    if staff.membership.role != Role.HEAD:
        return None
    restricted = restricted_case_ids_of(object_type=object_type, object_id=object_id)
    if not restricted:
        return None
    visible = set(cases_visible_to(staff.user).filter(pk__in=restricted).values_list("pk", flat=True))
    if visible >= set(restricted):
        return None
    logger.info("audit history refused: restricted case", extra={"object_type": object_type})
    if object_type == "cases.case":
        return redirect("cases:case_break_glass", case_id=restricted[0])
    raise Http404


@staff_view(Role.AUDITOR)
@require_GET
def break_glass_list(request: StaffRequest) -> HttpResponse:
    """The unit's emergency accesses: those waiting for review first (the default tab), or all."""
    unit = request.membership.unit
    status = request.GET.get("status", WAITING)
    if status not in STATUSES:
        status = WAITING
    page = page_of(request, break_glass_grants(unit=unit, status=status), PAGE_SIZE)
    audit_view(request, object_type="audit.break_glass", object_id=status)
    return render(request, "cases/break_glass_list.html", {"page": page, "status": status})


@staff_view(Role.AUDITOR)
@require_http_methods(["GET", "POST"])
def break_glass_review_page(request: StaffRequest, grant_id: str) -> HttpResponse:
    """One emergency access: the reason, links to what the HEAD did meanwhile, and the verdict form."""
    unit = request.membership.unit
    grant = break_glass_grant_get(unit=unit, grant_id=grant_id)
    form = BreakGlassReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = request.user
        assert isinstance(actor, User)
        try:
            break_glass_review(
                actor=actor,
                grant=grant,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("The review of the emergency access is recorded."))
            return redirect("audit:break_glass_list")
    audit_view(request, grant)
    local_from = timezone.localtime(grant.granted_at).date()
    # What the HEAD did while the access lasted (or until now, if it still does).
    local_to = timezone.localtime(min(grant.expires_at, timezone.now())).date()
    return render(
        request,
        "cases/break_glass_review.html",
        {
            "grant": grant,
            "form": form,
            "trail_query": {
                "actor": grant.user_id,
                "date_from": local_from.isoformat(),
                "date_to": max(local_from, local_to).isoformat(),
            },
        },
    )
