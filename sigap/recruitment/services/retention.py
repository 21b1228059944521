"""Retention of applicants' data (UU PDP 27/2022 Ps.42–44, security.md PRIV-03).

An application is anonymised once its vacancy closed more than the unit's retention period ago
(``RecruitmentSettings.retention_days``, default one year): every identifying field is emptied, the
documents are deleted (rows and files), and an audit event records it. The row stays, with its state and
dates, for the unit's counts. The application of a person who was chosen is anonymised too: what the unit
keeps about its expert lives in their user, expert profile and credentials, not in the application.
Run every hour by the scheduler (an hourly step: ``sigap.work.scheduler.hourly_step_register``), idempotent.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import Role
from sigap.audit.models import AuditAction
from sigap.audit.services import audit_record
from sigap.core.files.store import file_delete
from sigap.recruitment.models import DEFAULT_RETENTION_DAYS, Application, RecruitmentSettings
from sigap.recruitment.services.vacancy import RecruitmentRefused

logger = logging.getLogger("sigap.recruitment")

BATCH = 200
ANONYMISED_FIELDS = (
    "full_name",
    "email",
    "phone",
    "sex",
    "birth_date",
    "education",
    "experience",
    "credential_number",
    "credential_issuer",
    "check_note",
    "anonymised_at",
)


def _due(now: dt.datetime) -> list[Application]:
    """A batch of applications past retention: one condition per distinct period (units are few)."""
    today = now.date()
    periods: dict[int, list[int]] = {}
    for unit_id, days in RecruitmentSettings.objects.values_list("unit_id", "retention_days"):
        periods.setdefault(days, []).append(unit_id)
    configured = [unit_id for ids in periods.values() for unit_id in ids]
    due = Q(vacancy__closes_on__lt=today - dt.timedelta(days=DEFAULT_RETENTION_DAYS)) & ~Q(
        vacancy__unit_id__in=configured
    )
    for days, unit_ids in periods.items():
        due |= Q(vacancy__unit_id__in=unit_ids, vacancy__closes_on__lt=today - dt.timedelta(days=days))
    return list(Application.objects.filter(due, anonymised_at__isnull=True).order_by("submitted_at")[:BATCH])


def application_anonymise(*, application: Application, now: dt.datetime) -> None:
    """Empty the identifying fields and delete the documents of one application, audited (no actor)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().select_related("vacancy__unit").get(pk=application.pk)
        if locked.anonymised_at is not None:
            return
        names = [doc.storage_name for doc in locked.documents.all()]
        document_count = len(names)
        locked.documents.all().delete()
        locked.full_name = locked.email = locked.phone = locked.sex = ""
        locked.birth_date = None
        locked.education = locked.experience = locked.check_note = ""
        locked.credential_number = locked.credential_issuer = ""
        locked.anonymised_at = now
        locked.save(update_fields=list(ANONYMISED_FIELDS))
        audit_record(
            actor=None,
            unit=locked.vacancy.unit,
            action=AuditAction.DELETE,
            obj=locked,
            changed_fields=["personal_data", "documents"],
            new={"personal_data": "anonymised", "documents": document_count},
            reason="retention",
        )

        # The files go once the rows are gone for good: a rollback leaves both in place.
        def delete_files() -> None:
            for name in names:
                file_delete(name)

        transaction.on_commit(delete_files)


def applications_purge_due(now: dt.datetime) -> int:
    """Anonymise every application past its unit's retention period; returns how many (logged)."""
    count = 0
    while batch := _due(now):
        for application in batch:
            application_anonymise(application=application, now=now)
            count += 1
    if count:
        logger.info("recruitment applications anonymised", extra={"count": count})
    return count


MIN_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 3650


@transaction.atomic
def retention_days_set(*, actor: Any, days: int, request: HttpRequest | None = None) -> RecruitmentSettings:
    """The HEAD sets how many days after a vacancy closes its applicants' data is kept (30 days to 10 years)."""
    membership = actor.membership
    if membership is None or membership.role != Role.HEAD:
        raise RecruitmentRefused(_("Only the head of the unit sets the retention period."))
    if not MIN_RETENTION_DAYS <= int(days) <= MAX_RETENTION_DAYS:
        raise RecruitmentRefused(_("Enter a number of days from 30 to 3650."))
    row, _created = RecruitmentSettings.objects.select_for_update().get_or_create(unit_id=membership.unit_id)
    old = row.retention_days if not _created else DEFAULT_RETENTION_DAYS
    if row.retention_days != int(days):
        row.retention_days = int(days)
        row.save(update_fields=["retention_days"])
    if old != row.retention_days:
        audit_record(
            actor=actor,
            unit=membership.unit,
            action=AuditAction.UPDATE,
            obj=row,
            changed_fields=["retention_days"],
            old={"retention_days": old},
            new={"retention_days": row.retention_days},
            request=request,
        )
    return row
