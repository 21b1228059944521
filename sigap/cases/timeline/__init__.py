"""cases: timeline, one module per concern; the public names are re-exported here."""

from sigap.cases.timeline.case import (
    TimelineEntry,
    case_timeline,
)
from sigap.cases.timeline.casework import (
    casework_event_text,
)

__all__ = [
    "TimelineEntry",
    "case_timeline",
    "casework_event_text",
]
