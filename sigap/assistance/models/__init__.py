"""assistance: models, one module per concern; the public names are re-exported here."""

from sigap.assistance.models.attachment import (
    Attachment,
    DocumentKind,
    FieldGroup,
    OwnerKind,
)
from sigap.assistance.models.legal import (
    Hearing,
    LegalStage,
    LegalTrack,
    RightCheck,
    StopReason,
    VerdictOutcome,
    VictimRight,
)
from sigap.assistance.models.session import (
    AccompanimentSession,
    NotesGroup,
    NotHeldReason,
    SessionKind,
    SessionPlace,
    SessionStatus,
)

__all__ = [
    "AccompanimentSession",
    "Attachment",
    "DocumentKind",
    "FieldGroup",
    "Hearing",
    "LegalStage",
    "LegalTrack",
    "NotHeldReason",
    "NotesGroup",
    "OwnerKind",
    "RightCheck",
    "SessionKind",
    "SessionPlace",
    "SessionStatus",
    "StopReason",
    "VerdictOutcome",
    "VictimRight",
]
