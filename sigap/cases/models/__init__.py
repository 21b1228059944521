"""cases: models, one module per concern; the public names are re-exported here."""

from sigap.cases.models.case import (
    OPEN_STATES,
    BreakGlassGrant,
    Case,
    CaseState,
    CaseStateChange,
    CaseTeamMember,
    ReopenReason,
    TeamRole,
)
from sigap.cases.models.consent import (
    ChildAssent,
    Consent,
    ConsentGiver,
    ConsentMethod,
    ConsentScope,
)
from sigap.cases.models.incident import (
    AgeStatus,
    Incident,
    IncidentPerpetrator,
    IncidentViolenceType,
)
from sigap.cases.models.link import (
    LinkRequestState,
    PersonLinkRequest,
)
from sigap.cases.models.people import (
    CHILD_AGE_LIMIT,
    DEDUPE_ROLES,
    CaseNote,
    CasePerson,
    NoteConfidentiality,
    Person,
    PersonNameToken,
    PersonRole,
)
from sigap.cases.models.plan import (
    EDITABLE_PLAN_STATES,
    RESOLVED_ITEM_STATUSES,
    Assessment,
    AssessmentArea,
    AssessmentSection,
    Plan,
    PlanItem,
    PlanItemStatus,
    PlanState,
)

__all__ = [
    "AgeStatus",
    "Assessment",
    "AssessmentArea",
    "AssessmentSection",
    "BreakGlassGrant",
    "CHILD_AGE_LIMIT",
    "Case",
    "CaseNote",
    "CasePerson",
    "CaseState",
    "CaseStateChange",
    "CaseTeamMember",
    "ChildAssent",
    "Consent",
    "ConsentGiver",
    "ConsentMethod",
    "ConsentScope",
    "DEDUPE_ROLES",
    "EDITABLE_PLAN_STATES",
    "Incident",
    "IncidentPerpetrator",
    "IncidentViolenceType",
    "LinkRequestState",
    "NoteConfidentiality",
    "OPEN_STATES",
    "Person",
    "PersonLinkRequest",
    "PersonNameToken",
    "PersonRole",
    "Plan",
    "PlanItem",
    "PlanItemStatus",
    "PlanState",
    "RESOLVED_ITEM_STATUSES",
    "ReopenReason",
    "TeamRole",
]
