"""The demo's partner users, each linked to one partner organisation of Kukar's directory (the partner portal
shows that organisation's active referrals). Idempotent: a user already linked keeps its link."""

from __future__ import annotations

from django.utils import timezone

from sigap.accounts.models import User
from sigap.partners.models import Partner, PartnerKind, PartnerUser

# (username, the kind of Kukar partner it works for): BAZNAS gives business capital (the demo's journey), the
# cooperatives and SME office a second organisation, so the portal's isolation can be seen.
PARTNER_USERS = [("mitra.kukar", PartnerKind.BAZNAS), ("koperasi.kukar", PartnerKind.COOPERATIVES)]


def seed_partner_users(*, admin_username: str = "admin.kukar") -> int:
    admin = User.objects.get(username=admin_username)
    unit_id = admin.memberships.get(is_active=True).unit_id
    created = 0
    for username, kind in PARTNER_USERS:
        user = User.objects.get(username=username)
        partner = Partner.objects.filter(unit_id=unit_id, kind=kind).order_by("pk").first()
        if partner is None or PartnerUser.objects.filter(user=user).exists():
            continue
        PartnerUser.objects.create(user=user, partner=partner, linked_at=timezone.now(), linked_by=admin)
        created += 1
    return created
