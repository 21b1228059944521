"""Referrals of a case to a partner organisation (domain.md §E4), guarded by the victim's sharing consent (§D4)."""
