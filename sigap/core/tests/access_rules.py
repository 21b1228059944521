from sigap.core.testing.access import OK, Rule, public, staff

RULES = [
    Rule("core:home", staff()),
    Rule("core:healthz", public(OK)),
    Rule("set_language", public(302), method="POST", data={"language": "en", "next": "/"}),
]
