from sigap.core.testing.access import Rule, staff

RULES = [
    # Area names are public reference data: every staff role may search them (any unit).
    Rule("regions:village_search", staff(), method="POST", data={"q": "loa"}),
]
