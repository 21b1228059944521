"""What the case page shows of the complaint a case came from (registered in ``IntakeConfig.ready()``).

The case file may not import the complaints app (docs/architecture.md, floors): it asks its registry
(``sigap.cases.sources``) and this provider answers. The case page has already checked that the
reader may see the case; the complaint's own page then admits the same readers (``complaints_visible_to``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.intake.models import Complaint


def complaint_source(case: Any, *, with_account: bool = True) -> Any:
    """The complaint's number, account and safe-contact text for ``case`` (one query), or None. Without the
    account (``with_account=False``: a reader who may not read it) the column is neither read nor decrypted."""
    from sigap.cases.sources import CaseSource

    columns = ("pk", "number", "contact_instructions", *(("account",) if with_account else ()))
    complaint = Complaint.objects.filter(case_id=case.pk, unit_id=case.unit_id).only(*columns).first()
    if complaint is None:
        return None
    return CaseSource(
        number=complaint.number,
        account=complaint.account if with_account else "",
        contact_instructions=complaint.contact_instructions or "",
        url=reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk}),
    )


def register_case_source_provider() -> None:
    try:
        from sigap.cases.sources import register_case_source
    except ImportError:  # the case file is not installed: nothing to tell it
        return
    register_case_source(complaint_source)
