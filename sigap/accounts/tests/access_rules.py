from sigap.core.testing.access import LOGIN, MFA, OK, Rule, public, staff

RULES = [
    # Logged-in users are sent on from the login page.
    Rule("accounts:login", public(OK) | {k: 302 for k in ("admin", "head", "intake", "case_manager", "expert",
        "data_officer", "partner", "leadership", "auditor", "other_head", "other_case_manager", "unverified")}),
    Rule("accounts:logout", public(302), method="POST"),
    Rule("accounts:mfa_verify", staff(ok=OK, unverified=OK)),
]
