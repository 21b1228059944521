"""What the referrals-in and transfer pages register at start-up (called from ``ReferralsConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.accounts.models.users import Role
from sigap.core.home import Capability, capabilities_register


def register_transfer_shell() -> None:
    from sigap.intake.hooks import register_case_opened
    from sigap.referrals.services.incoming import referral_case_link
    from sigap.referrals.transfer.kinds import register_transfer_kinds

    register_transfer_kinds()
    register_case_opened(referral_case_link)
    for role, order in ((Role.INTAKE, 15), (Role.HEAD, 75)):
        capabilities_register(
            role,
            Capability(
                _("Record a referral received from another agency, or import a case transferred by another UPTD PPA."),
                "referrals:incoming_create",
                order=order,
            ),
        )
