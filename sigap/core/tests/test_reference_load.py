"""load_reference: every list of domain.md §C with its codes, idempotence, versions, retirement."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from django.core.management import call_command

from sigap.core.models import Code, CodeList
from sigap.core.reference.definitions import LISTS, by_key
from sigap.core.reference.services import (
    ReferenceDefinitionError,
    SyncOutcome,
    code_list_sync,
    reference_load,
)
from sigap.core.reference.types import C, ListDef

# The codes domain.md §C spells out, written here again on purpose: a typo in definitions fails.
EXPECTED_CODES = {
    "violence_type": {"FISIK", "PSIKIS", "SEKSUAL", "EKSPLOITASI", "TRAFFICKING", "PENELANTARAN", "LAINNYA"},
    "gbv_type": {
        "RAPE",
        "SEXUAL_ASSAULT",
        "PHYSICAL_ASSAULT",
        "FORCED_MARRIAGE",
        "DENIAL_OF_RESOURCES",
        "PSYCHOLOGICAL_ABUSE",
        "NON_GBV",
    },
    "place": {
        "RUMAH_TANGGA",
        "TEMPAT_KERJA",
        "SEKOLAH",
        "FASILITAS_UMUM",
        "LAINNYA",
        "LEMBAGA_PENDIDIKAN_KILAT",
        "DARING",
    },
    "relationship": {
        "ORANG_TUA",
        "KELUARGA_SAUDARA",
        "SUAMI_ISTRI",
        "PACAR_TEMAN",
        "TETANGGA",
        "GURU",
        "REKAN_KERJA",
        "MAJIKAN",
        "LAINNYA",
        "TIDAK_DIKETAHUI",
    },
    "education": {"TK_PAUD", "SD", "SLTP", "SLTA", "PERGURUAN_TINGGI", "TIDAK_BELUM_SEKOLAH", "NA"},
    "occupation": {
        "PELAJAR",
        "IBU_RUMAH_TANGGA",
        "TIDAK_BEKERJA",
        "SWASTA_BURUH",
        "BEKERJA",
        "PNS_TNI_POLRI",
        "PEDAGANG_TANI_NELAYAN",
        "NA",
    },
    "service_type": {
        "PENGADUAN",
        "KESEHATAN",
        "BANTUAN_HUKUM",
        "PENEGAKAN_HUKUM",
        "REHABILITASI_SOSIAL",
        "REINTEGRASI_SOSIAL",
        "PEMULANGAN",
        "PENDAMPINGAN_TOKOH_AGAMA",
        "PENAMPUNGAN_SEMENTARA",
        "MEDIASI",
        "PSIKOLOGIS",
        "PEMBERDAYAAN_EKONOMI",
        "DOKUMEN_KEPENDUDUKAN",
        "PENDIDIKAN",
    },
    "complaint_channel": {
        "DATANG_LANGSUNG",
        "TELEPON",
        "WHATSAPP",
        "SURAT",
        "EMAIL",
        "SAPA129",
        "RUJUKAN_LEMBAGA",
        "POLISI",
        "PENJANGKAUAN",
        "PELIMPAHAN",
        "FORMULIR_WEB",
        "SIMFONI_TRANSFER",
    },
    "risk_level": {"TINGGI", "SEDANG", "RENDAH"},
    "disability": {"FISIK", "INTELEKTUAL", "MENTAL", "SENSORIK_NETRA", "SENSORIK_RUNGU_WICARA", "GANDA"},
    "marital_status": {"BELUM_KAWIN", "KAWIN_TERCATAT", "KAWIN_TIDAK_TERCATAT", "CERAI_HIDUP", "CERAI_MATI"},
    "sex": {"L", "P"},
    "nationality": {"WNI", "WNA"},
    "age_status": {"ANAK", "DEWASA"},
    "credential_type": {
        "STRPK",
        "SIPPK",
        "STR_PSIKOLOG",
        "SILP",
        "SIPP_HIMPSI",
        "BA_SUMPAH_ADVOKAT",
        "KTA_ADVOKAT",
        "SERTIFIKAT_PARALEGAL",
        "SERTIFIKAT_PELATIHAN_TPKS",
    },
}
# Lists whose items domain.md names in prose: the number of codes (selectable ones, groups apart).
EXPECTED_COUNTS = {
    "kdrt_form": 4,
    "age_group": 7,
    "uptd_function": 6,
    "uptd_task": 11,
    "mediation_matter": 8,
    "termination_reason": 6,
    "safe_house_criterion": 9,
}


def _codes(key: str, **filters: object) -> set[str]:
    return set(Code.objects.filter(code_list__key=key, **filters).values_list("code", flat=True))


@pytest.fixture
def loaded(db: None) -> None:
    reference_load()


def test_every_list_of_section_c_is_loaded(loaded: None) -> None:
    keys = set(CodeList.objects.values_list("key", flat=True))
    assert keys == {d.key for d in LISTS}
    assert keys >= set(EXPECTED_CODES) | set(EXPECTED_COUNTS) | {"tpks_form", "case_category", "victim_right"}
    for key, expected in EXPECTED_CODES.items():
        assert _codes(key) == expected, key
    for key, count in EXPECTED_COUNTS.items():
        assert len(_codes(key, is_selectable=True)) == count, key
    assert all(CodeList.objects.values_list("version", flat=True))
    assert not Code.objects.filter(label_id="").exists() and not Code.objects.filter(label_en="").exists()


def test_tpks_forms_cover_article_4_1_and_4_2(loaded: None) -> None:
    assert len(_codes("tpks_form", parent__code="PASAL_4_1")) == 9
    assert len(_codes("tpks_form", parent__code="PASAL_4_2")) == 10
    assert "KSBE" in _codes("tpks_form", parent__code="PASAL_4_1")
    assert _codes("tpks_form", is_selectable=False) == {"PASAL_4_1", "PASAL_4_2"}


def test_ampk_sub_types_are_children_of_ampk(loaded: None) -> None:
    assert _codes("case_category", parent__isnull=True) == {"KTP", "KTA", "AMPK", "TPPO", "ABH"}
    sub_types = _codes("case_category", parent__code="AMPK")
    assert len(sub_types) == 15 and all(code.startswith("AMPK_") for code in sub_types)


def test_victims_rights_are_grouped_by_article(loaded: None) -> None:
    groups = _codes("victim_right", is_selectable=False)
    assert groups == {"PENANGANAN", "PELINDUNGAN", "PEMULIHAN", "KELUARGA"}
    assert "PELINDUNGAN_KERAHASIAAN" in _codes("victim_right", parent__code="PELINDUNGAN")
    assert "KELUARGA_PEMBERDAYAAN_EKONOMI" in _codes("victim_right", parent__code="KELUARGA")
    assert not Code.objects.filter(code_list__key="victim_right", is_selectable=True, parent__isnull=True).exists()


def test_gbvims_types_keep_the_decision_order(loaded: None) -> None:
    ordered = list(Code.objects.filter(code_list__key="gbv_type").order_by("order").values_list("code", flat=True))
    assert ordered == [
        "RAPE",
        "SEXUAL_ASSAULT",
        "PHYSICAL_ASSAULT",
        "FORCED_MARRIAGE",
        "DENIAL_OF_RESOURCES",
        "PSYCHOLOGICAL_ABUSE",
        "NON_GBV",
    ]


def test_unverified_codes_carry_their_warning(loaded: None) -> None:
    for key, code in [
        ("place", "DARING"),
        ("place", "LEMBAGA_PENDIDIKAN_KILAT"),
        ("disability", "GANDA"),
        ("marital_status", "CERAI_MATI"),
        ("termination_reason", "MENINGGAL_DUNIA"),
        ("service_type", "MEDIASI"),
        ("risk_level", "TINGGI"),
    ]:
        assert Code.objects.get(code_list__key=key, code=code).note.startswith("⚠"), (key, code)
    assert Code.objects.get(code_list__key="service_type", code="KESEHATAN").note == ""


def test_a_second_load_changes_nothing(loaded: None) -> None:
    before = list(Code.objects.order_by("pk").values())
    results = reference_load()
    assert {r.outcome for r in results} == {SyncOutcome.UNCHANGED}
    assert list(Code.objects.order_by("pk").values()) == before
    assert set(CodeList.objects.values_list("version", flat=True)) == {1}


def test_the_command_reports_and_is_idempotent(db: None) -> None:
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert f"{len(LISTS)} reference lists, {len(LISTS)} created or updated." in out.getvalue()
    out = io.StringIO()
    call_command("load_reference", stdout=out)
    assert f"{len(LISTS)} reference lists, 0 created or updated." in out.getvalue()
    quiet = io.StringIO()
    call_command("load_reference", "--quiet", stdout=quiet)
    assert quiet.getvalue() == ""


def test_a_changed_label_bumps_the_version(loaded: None) -> None:
    sex = by_key("sex")
    changed = replace(sex, codes=(C("L", "Laki-laki", "Man"), sex.codes[1]))
    result = code_list_sync(definition=changed)
    assert result.outcome == SyncOutcome.UPDATED and result.version == 2
    assert result.changes == ["~L"]
    assert Code.objects.get(code_list__key="sex", code="L").label_en == "Man"
    assert code_list_sync(definition=changed).outcome == SyncOutcome.UNCHANGED
    assert CodeList.objects.get(key="sex").version == 2
    # Back to the shipped definition: another change, another version.
    assert code_list_sync(definition=sex).version == 3


def test_a_removed_code_is_retired_not_deleted(loaded: None) -> None:
    nationality = by_key("nationality")
    code_list_sync(definition=replace(nationality, codes=nationality.codes[:1]))
    wna = Code.objects.get(code_list__key="nationality", code="WNA")
    assert wna.is_active is False
    assert CodeList.objects.get(key="nationality").version == 2
    # Defined again (or kept with active=False): it comes back / stays as written.
    code_list_sync(definition=nationality)
    wna.refresh_from_db()
    assert wna.is_active is True


def test_a_new_list_starts_at_version_one(db: None) -> None:
    result = code_list_sync(definition=ListDef("demo", "Demo", "Demo", "", (C("A", "A", "A"),)))
    assert (result.outcome, result.version) == (SyncOutcome.CREATED, 1)


@pytest.mark.parametrize(
    "codes",
    [
        (C("A", "a", "a"), C("A", "b", "b")),
        (C("A", "a", "a", parent="NOPE"),),
        (C("A", "a", "a", parent="A"),),
    ],
)
def test_a_broken_definition_loads_nothing(db: None, codes: tuple[C, ...]) -> None:
    with pytest.raises(ReferenceDefinitionError):
        reference_load(definitions=[by_key("sex"), ListDef("broken", "B", "B", "", codes)])
    assert not CodeList.objects.exists()
