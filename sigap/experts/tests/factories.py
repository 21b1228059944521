"""Test data of the experts tests, written through the services as the HEAD would (no factories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.accounts.models import User
from sigap.experts.licensing import unit_today
from sigap.experts.models import Credential, CredentialKind, ExpertProfile, Profession
from sigap.experts.services import credential_add, expert_profile_save

# Numbers that look like nothing real; tests search the trail and the logs for them.
CANARY_NUMBER = "CANARYNUM-7741-QX"


def profile(
    personas: Any,
    user: User,
    *,
    profession: str = Profession.CLINICAL_PSYCHOLOGIST,
    sex: str = "P",
    available: bool = True,
    actor: str = "head",
) -> ExpertProfile:
    return expert_profile_save(
        actor=personas[actor], user=user, profession=profession, sex=sex, available=available, notes=""
    )


def credential(
    personas: Any,
    expert: ExpertProfile,
    kind: str,
    *,
    days_left: int | None = 400,
    started_days_ago: int = 30,
    number: str = "NUM-0001",
    actor: str = "head",
) -> Credential:
    """A credential valid from ``started_days_ago`` until ``days_left`` days from today (None: no expiry)."""
    today = unit_today(expert.unit)
    return credential_add(
        actor=personas[actor],
        profile=expert,
        kind=kind,
        number=number,
        issuer="Konsil Contoh",
        valid_from=today - dt.timedelta(days=started_days_ago),
        valid_until=None if days_left is None else today + dt.timedelta(days=days_left),
    )


def licensed_clinical(personas: Any, user: User, *, sex: str = "P") -> ExpertProfile:
    expert = profile(personas, user, sex=sex)
    credential(personas, expert, CredentialKind.STRPK)
    credential(personas, expert, CredentialKind.SIPPK)
    return expert
