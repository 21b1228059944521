"""Reads of the legal-process track, always through ``cases_visible_to`` (404 outside the user's scope)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.accounts.models import User
from sigap.assistance.models.legal import Hearing, LegalStage, LegalTrack, RightCheck, VictimRight
from sigap.assistance.models.session import AccompanimentSession
from sigap.assistance.rules.legal import police_report_due
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.selectors.case import cases_visible_to
from sigap.cases.selectors.team import is_sexual_violence_case
from sigap.intake.models import Complaint


def get_track_for_user(user: User, track_id: Any) -> LegalTrack:
    """The track if its case is visible to ``user``, else ``Http404``."""
    try:
        pk = track_id if isinstance(track_id, uuid.UUID) else uuid.UUID(str(track_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    found = (
        LegalTrack.objects.filter(pk=pk, case__in=cases_visible_to(user))
        .select_related("case__unit", "perpetrator__person")
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_hearing_for_user(user: User, hearing_id: Any) -> Hearing:
    """The hearing if its case is visible to ``user``, else ``Http404`` (malformed ids alike)."""
    try:
        pk = hearing_id if isinstance(hearing_id, uuid.UUID) else uuid.UUID(str(hearing_id))
    except (ValueError, TypeError, AttributeError):
        raise Http404 from None
    found = (
        Hearing.objects.filter(pk=pk, track__case__in=cases_visible_to(user))
        .select_related("track__case__unit")
        .first()
    )
    if found is None:
        raise Http404
    return found


def origin_complaint_received_at(case: Case) -> dt.datetime | None:
    """When the complaint the case came from was received, or None for a case opened directly.

    The origin complaint is the one the intake decision linked both ways: same unit, its number in the
    case's ``complaint_ref`` and the case in its ``case_id`` (the rule of ``origin_complaint`` in
    sigap/reports/periods.py, which this app may not import). A hand-typed ``complaint_ref`` naming
    another complaint does not count. One index probe on (unit, number).
    """
    if not case.complaint_ref:
        return None
    return (
        Complaint.objects.filter(unit_id=case.unit_id, number=case.complaint_ref, case_id=case.pk)
        .order_by()
        .values_list("received_at", flat=True)
        .first()
    )


def perpetrators_without_track(case: Case) -> QuerySet[CasePerson]:
    """The case's perpetrators (active links) whose legal process is not tracked yet."""
    return (
        CasePerson.objects.filter(case=case, role=PersonRole.PERPETRATOR)
        .exclude(legal_tracks__case=case)
        .select_related("person")
        .order_by("added_at", "pk")
    )


def case_sessions_for_hearing(case: Case) -> QuerySet[AccompanimentSession]:
    """Sessions a hearing may name: the case's, newest first (the encrypted texts are not loaded)."""
    return AccompanimentSession.objects.filter(case=case).only("pk", "kind", "planned_start", "status")


@dataclass(frozen=True)
class RightLine:
    right: str
    label: str
    informed_at: dt.datetime | None
    fulfilled_at: dt.datetime | None


@dataclass(frozen=True)
class LegalPage:
    tracks: list[LegalTrack]
    untracked: list[CasePerson]
    rights: list[RightLine]
    # Per track id, where its clock started: "complaint" (the origin complaint's receipt), "opened" (the
    # case's opening) or "given" (a time typed when the track was started).
    clock_sources: dict[Any, str]


def _police_deadlines(case: Case, tracks: list[LegalTrack]) -> None:
    """Set ``police_due`` / ``police_overdue`` on each track still waiting for its police report in a
    sexual-violence case (UU TPKS: 3×24 h from the victim's report), so the page shows the deadline the work
    item enforces; None elsewhere."""
    waiting = [t for t in tracks if t.stage == LegalStage.NOT_REPORTED and t.police_report_date is None]
    sexual = bool(waiting) and is_sexual_violence_case(case)
    now = timezone.now()
    for track in tracks:
        due = police_report_due(track.victim_reported_at) if sexual and track in waiting else None
        track.police_due = due  # type: ignore[attr-defined]
        track.police_overdue = due is not None and due < now  # type: ignore[attr-defined]


def legal_page(case: Case) -> LegalPage:
    """The case's legal-process page: its tracks with their hearings, the perpetrators without one, the rights."""
    hearings = Hearing.objects.select_related("accompaniment").order_by("starts_at", "pk")
    tracks = list(
        LegalTrack.objects.filter(case=case)
        .select_related("perpetrator__person")
        .prefetch_related(Prefetch("hearings", queryset=hearings))
        .order_by("created_at", "pk")
    )
    checks = {row.right: row for row in RightCheck.objects.filter(case=case)}
    rights = []
    for value, label in VictimRight.choices:
        check = checks.get(value)
        informed, fulfilled = (check.informed_at, check.fulfilled_at) if check else (None, None)
        rights.append(RightLine(value, str(label), informed, fulfilled))
    received = origin_complaint_received_at(case) if tracks else None
    sources = {}
    for track in tracks:
        if received is not None and track.victim_reported_at == received:
            sources[track.pk] = "complaint"
        elif track.victim_reported_at == case.opened_at:
            sources[track.pk] = "opened"
        else:
            sources[track.pk] = "given"
        track.clock_source = sources[track.pk]  # type: ignore[attr-defined]
    _police_deadlines(case, tracks)
    return LegalPage(
        tracks=tracks, untracked=list(perpetrators_without_track(case)), rights=rights, clock_sources=sources
    )
