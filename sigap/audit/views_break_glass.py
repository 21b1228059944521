"""The auditor's review of emergency (break-glass) accesses to restricted cases.

The list and each review page are audited like the other audit pages. The HEAD's written reason is
shown on the review page only, which records a VIEW of that grant: who read which reason is in the trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.models import Role, User
from sigap.audit.forms import BreakGlassReviewForm
from sigap.audit.selectors_break_glass import STATUSES, WAITING, break_glass_grant_get, break_glass_grants
from sigap.audit.services import audit_view
from sigap.audit.views import page_of
from sigap.cases.services.team import break_glass_review
from sigap.core.access import staff_view

PAGE_SIZE = 25


@staff_view(Role.AUDITOR)
@require_GET
def break_glass_list(request: HttpRequest) -> HttpResponse:
    """The unit's emergency accesses: those waiting for review first (the default tab), or all."""
    unit = request.membership.unit  # type: ignore[attr-defined]
    status = request.GET.get("status", WAITING)
    if status not in STATUSES:
        status = WAITING
    page = page_of(request, break_glass_grants(unit=unit, status=status), PAGE_SIZE)
    audit_view(request, object_type="audit.break_glass", object_id=status)
    return render(request, "audit/break_glass_list.html", {"page": page, "status": status})


@staff_view(Role.AUDITOR)
@require_http_methods(["GET", "POST"])
def break_glass_review_page(request: HttpRequest, grant_id: str) -> HttpResponse:
    """One emergency access: the reason, links to what the HEAD did meanwhile, and the verdict form."""
    unit = request.membership.unit  # type: ignore[attr-defined]
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
        "audit/break_glass_review.html",
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
