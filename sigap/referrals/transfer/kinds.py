"""The work-item kind of a proposed transfer (see sigap.work.kinds)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.work.kinds import register_kind

TRANSFER_APPROVAL = "case_transfer_approval"


def register_transfer_kinds() -> None:
    # A case manager's proposal to transfer a case waits in the HEAD's approval queue, like a closure.
    register_kind(
        TRANSFER_APPROVAL,
        _("Case transfer awaiting the head's decision"),
        approval=True,
        url_name="referrals:transfer_detail",
        subject=_("The transfer of case"),
    )
