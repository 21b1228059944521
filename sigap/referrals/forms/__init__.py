"""referrals: forms, one module per concern (import from the submodule inside the code)."""
