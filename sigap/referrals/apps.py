"""Referrals of a case to a partner organisation (domain.md §E4), guarded by the victim's sharing consent (§D4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sigap.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # Referrals in and transfers (issue #14): the approval kind of a proposed transfer, the link from a
        # complaint's new case to its inbound referral, the menu lines.
        from sigap.referrals.transfer.shell import register_transfer_shell

        register_transfer_shell()
