"""referrals: writes, one module per concern; the public names are re-exported here."""

from sigap.referrals.services.send import ReferralData, referral_override_confirm, referral_send
from sigap.referrals.services.status import (
    referral_accept,
    referral_decline,
    referral_done,
    referral_service_given,
    referral_withdraw,
)

__all__ = [
    "ReferralData",
    "referral_accept",
    "referral_decline",
    "referral_done",
    "referral_override_confirm",
    "referral_send",
    "referral_service_given",
    "referral_withdraw",
]
