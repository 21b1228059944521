"""Access rules of the auditor's review of emergency accesses (moved from the audit app with the pages)."""

from typing import Any

from sigap.core.testing.access import Rule, staff


def _grant(p: Any) -> dict[str, Any]:
    """A Kukar emergency access (the HEAD opened a restricted case), made once per test."""
    from sigap.cases.models import BreakGlassGrant
    from sigap.cases.services.team import break_glass_open
    from sigap.cases.tests.factories import make_case

    grant = BreakGlassGrant.objects.filter(case__unit=p.kukar).first()
    if grant is None:
        case = make_case(p, restricted=True, experts=())
        grant = break_glass_open(actor=p["head"], case=case, reason="The police need the file for an arrest today.")
    return {"grant_id": grant.pk}


RULES = [
    # Break-glass review: the unit's auditor only (another unit's auditor: test_break_glass_review).
    Rule("audit:break_glass_list", staff(["AUDITOR"])),
    Rule("audit:break_glass_review", staff(["AUDITOR"]), kwargs=_grant),
    # "Not justified" without a note re-renders the form with a message.
    Rule(
        "audit:break_glass_review",
        staff(["AUDITOR"]),
        method="POST",
        data={"outcome": "NOT_JUSTIFIED", "note": ""},
        kwargs=_grant,
    ),
]
