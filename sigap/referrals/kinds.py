"""The work-item kinds of the referrals app (see sigap.work.kinds), registered in ``ReferralsConfig.ready``.
Each names the rule it enforces, so the reminder, the miss and the HEAD's escalation say why."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.work.kinds import register_kind

# A partner that has not answered by the due date: the case manager calls them; missed, it reaches the HEAD.
UNANSWERED = "referral_unanswered"
# The HEAD sent a child's referral without consent: a second staff member confirms before it goes (PRIV-01).
OVERRIDE_CONFIRM = "referral_override_confirm"


def register_referral_kinds() -> None:
    register_kind(
        UNANSWERED,
        _("A partner has not answered a referral by its due date: ask them, or refer elsewhere"),
        url_name="referrals:referral_go",
    )
    register_kind(
        OVERRIDE_CONFIRM,
        _("Confirm a referral of a child sent without consent (a second staff member confirms the head's override)"),
        url_name="referrals:referral_go",
    )
