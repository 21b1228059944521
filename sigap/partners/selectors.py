"""Reads of the partner directory, always scoped to the asking user's unit.

HEAD and UNIT_ADMIN manage the directory, case managers read it (to choose a provider or a referral's
partner); other roles are stopped by their views (403). A partner of another unit, or an unknown id, is a
404 (``get_partner_for_user``). The list is one query for the page, whatever its length.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.partners.models import Agreement, Partner, PartnerContact, PartnerKind, PartnerUser

MANAGE_ROLES = (Role.HEAD, Role.UNIT_ADMIN)
READ_ROLES = (*MANAGE_ROLES, Role.CASE_MANAGER)
# An agreement ending within this many days is flagged and reminded (60 and 30 days, decision D76).
AGREEMENT_WARNING_DAYS = 60
MAX_ID = 2**63 - 1


def unit_today(unit: Unit) -> dt.date:
    return timezone.localdate(timezone.now(), unit.zone)


def _read_unit(viewer: User) -> Unit | None:
    membership = viewer.membership
    if membership is None or membership.role not in READ_ROLES:
        return None
    return membership.unit


def can_manage(viewer: User) -> bool:
    membership = viewer.membership
    return membership is not None and membership.role in MANAGE_ROLES


def valid_agreements(day: dt.date) -> QuerySet[Agreement]:
    return Agreement.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day)


def partner_list(viewer: User, *, kind: str = "", inactive: bool = False) -> QuerySet[Partner]:
    """The unit's partners by name, with ``agreement_until`` (latest end of a valid agreement; None
    without one, or open-ended) and ``has_agreement``; ``kind`` filters by type (unknown: ignored)."""
    unit = _read_unit(viewer)
    if unit is None:
        return Partner.objects.none()
    day = unit_today(unit)
    rows = Partner.objects.filter(unit=unit)
    if not inactive:
        rows = rows.filter(is_active=True)
    if kind in PartnerKind.values:
        rows = rows.filter(kind=kind)
    current = valid_agreements(day).filter(partner_id=OuterRef("pk"))
    return rows.annotate(
        has_agreement=Exists(current),
        agreement_until=Max("agreements__valid_until", filter=Q(agreements__in=valid_agreements(day))),
    ).order_by("name", "pk")


def kind_counts(viewer: User) -> dict[str, int]:
    """How many active partners of each type the unit has (the filter's numbers; one query)."""
    unit = _read_unit(viewer)
    if unit is None:
        return {}
    rows = Partner.objects.filter(unit=unit, is_active=True).values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def _valid_id(value: Any) -> bool:
    return isinstance(value, int) and 0 < value <= MAX_ID


def get_partner_for_user(viewer: User, partner_id: Any) -> Partner:
    """A partner of the viewer's unit (a reader's role), else ``Http404``."""
    unit = _read_unit(viewer)
    if unit is None or not _valid_id(partner_id):
        raise Http404
    found = Partner.objects.filter(unit=unit, pk=partner_id).select_related("unit").first()
    if found is None:
        raise Http404
    return found


def get_agreement_for(partner: Partner, agreement_id: Any) -> Agreement:
    found = Agreement.objects.filter(partner=partner, pk=agreement_id).first() if agreement_id else None
    if found is None:
        raise Http404
    return found


def get_contact_for(partner: Partner, contact_id: Any) -> PartnerContact:
    found = PartnerContact.objects.filter(partner=partner, pk=contact_id).first() if _valid_id(contact_id) else None
    if found is None:
        raise Http404
    return found


def partner_detail(partner: Partner) -> dict[str, Any]:
    """What the detail page shows: contacts (active first) and agreements (newest first) with their state."""
    day = unit_today(partner.unit)
    agreements = list(Agreement.objects.filter(partner=partner).order_by("-valid_from", "pk"))
    for agreement in agreements:
        agreement.state = agreement_state(agreement, day)  # type: ignore[attr-defined]
    contacts = list(PartnerContact.objects.filter(partner=partner).order_by("-is_active", "pk"))
    return {"agreements": agreements, "contacts": contacts}


def agreement_state(agreement: Agreement, day: dt.date) -> str:
    """VALID, EXPIRING (within 60 days), EXPIRED or NOT_YET_VALID on ``day``."""
    if agreement.valid_from > day:
        return "NOT_YET_VALID"
    until = agreement.valid_until
    if until is not None and until < day:
        return "EXPIRED"
    if until is not None and (until - day).days <= AGREEMENT_WARNING_DAYS:
        return "EXPIRING"
    return "VALID"


def partner_choices(unit: Unit, *, service: str = "") -> QuerySet[Partner]:
    """Active partners of ``unit`` for a select (offering ``service`` first when given is the form's job)."""
    return Partner.objects.filter(unit=unit, is_active=True).only("pk", "name", "kind", "services").order_by("name")


def partner_contact_choices(unit: Unit) -> QuerySet[PartnerContact]:
    """The active contact persons of ``unit``'s active partners, for a referral's "contact person" select."""
    return (
        PartnerContact.objects.filter(partner__unit=unit, partner__is_active=True, is_active=True)
        .select_related("partner")
        .only("pk", "name", "position", "partner_id", "partner__name")
        .order_by("partner__name", "pk")
    )


def partner_of_unit(unit: Unit, partner_id: Any) -> Partner | None:
    """An active partner of ``unit`` by id (a form's choice), or None."""
    if not _valid_id(partner_id):
        return None
    return Partner.objects.filter(unit=unit, pk=partner_id, is_active=True).first()


def partner_named(unit: Unit, text: str) -> Partner:
    """The partner of ``unit`` named ``text`` (case and spaces ignored), made (type OTHER) when there is none.

    For callers that still name a provider in free text (the data migration 0021 of ``sigap.cases`` does the
    same for what was written before the directory): what they wrote becomes a partner, never lost.
    """
    name = " ".join(text.split())[:200]
    found = Partner.objects.filter(unit=unit, name__iexact=name).first()
    if found is not None:
        return found
    partner, _created = Partner.objects.get_or_create(
        unit=unit, name=name, defaults={"kind": PartnerKind.OTHER, "created_at": timezone.now()}
    )
    return partner


# --- partner users (the portal's readers) -------------------------------------------------------


def partner_of(user: User) -> Partner | None:
    """The organisation ``user`` reads the portal for: an active PARTNER of a unit, linked to an active partner
    of that same unit; else None (deny by default). Cached on the user for the request."""
    cached = user.__dict__.get("_portal_partner", False)
    if cached is not False:
        return cached
    membership = user.membership if user.is_authenticated else None
    found = None
    if membership is not None and membership.role == Role.PARTNER:
        found = (
            Partner.objects.filter(portal_users__user_id=user.pk, unit_id=membership.unit_id, is_active=True)
            .select_related("unit")
            .first()
        )
    user.__dict__["_portal_partner"] = found
    return found


def partner_users(partner: Partner) -> list[User]:
    """The users linked to ``partner`` who still hold an active PARTNER membership of its unit."""
    return list(
        User.objects.filter(
            partner_link__partner=partner,
            memberships__unit_id=partner.unit_id,
            memberships__role=Role.PARTNER,
            memberships__is_active=True,
        ).order_by("full_name", "pk")
    )


def get_partner_member_for_admin(admin: User, user_id: Any) -> Membership:
    """The active PARTNER membership of ``user_id`` in the administrator's own unit, else ``Http404``."""
    membership = admin.membership
    if membership is None or membership.role != Role.UNIT_ADMIN or not _valid_id(user_id):
        raise Http404
    found = (
        Membership.objects.filter(unit_id=membership.unit_id, user_id=user_id, role=Role.PARTNER, is_active=True)
        .select_related("user", "unit")
        .first()
    )
    if found is None:
        raise Http404
    return found


def link_of(user: User) -> PartnerUser | None:
    return PartnerUser.objects.filter(user=user).select_related("partner").first()
