"""My work, the notifications page and the bell's unread count."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.request import StaffRequest
from sigap.core.access import staff_view
from sigap.work import selectors
from sigap.work.forms import MarkReadForm
from sigap.work.kinds import all_kinds, approval_kind_keys
from sigap.work.models import Notification
from sigap.work.services import notification_mark_read

PAGE_SIZE = 25


def _page(request: HttpRequest, queryset: QuerySet[Any], param: str) -> Page[Any]:
    # get_page() turns a bad or too-large page number into the first or last page (never a 500).
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


def _with_clocks(page: Page[Any]) -> list[tuple[Any, selectors.Clock]]:
    now = timezone.now()
    return [(item, selectors.clock_of(item, now)) for item in page.object_list]


@staff_view()
@require_GET
def my_work(request: StaffRequest) -> HttpResponse:
    """The user's open items with their clocks; for the HEAD also the unit's missed items and approvals."""
    user = request.user
    membership = request.membership
    # The HEAD's approvals have their own section below: not listed twice.
    exclude = approval_kind_keys() if membership.can_see_unit_cases else None
    mine = _page(request, selectors.my_open_work_items(user=user, exclude_kinds=exclude), "page")
    my_missed = _page(request, selectors.my_missed_work_items(user=user), "missed_page")
    context: dict[str, Any] = {
        "mine": mine,
        "mine_rows": _with_clocks(mine),
        "my_missed": my_missed,
        "my_missed_rows": _with_clocks(my_missed),
        "is_head": membership.can_see_unit_cases,
    }
    if membership.can_see_unit_cases:
        unit_missed = _page(request, selectors.unit_missed_work_items(membership=membership), "unit_page")
        approvals = _page(request, selectors.unit_approval_queue(membership=membership), "approval_page")
        context |= {
            "unit_missed": unit_missed,
            "unit_missed_rows": _with_clocks(unit_missed),
            "approvals": approvals,
            "approval_rows": _with_clocks(approvals),
            "approval_labels": [str(kind.label) for kind in all_kinds() if kind.approval],
        }
    return render(request, "work/my_work.html", context)


@staff_view()
@require_http_methods(["GET", "POST"])
def notifications(request: StaffRequest) -> HttpResponse:
    """The user's notifications, newest first; POST marks one (or all) read."""
    user = request.user
    if request.method == "POST":
        form = MarkReadForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a notification to mark as read."))
            return redirect("work:notifications")
        try:
            notification_mark_read(
                user=user,
                notification_id=None if form.cleaned_data["all"] else form.cleaned_data["notification"],
            )
        except Notification.DoesNotExist:
            # Another user's notification, or none: the same answer for both.
            raise Http404 from None
        return redirect("work:notifications")
    page = _page(request, selectors.notifications_for(user=user), "page")
    return render(request, "work/notifications.html", {"page": page, "form": MarkReadForm()})


@staff_view()
@require_GET
def notification_count(request: StaffRequest) -> HttpResponse:
    """The bell's badge: the unread count as a small HTML fragment (loaded by htmx, no polling)."""
    count = selectors.unread_notification_count(user=request.user)
    return render(request, "work/_bell_count.html", {"unread_count": count})
