"""manage.py load_regions: counts, idempotence, renames, one-province loads, broken files."""

from __future__ import annotations

import gzip
import io
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sigap.regions.models import District, Province, Regency, Village
from sigap.regions.services import DATA_DIR, regions_load

EXPECTED = {"provinces": 38, "regencies": 514, "districts": 7285, "villages": 83762}


def _counts() -> dict[str, int]:
    return {
        "provinces": Province.objects.count(),
        "regencies": Regency.objects.count(),
        "districts": District.objects.count(),
        "villages": Village.objects.count(),
    }


@pytest.mark.django_db
def test_it_loads_all_of_indonesia_once_and_a_second_run_changes_nothing() -> None:
    # The one full load of the suite (about 3 s on SQLite); everything else loads province 64 only.
    out = io.StringIO()
    call_command("load_regions", stdout=out)
    assert _counts() == EXPECTED
    assert "villages: 83762 in the data, 83762 created, 0 renamed" in out.getvalue()

    started = time.monotonic()
    second = regions_load()
    assert second.changed == 0
    assert {level: result.created for level, result in second.levels.items()} == dict.fromkeys(EXPECTED, 0)
    assert time.monotonic() - started < 10
    assert _counts() == EXPECTED

    village = Village.objects.select_related("district", "regency").get(pk="64.02.06.1002")
    assert village.full_label == "Loa Ipuh, Tenggarong, Kabupaten Kutai Kartanegara"
    assert village.province_id == "64"
    assert Regency.objects.get(pk="64.72").name == "Kota Samarinda"


@pytest.mark.django_db
def test_it_loads_one_province() -> None:
    result = regions_load(province="64")
    assert Province.objects.count() == 1
    assert Regency.objects.filter(province_id="64").count() == Regency.objects.count() == 10
    assert Village.objects.filter(regency_id="64.02").count() == 237
    assert not Village.objects.exclude(province_id="64").exists()
    assert result.levels["villages"].created == Village.objects.count()


@pytest.mark.django_db
def test_it_updates_changed_names_and_keeps_removed_areas(kaltim: object) -> None:
    Village.objects.filter(pk="64.02.06.1002").update(name="Old name")
    Village.objects.create(
        code="64.02.06.9999", district_id="64.02.06", regency_id="64.02", province_id="64", name="Gone from the list"
    )
    result = regions_load(province="64")
    assert result.levels["villages"].updated == 1
    assert result.levels["villages"].created == 0
    assert Village.objects.get(pk="64.02.06.1002").name == "Loa Ipuh"
    # Records may point to an area that left the list: it is never deleted.
    assert Village.objects.filter(pk="64.02.06.9999").exists()


@pytest.mark.django_db
def test_it_is_quiet_with_quiet() -> None:
    out = io.StringIO()
    call_command("load_regions", "--province", "64", "--quiet", stdout=out)
    assert out.getvalue() == ""
    assert Province.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_a_bad_province_code() -> None:
    with pytest.raises(CommandError):
        call_command("load_regions", "--province", "64.02", stdout=io.StringIO())
    assert Province.objects.count() == 0


def _write(path: Path, text: str) -> None:
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        handle.write(text)


@pytest.mark.django_db
def test_it_refuses_a_broken_file_and_leaves_the_tables_unchanged(tmp_path: Path) -> None:
    for level in ("provinces", "regencies", "districts"):
        (tmp_path / f"{level}.csv.gz").write_bytes((DATA_DIR / f"{level}.csv.gz").read_bytes())
    _write(tmp_path / "villages.csv.gz", "code,district_code,name\n64.02.06.2001,64.02.07,Wrong parent\n")
    with pytest.raises(ValueError, match="parent code"):
        regions_load(data_dir=tmp_path, province="64")
    assert Province.objects.count() == 0  # one transaction: nothing half-loaded


def test_the_shipped_data_has_its_licence_and_readme() -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "idn-area-data" in readme and "4.0.1" in readme and "ODbL" in readme
    assert "Open Database License" in (DATA_DIR / "LICENSE-ODbL.md").read_text(encoding="utf-8")
