"""A village's code names its district, regency and province (the reports rely on it)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from sigap.regions.models import District, Province, Regency, Village


@pytest.fixture
def areas(db: None) -> dict[str, object]:
    province = Province.objects.create(code="64", name="Kalimantan Timur")
    regency = Regency.objects.create(code="64.02", province=province, name="Kutai Kartanegara")
    return {
        "province": province,
        "regency": regency,
        "tenggarong": District.objects.create(code="64.02.06", regency=regency, name="Tenggarong"),
        "loa_kulu": District.objects.create(code="64.02.01", regency=regency, name="Loa Kulu"),
    }


def test_a_village_in_the_district_its_code_names_is_stored(areas: dict[str, object]) -> None:
    Village.objects.create(
        code="64.02.06.2001",
        district=areas["tenggarong"],
        regency=areas["regency"],
        province=areas["province"],
        name="Desa Sintetis",
    )
    assert Village.objects.get(code="64.02.06.2001").district_id == "64.02.06"


@pytest.mark.parametrize("field", ["district", "regency", "province"])
def test_a_village_whose_code_names_another_parent_is_refused(areas: dict[str, object], field: str) -> None:
    other_province = Province.objects.create(code="63", name="Kalimantan Selatan")
    other_regency = Regency.objects.create(code="63.01", province=other_province, name="Tanah Laut")
    parents = {"district": areas["tenggarong"], "regency": areas["regency"], "province": areas["province"]}
    parents[field] = {"district": areas["loa_kulu"], "regency": other_regency, "province": other_province}[field]
    with pytest.raises(IntegrityError), transaction.atomic():
        Village.objects.create(code="64.02.06.2002", name="Desa Salah", **parents)
