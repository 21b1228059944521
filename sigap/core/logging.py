"""JSON-lines logging with the request id. Log ids and event names, never personal values (LOG-04).

Every record is one line of JSON: a CR or LF inside a message or a value is escaped by the encoder,
so nobody can forge a second record by putting a newline into a username (LOG-05).
"""

from __future__ import annotations

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("sigap_request_id", default="")

# "request" is dropped: its repr carries the query string, which may hold search terms.
_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id", "request"}
_PLAIN = (str, int, float, bool, type(None))

# A request line as the development server logs it: "GET /path?query HTTP/1.1".
_QUERY_IN_REQUEST_LINE = re.compile(r"^(\S+ [^?\s]*)\?\S*")
# Line breaks that JSON leaves unescaped but str.splitlines() and some log viewers honour.
_UNICODE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request being served ("" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, UTC time.

    Extra values are written only when they are plain (text, numbers, booleans): anything else is
    replaced by its type name, because ``str()`` of a model instance is often a person's name.
    Django's ``django.request`` records carry ``request.path`` only; ``django.server`` (runserver, the
    demo) logs the whole request line, so its query string (search terms live there) is cut out.
    Production runs gunicorn, whose access log is configured apart.
    """

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self._message(record),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                payload[key] = value if isinstance(value, _PLAIN) else f"<{type(value).__name__}>"
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str).translate(_UNICODE_BREAKS)

    @staticmethod
    def _message(record: logging.LogRecord) -> str:
        if record.name == "django.server" and isinstance(record.args, tuple) and record.args:
            first, *rest = record.args
            if isinstance(first, str):
                return str(record.msg) % (_QUERY_IN_REQUEST_LINE.sub(r"\1?…", first), *rest)
        return record.getMessage()
