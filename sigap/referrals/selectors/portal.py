"""Reads of the partner portal: the referrals a partner user may open, and what of each the page shows.

``referrals_visible_to(user)`` is the one rule (deny by default): a user whose active PARTNER membership is
linked to an active partner of the same unit (``sigap.partners.selectors.partner_of``) sees the referrals out
sent to that partner while their **grant** lasts:

- the referral is sent, accepted or its service given (``GRANT_STATUSES``): not awaiting the second
  confirmation of an override, not declined, done or withdrawn;
- its case is open (a closed case ends every grant);
- the consent it relied on is not withdrawn (``withdrawn_on`` after today in the unit's zone, as the consent
  guard reads it); a referral sent on the HEAD's override stands on the override.

Everyone else, and every referral outside it, gets nothing: ``get_portal_referral`` answers 404, the same
as for an id that does not exist. The case file's own scope (``cases_visible_to``) stays empty for PARTNER.

``portal_sections`` reads only the sections the referral shares, and decrypts only what it shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.cases.models import OPEN_STATES
from sigap.cases.models.people import Person
from sigap.cases.models.plan import AssessmentSection
from sigap.cases.rules.permissions import PSYCHOLOGICAL_AREAS
from sigap.cases.services.assessment import latest_assessment
from sigap.partners.selectors import partner_of
from sigap.referrals.models import Direction, Referral, ReferralDocument, SharedSection, Status
from sigap.referrals.selectors.outgoing import _uuid
from sigap.referrals.transfer.payload import incident_rows, plan_rows

GRANT_STATUSES = frozenset({Status.SENT, Status.ACCEPTED, Status.SERVICE_GIVEN})
# Texts of the referral a partner never reads: the unit's own reasons and the stored letter's secrets.
NOT_FOR_PARTNER = ("override_reason", "withdraw_reason", "letter_original_name", "letter_file_key")
SEXES = {"P": _("Female"), "L": _("Male")}
LIST_FIELDS = ("pk", "number", "services", "urgency", "response_due", "status", "sent_at", "case__number")


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """The referrals ``user`` may open in the portal (see the module docstring). Never cached across requests."""
    partner = partner_of(user)
    if partner is None:
        return Referral.objects.none()
    today = timezone.localdate(timezone.now(), partner.unit.zone)
    consent_stands = Q(consent__isnull=True, override_by__isnull=False) | Q(
        consent__isnull=False, consent__withdrawn_on__isnull=True
    )
    consent_stands |= Q(consent__withdrawn_on__gt=today)
    return Referral.objects.filter(
        direction=Direction.OUT,
        unit_id=partner.unit_id,
        partner=partner,
        status__in=GRANT_STATUSES,
        case__state__in=OPEN_STATES,
    ).filter(consent_stands)


def portal_list(user: User) -> QuerySet[Referral]:
    """The list of the portal: soonest answer due first (one query per page)."""
    return (
        referrals_visible_to(user).select_related("case").only(*LIST_FIELDS).order_by("response_due", "sent_at", "pk")
    )


def get_portal_referral(user: User, referral_id: Any) -> Referral:
    """The referral if its grant lets ``user`` open it, else ``Http404`` (also for malformed or unknown ids)."""
    found = (
        referrals_visible_to(user)
        .filter(pk=_uuid(referral_id))
        .select_related("case__unit", "partner")
        .defer(*NOT_FOR_PARTNER)
        .first()
    )
    if found is None:
        raise Http404
    return found


def portal_documents(referral: Referral) -> list[ReferralDocument]:
    return list(
        ReferralDocument.objects.filter(referral=referral).select_related("uploaded_by").order_by("uploaded_at", "pk")
    )


def get_portal_document(referral: Referral, document_id: Any) -> ReferralDocument:
    found = ReferralDocument.objects.filter(referral=referral, pk=_uuid(document_id)).first()
    if found is None:
        raise Http404
    return found


def _person(referral: Referral, fields: tuple[str, ...]) -> Person | None:
    # Only the columns the page shows are read, so only they are decrypted.
    if referral.victim_id is None:
        return None
    return Person.all_persons.filter(case_links__pk=referral.victim_id).only("pk", *fields).first()


def _assessment(referral: Referral) -> list[dict[str, str]]:
    assert referral.case is not None
    assessment = latest_assessment(referral.case)
    areas = [area for area in referral.shared_assessment_areas or [] if area not in PSYCHOLOGICAL_AREAS]
    if assessment is None or not areas:
        return []
    rows = AssessmentSection.objects.filter(assessment=assessment, area__in=areas).order_by("pk")
    return [{"area": str(row.get_area_display()), "text": row.text if row.is_written else ""} for row in rows]


def _dated(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    # The transfer package's rows carry ISO dates; the page formats days in the reader's language.
    for row in rows:
        for key in keys:
            row[key] = dt.date.fromisoformat(row[key]) if row.get(key) else None
    return rows


def portal_sections(referral: Referral) -> dict[str, Any]:
    """What the referral's page shows of the case: one entry per section shared, nothing else read."""
    shared = set(referral.shared_sections or [])
    case = referral.case
    assert case is not None
    sections: dict[str, Any] = {}
    if SharedSection.IDENTITY in shared:
        person = _person(referral, ("name", "sex", "birth_year", "age_estimated"))
        sections["identity"] = person
        sections["sex"] = str(SEXES.get(person.sex, person.sex or "—")) if person is not None else "—"
    if SharedSection.CONTACT in shared:
        sections["contact"] = {
            "person": _person(referral, ("phone", "address")),
            "calls": case.contact_calls,
            "calls_label": case.get_contact_calls_display() if case.contact_calls else "",
            "rule": case.contact_rule,
        }
    if SharedSection.INCIDENT in shared:
        sections["incidents"] = _dated(incident_rows(case), "date_from", "date_to")
    if SharedSection.ASSESSMENT in shared:
        sections["assessment"] = _assessment(referral)
        sections["psychological_held_back"] = bool(set(referral.shared_assessment_areas or []) & PSYCHOLOGICAL_AREAS)
    if SharedSection.PLAN_ITEMS in shared:
        plan = plan_rows(case)
        if plan is not None:
            _dated(plan["items"], "target")
        sections["plan"] = plan
    return sections
