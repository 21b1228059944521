"""Access rules of the login and second-factor pages (views_auth)."""

from sigap.core.testing.access import LOGIN, MFA, NOT_ALLOWED, NOT_FOUND, OK, REDIRECT, Rule, public, staff

LOGGED_IN = (
    "admin",
    "head",
    "intake",
    "case_manager",
    "expert",
    "data_officer",
    "partner",
    "leadership",
    "auditor",
    "other_head",
    "other_case_manager",
    "partner_b",
    "other_partner",
    "unverified",
)

RULES = [
    # Logged-in users are sent on from the login page (the unverified one to the second factor).
    Rule("accounts:login", public(OK) | {name: REDIRECT for name in LOGGED_IN}),
    Rule("accounts:logout", public(REDIRECT), method="POST"),
    Rule("accounts:logout", public(LOGIN) | {name: NOT_ALLOWED for name in LOGGED_IN}, method="GET"),
    # The second-factor step: verified users are sent on; the unverified one gets the form.
    Rule("accounts:mfa_verify", staff(ok=REDIRECT, unverified=OK)),
    # Enrolment is closed to users who already have an authenticator (every persona has one).
    Rule("accounts:mfa_enroll", staff(ok=REDIRECT, unverified=MFA)),
    Rule("accounts:mfa_manage", staff()),
    # Step-up (SESS-05): every staff member may confirm again; a wrong password re-renders the page.
    Rule("accounts:step_up", staff()),
    Rule("accounts:step_up", staff(), method="POST", data={"password": "wrong", "code": "123456"}),
    # A malformed code re-renders the page with a message.
    Rule("accounts:mfa_backup_codes_regenerate", staff(), method="POST", data={"code": "abc"}),
    Rule("accounts:mfa_backup_codes_regenerate", staff(ok=NOT_ALLOWED), method="GET"),
    # SESS-06: everyone sees their own sessions; ending one that is not theirs (or ended) is a 404.
    Rule("accounts:session_list", staff()),
    # Issue #21: the idle warning's "Continue" (any staff member; the session's own clock, no data).
    Rule("accounts:session_ping", staff(), method="POST"),
    Rule("accounts:session_ping", staff(ok=NOT_ALLOWED), method="GET"),
    Rule("accounts:session_end", staff(ok=NOT_FOUND), method="POST", kwargs=lambda personas: {"pk": 987654}),
    Rule("accounts:session_end", staff(ok=NOT_ALLOWED), method="GET", kwargs=lambda personas: {"pk": 987654}),
]
