"""The public reporting page (/lapor/) and the status page (/lapor/status/): no login.

- Works without JavaScript on a cheap phone: its own small template and stylesheet, no Bootstrap
  or htmx; the quick-exit button is a plain link, upgraded by ``quick-exit.js`` to replace the page
  in the browser history.
- Nothing entered is echoed back: the answer to a report shows only the tracking code; a form with
  errors comes back with its text fields empty (only choices are kept).
- A honeypot field and a per-IP limit (``ratelimit``) stop bots and floods; over the limit the
  page answers 429 with a friendly text. A bot that fills the honeypot gets a normal-looking answer
  with a code that exists nowhere.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sigap.accounts.models import Unit
from sigap.core.access import public_view
from sigap.intake.forms.public import PublicReportForm, StatusForm
from sigap.intake.ratelimit import rate_limit_exceeded, rate_limit_hit
from sigap.intake.services.public import (
    complaint_public_stage,
    complaint_submit_public,
    public_units,
    tracking_code_display,
    tracking_code_new,
)

logger = logging.getLogger("sigap.intake")

REPORT_LIMIT = int(getattr(settings, "SIGAP_PUBLIC_REPORT_LIMIT", 5))
STATUS_LIMIT = int(getattr(settings, "SIGAP_PUBLIC_STATUS_LIMIT", 20))
WINDOW_SECONDS = 60 * 60
# Choices survive a form with errors; what a person typed never comes back in the page.
KEPT_ON_ERROR = ("unit", "reporter_type", "in_danger", "contact_consent", "victim_sex", "contact_calls")


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/public_429.html", status=429)


def _form_without_text(form: PublicReportForm, units: list[Unit]) -> PublicReportForm:
    """A fresh form holding only the choices of ``form``, with its errors (no typed text)."""
    kept = {name: form.data.get(name) for name in KEPT_ON_ERROR if form.data.get(name)}
    fresh = PublicReportForm(initial=kept, units=units)
    cast(Any, fresh)._errors = form.errors
    return fresh


@public_view
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    units = public_units()
    if not units:
        return render(request, "intake/public_report.html", {"form": None, "no_unit": True})
    if request.method != "POST":
        return render(request, "intake/public_report.html", {"form": PublicReportForm(units=units)})
    if rate_limit_exceeded(request, scope="report", limit=REPORT_LIMIT, window_seconds=WINDOW_SECONDS):
        return _too_many(request)
    form = PublicReportForm(request.POST, units=units)
    if form.is_spam:
        rate_limit_hit(request, scope="report", limit=REPORT_LIMIT, window_seconds=WINDOW_SECONDS)
        logger.info("public report honeypot filled")
        code = tracking_code_new()
        return render(request, "intake/public_thanks.html", {"code": tracking_code_display(code)})
    if not form.is_valid():
        return render(
            request, "intake/public_report.html", {"form": _form_without_text(form, units), "had_errors": True}
        )
    unit = form.chosen_unit()
    if unit is None or not rate_limit_hit(request, scope="report", limit=REPORT_LIMIT, window_seconds=WINDOW_SECONDS):
        return _too_many(request)
    data = form.cleaned_data
    try:
        _complaint, code = complaint_submit_public(
            unit=unit,
            reporter_type=data["reporter_type"],
            account=data["account"],
            in_danger=data["in_danger"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            reporter_relationship=data["reporter_relationship"],
            contact_consent=data["contact_consent"],
            contact_instructions=data["contact_instructions"],
            contact_calls=data["contact_calls"],
            people=form.people(),
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(
            request, "intake/public_report.html", {"form": _form_without_text(form, units), "had_errors": True}
        )
    return render(
        request,
        "intake/public_thanks.html",
        {"code": tracking_code_display(code)},
    )


@public_view
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The stage of a report, by its tracking code (POSTed: the code never goes into a URL)."""
    if request.method != "POST":
        return render(request, "intake/public_status.html", {"form": StatusForm()})
    if not rate_limit_hit(request, scope="status", limit=STATUS_LIMIT, window_seconds=WINDOW_SECONDS):
        return _too_many(request)
    form = StatusForm(request.POST)
    stage = None
    not_found = False
    if form.is_valid():
        stage = complaint_public_stage(form.cleaned_data["code"])
        not_found = stage is None
    # A fresh form: the code typed is not shown again.
    fresh = StatusForm()
    cast(Any, fresh)._errors = form.errors
    return render(request, "intake/public_status.html", {"form": fresh, "stage": stage, "not_found": not_found})
