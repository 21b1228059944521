"""assistance: selectors (reads scoped to the user), one module per concern; public names re-exported."""

from sigap.assistance.selectors.session import (
    SessionGroups,
    case_session_groups,
    case_sessions,
    get_session_for_user,
    reader_for,
    services_delivered,
    session_notes,
)

__all__ = [
    "SessionGroups",
    "case_session_groups",
    "case_sessions",
    "get_session_for_user",
    "reader_for",
    "services_delivered",
    "session_notes",
]
