"""assistance: forms, one module per concern; the public names are re-exported here."""

from sigap.assistance.forms.feedback import SessionFeedbackForm
from sigap.assistance.forms.session import (
    SessionCancelForm,
    SessionPlanForm,
    SessionRecordForm,
    SessionRescheduleForm,
)

__all__ = ["SessionCancelForm", "SessionFeedbackForm", "SessionPlanForm", "SessionRecordForm", "SessionRescheduleForm"]
