"""Test data of the contracts tests, written through the services as the HEAD would (no factories)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sigap.contracts.models import Contract, FeeBasis, FundingSource
from sigap.contracts.services.contract import ContractData, contract_create
from sigap.experts.models import ExpertProfile, Profession
from sigap.experts.tests.factories import profile


def terms(**overrides: Any) -> ContractData:
    values: dict[str, Any] = {
        "number": "027/SPK/UPTD-PPA/2027",
        "post": "Tenaga Ahli Psikolog Klinis",
        "profession": Profession.CLINICAL_PSYCHOLOGIST,
        "fiscal_year": 2027,
        "funding_source": FundingSource.DAK_BOPPA,
        "fee_basis": FeeBasis.MONTHLY,
        "unit_price": Decimal(5_000_000),
        "amount": Decimal(60_000_000),
        "start": dt.date(2027, 1, 1),
        "end": dt.date(2027, 12, 31),
        "duties": "Asesmen psikologis dan konseling korban.",
    }
    values.update(overrides)
    return ContractData(**values)


def expert_profile(personas: Any, user: Any = None) -> ExpertProfile:
    user = user or personas["expert"]
    existing = ExpertProfile.objects.filter(user=user).first()
    return existing or profile(personas, user)


def contract(personas: Any, *, user: Any = None, **overrides: Any) -> Contract:
    return contract_create(actor=personas["head"], expert=expert_profile(personas, user), data=terms(**overrides))
