"""The public reporting page (/lapor/) and the status page (/lapor/status/): no login.

- Works without JavaScript on a cheap phone: its own small template and stylesheet, no Bootstrap
  or htmx; the quick-exit button is a plain link, upgraded by ``quick-exit.js`` to replace the page
  in the browser history (and to leave on Shift pressed three times); ``public-forms.js`` sends the
  forms so that each step replaces the last in the history.
- Post → redirect → get: a sent report answers with a redirect to the thank-you page, which shows
  the tracking code once, taken from the session. The code never goes into a URL (server and proxy
  logs, the browser history and its sync would keep it, and anyone with it sees the stage); a reload
  of the thank-you page sends nothing again and no longer shows the code.
- A one-time token in each form (``submit_token``) makes a double submit one complaint.
- A form with errors keeps what was typed (nobody should have to write it twice); like every page
  here it is ``Cache-Control: no-store``, so the browser keeps none of it after leaving.
- A honeypot field and a per-IP limit (``ratelimit``) stop bots and floods; over the limit the
  page answers 429 with a friendly text. A bot that fills the honeypot gets a normal-looking answer
  with a code that exists nowhere.
"""

from __future__ import annotations

import logging
import time
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sigap.core.access import public_view
from sigap.core.ratelimit import rate_limit_exceeded, rate_limit_hit
from sigap.intake.forms.public import PublicReportForm, StatusForm
from sigap.intake.services.public import (
    complaint_public_stage,
    complaint_submit_public,
    public_units,
    submission_token_new,
    tracking_code_display,
    tracking_code_new,
)

logger = logging.getLogger("sigap.intake")

REPORT_LIMIT = int(getattr(settings, "SIGAP_PUBLIC_REPORT_LIMIT", 5))
STATUS_LIMIT = int(getattr(settings, "SIGAP_PUBLIC_STATUS_LIMIT", 20))
WINDOW_SECONDS = 60 * 60
# The tracking code waits here for the one showing of the thank-you page.
THANKS_SESSION_KEY = "lapor_tracking_code"
# The thank-you page has a language switch: switching reloads the page, and the code is shown once.
# The code stays in the session for a switch only (its address carries SWITCHED_MARK, a reload of the
# plain address shows nothing) and only for SWITCH_SECONDS after it was first shown.
THANKS_SWITCH_KEY = "lapor_tracking_code_switch"
SWITCHED_MARK = "bahasa"
SWITCH_SECONDS = 600


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/public_429.html", status=429)


def _form_again(request: HttpRequest, form: PublicReportForm) -> HttpResponse:
    """The form with its errors and what was typed (the page is never stored: ``no-store``)."""
    return render(request, "intake/public_report.html", {"form": form, "had_errors": True})


def _thanks(request: HttpRequest, code: str) -> HttpResponse:
    """303 to the thank-you page; the code travels in the session, never in the URL."""
    request.session[THANKS_SESSION_KEY] = code
    return HttpResponseRedirect(reverse("lapor:thanks"), status=303)


@public_view
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    units = public_units()
    if not units:
        return render(request, "intake/public_report.html", {"form": None, "no_unit": True})
    if request.method != "POST":
        form = PublicReportForm(units=units, initial={"submit_token": submission_token_new()})
        return render(request, "intake/public_report.html", {"form": form})
    if rate_limit_exceeded(request, scope="report", limit=REPORT_LIMIT, window_seconds=WINDOW_SECONDS):
        return _too_many(request)
    form = PublicReportForm(request.POST, units=units)
    if form.is_spam:
        rate_limit_hit(request, scope="report", limit=REPORT_LIMIT, window_seconds=WINDOW_SECONDS)
        logger.info("public report honeypot filled")
        return _thanks(request, tracking_code_new())
    if not form.is_valid():
        return _form_again(request, form)
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
            submission_token=data["submit_token"],
            request=request,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _form_again(request, form)
    return _thanks(request, code)


@public_view
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    """The answer to a report: its tracking code, shown once (a reload shows it no more)."""
    code = request.session.pop(THANKS_SESSION_KEY, None)
    now = time.time()
    shown_at = now
    kept = request.session.pop(THANKS_SWITCH_KEY, None)
    if code is None and SWITCHED_MARK in request.GET and kept and now - kept["at"] < SWITCH_SECONDS:
        code, shown_at = kept["code"], kept["at"]
    if code:
        request.session[THANKS_SWITCH_KEY] = {"code": code, "at": shown_at}
    context = {
        "code": tracking_code_display(code) if code else None,
        "language_next": f"{reverse('lapor:thanks')}?{SWITCHED_MARK}=1",
    }
    return render(request, "intake/public_thanks.html", context)


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
