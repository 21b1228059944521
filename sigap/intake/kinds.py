"""The work-item kinds the complaints app creates (see sigap.work.kinds)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sigap.work.kinds import register_kind

COMPLAINT_RESPONSE = "complaint_response"


def register_intake_kinds() -> None:
    # The response clock of a complaint: started at receipt, done at the first response or the
    # triage decision; a miss is escalated to the HEAD by the scheduler.
    register_kind(
        COMPLAINT_RESPONSE,
        _("Complaint awaiting first response"),
        remind_before=timedelta(minutes=15),
        escalate=True,
        url_name="intake:complaint_detail",
    )
