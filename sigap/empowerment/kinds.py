"""The work-item kinds of the empowerment app (see sigap.work.kinds), registered in ``EmpowermentConfig.ready``."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sigap.work.kinds import register_kind

FOLLOW_UP_DUE = "empowerment_follow_up"
NOT_REACHED = "empowerment_not_reached"

# A follow-up's item is opened two weeks before its day and is due a week after it: the grace of a home visit
# that had to move (the victim at work, the road flooded). Reminded on the day, missed and escalated after.
OPEN_LEAD = timedelta(days=14)
GRACE = timedelta(days=7)


def register_empowerment_kinds() -> None:
    # The rule is named in the label, as the complaint clocks name theirs.
    register_kind(
        FOLLOW_UP_DUE,
        _(
            "Follow-up of a case under monitoring (the unit's schedule, by default 1, 3, 6 and 12 months; one week's grace)"
        ),
        remind_before=GRACE,
        url_name="empowerment:follow_up_record",
    )
    # Three follow-ups in a row without reaching the victim: the HEAD decides (close as "cannot be contacted"?).
    register_kind(
        NOT_REACHED,
        _("Victim not reached at three follow-ups in a row: decide on the case (closure reason “cannot be contacted”)"),
        url_name="empowerment:case_empowerment",
        escalate=False,
    )
