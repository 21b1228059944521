"""The evidence of a contract period, computed from what was recorded in Sigap (issue #13).

Every figure counts records of the contract's unit between the period's first day (00.00) and the day after its
last (00.00), in the unit's time zone, and keeps the records it counted so the page can link to each:

- cases on the expert's team: a team row overlapping the period; new cases: a team row starting in it;
- sessions with the expert booked, planned to start in the period: held, not held (by whom: the expert could
  not come, the victim did not come, other), cancelled, still planned; hours: the held sessions' actual times;
- psychological reports and legal opinions uploaded by the expert in the period; *on time* when it belongs to
  a held session and was uploaded within ``REPORT_DAYS`` of that session's end (D-decision in docs);
- hearings in the period attended through a held session of the expert;
- the expert's work items that were missed in the period;
- days of the period on which the expert was not licensed (``sigap.experts.licensing``);
- per-session contracts: billable sessions (held) × unit price;
- the feedback recorded on those held sessions (``SessionFeedback``): helpful, partly helpful, not helpful, the
  victim did not want to say, and held sessions with none recorded (the five add up to the held sessions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.assistance.models.attachment import Attachment, DocumentKind, OwnerKind
from sigap.assistance.models.feedback import FeedbackAnswer, SessionFeedback
from sigap.assistance.models.legal import Hearing
from sigap.assistance.models.session import AccompanimentSession, NotHeldReason, SessionExpert, SessionStatus
from sigap.cases.models import CaseTeamMember
from sigap.contracts.models import ContractPeriod
from sigap.core.dates import format_day
from sigap.core.links import url_of
from sigap.experts.licensing import counts_on, is_licensed, unit_today
from sigap.experts.models import Credential
from sigap.work.models import WorkItem

REPORT_DAYS = 14

# The figures the page and the evaluation record list, in this order.
FIGURE_LABELS: tuple[tuple[str, Any], ...] = (
    ("cases", _("Cases on the expert's team")),
    ("new_cases", _("New cases taken")),
    ("sessions", _("Sessions planned in the period")),
    ("held", _("Sessions held")),
    ("missed_by_expert", _("Not held: the expert could not come")),
    ("missed_by_victim", _("Not held: the victim did not come")),
    ("missed_other", _("Not held: rescheduled or another reason")),
    ("cancelled", _("Sessions cancelled")),
    ("still_planned", _("Sessions still waiting for their outcome")),
    ("feedback_helpful", _("Feedback on the held sessions: helpful")),
    ("feedback_partly", _("Feedback on the held sessions: partly helpful")),
    ("feedback_not_helpful", _("Feedback on the held sessions: not helpful")),
    ("feedback_not_said", _("Feedback on the held sessions: the victim did not want to say")),
    ("feedback_none", _("Held sessions without feedback recorded")),
    ("psych_reports", _("Psychological reports delivered")),
    ("psych_reports_on_time", _("… of which on time")),
    ("legal_opinions", _("Legal opinions delivered")),
    ("legal_opinions_on_time", _("… of which on time")),
    ("hearings", _("Hearings accompanied")),
    ("overdue_work", _("The expert's work items missed in the period")),
)


@dataclass(frozen=True)
class Link:
    """One record behind a figure: its reference (a case number, never a name), a date and its page."""

    text: str
    url: str


@dataclass
class Figure:
    code: str
    value: Any
    links: list[Link] = field(default_factory=list)
    hidden: int = 0  # records behind the figure whose links are not listed (the page lists the first ones)


@dataclass
class Evidence:
    """What the evaluation page shows of a period, by figure code (see the module docstring)."""

    figures: dict[str, Figure]
    hours: Decimal
    unlicensed_days: list[dt.date]
    billable: int
    amount_due: Decimal | None

    def __getitem__(self, code: str) -> Figure:
        return self.figures[code]


def period_bounds(period: ContractPeriod) -> tuple[dt.datetime, dt.datetime]:
    zone = period.contract.unit.zone
    start = dt.datetime.combine(period.start, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return start, end


def _case_link(case_id: Any, number: str) -> Link:
    return Link(number, url_of("cases:case_detail", case_id))


def _document_link(document: Attachment) -> Link:
    return _case_link(document.case_id, document.case.number)


def _session_link(session: AccompanimentSession) -> Link:
    # The date tells the links apart (walk #13, finding 15: four links read "PPA-KKR/2026/0001 · Konseling").
    day = format_day(timezone.localtime(session.planned_start).date())
    return Link(
        f"{session.case.number} · {session.get_kind_display()} · {day}",
        url_of("assistance:session_detail", session.pk),
    )


# Only the columns the figures read: every encrypted column loaded is one decryption per row (the session's notes,
# the case's closure summary…), and a busy period loads hundreds of rows (docs/performance.md, "decrypt only what
# is shown").
SESSION_COLUMNS = (
    "pk",
    "case_id",
    "case__number",
    "kind",
    "status",
    "not_held_reason",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
)


def _unlicensed_days(period: ContractPeriod) -> list[dt.date]:
    profile = period.contract.expert
    credentials = list(
        Credential.objects.filter(profile=profile).values("kind", "valid_from", "valid_until", "ended_at", "to_confirm")
    )
    # Only days that have happened (walk #13, finding 16): a credential may still be renewed before the others.
    last = min(period.end, unit_today(period.contract.unit))
    days, day = [], period.start
    while day <= last:
        # An ended credential counted until it was ended: the record is of what was valid on each day.
        kinds = {
            c["kind"]
            for c in credentials
            if counts_on(
                valid_from=c["valid_from"],
                valid_until=c["valid_until"],
                ended=False,
                to_confirm=c["to_confirm"],
                day=day,
            )
            and (c["ended_at"] is None or c["ended_at"].date() > day)
        }
        if not is_licensed(profile.profession, kinds):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def period_evidence(period: ContractPeriod, *, link_limit: int | None = None, expand: str = "") -> Evidence:
    """The figures of ``period`` (a fixed number of queries, whatever the period holds).

    ``link_limit`` lists only the first links of each figure (its value still counts them all), except for the
    figure ``expand``: a busy expert's period has thousands of records behind "cases on the team", and building and
    rendering every link cost the page most of its time at 1M cases (docs/performance.md). None lists them all
    (the evaluation record's PDF, the tests).
    """
    contract = period.contract
    unit_id, user_id = contract.unit_id, contract.expert.user_id
    start, end = period_bounds(period)
    figures: dict[str, Figure] = {}

    def figure(code: str, rows: Sequence[Any], make: Callable[[Any], Link]) -> Figure:
        shown = rows if link_limit is None or code == expand else rows[:link_limit]
        return Figure(code, len(rows), [make(row) for row in shown], hidden=len(rows) - len(shown))

    # Plain tuples: the busiest expert of a large unit has thousands of team rows in a period.
    team = (
        CaseTeamMember.objects.filter(user_id=user_id, case__unit_id=unit_id, assigned_at__lt=end)
        .exclude(ended_at__lt=start)
        .order_by("case__number")
        .values_list("case_id", "assigned_at", "case__number")
    )
    on_team: dict[Any, str] = {}
    taken: dict[Any, str] = {}
    for case_id, assigned_at, number in team:
        on_team.setdefault(case_id, number)
        if start <= assigned_at < end:
            taken.setdefault(case_id, number)
    figures["cases"] = figure("cases", list(on_team.items()), lambda item: _case_link(*item))
    figures["new_cases"] = figure("new_cases", list(taken.items()), lambda item: _case_link(*item))

    booked = SessionExpert.objects.filter(user_id=user_id).values("session_id")
    sessions = list(
        AccompanimentSession.objects.filter(
            unit_id=unit_id, pk__in=booked, planned_start__gte=start, planned_start__lt=end
        )
        .select_related("case")
        .only(*SESSION_COLUMNS)
        .order_by("planned_start", "pk")
    )
    held = [s for s in sessions if s.status == SessionStatus.HELD]
    not_held = [s for s in sessions if s.status == SessionStatus.NOT_HELD]
    by_reason = {reason: [s for s in not_held if s.not_held_reason == reason] for reason in NotHeldReason.values}
    for code, rows in (
        ("sessions", sessions),
        ("held", held),
        ("not_held", not_held),
        ("cancelled", [s for s in sessions if s.status == SessionStatus.CANCELLED]),
        ("still_planned", [s for s in sessions if s.status == SessionStatus.PLANNED]),
        ("missed_by_expert", by_reason[NotHeldReason.EXPERT_ABSENT]),
        ("missed_by_victim", by_reason[NotHeldReason.VICTIM_ABSENT]),
        ("missed_other", by_reason[NotHeldReason.RESCHEDULED] + by_reason[NotHeldReason.OTHER]),
    ):
        figures[code] = figure(code, rows, _session_link)
    # The same sessions as ``held``, asked by their criteria (one query even when none was held).
    answers = dict(
        SessionFeedback.objects.filter(
            session__unit_id=unit_id,
            session__in=booked,
            session__planned_start__gte=start,
            session__planned_start__lt=end,
            session__status=SessionStatus.HELD,
        ).values_list("session_id", "answer")
    )
    for code, answer in (
        ("feedback_helpful", FeedbackAnswer.HELPFUL),
        ("feedback_partly", FeedbackAnswer.PARTLY),
        ("feedback_not_helpful", FeedbackAnswer.NOT_HELPFUL),
        ("feedback_not_said", FeedbackAnswer.NOT_SAID),
        ("feedback_none", None),
    ):
        rows = [s for s in held if answers.get(s.pk) == answer]
        figures[code] = figure(code, rows, _session_link)
    seconds = sum(
        (s.actual_end - s.actual_start).total_seconds()
        for s in held
        if s.actual_start is not None and s.actual_end is not None and s.actual_end > s.actual_start
    )
    hours = (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))

    documents = list(
        Attachment.objects.filter(
            unit_id=unit_id,
            uploaded_by_id=user_id,
            uploaded_at__gte=start,
            uploaded_at__lt=end,
            document_kind__in=[DocumentKind.PSYCHOLOGICAL_REPORT, DocumentKind.LEGAL_OPINION],
        )
        .select_related("case")
        .only("case_id", "case__number", "document_kind", "owner_kind", "owner_id", "uploaded_at")
        .order_by("uploaded_at", "pk")
    )
    owners = {
        str(s.pk): s
        for s in AccompanimentSession.objects.filter(
            pk__in=[d.owner_id for d in documents if d.owner_kind == OwnerKind.SESSION and d.owner_id]
        ).only("pk", "status", "actual_end", "planned_end")
    }
    for kind, code in (
        (DocumentKind.PSYCHOLOGICAL_REPORT, "psych_reports"),
        (DocumentKind.LEGAL_OPINION, "legal_opinions"),
    ):
        delivered = [d for d in documents if d.document_kind == kind]
        on_time = [d for d in delivered if _on_time(d, owners)]
        figures[code] = figure(code, delivered, _document_link)
        figures[f"{code}_on_time"] = figure(f"{code}_on_time", on_time, _document_link)

    hearings = list(
        Hearing.objects.filter(
            track__unit_id=unit_id,
            starts_at__gte=start,
            starts_at__lt=end,
            accompaniment__status=SessionStatus.HELD,
            accompaniment_id__in=booked,
        )
        .select_related("track__case")
        .only("pk", "track__case_id", "track__case__number")
        .order_by("starts_at")
    )
    figures["hearings"] = figure(
        "hearings", hearings, lambda h: Link(h.track.case.number, url_of("assistance:legal_track", h.track.case_id))
    )

    missed = list(
        WorkItem.objects.filter(
            responsible_id=user_id, unit_id=unit_id, missed_at__gte=start, missed_at__lt=end
        ).order_by("due_at", "pk")
    )
    figures["overdue_work"] = figure(
        "overdue_work", missed, lambda w: Link(f"{w.title_key} · {w.kind_label}", w.target_url())
    )

    billable = len(held) if contract.per_session else 0
    amount_due = (contract.unit_price or Decimal(0)) * billable if contract.per_session else None
    return Evidence(
        figures=figures, hours=hours, unlicensed_days=_unlicensed_days(period), billable=billable, amount_due=amount_due
    )


def _on_time(document: Attachment, owners: dict[str, AccompanimentSession]) -> bool:
    session = owners.get(document.owner_id or "") if document.owner_kind == OwnerKind.SESSION else None
    if session is None or session.status != SessionStatus.HELD:
        return False
    finished = session.actual_end or session.planned_end
    return document.uploaded_at <= finished + dt.timedelta(days=REPORT_DAYS)
