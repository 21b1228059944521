"""Partner organisations of a unit (domain.md §E4): the directory that plan items, consents and referrals name."""
