"""``units_overseen_by``: national → every unit, province → itself and its regencies, regency → itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import make_user
from sigap.accounts.models import Role, Unit
from sigap.reports.selectors import units_overseen_by


def unit(name: str, code: str, prefix: str, level: str = Unit.Level.REGENCY) -> Unit:
    return Unit.objects.create(name=name, region_code=code, case_number_prefix=prefix, level=level)


@pytest.fixture
def country(personas: Any) -> dict[str, Unit]:
    return {
        "kukar": personas.kukar,
        "samarinda": personas.samarinda,
        "kaltim": unit("UPTD PPA Provinsi Kalimantan Timur", "64", "PPA-KALTIM", Unit.Level.PROVINCE),
        "makassar": unit("UPTD PPA Kota Makassar", "73.71", "PPA-MKS"),
        "sulsel": unit("UPTD PPA Provinsi Sulawesi Selatan", "73", "PPA-SULSEL", Unit.Level.PROVINCE),
        "national": unit("KemenPPPA", "00", "KEMENPPPA", Unit.Level.NATIONAL),
    }


def _names(user: Any) -> set[str]:
    return set(units_overseen_by(user).values_list("case_number_prefix", flat=True))


def test_each_level_oversees_its_area(personas: Any, country: dict[str, Unit]) -> None:
    assert _names(personas["leadership"]) == {"PPA-KKR"}
    province = make_user("lead_kaltim", country["kaltim"], Role.LEADERSHIP)
    assert _names(province) == {"PPA-KALTIM", "PPA-KKR", "PPA-SMD"}
    other_province = make_user("lead_sulsel", country["sulsel"], Role.LEADERSHIP)
    assert _names(other_province) == {"PPA-SULSEL", "PPA-MKS"}
    national = make_user("lead_national", country["national"], Role.LEADERSHIP)
    assert _names(national) == set(Unit.objects.values_list("case_number_prefix", flat=True))


def test_other_roles_oversee_nothing(personas: Any, country: dict[str, Unit]) -> None:
    for name in ("head", "data_officer", "auditor", "admin", "other_head"):
        assert _names(personas[name]) == set(), name
    head_of_province = make_user("head_kaltim", country["kaltim"], Role.HEAD)
    assert _names(head_of_province) == set()


def test_a_deactivated_membership_oversees_nothing(personas: Any) -> None:
    leader = personas["leadership"]
    leader.memberships.update(is_active=False)
    leader.__dict__.pop("_active_membership", None)
    assert _names(leader) == set()


def test_only_the_national_unit_has_region_code_00(db: None) -> None:
    national = Unit(name="Sintetis Nasional", region_code="00", case_number_prefix="NAS", level=Unit.Level.NATIONAL)
    national.full_clean()
    national.save()
    for level, code in ((Unit.Level.NATIONAL, "64"), (Unit.Level.REGENCY, "00"), (Unit.Level.PROVINCE, "00")):
        wrong = Unit(name=f"Wrong {level} {code}", region_code=code, case_number_prefix=f"W-{code}", level=level)
        with pytest.raises(ValidationError):
            wrong.full_clean()
        with pytest.raises(IntegrityError), transaction.atomic():
            wrong.save()
