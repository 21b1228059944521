"""The case timeline's lines of referral events (registered in ``ReferralsConfig.ready``): built from the codes
the services put in the audit event, never the needs summary, a reason or the outcome."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def referral_event_text(values: dict[str, Any]) -> str:
    number = values.get("number", "")
    # The name was put in the event when it was sent (an organisation, not a person): no query per line.
    partner = str(values.get("partner_name") or "")
    texts = {
        "sent": _("Referral %(number)s sent to %(partner)s."),
        "awaiting_confirmation": _(
            "Referral %(number)s to %(partner)s recorded without consent: waiting for a second confirmation."
        ),
        "confirmed": _("Referral %(number)s: the override was confirmed by a second staff member; sent."),
        "accepted": _("Referral %(number)s accepted by the partner."),
        "declined": _("Referral %(number)s declined by the partner (the reason is on the referral)."),
        "service_given": _("Referral %(number)s: the partner gave the service."),
        "done": _("Referral %(number)s done."),
        "withdrawn": _("Referral %(number)s withdrawn (the reason is on the referral)."),
    }
    text = texts.get(str(values.get("event")), _("Referral %(number)s changed.")) % {
        "number": number,
        "partner": partner,
    }
    transfer = {
        "transfer_proposed": _("Transfer to %(unit)s proposed; waiting for the head's decision."),
        "transfer_sent_back": _("The proposed transfer to %(unit)s was sent back (the note is on the transfer)."),
        "transfer_done": _("Transferred to %(unit)s: the package was made; the case is closed here."),
    }
    if values.get("event") in transfer:
        return transfer[str(values["event"])] % {"unit": values.get("receiving", "")}
    if values.get("override"):
        text += " " + _("Sent without the victim's consent on the head's decision (reason recorded).")
    return text


def register_timeline() -> None:
    from sigap.cases.timeline.case import FieldLine, timeline_text_register

    timeline_text_register(FieldLine("referrals", referral_event_text))
