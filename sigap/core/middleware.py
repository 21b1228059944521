"""Request-wide middleware: request ids, the interface language, the unit's time zone, no-store caching."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from sigap.core.errors import error_page
from sigap.core.logging import request_id_var

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request a correlation id (shown on error pages, written to logs and audit).

    An ``X-Request-ID`` from our own proxy is kept if it looks like an id; anything else is replaced.
    The id stays in the logging context until the response is finished (``request_finished``), not just
    until this middleware returns: Django logs 4xx/5xx responses after the middleware chain.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # typed by accounts.request.SigapRequest
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _forget_request_id(**kwargs: Any) -> None:
    request_id_var.set("")


request_finished.connect(_forget_request_id, dispatch_uid="sigap.core.middleware.forget_request_id")


def request_language(request: HttpRequest) -> str:
    """The user's interface language: the one chosen with the language switch, else Indonesian."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Indonesian unless the user chose English with the language switch (the ``sigap_language`` cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones in the units
    are set to English; the interface is Indonesian by default (ARCHITECTURE §10) and English on request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class UnitTimezoneMiddleware:
    """Shows times in the time zone of the user's unit (Kukar: Asia/Makassar, WITA)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = getattr(request, "membership", None)
        if membership is not None:
            timezone.activate(membership.unit.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class NoStoreCacheMiddleware:
    """``Cache-Control: no-store`` on every response to a logged-in user (DATA-06).

    Public pages get it too when they carry a form (the reporting form must not be cached on a
    shared phone); static files are served by WhiteNoise before this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class MethodNotAllowedPageMiddleware:
    """Gives Django's empty 405 (``require_POST`` and friends, e.g. a bookmarked "End session" link) a
    page that says what happened, in the user's language, with the usual reference code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False) or response.content:
            return response
        page = error_page(request, 405, "errors/405.html")  # the public layout under /lapor/
        page["Allow"] = response.get("Allow", "")
        return page
