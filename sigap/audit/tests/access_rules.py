from sigap.core.testing.access import NOT_FOUND, OK, Rule, staff

RULES = [
    Rule("audit:search", staff(["AUDITOR"])),
    # Kukar's own unit record: Samarinda's head is allowed the page but not this object (404).
    Rule(
        "audit:object_history",
        staff(["HEAD", "AUDITOR"], ok=OK, other_unit=NOT_FOUND),
        kwargs=lambda p: {"object_type": "accounts.unit", "object_id": p.kukar.pk},
    ),
]
