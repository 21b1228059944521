"""assistance: services (every write), one module per concern; the public names are re-exported here."""

from sigap.assistance.services.feedback import session_feedback_record
from sigap.assistance.services.session import (
    SessionHeldData,
    SessionPlanData,
    session_cancel,
    session_plan,
    session_record_held,
    session_record_not_held,
    session_reschedule,
)

__all__ = [
    "SessionHeldData",
    "SessionPlanData",
    "session_cancel",
    "session_feedback_record",
    "session_plan",
    "session_record_held",
    "session_record_not_held",
    "session_reschedule",
]
