"""The work-item kinds of the assistance app (see sigap.work.kinds), registered in ``AssistanceConfig.ready``."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sigap.work.kinds import register_kind

VISUM_REPORT = "assistance_visum_report"
MEDIATION_FOLLOW_UP = "assistance_mediation_follow_up"


def register_assistance_kinds() -> None:
    # The visum report has not reached the unit N days after the examination: ask the hospital or police.
    register_kind(
        VISUM_REPORT,
        _("Visum report not received yet"),
        remind_before=timedelta(days=1),
        url_name="assistance:visum_update",
    )
    # A promise of a mediation agreement (e.g. monthly child support): check on its date that it was kept.
    register_kind(
        MEDIATION_FOLLOW_UP,
        _("Check a promise of a mediation agreement"),
        remind_before=timedelta(days=1),
        url_name="assistance:follow_up_check",
    )
