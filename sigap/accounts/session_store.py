"""Django's database sessions, except that a database that cannot be reached is not a session that ended.

Django's ``SessionStore.save`` turns every database error of the save at the end of a request into
``UpdateError`` ("the session's row vanished"), which ``SessionMiddleware`` reports as ``SessionInterrupted``:
the "Your session has ended" page (sigap.core.views.bad_request). That is right when a newer login or the
owner ended the session meanwhile, and wrong when the database could not be reached: the user then reads that
the session ended on a request whose work was saved. Here the unreachable database is raised as what it is,
and the user sees the 503 page ("the database could not be reached; what was saved stays saved").
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from sigap.core.health import DATABASE_DOWN


class SessionStore(DatabaseSessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            # Django raises UpdateError inside its ``except DatabaseError``: the database's own error is the context.
            cause = error.__context__
            if isinstance(cause, DATABASE_DOWN):
                raise cause from None
            raise
