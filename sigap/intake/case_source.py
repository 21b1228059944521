"""What the case page shows of the complaint a case came from (registered in ``IntakeConfig.ready()``).

The case file may not import the complaints app (docs/architecture.md, floors): it asks its registry
(``sigap.cases.sources``) and this provider answers. The case page has already checked that the
reader may see the case; the complaint's own page then admits the same readers (``complaints_visible_to``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.core import compiled
from sigap.intake.models import Complaint


def complaint_source(case: Any, *, with_account: bool = True) -> Any:
    """The read of the complaint's number, account and safe-contact text for ``case`` (one query, sent with
    the case page's others). Without the account (``with_account=False``: a reader who may not read it) the
    column is neither read nor decrypted."""
    from sigap.cases.sources import SourceRead

    kinds: dict[str, compiled.Kind] = {"case": "uuid", "unit": "int"}
    values = {"case": case.pk, "unit": case.unit_id}
    query = compiled.Query(("case_source", with_account), _source(with_account), kinds, values)
    return SourceRead(query=query, shown=lambda rows: _shown(rows, with_account))


def _shown(found: list[Complaint], with_account: bool) -> Any:
    from sigap.cases.sources import CaseSource

    if not found:
        return None
    complaint = found[0]
    return CaseSource(
        number=complaint.number,
        account=complaint.account if with_account else "",
        contact_instructions=complaint.contact_instructions or "",
        url=reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk}),
    )


def _source(with_account: bool) -> compiled.Build:
    columns = ("pk", "number", "contact_instructions", *(("account",) if with_account else ()))

    def build(values: Any) -> Any:
        # The newest complaint of the case (the model's ordering), as ``.first()`` would read it.
        return Complaint.objects.filter(case_id=values["case"], unit_id=values["unit"]).only(*columns)[:1]

    return build


def register_case_source_provider() -> None:
    try:
        from sigap.cases.sources import register_case_source
    except ImportError:  # the case file is not installed: nothing to tell it
        return
    register_case_source(complaint_source)
