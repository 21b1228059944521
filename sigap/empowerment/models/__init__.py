"""empowerment: models, one module per concern; the public names are re-exported here."""

from sigap.empowerment.models.follow_up import (
    FollowUp,
    FollowUpMode,
    FollowUpStatus,
    GoalsOverride,
    GoalsProgress,
    IncomeBand,
    OutcomeRecord,
    Wellbeing,
)
from sigap.empowerment.models.needs import AssistanceScheme, CivilDocument, HouseholdNeeds
from sigap.empowerment.models.programme import Programme, ProgrammeKind, ProgrammeStatus
from sigap.empowerment.models.settings import (
    DEFAULT_INDEPENDENCE_DEFINITION,
    DEFAULT_SCHEDULE_MONTHS,
    EmpowermentSettings,
)

__all__ = [
    "DEFAULT_INDEPENDENCE_DEFINITION",
    "DEFAULT_SCHEDULE_MONTHS",
    "AssistanceScheme",
    "CivilDocument",
    "EmpowermentSettings",
    "FollowUp",
    "FollowUpMode",
    "FollowUpStatus",
    "GoalsOverride",
    "GoalsProgress",
    "HouseholdNeeds",
    "IncomeBand",
    "OutcomeRecord",
    "Programme",
    "ProgrammeKind",
    "ProgrammeStatus",
    "Wellbeing",
]
