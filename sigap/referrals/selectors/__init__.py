"""referrals: reads scoped to the asking user, one module per concern (import from the submodule)."""
