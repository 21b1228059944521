"""URLs reversed once per pattern: ``url_of(name, pk)`` and the template's ``{% url %}`` (``kept_reverse``).

A list of hundreds of rows (the case list, an expert's evaluation evidence) reversed one URL per row: a fifth of
a page's Python; a case page reverses ~40 URLs of its one case (~60 µs each through ``reverse()``, issue #22).
A URL whose arguments are UUIDs and non-negative integers is reversed once per name, kinds of arguments, URL
configuration, script prefix and current app with **stand-in** values, and split around them; each later call
only puts its own values in between. Sigap's URL patterns use Django's ``int``, ``uuid``, ``slug`` and ``str``
converters only: any UUID or non-negative integer that one stand-in matches, every other value of its kind
matches too, and is written the same way (``str(value)``, nothing to quote). Any other argument (a string, a
negative number) goes through ``reverse()`` as before. ``sigap/core/tests/test_links.py`` compares the kept
URLs with ``reverse()`` for every URL name of the project.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Stand-ins: UUIDs of version 0 (never made by uuid4) and integers no id reaches; each distinct.
_UUID_BASE = 0x5A5A_0000_0000_0000_0000_0000_0000_0000
_INT_BASE = 7_130_000_000_000
# A pattern: the URL's fixed parts around its arguments, and which argument goes in each gap.
Pattern = tuple[tuple[str, ...], tuple[Any, ...]]
_patterns: dict[tuple[Any, ...], Pattern | None] = {}
MAX_PATTERNS = 5000
_lock = threading.Lock()


def _kind(value: Any) -> str | None:
    if isinstance(value, uuid.UUID):
        return "uuid"
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return "int"
    return None


def _stand_in(kind: str, index: int) -> Any:
    return uuid.UUID(int=_UUID_BASE + index) if kind == "uuid" else _INT_BASE + index


def _pattern(name: str, kinds: tuple[str, ...], keys: tuple[str, ...], current_app: str | None) -> Pattern | None:
    """Reverse ``name`` with stand-ins and split the URL around them; None when a stand-in is not written
    exactly once (then ``reverse()`` is used every time)."""
    stand_ins = [_stand_in(kind, index) for index, kind in enumerate(kinds)]
    positional = len(kinds) - len(keys)
    url = reverse(
        name,
        args=stand_ins[:positional],
        kwargs=dict(zip(keys, stand_ins[positional:], strict=True)),
        current_app=current_app,
    )
    found = sorted((url.find(str(value)), index) for index, value in enumerate(stand_ins))
    if any(position < 0 or url.count(str(stand_ins[index])) != 1 for position, index in found):
        return None
    parts, slots, cursor = [], [], 0
    for position, index in found:
        parts.append(url[cursor:position])
        slots.append(index)
        cursor = position + len(str(stand_ins[index]))
    parts.append(url[cursor:])
    return tuple(parts), tuple(slots)


def url_env() -> tuple[str, str]:
    """The URL configuration and script prefix in force: what a kept pattern depends on besides its name.

    Both are thread- or task-local (asgiref ``Local``, ~20 Python calls to read the two); a caller that reverses many
    URLs in one page reads them once and passes them on (``env``): they do not change while a page renders."""
    # ``get_urlconf()`` is None unless a request set its own; the default is the setting (tests override it).
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def _kept_pattern(
    name: str,
    kinds: tuple[str, ...],
    keys: tuple[str, ...],
    current_app: str | None,
    env: tuple[str, str] | None = None,
) -> Pattern | None:
    """The pattern of ``name`` for these kinds of arguments in the current URL configuration, made on first use."""
    key = (name, kinds, keys, current_app, *(env or url_env()))
    try:
        return _patterns[key]
    except KeyError:
        pattern = _pattern(name, kinds, keys, current_app)
        if env is not None and env != url_env():
            return pattern  # reversed under the URLs in force, not the ones the caller read: not kept under those
        with _lock:  # a threaded server: evict and insert without another thread changing the dict meanwhile
            if len(_patterns) >= MAX_PATTERNS:
                _patterns.pop(next(iter(_patterns)))
            _patterns[key] = pattern
        return pattern


def kept_reverse(
    name: str,
    args: Sequence[Any] = (),
    kwargs: Mapping[str, Any] | None = None,
    current_app: str | None = None,
    env: tuple[str, str] | None = None,
) -> str:
    """``reverse(name, args=args, kwargs=kwargs, current_app=current_app)``, its pattern reversed once when every
    argument is a UUID or a non-negative integer (see the module docstring). ``env``: :func:`url_env`, when the
    caller has read it already."""
    kwargs = dict(kwargs) if kwargs else {}
    values = (*args, *kwargs.values())
    kinds = tuple(map(_kind, values))
    if None in kinds:
        return reverse(name, args=args, kwargs=kwargs, current_app=current_app)
    pattern = _kept_pattern(name, kinds, tuple(kwargs), current_app, env)  # type: ignore[arg-type]
    if pattern is None:
        return reverse(name, args=args, kwargs=kwargs, current_app=current_app)
    parts, slots = pattern
    out = [parts[0]]
    for slot, part in zip(slots, parts[1:], strict=True):
        out.append(str(values[slot]))
        out.append(part)
    return "".join(out)


def url_writer(name: str) -> Callable[[Any], str]:
    """``url_of(name, …)`` for the many rows of one page: the pattern looked up once, each row's URL one f-string."""
    pattern = _kept_pattern(name, ("uuid",), (), None)
    if pattern is None:
        return lambda pk: kept_reverse(name, (pk,))
    (head, tail), _slots = pattern
    return lambda pk: f"{head}{pk}{tail}" if isinstance(pk, uuid.UUID) else kept_reverse(name, (pk,))


def url_of(name: str, pk: Any) -> str:
    """``reverse(name, args=[pk])`` for a URL with one UUID argument, its pattern reversed once."""
    return kept_reverse(name, (pk,))
