"""Writes of the reports: only the audit trail of what was exported (ARCHITECTURE §5).

Reports read; the one thing they write is the EXPORT event of each download, with the kind of report,
the period and the row count (codes and numbers only, never a personal value).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit, User
from sigap.audit.models import AuditAction, AuditEvent
from sigap.audit.services import audit_record


class ReportKind(models.TextChoices):
    """What was downloaded (the audit event's object type is ``reports.<kind>``)."""

    UNIT_RECAP = "unit_recap", _("Unit recap")
    SIMFONI = "simfoni", _("SIMFONI PPA export")
    LEADERSHIP = "leadership_recap", _("Leadership recap")


@transaction.atomic
def report_export_record(
    *,
    actor: User,
    unit: Unit,
    kind: ReportKind,
    period: Mapping[str, Any],
    rows: int,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """One EXPORT event for one download: ``period`` as ``Period.as_context()``, ``rows`` the data rows."""
    context = {**dict(period), "rows": int(rows)}
    return audit_record(
        actor=actor,
        unit=unit,
        action=AuditAction.EXPORT,
        object_type=f"reports.{kind.value}",
        new=context,
        request=request,
    )
