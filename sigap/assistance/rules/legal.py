"""Rules of the legal-process track (domain.md §D1, §C.21): who records, which stage may follow, the deadlines.

Pure functions of their arguments (plus one query in :func:`can_record_legal`), so the service, the pages
and the tests agree.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sigap.accounts.models import User
from sigap.assistance.models.legal import CLOSED_STAGES, STAGE_ORDER, LegalStage
from sigap.cases.models import Case, TeamRole
from sigap.cases.rules.permissions import is_head_of, team_role_of
from sigap.experts.models import ExpertProfile, Profession

POLICE_REPORT_WITHIN = dt.timedelta(hours=72)  # UU TPKS: 3×24 h from the victim's report
PROTECTION_DAYS_TPKS = 14  # UU TPKS Pasal 42–43
PROTECTION_DAYS_KDRT = 7  # UU PKDRT
RESTITUTION_DAYS = 30  # Perma 1/2022 Pasal 30(5); PP 29/2025 Pasal 8(1)


def can_record_legal(user: User, case: Case) -> bool:
    """The HEAD, the case manager, or a legal counsellor on the case's team (the rest of the team reads)."""
    if is_head_of(user, case):
        return True
    role = team_role_of(user, case)
    if role == TeamRole.CASE_MANAGER:
        return True
    return (
        role == TeamRole.EXPERT
        and ExpertProfile.objects.filter(user=user, profession=Profession.LEGAL_COUNSELLOR).exists()
    )


def next_stages(current: str) -> list[str]:
    """The stages a track may be set to: its own (to correct its details) and every later one; STOPPED
    from any open stage. A closed track takes none."""
    if current in CLOSED_STAGES:
        return []
    return [*STAGE_ORDER[STAGE_ORDER.index(current) :], LegalStage.STOPPED.value]


def stage_reached(current: str, stage: str) -> bool:
    """The track is at ``stage`` or past it (a stopped track has reached nothing more)."""
    if current == LegalStage.STOPPED:
        return False
    return STAGE_ORDER.index(current) >= STAGE_ORDER.index(stage)


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def police_report_due(victim_reported_at: dt.datetime) -> dt.datetime:
    return victim_reported_at + POLICE_REPORT_WITHIN


def protection_days(*, sexual_violence: bool, kdrt: bool) -> int | None:
    """How long temporary protection lasts; None when neither law applies. Both: the shorter (KDRT), so the
    follow-up is never late (D3x in docs/decisions.md)."""
    if kdrt:
        return PROTECTION_DAYS_KDRT
    if sexual_violence:
        return PROTECTION_DAYS_TPKS
    return None


def protection_due(start: dt.date, days: int, zone: ZoneInfo) -> dt.datetime:
    """The end of the last day of protection (``start`` is its first day), in the unit's time zone."""
    return _midnight(start + dt.timedelta(days=days), zone)


def restitution_due(verdict_date: dt.date, zone: ZoneInfo) -> dt.datetime:
    """The end of the 30th day after the final verdict, in the unit's time zone."""
    return _midnight(verdict_date + dt.timedelta(days=RESTITUTION_DAYS + 1), zone)
