"""intake: forms, one module per concern; the public names are re-exported here."""

from sigap.intake.forms.public import (
    HONEYPOT_FIELD,
    INVALID_CHOICE,
    PUBLIC_REPORTER_CHOICES,
    PublicReportForm,
    StatusForm,
)
from sigap.intake.forms.staff import (
    SEX_CHOICES,
    STAFF_PEOPLE_ROWS,
    AssignForm,
    ComplaintRecordForm,
    DecisionForm,
    IntakeSettingsForm,
    PeopleMixin,
    StyledForm,
    TriageForm,
)

__all__ = [
    "AssignForm",
    "ComplaintRecordForm",
    "DecisionForm",
    "HONEYPOT_FIELD",
    "INVALID_CHOICE",
    "IntakeSettingsForm",
    "PUBLIC_REPORTER_CHOICES",
    "PeopleMixin",
    "PublicReportForm",
    "SEX_CHOICES",
    "STAFF_PEOPLE_ROWS",
    "StatusForm",
    "StyledForm",
    "TriageForm",
]
