"""Views of the page shell: home, health check, error pages."""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sigap.core.access import public_view, staff_view
from sigap.core.errors import error_page, is_public_path, public_server_error_body
from sigap.core.health import DATABASE_DOWN, WORKER, heartbeat_state
from sigap.core.home import HOME_REDIRECTS, home_context
from sigap.core.middleware import request_language
from sigap.core.ratelimit import rate_limit_hit

logger = logging.getLogger("sigap.core")
error_logger = logging.getLogger("sigap.errors")

# A database restart takes seconds; the 503 page asks the browser (and any proxy) to wait about this long.
DATABASE_RETRY_AFTER_SECONDS = 30


@staff_view()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: who am I, my unit, what I can do."""
    membership = request.membership  # type: ignore[attr-defined]  # set by accounts' middleware (core names no app)
    target = HOME_REDIRECTS.get(membership.role)
    if target:
        return redirect(target)
    return render(request, "core/home.html", home_context(request, membership))


@public_view
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and worker check for load balancers and monitoring. No personal data, no login.

    503 when the database cannot be reached, or when the worker's scheduler stopped beating (``stale``:
    no heartbeat for ``SIGAP_WORKER_STALE_TICKS`` ticks). A worker that never beat on this database
    (``missing``) is an error in production only: the demo's web server answers before its worker's first
    beat, and tests run no worker. See docs/operations.md ("Health").
    """
    try:
        _database_answers()
        worker = heartbeat_state(WORKER)
    except Exception:  # noqa: BLE001 - any database failure means "not ok"
        return _database_down()
    healthy = worker == "ok" or (worker == "missing" and not settings.PRODUCTION)
    if not healthy:
        logger.warning("health check: worker not beating", extra={"event": "healthz_worker", "worker": worker})
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": "ok", "worker": worker}, status=200 if healthy else 503
    )


@public_view
@never_cache
@require_GET
def healthz_web(request: HttpRequest) -> JsonResponse:
    """This web node and its database only, for a load balancer in front of several web nodes: a stale worker
    must not take every web node out (the full check, ``/healthz``, is for monitoring). No personal data."""
    try:
        _database_answers()
    except Exception:  # noqa: BLE001 - any database failure means "not ok"
        return _database_down()
    return JsonResponse({"status": "ok", "database": "ok"})


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _database_down() -> JsonResponse:
    logger.exception("health check: database unavailable", extra={"event": "healthz_db_error"})
    return JsonResponse({"status": "error", "database": "error"}, status=503)


CSP_REPORT_MAX_BYTES = 16 * 1024
# Reports per address and window: a real page violates its policy a few times per load at most.
CSP_REPORT_LIMIT = 30
CSP_REPORT_WINDOW_SECONDS = 600
# One line per kind of violation (directive, blocked origin) and interval; the repeats are counted.
CSP_REPORT_SUMMARY_SECONDS = 3600


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


def _log_violation(*, directive: str, blocked: str, page: str) -> None:
    """Log the first report of a kind in an interval; count the others (issue #19).

    The line logged once the interval is over carries ``repeats``: the reports of that kind left out
    since the last line. Counted in the shared cache (approximate under concurrency, which is enough).
    """
    key = "csp-report:" + hashlib.sha256(f"{directive}|{blocked}".encode()).hexdigest()[:32]
    if not cache.add(f"{key}:quiet", True, timeout=CSP_REPORT_SUMMARY_SECONDS):
        if not cache.add(f"{key}:repeats", 1, timeout=24 * 3600):
            try:
                cache.incr(f"{key}:repeats")
            except ValueError:  # expired in between
                cache.add(f"{key}:repeats", 1, timeout=24 * 3600)
        return
    repeats = int(cache.get(f"{key}:repeats") or 0)
    cache.delete(f"{key}:repeats")
    logger.warning(
        "csp violation",
        extra={"event": "csp_violation", "directive": directive, "blocked": blocked, "page": page, "repeats": repeats},
    )


@public_view
@csrf_exempt  # browsers post reports without a token; the view changes nothing
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Receives the browser's Content-Security-Policy violation reports and logs what was blocked.

    Logged: the directive, the blocked origin and the page's path. Never the query string, the
    sample of the blocked code or the referrer, which may carry what the user typed. Anyone may post:
    an address over ``CSP_REPORT_LIMIT`` gets 429 and nothing is logged; repeats are counted, not
    logged one by one (``_log_violation``).
    """
    if not rate_limit_hit(request, scope="csp", limit=CSP_REPORT_LIMIT, window_seconds=CSP_REPORT_WINDOW_SECONDS):
        return HttpResponse(status=429)
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
        _log_violation(
            directive=str(report.get("effective-directive") or report.get("violated-directive") or "")[:60],
            blocked=_origin_of(report.get("blocked-uri")),
            page=_path_of(report.get("document-uri")),
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


def _standalone_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    """An error page rendered without context processors (the database or the session may be what failed),
    in the user's language, with the request id; a plain text one if even that fails."""
    request_id = getattr(request, "request_id", "")
    try:
        with translation.override(request_language(request)):
            body = loader.get_template(template).render({"request_id": request_id})
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        error_logger.exception("error page failed to render", extra={"event": "error_page_failed"})
        body = (
            f"<!doctype html><title>{status}</title><h1>Server error</h1>"
            f'<p>Reference code: <code id="request-id">{escape(request_id)}</code></p>'
        )
    return HttpResponse(body, status=status)


def server_error(request: HttpRequest) -> HttpResponse:
    """The last-resort handler: a generic page with the request id, whatever failed.

    A database that cannot be reached, wherever in the request (a view, a middleware, the session saved
    after the view), gets its own page and a 503: the user learns that what was saved stays saved and
    that trying again later will work, not that Sigap is broken (issue #21).

    The log record names the exception class, the view and the path: not the query string, the
    body, the exception's message or its locals, any of which may carry personal data. (Django's own
    ``django.request`` record keeps the traceback for the developers, with the same request id.)
    """
    exc_type, exc, _traceback = sys.exc_info()
    match = getattr(request, "resolver_match", None)
    database_down = isinstance(exc, DATABASE_DOWN)
    (error_logger.warning if database_down else error_logger.error)(
        "database unavailable" if database_down else "unhandled exception",
        extra={
            "event": "database_unavailable" if database_down else "unhandled_exception",
            "exception_type": exc_type.__name__ if exc_type else "",
            "view": match.view_name if match else "",
            "method": request.method,
            "path": request.path,
        },
    )
    if database_down:
        response = _standalone_page(request, "errors/503_database.html", 503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    if is_public_path(request):
        # The public reporting pages keep their own layout (quick exit, emergency numbers) even here.
        try:
            return HttpResponse(public_server_error_body(getattr(request, "request_id", "")), status=500)
        except Exception:  # noqa: BLE001 - the error page itself must never fail
            error_logger.exception("error page failed to render", extra={"event": "error_page_failed"})
    return _standalone_page(request, "errors/500.html", 500)
