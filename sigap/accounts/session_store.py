"""Django's database sessions, with two changes: an unreachable database is not a session that ended, and
the row is written only when the session changed or its idle clock must move (issue #22, D3x).

Django's ``SessionStore.save`` turns every database error of the save at the end of a request into
``UpdateError`` ("the session's row vanished"), which ``SessionMiddleware`` reports as ``SessionInterrupted``:
the "Your session has ended" page (sigap.core.views.bad_request). That is right when a newer login or the
owner ended the session meanwhile, and wrong when the database could not be reached: the user then reads that
the session ended on a request whose work was saved. Here the unreachable database is raised as what it is,
and the user sees the 503 page ("the database could not be reached; what was saved stays saved").

The idle clock: the row's ``expire_date`` is the last write plus the idle time (``SESSION_COOKIE_AGE``).
Writing it on every request (``SESSION_SAVE_EVERY_REQUEST``) cost an UPDATE and a COMMIT per page. Now a
safe request (GET, HEAD) writes it only when the last write is at least ``idle_clock_interval()`` old (a
minute); a POST, a ping and every change of the session still write it. So the server never keeps a session
longer than the idle time after the last request, and ends it at most one interval earlier: the page tells
the browser the time really left (``idle_seconds_left``), so the idle warning still comes before the end.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from sigap.core.health import DATABASE_DOWN


def idle_clock_interval() -> int:
    """Seconds between two writes that only move the idle clock: a minute, a quarter of a shorter idle time."""
    return max(1, min(60, int(settings.SESSION_COOKIE_AGE) // 4))


class SessionStore(DatabaseSessionStore):
    # The row's expiry as this request loaded or last wrote it; None for a session without a row.
    stored_expiry: datetime | None = None

    def load(self) -> dict[str, Any]:
        # Django's own read (private; django-stubs do not list it): the row, or None when gone or expired.
        row = cast("Any", super())._get_session_from_db()
        self.stored_expiry = row.expire_date if row is not None else None
        return self.decode(row.session_data) if row is not None else {}

    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            # Django raises UpdateError inside its ``except DatabaseError``: the database's own error is the context.
            cause = error.__context__
            if isinstance(cause, DATABASE_DOWN):
                raise cause from None
            raise
        self.stored_expiry = self.get_expiry_date()

    def idle_clock_due(self, *, unsafe: bool) -> bool:
        """True when this response must write the row only to move the idle clock.

        Only for a session this request used (``accessed``: a page that never looked at the session is no
        activity of its user) and that has a row: a new session is written when it gets its first data.
        """
        if not self.accessed or self.session_key is None:
            return False
        cast("Any", self)._get_session()  # loads the row (and ``stored_expiry``) if nothing did yet
        if self.stored_expiry is None or self.is_empty():
            return False
        if unsafe:
            return True
        last_write = self.stored_expiry - timedelta(seconds=settings.SESSION_COOKIE_AGE)
        return (timezone.now() - last_write).total_seconds() >= idle_clock_interval()

    def idle_seconds_left(self, *, unsafe: bool) -> int:
        """How long the session lasts without another request, once this response is sent."""
        idle = int(settings.SESSION_COOKIE_AGE)
        if self.modified or self.idle_clock_due(unsafe=unsafe) or self.stored_expiry is None:
            return idle
        left = (self.stored_expiry - timezone.now()).total_seconds()
        return max(0, min(idle, math.floor(left)))
