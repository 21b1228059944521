"""The client's IP address, for the public rate limits and django-axes' login lockout.

Without configuration it is ``REMOTE_ADDR``. Behind a reverse proxy that is the proxy's own address for
every visitor, so one visitor's flood would lock out everyone: set ``SIGAP_CLIENT_IP_HEADER`` to the
header *our* proxy writes (``X-Real-IP``, or ``X-Forwarded-For``; docs/operations.md). Never name a
header the proxy passes through from the client: anyone could then choose their address.

Edge cases of :func:`client_ip`:

- ``X-Forwarded-For`` is a list; the client may send any list, and nginx appends the address it saw.
  Only the right-most entry, the one our proxy added, is trusted (one proxy in front of Sigap).
- A missing or malformed header value (a direct request bypassing the proxy, a bug) falls back to
  ``REMOTE_ADDR``, as django-ipware does with its precedence order.
- No usable address at all gives ``""`` (django-axes stores it as NULL).
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings.py imports this module: keep its imports light
    from django.http import HttpRequest

# Longer than any address, with or without a port; anything longer is not looked at.
_MAX_VALUE = 100
_HEADER_NAME = re.compile(r"HTTP_[A-Z0-9_]*[A-Z0-9]")


def meta_header_name(raw: str) -> str:
    """``request.META`` key of a header named in settings: ``X-Real-IP`` → ``HTTP_X_REAL_IP``.

    ``""`` and ``REMOTE_ADDR`` mean "no header" (``""``). Anything else malformed stops start-up.
    """
    name = raw.strip().upper().replace("-", "_")
    if name in ("", "REMOTE_ADDR"):
        return ""
    if not name.startswith("HTTP_"):
        name = f"HTTP_{name}"
    if not _HEADER_NAME.fullmatch(name):
        raise ImproperlyConfigured("SIGAP_CLIENT_IP_HEADER must be a header name such as X-Real-IP")
    return name


def _address(value: str) -> str:
    """The normalised address in ``value`` (a port or IPv6 brackets removed), or ``""``."""
    text = value.strip()[:_MAX_VALUE]
    if text.startswith("["):  # [2001:db8::1]:443
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # 203.0.113.7:443
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """The client's address: the trusted proxy header when configured, else ``REMOTE_ADDR``."""
    header = getattr(settings, "SIGAP_CLIENT_IP_HEADER", "")
    if header:
        raw = str(request.META.get(header, "") or "")
        # Only the last entry: what our proxy appended, not what the client claimed before it.
        found = _address(raw[-_MAX_VALUE:].rpartition(",")[2])
        if found:
            return found
    return _address(str(request.META.get("REMOTE_ADDR", "") or ""))
