"""Writes of health referrals and visum tracking (issue #12; domain.md §B3 "Kesehatan").

A referral names the facility and the date; the visum dates come later, one at a time, in order:
requested by the police, done, report received. When the visum is done a work item waits for its report
``VISUM_REPORT_DAYS`` later (the reminder the case team gets); it is done when the report is received.
Each write is audited on the case (``changed_fields=["health"]``, dates only, never the facility).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.assistance.kinds import VISUM_REPORT
from sigap.assistance.models.health import HealthReferral
from sigap.assistance.services.common import audit_case, due_on, locked_open_case, responsible_for
from sigap.assistance.services.session import MAX_SHORT, _text
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.work.services import work_item_cancel, work_item_done, work_item_open

# Days after the visum when a missing report is chased. A constant: no per-unit settings model lives at or
# below this floor (IntakeSettings belongs to intake, above); hospitals usually answer within two weeks.
VISUM_REPORT_DAYS = 14


@dataclass(frozen=True)
class VisumDates:
    requested_on: dt.date | None = None
    done_on: dt.date | None = None
    report_on: dt.date | None = None


def _audit(*, actor: User, case: Case, values: dict[str, Any], request: HttpRequest | None) -> None:
    audit_case(actor=actor, case=case, field="health", values=values, request=request)


def _check_dates(case: Case, referred_on: dt.date, visum: VisumDates) -> None:
    today = timezone.localdate(timezone.now(), case.unit.zone)
    dates = [referred_on, visum.requested_on, visum.done_on, visum.report_on]
    if any(day is not None and day > today for day in dates):
        raise TransitionRefused(_("A date cannot be in the future."))
    if visum.report_on and not visum.done_on:
        raise TransitionRefused(_("Give the date of the visum before the date its report was received."))
    if visum.done_on and visum.report_on and visum.report_on < visum.done_on:
        raise TransitionRefused(_("The report cannot arrive before the visum was done."))
    if visum.requested_on and visum.done_on and visum.done_on < visum.requested_on:
        raise TransitionRefused(_("The visum cannot be done before the police requested it."))


@transaction.atomic
def health_referral_add(
    *, actor: User, case: Case, facility: str, referred_on: dt.date, request: HttpRequest | None = None
) -> HealthReferral:
    """Refer the victim to a health facility on a date."""
    locked = locked_open_case(case.pk, actor)
    name = _text(facility, limit=MAX_SHORT)
    if not name:
        raise TransitionRefused(_("Name the health facility."))
    _check_dates(locked, referred_on, VisumDates())
    referral = HealthReferral.objects.create(
        unit=locked.unit,
        case=locked,
        facility=name,
        referred_on=referred_on,
        created_at=timezone.now(),
        created_by=actor,
    )
    _audit(actor=actor, case=locked, values={"event": "referred", "id": referral.pk}, request=request)
    return referral


@transaction.atomic
def visum_update(
    *, actor: User, referral: HealthReferral, dates: VisumDates, request: HttpRequest | None = None
) -> HealthReferral:
    """Record the visum dates; open, move or close the work item that waits for the report."""
    case = locked_open_case(referral.case_id, actor)
    row = HealthReferral.objects.select_for_update().get(pk=referral.pk, case=case)
    _check_dates(case, row.referred_on, dates)
    old_done = row.visum_done_on
    row.visum_requested_on, row.visum_done_on, row.visum_report_on = dates.requested_on, dates.done_on, dates.report_on
    row.save(update_fields=["visum_requested_on", "visum_done_on", "visum_report_on"])
    if row.visum_report_on:
        work_item_done(target=row, kind=VISUM_REPORT, by=actor)
    else:
        # A corrected visum date moves the clock: the old item goes, a new one is due from the new date.
        if old_done != row.visum_done_on:
            work_item_cancel(target=row, kind=VISUM_REPORT, by=actor)
        if row.visum_done_on:
            work_item_open(
                unit=case.unit,
                kind=VISUM_REPORT,
                target=row,
                due_at=due_on(case, row.visum_done_on + dt.timedelta(days=VISUM_REPORT_DAYS)),
                responsible=responsible_for(case, actor),
                title_key=case.number,
            )
    values = {"event": "visum", "id": row.pk, "done": bool(row.visum_done_on), "report": bool(row.visum_report_on)}
    _audit(actor=actor, case=case, values=values, request=request)
    return row
