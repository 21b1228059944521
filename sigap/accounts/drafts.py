"""Nothing typed is lost (issue #21): a form sent after the session ended comes back after the login.

A POST that is refused because its session has ended (idle, lifetime, revoked: the login page answers
it) or because its CSRF token no longer matches is never accepted. Its typed fields are kept instead,
server-side and encrypted (:class:`~sigap.accounts.models.KeptDraft`), for the user whose session it
was, and the login sends the user back to the page of the form (never to the POST-only address, which
answered 405), where the fields are filled in again with a notice; the user saves them with a click.

Safety (docs/decisions.md, "Kept drafts"):

- Only same-origin POSTs are kept (``Origin``, else ``Referer``): a foreign site cannot plant text.
- The owner is the user of the session that ended: known from the session policy, or from the
  browser's session cookie through the user's session history (``UserSession``). A logout (in another
  tab of the same browser, walk #13 finding 2) deletes that cookie: it leaves instead a signed, HttpOnly,
  30-minute cookie naming the ended session, read the same way. No owner, no draft.
- The draft is found through a random id in a signed, HttpOnly, 30-minute cookie of that browser (only
  its SHA-256 is stored) and shown only to its owner after a full login; it is deleted when shown or
  after 30 minutes. Nothing is put in the browser's storage: staff share computers.
- Several forms refused in the same browser (two tabs, walk finding) are each kept: the cookie names the
  newest :data:`MAX_DRAFTS_PER_BROWSER` drafts, the login returns to the last one's page, and every other
  form's page shows its own draft when it is opened (each once); its id then leaves the cookie.
- Passwords, codes, tokens and files are never kept.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from sigap.accounts.middleware import SESSION_ENDED_FLAG
from sigap.accounts.models.drafts import KeptDraft
from sigap.accounts.models.sessions import UserSession
from sigap.accounts.models.users import User
from sigap.accounts.request import SigapRequest

COOKIE_SALT = "sigap.accounts.kept-draft"
SIGNED_OUT_SALT = "sigap.accounts.signed-out"
# Read by the login page: "what you typed was kept".
DRAFT_KEPT_FLAG = "draft_kept"
# Fields never kept, whatever the form: secrets, one-time codes, CSRF tokens, step-up replays.
_NEVER_KEPT = re.compile(r"password|sandi|secret|token|csrf|otp|^code$|^replay__", re.IGNORECASE)
MAX_FIELDS = 200
MAX_CHARACTERS = 200_000
# The drafts one browser's cookie names (the newest; an older one is left to the 30-minute purge).
MAX_DRAFTS_PER_BROWSER = 5
_ID_SEPARATOR = "."  # never in a token_urlsafe id

# "Form page for POST url name": used when a POST arrives without a usable Referer. Filled by the
# apps that own the forms (their AppConfig.ready()); a lower app never imports a higher one.
FORM_PAGES: dict[str, Callable[[dict[str, Any]], str]] = {}


def register_form_page(post_url_name: str, page_url_name: str) -> None:
    """The page showing the form that posts to ``post_url_name`` (same URL arguments)."""
    FORM_PAGES[post_url_name] = lambda kwargs: reverse(page_url_name, kwargs=kwargs)


def keep_seconds() -> int:
    return int(settings.SIGAP_DRAFT_KEEP_SECONDS)


def cookie_name() -> str:
    # __Host-: only this origin, path /, Secure: the same rule as the session cookie in production.
    return "__Host-sigap_draft" if settings.SESSION_COOKIE_SECURE else "sigap_draft"


def signed_out_cookie_name() -> str:
    return "__Host-sigap_signed_out" if settings.SESSION_COOKIE_SECURE else "sigap_signed_out"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- services -------------------------------------------------------------------------------------


def kept_drafts_purge(*, now: datetime | None = None) -> int:
    """Delete drafts older than they are kept (30 minutes): lazily here, and by the worker."""
    cutoff = (now or timezone.now()) - timedelta(seconds=keep_seconds())
    deleted, _by_model = KeptDraft.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def kept_draft_keep(*, user_id: int, action: str, page: str, fields: dict[str, list[str]]) -> str:
    """Keep the typed ``fields`` of a refused POST for ``user_id``; the random id for the cookie."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        kept_drafts_purge()
        KeptDraft.objects.create(
            user_id=user_id,
            token_digest=_digest(token),
            action=action[:500],
            page=page[:500],
            fields=fields,
            created_at=timezone.now(),
        )
    return token


def kept_draft_take(*, user: User, tokens: list[str], page: str) -> tuple[KeptDraft | None, str]:
    """The newest draft under one of ``tokens`` that belongs to ``user`` and to this ``page``, deleted as it
    is taken, and the token that named it ("" when none)."""
    by_digest = {_digest(token): token for token in tokens}
    with transaction.atomic():
        kept_drafts_purge()
        draft = (
            KeptDraft.objects.filter(token_digest__in=list(by_digest), user=user, page=page)
            .order_by("-created_at", "-pk")
            .first()
        )
        if draft is None:
            return None, ""
        # Shown once: a second tab or a reload does not show it again.
        deleted, _by_model = KeptDraft.objects.filter(pk=draft.pk).delete()
    return (draft, by_digest[draft.token_digest]) if deleted else (None, "")


def cookie_tokens(request: HttpRequest) -> list[str]:
    """The draft ids named by this browser's signed cookie (oldest first; [] when absent, forged or expired)."""
    value = request.get_signed_cookie(cookie_name(), default="", salt=COOKIE_SALT, max_age=keep_seconds())
    tokens = [token for token in (value or "").split(_ID_SEPARATOR) if token]
    return tokens[-MAX_DRAFTS_PER_BROWSER:]


# --- what a refused POST tells ------------------------------------------------------------------


def typed_fields(post: QueryDict) -> dict[str, list[str]]:
    """The POST's fields worth keeping ({} when there are none, or too many to be a form)."""
    kept: dict[str, list[str]] = {}
    characters = 0
    for key, values in post.lists():
        if _NEVER_KEPT.search(key):
            continue
        kept[key] = [str(value) for value in values]
        characters += len(key) + sum(len(value) for value in values)
    if len(kept) > MAX_FIELDS or characters > MAX_CHARACTERS:
        return {}
    return kept if any(value.strip() for values in kept.values() for value in values) else {}


def _own_host(request: HttpRequest) -> str:
    try:
        return request.get_host()
    except DisallowedHost:
        return ""


def is_same_origin(request: HttpRequest) -> bool:
    """The POST came from a page of this site (a browser sends ``Origin`` with every POST)."""
    host = _own_host(request)
    if not host:
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        return origin == f"{request.scheme}://{host}"
    referer = request.META.get("HTTP_REFERER", "")
    return bool(referer) and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )


def form_page(request: HttpRequest) -> str:
    """The GET page of the form this POST came from: the same-origin Referer, the registry, or home."""
    host = _own_host(request)
    referer = request.META.get("HTTP_REFERER", "")
    if (
        host
        and referer
        and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure())
    ):
        parts = urlsplit(referer)
        if parts.path.startswith("/") and not parts.path.startswith(reverse(settings.LOGIN_URL)):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if match is not None and match.view_name in FORM_PAGES:
        return FORM_PAGES[match.view_name](match.kwargs)
    return reverse(settings.LOGIN_REDIRECT_URL)


def _owner_of_ended_session(request: HttpRequest) -> int | None:
    """The user whose session this POST belonged to, or None when that cannot be known."""
    ended = getattr(request, "sigap_ended_user_id", None)  # set by the session policy as it ends one
    if ended:
        return int(ended)
    # A session older than its absolute lifetime is not a session this browser can be continuing.
    since = timezone.now() - timedelta(seconds=settings.SIGAP_SESSION_ABSOLUTE_SECONDS + settings.SESSION_COOKIE_AGE)
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if key and len(key) <= 40:
        owner = UserSession.objects.filter(session_key=key, started_at__gt=since).values_list("user_id", flat=True)
        found = next(iter(owner), None)
        if found is not None:
            return found
    # Logged out in another tab: the session cookie is gone, the signed-out cookie names the ended session.
    signed_out = request.get_signed_cookie(
        signed_out_cookie_name(), default="", salt=SIGNED_OUT_SALT, max_age=keep_seconds()
    )
    if not signed_out or len(signed_out) > 40:
        return None
    owner = UserSession.objects.filter(session_key=signed_out, started_at__gt=since).values_list("user_id", flat=True)
    return next(iter(owner), None)


def _sent_to_login(response: HttpResponse) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response.get("Location", "")).path == reverse(settings.LOGIN_URL)


def _set_cookie(
    response: HttpResponse, request: HttpRequest, token: str, *, name: str = "", salt: str = COOKIE_SALT
) -> None:
    """A signed, HttpOnly, 30-minute cookie: the draft's id (default), or the signed-out session's key."""
    response.set_signed_cookie(
        name or cookie_name(),
        token,
        salt=salt,
        max_age=keep_seconds(),
        path="/",
        secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _is_staff_form(request: HttpRequest) -> bool:
    """Only staff pages' forms are kept: never the login, nor a public page's (a report on /lapor/ typed at
    a shared computer must not be shown to the staff member whose old session cookie it carried)."""
    from sigap.core.access import STAFF, policy_of

    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    policy = policy_of(match.func)
    return policy is not None and policy.kind == STAFF


def after_refused_post(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Keep what a refused POST carried and send the user to the form's page (via the login if needed)."""
    user = getattr(request, "user", None)
    logged_in = bool(user is not None and user.is_authenticated)
    csrf_refused = response.status_code == 403 and getattr(request, "sigap_csrf_failed", False)
    to_login = _sent_to_login(response) and not logged_in
    if not (csrf_refused or to_login) or not is_same_origin(request) or not _is_staff_form(request):
        return response
    page = form_page(request)
    owner = user.pk if logged_in and user is not None else _owner_of_ended_session(request)
    fields = typed_fields(request.POST) if owner else {}
    token = kept_draft_keep(user_id=owner, action=request.path, page=page, fields=fields) if owner and fields else ""
    if to_login:
        # The login returns to the form's page: the POST-only address would answer 405.
        response["Location"] = redirect_to_login(page)["Location"]
    elif token:
        # CSRF refused the write (it stays refused); the typed text goes back to its form.
        redirected = HttpResponseRedirect(page if logged_in else redirect_to_login(page)["Location"])
        redirected.cookies = response.cookies
        response = redirected
    else:
        return response
    if token:
        # Added to the drafts this browser already names (another tab's form): none is overwritten.
        tokens = [*(kept for kept in cookie_tokens(request) if kept != token), token][-MAX_DRAFTS_PER_BROWSER:]
        _set_cookie(response, request, _ID_SEPARATOR.join(tokens))
        if not logged_in:
            request.session[SESSION_ENDED_FLAG] = DRAFT_KEPT_FLAG
    elif to_login and owner and SESSION_ENDED_FLAG not in request.session:
        # Nothing typed to keep, but the login page still says why it is shown.
        request.session[SESSION_ENDED_FLAG] = "ended"
    return response


def draft_for_page(request: HttpRequest) -> KeptDraft | None:
    """The draft this browser kept for the user on this page, taken (deleted) as it is returned.

    Remembered on the request: a page renders several templates (each runs the context processors),
    and the one that shows the draft must get it.
    """
    sigap = cast("SigapRequest", request)
    if not hasattr(sigap, "sigap_kept_draft"):
        sigap.sigap_kept_draft = _take_for_page(request)
    return sigap.sigap_kept_draft


def _take_for_page(request: HttpRequest) -> KeptDraft | None:
    from sigap.core.access import mfa_satisfied

    if cookie_name() not in request.COOKIES or request.method != "GET" or request.headers.get("HX-Request"):
        return None
    if not request.user.is_authenticated or not mfa_satisfied(request):
        return None
    tokens = cookie_tokens(request)
    if not tokens:
        # The cookie outlived its draft (30 minutes): the row goes too, if the worker has not taken it.
        kept_drafts_purge()
        return None
    user = request.user
    assert isinstance(user, User)
    draft, taken = kept_draft_take(user=user, tokens=tokens, page=request.get_full_path())
    if draft is not None:
        # The cookie keeps naming the drafts of the other forms, for their own pages.
        cast("SigapRequest", request).sigap_draft_tokens_left = [token for token in tokens if token != taken]
    return draft


class KeptDraftMiddleware:
    """Runs :func:`after_refused_post` on POSTs; drops the cookie once its draft was shown.

    Sits outside ``CsrfViewMiddleware`` so that it also sees CSRF refusals, and inside the session
    middleware, which saves the login page's notice flag.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        signed_out = getattr(request, "sigap_signed_out_key", "")
        if signed_out:
            _set_cookie(response, request, signed_out, name=signed_out_cookie_name(), salt=SIGNED_OUT_SALT)
        if request.method == "POST":
            return after_refused_post(request, response)
        if getattr(request, "sigap_kept_draft", None) is not None:
            left = getattr(request, "sigap_draft_tokens_left", [])
            if left:
                _set_cookie(response, request, _ID_SEPARATOR.join(left))
            else:
                response.delete_cookie(cookie_name(), path="/", samesite="Lax")
        return response
