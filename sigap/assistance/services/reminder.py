"""Reminders of a booked session (calendar, issue #12): the day before and one hour before, to each person
booked on it, as work-item notices of ``sigap.work`` (the bell, and the e-mail digest).

One notice per booking row (``SessionExpert`` / ``SessionStaff``) and lead time, due at the session's start:
the scheduler reminds at ``start - 24 h`` and ``start - 1 h`` and closes the notice at the start (``expires``:
never "missed"). A reminder whose time is already past when the session is booked is not opened (no burst of
late reminders). Every outcome (held, not held, cancelled, moved) cancels the session's open notices first;
the new slot of a moved session gets its own. The digest line (``mail_line``) holds only "Sesi pendampingan",
the time, the case number and the room: no name, no place details.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.assistance.models.session import AccompanimentSession, SessionExpert, SessionStaff
from sigap.cases.models import Case
from sigap.core.dates import format_when
from sigap.work.kinds import register_kind
from sigap.work.models import WorkItem
from sigap.work.services import work_item_cancel, work_item_open

LEADS = {"day": dt.timedelta(hours=24), "hour": dt.timedelta(hours=1)}
ROWS: dict[str, type[SessionExpert] | type[SessionStaff]] = {"expert": SessionExpert, "staff": SessionStaff}
LABELS = {
    "day": gettext_lazy("Accompaniment session tomorrow"),
    "hour": gettext_lazy("Accompaniment session in one hour"),
}


def kind_key(lead: str, row: str) -> str:
    return f"assistance_session_{lead}_{row}"


def _mail_line(item: WorkItem) -> str:
    """``Sesi pendampingan: 7 Des 2026 09.00 WITA, PPA-KKR/2026/0001, Ruang Konseling 1``."""
    model = ROWS["expert"] if item.kind.endswith("_expert") else ROWS["staff"]
    row = model.objects.filter(pk=item.object_id).select_related("session__room", "session__unit").first()
    if row is None:
        return ""
    session = row.session
    parts = [_("Accompaniment session"), format_when(session.planned_start, session.unit.zone), item.title_key]
    if session.room is not None:
        parts.append(session.room.label)
    return f"{parts[0]}: {', '.join(parts[1:])}"


def register_session_reminders() -> None:
    for lead, before in LEADS.items():
        for row in ROWS:
            register_kind(
                kind_key(lead, row),
                LABELS[lead],
                remind_before=before,
                escalate=False,
                expires=True,
                url_name=f"assistance:session_booking_{row}",
                mail_line=_mail_line,
            )


def _rows(session: AccompanimentSession) -> list[tuple[str, Any]]:
    return [(name, row) for name, model in ROWS.items() for row in model.objects.filter(session=session)]


def session_reminders_open(*, session: AccompanimentSession, case: Case) -> int:
    """Open the notices of each person booked on a planned session (inside the booking's transaction)."""
    now = timezone.now()
    opened = 0
    for name, row in _rows(session):
        for lead, before in LEADS.items():
            if session.planned_start - before <= now:
                continue  # its time has passed: no late reminder
            work_item_open(
                unit=case.unit,
                kind=kind_key(lead, name),
                target=row,
                due_at=session.planned_start,
                responsible=row.user,
                title_key=case.number,
            )
            opened += 1
    return opened


def session_reminders_cancel(*, session: AccompanimentSession) -> None:
    """Cancel the session's open notices (its outcome is recorded, or it moved)."""
    for name, row in _rows(session):
        for lead in LEADS:
            work_item_cancel(target=row, kind=kind_key(lead, name))
