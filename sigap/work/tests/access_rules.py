from sigap.core.testing.access import REDIRECT, Rule, staff

RULES = [
    # Every staff role has a My work page, a bell and notifications of its own (a partner answers
    # referrals, an expert renews credentials); each page shows the user's own rows only.
    Rule("work:my_work", staff()),
    Rule("work:notifications", staff()),
    Rule("work:notifications", staff(ok=REDIRECT), method="POST", data={"all": "1"}),
    Rule("work:notification_count", staff()),
]
