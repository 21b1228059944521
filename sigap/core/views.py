"""Views of the page shell: home, health check, error pages."""

from __future__ import annotations

import json
import logging
import sys
from urllib.parse import urlsplit

from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sigap.core.access import public_view, staff_view
from sigap.core.errors import error_page, is_public_path, public_server_error_body
from sigap.core.home import home_context

logger = logging.getLogger("sigap.core")
error_logger = logging.getLogger("sigap.errors")


@staff_view()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: who am I, my unit, what I can do."""
    membership = request.membership  # type: ignore[attr-defined]  # set by accounts' middleware (core names no app)
    return render(request, "core/home.html", home_context(request, membership))


@public_view
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers. No personal data, no login."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not ok"
        logger.exception("health check: database unavailable", extra={"event": "healthz_db_error"})
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


CSP_REPORT_MAX_BYTES = 16 * 1024


def _origin_of(uri: object) -> str:
    # Keyword values ("inline", "eval") as they are; a URL cut to scheme and host (no path, no query).
    text = str(uri or "")[:200]
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. "http://[oops": anyone can post a report, so it may be any text
        return "(malformed)"
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else text.split("?")[0][:40]


def _path_of(uri: object) -> str:
    try:
        return urlsplit(str(uri or "")[:2000]).path[:200]
    except ValueError:
        return "(malformed)"


@public_view
@csrf_exempt  # browsers post reports without a token; the view changes nothing
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Receives the browser's Content-Security-Policy violation reports and logs what was blocked.

    Logged: the directive, the blocked origin and the page's path. Never the query string, the
    sample of the blocked code or the referrer, which may carry what the user typed.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = CSP_REPORT_MAX_BYTES + 1
    if length > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        payload = json.loads(request.body or b"null")
    except ValueError:
        payload = None
    report = payload.get("csp-report") if isinstance(payload, dict) else None
    if isinstance(report, dict):
        logger.warning(
            "csp violation",
            extra={
                "event": "csp_violation",
                "directive": str(report.get("effective-directive") or report.get("violated-directive") or "")[:60],
                "blocked": _origin_of(report.get("blocked-uri")),
                "page": _path_of(report.get("document-uri")),
            },
        )
    return HttpResponse(status=204)


# Error pages. Django calls these for exceptions the views did not handle; they show a generic text in
# the user's language with the request id, never the exception (DEBUG is off everywhere but a demo).


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return error_page(request, status, template)  # the public layout under /lapor/


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, SessionInterrupted):
        # The session was ended (a newer login, its owner, an administrator) while this request ran:
        # say so, not "the request was not valid".
        return _error(request, 400, "errors/400_session.html")
    return _error(request, 400, "errors/400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "errors/403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "errors/404.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django's reason may quote the Origin or Referer (a URL with a query string): keep its first part.
    logger.warning(
        "csrf failure", extra={"event": "csrf_failure", "reason": reason.split(" - ")[0], "path": request.path}
    )
    # The write stays refused; a middleware may still keep the typed text for its form (sigap.accounts.drafts).
    request.sigap_csrf_failed = True  # type: ignore[attr-defined]
    return _error(request, 403, "errors/403_csrf.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """The last-resort handler: a generic page with the request id, whatever failed.

    The log record names the exception class, the view and the path: not the query string, the
    body, the exception's message or its locals, any of which may carry personal data. (Django's own
    ``django.request`` record keeps the traceback for the developers, with the same request id.)
    No context processor runs here: the database or the session may be what failed.
    """
    request_id = getattr(request, "request_id", "")
    exc_type = sys.exc_info()[0]
    match = getattr(request, "resolver_match", None)
    error_logger.error(
        "unhandled exception",
        extra={
            "event": "unhandled_exception",
            "exception_type": exc_type.__name__ if exc_type else "",
            "view": match.view_name if match else "",
            "method": request.method,
            "path": request.path,
        },
    )
    try:
        if is_public_path(request):
            body = public_server_error_body(request_id)
        else:
            body = loader.get_template("errors/500.html").render({"request_id": request_id})
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        error_logger.exception("error page failed to render", extra={"event": "error_page_failed"})
        body = (
            "<!doctype html><title>500</title><h1>Server error</h1>"
            f'<p>Reference code: <code id="request-id">{escape(request_id)}</code></p>'
        )
    return HttpResponse(body, status=500)
