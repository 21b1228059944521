"""The page shell's blocks rendered once per shape, then filled with each request's values (issue #22).

The header (menu, account menu, bell), the idle-session dialog and the language switch are the same HTML for
every page a role reads in one language and unit, except for a few values of the request: the CSRF token,
the user's own name, the page's path, the seconds of the idle clock. ``{% kept "header" %}…{% endkept %}``
renders its block once per **key** with those values as **stand-ins**, and each request writes its own
values where the stand-ins are, rendered exactly as ``{{ value }}`` renders them (escaped, localized).

Safe by construction, and checked:

- the key names everything else the block reads (language, role, unit, the menus as this page marks them);
  a shape it does not know how to key (a draft restored into the page, an odd CSRF value) is rendered as
  usual, never kept;
- nothing personal is kept: the user's name and the path are values filled per request, never in the key
  or the kept text;
- the stand-ins are random per process, so no text a user typed can be one;
- under the test profile (``settings.TESTING``) every kept block is also rendered as usual and must be the
  same HTML, so a value the key forgot fails the first test that shows it
  (``sigap/core/tests/test_kept_blocks.py``; the golden pages compare the whole page).
"""

from __future__ import annotations

import difflib
import re
import secrets
import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.template import Context

from sigap.core.links import url_env
from sigap.core.templatetags.sigap_i18n import context_language

# A block's key (``None``: render this one as usual) and the values it fills in (given to the block either way).
Shape = tuple[tuple[Any, ...] | None, Mapping[str, Any]]
KeyFunction = Callable[[Context], Shape]


def _menu(context: Context, name: str) -> tuple[Any, ...]:
    items = context.get(name)
    return tuple((items() if callable(items) else items) or ())


_NOT_PROVIDED = "NOTPROVIDED"  # noqa: S105 - Django's csrf context processor's marker, not a secret


def _csrf(context: Context) -> Any:
    token = context.get("csrf_token")
    # No token, or the "NOTPROVIDED" marker (the tag then writes nothing): not a shape worth keeping.
    return None if not token or token == _NOT_PROVIDED else token


def header(context: Context) -> Shape:
    """base.html's skip link, demo banner and navigation bar."""
    token, user = _csrf(context), context.get("user")
    signed_in = user is not None and bool(user.is_authenticated)
    fills: dict[str, Any] = {
        "user_menu_name": user.full_name or user.username if user is not None and signed_in else ""
    }
    if token is None:
        return None, fills
    fills["csrf_token"] = token
    key: tuple[Any, ...] = (
        context_language(context),
        *url_env(),
        bool(context.get("mfa_disabled_banner")),
        signed_in,
    )
    if signed_in:
        membership, unit = context.get("membership"), context.get("current_unit")
        key += (
            membership.role if membership else None,
            (unit.pk, unit.name, unit.short_name) if unit else None,
            _menu(context, "nav_items"),
            _menu(context, "user_menu_items"),
        )
    return key, fills


def session(context: Context) -> Shape:
    """The idle-session dialog (accounts/_session_shell.html); a page with a restored draft is not kept."""
    token = _csrf(context)
    # No idle clock (a public page): nothing to render, nothing to keep. A stand-in is only ever printed, never
    # tested in an {% if %}, so the clock's presence cannot be a filled value.
    if token is None or context.get("kept_draft") or not context.get("session_idle_seconds"):
        return None, {}
    fills = {
        "csrf_token": token,
        "session_idle_seconds": context.get("session_idle_seconds"),
        "session_left_seconds": context.get("session_left_seconds"),
        "session_warn_seconds": context.get("session_warn_seconds"),
    }
    return (context_language(context), *url_env()), fills


def language_switch(context: Context) -> Shape:
    """The footer's language form: it returns to this very page."""
    token, request = _csrf(context), context.get("request")
    fills: dict[str, Any] = {"language_next": request.get_full_path() if request is not None else ""}
    if token is None or request is None:
        return None, fills
    fills["csrf_token"] = token
    return (context_language(context), *url_env()), fills


KEYS: dict[str, KeyFunction] = {"header": header, "session": session, "language_switch": language_switch}

# Random per process: a stand-in can never be text a user typed (a name, a path).
_STAND_IN = f"kept{secrets.token_hex(10)}"
_STAND_INS = re.compile(re.escape(_STAND_IN) + r"x(\d{3})x")
_kept: dict[tuple[Any, ...], str] = {}
_lock = threading.Lock()
# Bounded by languages × roles × units × menu states; capped all the same (never a wrong answer).
MAX_KEPT = 1024


def fill(html: str, values: list[str]) -> str:
    """``html`` with each stand-in replaced by its value (``values[i]`` for ``stand_in(i)``), in one pass: a value
    is never scanned again, so a value that happens to hold a stand-in's text stays as it is."""
    return _STAND_INS.sub(lambda found: values[int(found[1])], html)


def check_fresh(what: str, kept_html: str, render: Callable[[], str]) -> None:
    """Under the test profile, ``render()`` (the usual render) must give ``kept_html``: a key that forgets a value
    fails the first test that shows it, with the difference. Outside tests, nothing is rendered twice."""
    if not settings.TESTING:
        return
    fresh = render()
    if fresh != kept_html:
        diff = "\n".join(difflib.unified_diff(kept_html.splitlines(), fresh.splitlines(), "kept", "fresh", lineterm=""))
        raise AssertionError(f"{what} differs from its fresh render: its key misses a value\n{diff}")


def stand_in(index: int) -> str:
    """The stand-in of a block's ``index``-th value (letters and digits only: escaping leaves it as it is)."""
    return f"{_STAND_IN}x{index:03d}x"


def kept(name: str, key: tuple[Any, ...], make: Callable[[], str]) -> str:
    """The kept HTML of block ``name`` for ``key``, rendered by ``make()`` on first use."""
    full = (name, *key)
    html = _kept.get(full)
    if html is None:
        html = make()
        with _lock:
            if len(_kept) >= MAX_KEPT:
                _kept.pop(next(iter(_kept)))
            _kept[full] = html
    return html


def forget(**_kwargs: Any) -> None:
    """Forget every kept block (a test that changes a setting: templates, the session's length, the URLs)."""
    _kept.clear()


setting_changed.connect(forget, dispatch_uid="sigap.core.kept_blocks.forget")
