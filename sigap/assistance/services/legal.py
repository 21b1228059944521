"""Writes of the legal-process track (issue #12; domain.md §C.21, §D1): start a track for a perpetrator,
set its stage (with the facts of that step), add a hearing, tick a right as informed / fulfilled.

Every function is typed, runs in one transaction on the locked case row, refuses a closed case and a user
who may not record (:func:`sigap.assistance.rules.legal.can_record_legal`), and writes one audit event on
the case (``changed_fields=["legal"]``, codes and ids only) which is also the case timeline's line.

The deadlines of §D1 are work items on the track, opened and closed here as the steps are recorded:
the police report (3×24 h, sexual violence), the end of temporary protection (14 days TPKS / 7 days
KDRT) and the payment of restitution (30 days after the final verdict).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.assistance.kinds import LEGAL_POLICE_REPORT, LEGAL_PROTECTION, LEGAL_RESTITUTION
from sigap.assistance.models.legal import (
    HEARING_FROM,
    Hearing,
    LegalStage,
    LegalTrack,
    RightCheck,
    StopReason,
    VerdictOutcome,
    VictimRight,
)
from sigap.assistance.models.session import AccompanimentSession
from sigap.assistance.rules.legal import (
    can_record_legal,
    next_stages,
    police_report_due,
    protection_days,
    protection_due,
    restitution_due,
    stage_reached,
)
from sigap.assistance.selectors.legal import origin_complaint_received_at
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.cases.models import Case, CaseTeamMember, TeamRole
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.selectors.team import is_sexual_violence_case
from sigap.experts.models import Profession
from sigap.work.services import work_item_cancel, work_item_done, work_item_open

MAX_SHORT = 200
MAX_TEXT = 5000
MAX_AMOUNT = Decimal("999999999999")
HEARING_WINDOW = dt.timedelta(days=2 * 366)


@dataclass(frozen=True)
class LegalStepData:
    """The stage a track is set to and the facts of that step (the others are ignored)."""

    stage: str
    police_report_date: dt.date | None = None
    police_unit: str = ""
    report_number: str = ""
    protection_from: dt.date | None = None
    verdict_date: dt.date | None = None
    verdict_outcome: str = ""
    sentence: str = ""
    restitution_decided: Decimal | None = None
    restitution_paid: Decimal | None = None
    restitution_paid_date: dt.date | None = None
    stop_reason: str = ""
    stop_note: str = ""


@dataclass(frozen=True)
class HearingData:
    starts_at: dt.datetime
    court: str
    room: str = ""
    agenda: str = ""
    accompaniment: AccompanimentSession | None = None


# --- guards -------------------------------------------------------------------------------------------


def _locked(case_id: Any, actor: User) -> Case:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case_id)
    if not case.is_open:
        raise TransitionRefused(_("A closed case takes no change to its legal process; reopen it first."))
    if not can_record_legal(actor, case):
        raise TransitionRefused(
            _("Only the head of the unit, the case manager or the legal counsellor of the team can record this.")
        )
    return case


def _locked_track(track: LegalTrack, actor: User) -> tuple[Case, LegalTrack]:
    case = _locked(track.case_id, actor)
    return case, LegalTrack.objects.select_for_update().get(pk=track.pk, case=case)


def _text(value: str, *, limit: int = MAX_TEXT) -> str:
    text = (value or "").replace("\x00", "").strip()
    if len(text) > limit:
        raise TransitionRefused(_("A text is too long (at most %(n)d characters).") % {"n": limit})
    return text


def _past(day: dt.date | None, case: Case, label: str) -> dt.date:
    if day is None:
        raise TransitionRefused(_("Give the %(what)s.") % {"what": label})
    if day > timezone.localtime(timezone.now(), case.unit.zone).date():
        raise TransitionRefused(_("The %(what)s cannot be in the future.") % {"what": label})
    return day


def _amount(value: Decimal | None, label: str) -> Decimal | None:
    if value is not None and not Decimal(0) <= value <= MAX_AMOUNT:
        raise TransitionRefused(_("The %(what)s must be a positive amount in rupiah.") % {"what": label})
    return value


def _responsible(case: Case, actor: User) -> User:
    """Who the clocks remind: the case manager, else whoever recorded the step."""
    row = (
        CaseTeamMember.objects.filter(case=case, is_active=True, team_role=TeamRole.CASE_MANAGER, user__is_active=True)
        .select_related("user")
        .first()
    )
    return row.user if row is not None else actor


def _police_reporter(case: Case, actor: User) -> User:
    """Who the police-report clock reminds: the legal counsellor who takes the victim to the police — the
    actor when he is one on the team, else the team's first —, else the case manager (D41), else the actor."""
    counsellors = (
        CaseTeamMember.objects.filter(
            case=case,
            is_active=True,
            team_role=TeamRole.EXPERT,
            user__is_active=True,
            user__expert_profile__profession=Profession.LEGAL_COUNSELLOR,
        )
        .select_related("user")
        .order_by("pk")
    )
    row = counsellors.filter(user=actor).first() or counsellors.first()
    return row.user if row is not None else _responsible(case, actor)


def _audit(
    *, actor: User, case: Case, track: LegalTrack, event: str, request: HttpRequest | None, **extra: Any
) -> None:
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["legal"],
        new={"legal": {"track": str(track.pk), "stage": track.stage, "event": event, **extra}},
        request=request,
    )


# --- clocks -------------------------------------------------------------------------------------------


def _open(case: Case, track: LegalTrack, kind: str, due: dt.datetime, actor: User) -> None:
    responsible = _police_reporter(case, actor) if kind == LEGAL_POLICE_REPORT else _responsible(case, actor)
    work_item_open(
        unit=case.unit,
        kind=kind,
        target=track,
        due_at=due,
        responsible=responsible,
        title_key=case.number,
    )


def _clocks(case: Case, track: LegalTrack, actor: User) -> None:
    """Open, close or cancel the track's deadlines from what it now records."""
    if track.stage == LegalStage.STOPPED:
        for kind in (LEGAL_POLICE_REPORT, LEGAL_PROTECTION, LEGAL_RESTITUTION):
            work_item_cancel(target=track, kind=kind, by=actor)
        return
    if stage_reached(track.stage, LegalStage.POLICE_REPORT):
        work_item_done(target=track, kind=LEGAL_POLICE_REPORT, by=actor)
    if track.stage == LegalStage.PROTECTION and track.protection_from is not None:
        kdrt = Incident.objects.filter(case=case, is_kdrt=True).exists()
        days = protection_days(sexual_violence=is_sexual_violence_case(case), kdrt=kdrt)
        if days is not None:
            _open(case, track, LEGAL_PROTECTION, protection_due(track.protection_from, days, case.unit.zone), actor)
    elif stage_reached(track.stage, LegalStage.INVESTIGATION):
        work_item_done(target=track, kind=LEGAL_PROTECTION, by=actor)
    if track.restitution_paid_date is not None:
        work_item_done(target=track, kind=LEGAL_RESTITUTION, by=actor)
    elif track.stage == LegalStage.DONE:
        work_item_cancel(target=track, kind=LEGAL_RESTITUTION, by=actor)
    elif track.stage == LegalStage.RESTITUTION and track.restitution_decided and track.verdict_date:
        _open(case, track, LEGAL_RESTITUTION, restitution_due(track.verdict_date, case.unit.zone), actor)


# --- writes -------------------------------------------------------------------------------------------


@transaction.atomic
def legal_track_start(
    *,
    actor: User,
    case: Case,
    perpetrator: CasePerson,
    victim_reported_at: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> LegalTrack:
    """Start the track of one perpetrator of the case ("not reported"); in a sexual-violence case this
    opens the 3×24 h police-report clock from the victim's report.

    By default the victim's report is the receipt of the complaint the case came from (the victim reported
    to the unit then, not when the case was opened days later), else the case's opening."""
    case = _locked(case.pk, actor)
    if not CasePerson.objects.filter(pk=perpetrator.pk, case=case, role=PersonRole.PERPETRATOR).exists():
        raise TransitionRefused(_("Choose a perpetrator of this case."))
    if LegalTrack.objects.filter(case=case, perpetrator=perpetrator).exists():
        raise TransitionRefused(_("This perpetrator already has a legal-process track."))
    # A complaint recorded after the case was opened (a late entry) cannot start the clock later than the
    # opening: the earlier of the two, as the reports' reporting date (never a later deadline).
    received = origin_complaint_received_at(case)
    reported = victim_reported_at or (min(received, case.opened_at) if received else case.opened_at)
    if timezone.is_naive(reported) or reported > timezone.now():
        raise TransitionRefused(_("The victim's report cannot be in the future."))
    now = timezone.now()
    track = LegalTrack.objects.create(
        unit=case.unit,
        case=case,
        perpetrator=perpetrator,
        victim_reported_at=reported,
        created_at=now,
        created_by=actor,
        updated_at=now,
    )
    if is_sexual_violence_case(case):
        _open(case, track, LEGAL_POLICE_REPORT, police_report_due(reported), actor)
    _audit(actor=actor, case=case, track=track, event="started", request=request)
    return track


def police_clocks_for_incidents(actor: User, case: Case) -> None:
    """An incident recorded or changed (``cases.services.incident`` hook, same transaction): a case that is now
    sexual violence opens the 3×24 h police-report clock of each open track still without its police report,
    from the victim's report as stored on the track (an open clock is left as it is)."""
    waiting = LegalTrack.objects.filter(case=case, stage=LegalStage.NOT_REPORTED, police_report_date__isnull=True)
    if not waiting.exists() or not is_sexual_violence_case(case):
        return
    for track in waiting:
        _open(case, track, LEGAL_POLICE_REPORT, police_report_due(track.victim_reported_at), actor)


def _apply(case: Case, track: LegalTrack, data: LegalStepData) -> list[str]:
    """Copy the facts of the step onto the track (checked); returns the fields written."""
    stage = data.stage
    if stage == LegalStage.POLICE_REPORT:
        track.police_report_date = _past(data.police_report_date, case, str(_("date of the police report")))
        track.police_unit = _text(data.police_unit, limit=MAX_SHORT)
        track.report_number = _text(data.report_number, limit=MAX_SHORT)
        if not track.police_unit or not track.report_number:
            raise TransitionRefused(_("Give the police unit and the report number."))
        return ["police_report_date", "police_unit", "report_number"]
    if stage == LegalStage.PROTECTION:
        track.protection_from = _past(data.protection_from, case, str(_("first day of the protection")))
        return ["protection_from"]
    if stage == LegalStage.VERDICT:
        track.verdict_date = _past(data.verdict_date, case, str(_("date of the final verdict")))
        if data.verdict_outcome not in VerdictOutcome.values:
            raise TransitionRefused(_("Choose the verdict."))
        track.verdict_outcome, track.sentence = data.verdict_outcome, _text(data.sentence)
        return ["verdict_date", "verdict_outcome", "sentence"]
    if stage == LegalStage.RESTITUTION:
        if track.verdict_date is None:
            raise TransitionRefused(_("Record the final verdict first: the 30 days of restitution run from it."))
        decided = _amount(data.restitution_decided, str(_("restitution decided")))
        if not decided:
            raise TransitionRefused(_("Give the restitution the court decided."))
        track.restitution_decided = decided
        track.restitution_paid = _amount(data.restitution_paid, str(_("restitution paid")))
        track.restitution_paid_date = None
        if data.restitution_paid_date is not None or data.restitution_paid:
            track.restitution_paid_date = _past(data.restitution_paid_date, case, str(_("date of the payment")))
            if track.restitution_paid_date < track.verdict_date:
                raise TransitionRefused(_("The payment cannot be before the verdict."))
        return ["restitution_decided", "restitution_paid", "restitution_paid_date"]
    if stage == LegalStage.STOPPED:
        if data.stop_reason not in StopReason.values:
            raise TransitionRefused(_("Say why the legal process stopped."))
        track.stop_reason, track.stop_note = data.stop_reason, _text(data.stop_note)
        if data.stop_reason == StopReason.OTHER and not track.stop_note:
            raise TransitionRefused(_("Describe the other reason in words."))
        return ["stop_reason", "stop_note"]
    return []


@transaction.atomic
def legal_stage_set(
    *, actor: User, track: LegalTrack, data: LegalStepData, request: HttpRequest | None = None
) -> LegalTrack:
    """Move the track to ``data.stage`` (its own stage again to correct the facts, or a later one, or the
    "stopped" exit), record the facts of that step, then open or close its deadlines."""
    case, row = _locked_track(track, actor)
    if data.stage not in next_stages(row.stage):
        raise TransitionRefused(_("The legal process cannot go back, and a finished or stopped one takes no change."))
    previous = row.stage
    fields = _apply(case, row, data)
    row.stage, row.updated_at = data.stage, timezone.now()
    row.save(update_fields=[*fields, "stage", "updated_at"])
    _clocks(case, row, actor)
    event = "stage" if previous != row.stage else "updated"
    _audit(actor=actor, case=case, track=row, event=event, request=request, **{"from": previous})
    return row


def hearing_refusal(track: LegalTrack) -> str | None:
    """Why ``track`` takes no hearing now (None: it does); the page shows it instead of the form."""
    if not track.is_open:
        return _("A finished or stopped legal process takes no new hearing.")
    if not track.takes_hearing:
        return _(
            "A court hearing is recorded once the legal process is at prosecution or later (now: %(stage)s). "
            "Record the investigation and prosecution stages first, with their facts."
        ) % {"stage": track.get_stage_display()}
    return None


@transaction.atomic
def hearing_add(*, actor: User, track: LegalTrack, data: HearingData, request: HttpRequest | None = None) -> Hearing:
    """Record a hearing of the trial (date, court, room), optionally the accompaniment session held at it."""
    case, row = _locked_track(track, actor)
    refusal = hearing_refusal(row)
    if refusal:
        raise TransitionRefused(refusal)
    if timezone.is_naive(data.starts_at) or abs(data.starts_at - timezone.now()) > HEARING_WINDOW:
        raise TransitionRefused(_("The hearing must be within two years of today."))
    court = _text(data.court, limit=MAX_SHORT)
    if not court:
        raise TransitionRefused(_("Name the court."))
    session = data.accompaniment
    if session is not None and not AccompanimentSession.objects.filter(pk=session.pk, case=case).exists():
        raise TransitionRefused(_("Choose an accompaniment session of this case."))
    hearing = Hearing.objects.create(
        track=row,
        starts_at=data.starts_at,
        court=court,
        room=_text(data.room, limit=MAX_SHORT),
        agenda=_text(data.agenda, limit=MAX_SHORT),
        accompaniment=session,
        created_at=timezone.now(),
        created_by=actor,
    )
    if row.stage == HEARING_FROM:  # the next stage, never a jump over investigation or prosecution
        row.stage, row.updated_at = LegalStage.TRIAL, timezone.now()
        row.save(update_fields=["stage", "updated_at"])
        _clocks(case, row, actor)
    _audit(actor=actor, case=case, track=row, event="hearing", request=request, hearing=str(hearing.pk))
    return hearing


@transaction.atomic
def right_mark(
    *,
    actor: User,
    case: Case,
    right: str,
    informed: bool,
    fulfilled: bool,
    request: HttpRequest | None = None,
) -> RightCheck:
    """Tick (or untick) one right of the victim as informed and as fulfilled; the first tick keeps its time."""
    case = _locked(case.pk, actor)
    if right not in VictimRight.values:
        raise TransitionRefused(_("Choose a right of the list."))
    row, _created = RightCheck.objects.select_for_update().get_or_create(case=case, right=right)
    now = timezone.now()
    if informed != (row.informed_at is not None):
        row.informed_at, row.informed_by = (now, actor) if informed else (None, None)
    if fulfilled != (row.fulfilled_at is not None):
        row.fulfilled_at, row.fulfilled_by = (now, actor) if fulfilled else (None, None)
    row.save(update_fields=["informed_at", "informed_by", "fulfilled_at", "fulfilled_by"])
    audit_record(
        actor=actor,
        unit=case.unit,
        action=AuditAction.UPDATE,
        obj=case,
        changed_fields=["legal"],
        new={"legal": {"event": "right", "right": right, "informed": informed, "fulfilled": fulfilled}},
        request=request,
    )
    return row
