"""Reads of referrals in: a user sees an inbound referral exactly when she may see its complaint.

One rule of who sees what (``sigap.intake.selectors.complaints_visible_to``): the HEAD every one of her
unit, an intake officer those she took or that wait in the queue, a case manager those that became her case.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.models import User
from sigap.intake.selectors import complaints_visible_to
from sigap.referrals.models import Direction, Referral


def incoming_visible_to(user: User) -> QuerySet[Referral]:
    membership = user.membership if user.is_authenticated else None
    if membership is None:
        return Referral.objects.none()
    return Referral.objects.filter(
        unit_id=membership.unit_id,
        direction=Direction.IN,
        complaint__in=complaints_visible_to(user).values("pk"),
    )


def get_incoming_for_user(user: User, referral_id: Any) -> Referral:
    """The inbound referral if ``user`` may see it, else ``Http404`` (also for malformed or unknown ids)."""
    try:
        pk = uuid.UUID(str(referral_id))
    except (ValueError, TypeError):
        raise Http404 from None
    found = incoming_visible_to(user).select_related("partner", "complaint", "unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
