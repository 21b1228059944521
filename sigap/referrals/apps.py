"""Referrals of a case to a partner organisation (domain.md §E4), guarded by the victim's sharing consent (§D4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sigap.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from sigap.referrals.kinds import register_referral_kinds
        from sigap.referrals.merge import register_merge
        from sigap.referrals.reminders import unanswered_reminders_open
        from sigap.referrals.shell import register_portal_shell
        from sigap.referrals.timeline import register_timeline
        from sigap.referrals.transfer.shell import register_transfer_shell
        from sigap.work.scheduler import hourly_step_register

        register_referral_kinds()
        register_merge()
        register_timeline()
        hourly_step_register("referrals.unanswered", unanswered_reminders_open)
        # Referrals in and transfers: the approval kind of a proposed transfer, the link from a complaint's new
        # case to its inbound referral, the menu lines.
        register_transfer_shell()
        # The partner portal: the partner user's menu and start page.
        register_portal_shell()
