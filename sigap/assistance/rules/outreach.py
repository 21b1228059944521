"""Pure rules of outreach visits (issue #12): the clock of a decided outreach, who may act, the default reason."""

from __future__ import annotations

from datetime import datetime, timedelta

from sigap.accounts.models import Role
from sigap.assistance.models.outreach import OutreachReason

# The Aceh Utara SOP's "within 12 hours" of the report (domain.md §D1, wording ambiguous): the visit the
# outreach decision plans by itself falls due 12 hours after the decision; the team moves it if needed.
OUTREACH_WITHIN = timedelta(hours=12)
# How far a visit's planned time may be from "created + 12 h" and still be the decision's deadline (the two
# clock reads of one transaction are microseconds apart).
_SAME_CLOCK = timedelta(minutes=1)
# A complaint's visits belong to the intake team and the HEAD (once it became a case, also the case team).
COMPLAINT_ROLES = frozenset({Role.INTAKE, Role.HEAD})
# Who may go on a complaint's visit: the unit's staff who meet victims (never the admin or the data officer).
TEAM_ROLES = (Role.INTAKE, Role.HEAD, Role.CASE_MANAGER, Role.EXPERT)
# Complaint codes (sigap.intake.models ReporterType / RiskLevel), read as plain strings: a rule needs no model.
_SOMEONE_ELSE = frozenset({"PIHAK_LAIN", "ANONIM"})


def is_decision_deadline(*, complaint_id: object, created_at: datetime, planned_at: datetime) -> bool:
    """Is this planned time the 12-hour deadline the decision "outreach first" set (not a time someone chose)?"""
    return complaint_id is not None and abs(planned_at - created_at - OUTREACH_WITHIN) <= _SAME_CLOCK


def reason_from_complaint(*, reporter_type: str, risk_level: str) -> str:
    """Why the decided visit is made, read from the complaint: a high risk first, then a report by someone else."""
    if risk_level == "TINGGI":
        return OutreachReason.RISK
    if reporter_type in _SOMEONE_ELSE:
        return OutreachReason.THIRD_PARTY_REPORT
    return OutreachReason.CANNOT_COME
