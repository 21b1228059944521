"""What a person merge (``sigap.cases.services.person_merge``) does to referrals: a referral naming a duplicate
link of the merged record (same case, same role, removed softly by the merge) moves to the kept link, so the
case shows one victim with all her referrals. Registered at app ready: cases stands below this app."""

from __future__ import annotations

from typing import Any

from sigap.cases.models.people import CasePerson
from sigap.referrals.models import Referral

MERGE_REFERENCES = {("referrals.referral", "victim")}


def merge_referrals_move(*, collapsed: list[tuple[CasePerson, CasePerson]], **_: Any) -> None:
    for duplicate, kept in collapsed:
        Referral.objects.filter(victim=duplicate).update(victim=kept)


def register_merge() -> None:
    from sigap.cases.services.person_merge import register_merge_handler

    register_merge_handler(MERGE_REFERENCES, merge_referrals_move)
