"""assistance: models, one module per concern; the public names are re-exported here."""

from sigap.assistance.models.attachment import (
    Attachment,
    DocumentKind,
    FieldGroup,
    OwnerKind,
)
from sigap.assistance.models.feed import CalendarFeed
from sigap.assistance.models.feedback import FeedbackAnswer, SessionFeedback
from sigap.assistance.models.health import HealthReferral
from sigap.assistance.models.legal import (
    Hearing,
    LegalStage,
    LegalTrack,
    RightCheck,
    StopReason,
    VerdictOutcome,
    VictimRight,
)
from sigap.assistance.models.mediation import (
    Mediation,
    MediationFollowUp,
    MediationMatter,
    MediationSession,
    MediationStatus,
)
from sigap.assistance.models.outreach import (
    OutreachFollowUp,
    OutreachReason,
    OutreachStatus,
    OutreachTeamMember,
    OutreachTransport,
    OutreachVisit,
)
from sigap.assistance.models.room import Room, RoomKind
from sigap.assistance.models.session import (
    AccompanimentSession,
    NotesGroup,
    NotHeldReason,
    SessionKind,
    SessionPlace,
    SessionStatus,
)
from sigap.assistance.models.shelter import (
    Bed,
    OnwardPlacement,
    PlacementCriterion,
    RoomTakes,
    Shelter,
    ShelterOwner,
    ShelterRoom,
    ShelterStay,
)

__all__ = [
    "AccompanimentSession",
    "CalendarFeed",
    "Attachment",
    "Bed",
    "DocumentKind",
    "FeedbackAnswer",
    "FieldGroup",
    "Hearing",
    "LegalStage",
    "LegalTrack",
    "HealthReferral",
    "Mediation",
    "MediationFollowUp",
    "MediationMatter",
    "MediationSession",
    "MediationStatus",
    "NotHeldReason",
    "NotesGroup",
    "OutreachFollowUp",
    "OutreachReason",
    "OutreachStatus",
    "OutreachTeamMember",
    "OutreachTransport",
    "OutreachVisit",
    "OnwardPlacement",
    "OwnerKind",
    "PlacementCriterion",
    "RoomTakes",
    "RightCheck",
    "Room",
    "RoomKind",
    "SessionFeedback",
    "SessionKind",
    "SessionPlace",
    "SessionStatus",
    "Shelter",
    "ShelterOwner",
    "ShelterRoom",
    "ShelterStay",
    "StopReason",
    "VerdictOutcome",
    "VictimRight",
]
