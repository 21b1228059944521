from sigap.core.testing.access import Rule, staff

RULES = [
    Rule("accounts:user_list", staff(["UNIT_ADMIN"])),
]
