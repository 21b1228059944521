"""The work-item kinds of the assistance app (see sigap.work.kinds), registered in ``AssistanceConfig.ready``.

The legal-process track's kinds (domain.md §D1) name the rule they enforce, so the reminder, the miss and the
HEAD's escalation say why.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sigap.work.kinds import register_kind

LEGAL_POLICE_REPORT = "legal_police_report"
LEGAL_PROTECTION = "legal_protection"
LEGAL_RESTITUTION = "legal_restitution"


def register_legal_kinds() -> None:
    # Sexual violence reported to the unit: the police report within 3×24 h of the victim's report;
    # done when the police report is recorded on the track.
    register_kind(
        LEGAL_POLICE_REPORT,
        _("Report to the police within 3×24 hours of the victim's report (UU TPKS)"),
        remind_before=timedelta(hours=24),
        url_name="assistance:legal_track_go",
    )
    # Temporary protection lasts at most 14 days (UU TPKS Pasal 42–43) or 7 days (UU PKDRT): the next
    # protection (court order, LPSK) must be in place by then; done when the track moves on.
    register_kind(
        LEGAL_PROTECTION,
        _("Temporary protection ends: at most 14 days (UU TPKS Pasal 42–43) or 7 days (UU PKDRT)"),
        remind_before=timedelta(days=2),
        url_name="assistance:legal_track_go",
    )
    # Restitution is paid within 30 days after the final verdict (Perma 1/2022 Pasal 30(5); PP 29/2025
    # Pasal 8(1)); done when the payment is recorded.
    register_kind(
        LEGAL_RESTITUTION,
        _("Restitution paid within 30 days of the final verdict (Perma 1/2022 Pasal 30)"),
        remind_before=timedelta(days=7),
        url_name="assistance:legal_track_go",
    )


SHELTER_LIMIT = "shelter_limit"


def register_shelter_kinds() -> None:
    # Temporary shelter lasts at most 14 days, then the victim is referred onward (Permen PPPA 2/2022 annex,
    # domain.md §D1): the reminder is the warning of day 10, the miss on day 14 escalates to the HEAD; done at
    # discharge. The delay is the rules' constant (sigap.assistance.rules.shelter).
    register_kind(
        SHELTER_LIMIT,
        _("Temporary shelter at most 14 days, then an onward placement (Permen PPPA 2/2022)"),
        remind_before=timedelta(days=4),
        url_name="assistance:shelter_stay_go",
    )


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


OUTREACH_VISIT = "assistance_outreach_visit"


def register_outreach_kinds() -> None:
    # A planned outreach visit: due at its planned time (the decided outreach: 12 hours after the decision,
    # the SOP penjangkauan's standard, domain.md §D1); done when the visit is recorded, cancelled with it.
    register_kind(
        OUTREACH_VISIT,
        _("Outreach visit to the victim: within 12 hours of the outreach decision (SOP penjangkauan)"),
        remind_before=timedelta(hours=2),
        url_name="assistance:visit_detail",
    )
