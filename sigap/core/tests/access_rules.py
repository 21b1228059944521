from sigap.core.testing.access import OK, REDIRECT, Rule, public, staff

RULES = [
    # A partner user's home page is the partner portal (a redirect).
    Rule("core:home", staff(partner=REDIRECT, partner_b=REDIRECT, other_partner=REDIRECT)),
    Rule("core:healthz", public(OK)),
    Rule("core:healthz_web", public(OK)),
    # Browsers post violation reports without a session or token; an empty body is ignored.
    Rule("core:csp_report", public(204), method="POST"),
    Rule("set_language", public(302), method="POST", data={"language": "en", "next": "/"}),
]
