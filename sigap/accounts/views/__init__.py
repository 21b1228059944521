"""Accounts pages: login and MFA (auth), own sessions (sessions), user administration (users)."""
