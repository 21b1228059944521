"""The demo's contracts (issue #13): Kukar's three experts on annual contracts, recorded by Kukar's head."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sigap.accounts.models import User
from sigap.contracts.models import Contract, FeeBasis, FundingSource
from sigap.contracts.services.contract import ContractData, contract_create
from sigap.experts.licensing import unit_today
from sigap.experts.models import ExpertProfile

# Kukar's three experts on annual contracts (issue #13): the first period started ~75 days ago, so its
# evaluation falls due within the demo's first weeks. Fictional numbers and prices.
DEMO_CONTRACTS = (
    ("psikolog.kukar", "Tenaga Ahli Psikolog Klinis", FeeBasis.MONTHLY, 6_000_000),
    ("hukum.kukar", "Tenaga Ahli Konselor Hukum", FeeBasis.PER_SESSION, 350_000),
    ("konselor.kukar", "Tenaga Ahli Konselor Psikologi", FeeBasis.MONTHLY, 5_000_000),
)


def seed_contracts() -> int:
    """An active contract of this fiscal year for each demo expert without one, by Kukar's head. Rows created."""
    head = User.objects.get(username="kepala.kukar")
    created = 0
    for index, (username, post, basis, price) in enumerate(DEMO_CONTRACTS, start=1):
        profile = ExpertProfile.objects.filter(user__username=username).first()
        if profile is None or Contract.objects.filter(expert=profile).exists():
            continue
        today = unit_today(profile.unit)
        contract_create(
            actor=head,
            expert=profile,
            data=ContractData(
                number=f"DEMO/{index:03d}/SPK/UPTD-PPA/{today.year}",
                post=post,
                profession=profile.profession,
                fiscal_year=today.year,
                funding_source=FundingSource.DAK_BOPPA,
                fee_basis=basis,
                unit_price=Decimal(price),
                amount=Decimal(price * (12 if basis == FeeBasis.MONTHLY else 120)),
                start=max(dt.date(today.year, 1, 1), today - dt.timedelta(days=75)),
                end=dt.date(today.year, 12, 31),
                duties="Pendampingan korban sesuai profesi (contoh fiktif untuk demo).",
            ),
        )
        created += 1
    return created
