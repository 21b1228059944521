"""The rules of a referral: the consent guard (domain.md §D4) and which status may follow which.

A referral out discloses part of a victim's file to a partner, so it needs a SHARING consent of that victim
naming that partner (``Consent.partner``), given on or before today and not withdrawn, that can be relied on
(``consent_problem``: a child never consents alone, a guardian who is a suspected perpetrator cannot consent).
Without one, only the HEAD may send it, with a written reason (an override, audited); for a child victim a
second staff member confirms the override before anything is sent.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from sigap.cases.models.consent import Consent, ConsentScope
from sigap.cases.models.people import CasePerson
from sigap.cases.models.plan import AssessmentArea
from sigap.cases.services.consent import consent_problem
from sigap.partners.models import Partner
from sigap.referrals.models import SharedSection, Status

MIN_REASON = 20
# Who may move a referral from where: the partner's answer, then the service, then the end. WITHDRAWN by
# the unit while the referral is not ended; AWAITING_CONFIRMATION only leaves by the second confirmation
# (to SENT) or a withdrawal.
NEXT: dict[str, frozenset[str]] = {
    Status.AWAITING_CONFIRMATION: frozenset({Status.SENT, Status.WITHDRAWN}),
    Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset({Status.SERVICE_GIVEN, Status.DONE, Status.WITHDRAWN}),
    Status.SERVICE_GIVEN: frozenset({Status.DONE, Status.WITHDRAWN}),
}


# What a partner user records in the portal: the answer and the service given. DONE (which marks the plan item
# done and ends the grant) and WITHDRAWN stay the unit's (decision D85).
PARTNER_STEPS = frozenset({Status.ACCEPTED, Status.DECLINED, Status.SERVICE_GIVEN})


def may_move(current: str, target: str) -> bool:
    return target in NEXT.get(current, frozenset())


def sharing_consent(*, victim: CasePerson, partner: Partner, day: dt.date) -> Consent | None:
    """The victim's SHARING consent covering ``partner`` on ``day`` that can be relied on (the newest), or None."""
    consents = (
        Consent.objects.filter(
            case_id=victim.case_id, victim=victim, scope=ConsentScope.SHARING, partner=partner, given_on__lte=day
        )
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
        .select_related("victim__person", "guardian", "case")
        .order_by("-given_on", "-recorded_at")
    )
    return next((consent for consent in consents if consent_problem(consent) is None), None)


def consent_refusal(partner: Partner) -> str:
    return _(
        "No valid consent of the victim covers sharing with %(partner)s. Record the victim's consent to share "
        "with this partner first, or the head of the unit may send it with a written reason."
    ) % {"partner": partner.name}


def clean_sections(sections: list[str], areas: list[str]) -> tuple[list[str], list[str]]:
    """The shared sections in the list's order (unknown ones dropped) and the assessment areas, kept only when
    the assessment is shared."""
    chosen = [value for value in SharedSection.values if value in set(sections)]
    if SharedSection.ASSESSMENT not in chosen:
        return chosen, []
    return chosen, [value for value in AssessmentArea.values if value in set(areas)]
