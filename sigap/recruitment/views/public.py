"""The public recruitment pages (/rekrutmen/): open vacancies, one vacancy and its form, the thank-you page
with the reference number, and the status page. No login.

The same protections as the public report page (/lapor/, ``sigap.intake.views.public``): per-client
limits counted in the database, a honeypot field (a bot that fills it
gets a normal-looking answer and nothing is stored), ``Cache-Control: no-store`` (the middleware, on
every page without its own caching header), the project's CSP. The reference number travels in the
session to the thank-you page, never in a URL. The status page needs the reference *and* the e-mail, and
answers the same when either is wrong.

Two limits on the application form (walk #13, finding 3): ``APPLY_LIMIT`` counts *accepted* applications
only (an applicant who makes honest mistakes is never locked out; applicants behind one office or carrier
address are not either, up to that many), and over it the form comes back with everything typed and a
message; ``APPLY_POST_LIMIT``, far higher, counts every POST so that the form cannot be flooded (over it: the
429 page).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from functools import partial
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.core.access import public_view
from sigap.core.files.kinds import FileRefused
from sigap.core.ratelimit import rate_limit_exceeded, rate_limit_hit
from sigap.recruitment.forms.public import ApplicationForm, StatusForm
from sigap.recruitment.models import ApplicationState
from sigap.recruitment.notices import application_received_mail
from sigap.recruitment.selectors import public_vacancies, public_vacancy, retention_days_of
from sigap.recruitment.services.apply import (
    application_public_state,
    application_submit,
    reference_new,
    submission_token_new,
)

logger = logging.getLogger("sigap.recruitment")

APPLY_LIMIT = int(getattr(settings, "SIGAP_PUBLIC_APPLY_LIMIT", 5))
APPLY_POST_LIMIT = int(getattr(settings, "SIGAP_PUBLIC_APPLY_POST_LIMIT", 40))
STATUS_LIMIT = int(getattr(settings, "SIGAP_PUBLIC_STATUS_LIMIT", 20))
WINDOW_SECONDS = 60 * 60
THANKS_SESSION_KEY = "rekrutmen_reference"


def _today() -> dt.date:
    # Lists use the project's zone (every public unit is in Indonesia: a few hours at most); the form
    # checks the closing date again in the vacancy's own unit zone.
    return timezone.localdate()


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/public_429.html", status=429)


def _thanks(request: HttpRequest, reference: str) -> HttpResponse:
    request.session[THANKS_SESSION_KEY] = reference
    return HttpResponseRedirect(reverse("rekrutmen:thanks"), status=303)


@public_view
@require_GET
def vacancy_list(request: HttpRequest) -> HttpResponse:
    """The open vacancies of every unit that takes reports online, by unit."""
    vacancies = list(public_vacancies(_today()))
    return render(request, "recruitment/public_list.html", {"vacancies": vacancies})


@public_view
@require_http_methods(["GET", "POST"])
def vacancy_apply(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    """One vacancy, its requirements and documents, the privacy notice and the application form."""
    today = _today()
    vacancy = public_vacancy(vacancy_id, today)
    context = {"vacancy": vacancy, "retention_days": retention_days_of(vacancy.unit_id)}
    if request.method != "POST":
        form = ApplicationForm(vacancy=vacancy, initial={"submit_token": submission_token_new()})
        return render(request, "recruitment/public_vacancy.html", {**context, "form": form})
    if not rate_limit_hit(request, scope="apply_post", limit=APPLY_POST_LIMIT, window_seconds=WINDOW_SECONDS):
        return _too_many(request)
    form = ApplicationForm(request.POST, request.FILES, vacancy=vacancy)
    if form.is_spam:
        rate_limit_hit(request, scope="apply", limit=APPLY_LIMIT, window_seconds=WINDOW_SECONDS)
        logger.info("recruitment honeypot filled")
        return _thanks(request, reference_new())
    status = 200
    if form.is_valid() and rate_limit_exceeded(
        request, scope="apply", limit=APPLY_LIMIT, window_seconds=WINDOW_SECONDS
    ):
        # Nothing typed is thrown away: the form comes back with the reason (the files must be chosen again).
        form.add_error(
            None,
            _(
                "Too many applications were sent from this connection. What you typed is kept: please send it again in an hour."
            ),
        )
        status = 429
    elif form.is_valid():
        try:
            application = application_submit(
                vacancy=vacancy,
                data=form.application_data(),
                uploads=form.uploads(),
                consent=form.cleaned_data["consent"],
                today=timezone.localtime(timezone.now(), vacancy.unit.zone).date(),
                submission_token=form.cleaned_data["submit_token"],
                request=request,
            )
        except FileRefused as error:
            form.add_error(f"doc_{getattr(error, 'field', '')}" if getattr(error, "field", "") else None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            transaction.on_commit(
                partial(
                    application_received_mail,
                    email=application.email,
                    reference=application.reference,
                    post=vacancy.post,
                    unit=vacancy.unit.name,
                    status_url=request.build_absolute_uri(reverse("rekrutmen:status")),
                )
            )
            # Only an accepted application counts toward the limit (a refused attempt never does).
            rate_limit_hit(request, scope="apply", limit=APPLY_LIMIT, window_seconds=WINDOW_SECONDS)
            return _thanks(request, application.reference)
    return render(
        request, "recruitment/public_vacancy.html", {**context, "form": form, "had_errors": True}, status=status
    )


@public_view
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    """The reference number, shown once (a reload shows it no more)."""
    reference = request.session.pop(THANKS_SESSION_KEY, None)
    return render(request, "recruitment/public_thanks.html", {"reference": reference})


@public_view
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """The stage of an application by reference number + e-mail (POSTed: nothing goes into a URL)."""
    if request.method != "POST":
        return render(request, "recruitment/public_status.html", {"form": StatusForm()})
    if not rate_limit_hit(request, scope="apply_status", limit=STATUS_LIMIT, window_seconds=WINDOW_SECONDS):
        return _too_many(request)
    form = StatusForm(request.POST)
    state_label = None
    not_found = False
    if form.is_valid():
        state = application_public_state(form.cleaned_data["reference"], form.cleaned_data["email"])
        state_label = ApplicationState(state).label if state else None
        not_found = state is None
    # A fresh form: neither the reference nor the e-mail is shown again.
    fresh = StatusForm()
    cast(Any, fresh)._errors = form.errors
    return render(
        request, "recruitment/public_status.html", {"form": fresh, "state": state_label, "not_found": not_found}
    )
