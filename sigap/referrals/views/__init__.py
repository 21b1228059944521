"""referrals: views, one module per concern (mounted by sigap/referrals/urls.py)."""
