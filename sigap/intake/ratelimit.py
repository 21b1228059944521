"""A per-IP rate limit on Django's cache, for the public pages (no third-party captcha).

Fixed windows: the counter of a window is created with ``cache.add`` (atomic: only one creator) and
raised with ``cache.incr`` (atomic on every Django backend). The IP is hashed with the secret key,
so the cache never holds an address. With several web processes the cache must be shared (database
or Redis cache): a per-process memory cache multiplies the limit by the number of processes.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

CACHE_ALIAS = getattr(settings, "SIGAP_RATE_LIMIT_CACHE", "default")


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR: our reverse proxy overwrites it; forwarded headers from clients are not trusted."""
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def _key(scope: str, ip: str, window: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}|{ip}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"sigap:rl:{scope}:{digest}:{window}"


def rate_limit_hit(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt of the client in ``scope``; False once it is over ``limit`` in the window."""
    cache = caches[CACHE_ALIAS]
    window = int(time.time()) // window_seconds
    key = _key(scope, client_ip(request), window)
    cache.add(key, 0, timeout=window_seconds + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: start the window again
        cache.set(key, 1, timeout=window_seconds + 60)
        count = 1
    return count <= limit


def rate_limit_exceeded(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """True when the client already used up ``scope`` in this window (nothing is counted)."""
    cache = caches[CACHE_ALIAS]
    window = int(time.time()) // window_seconds
    return int(cache.get(_key(scope, client_ip(request), window), 0)) >= limit
