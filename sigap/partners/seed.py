"""The usual partners of a new unit (domain.md §E4), named generically for its region.

``partners_seed`` runs when a unit is created (a ``post_save`` receiver, so the admin, ``seed_demo`` and
the tests' units all get it) and from ``seed_demo`` for demo units made before this app existed. It adds
only the names the unit does not have yet (case-insensitive), so it is safe to run again. The names are
templates ("Unit PPA Polres {region}"): the unit renames them to the real offices and fills in addresses,
contacts and agreements. A national unit (no region of its own) gets none.
"""

from __future__ import annotations

from django.utils import timezone

from sigap.accounts.models import Unit
from sigap.partners.models import Partner, PartnerKind
from sigap.regions.models import Province, Regency

# (name template, kind, service codes of the ``service_type`` list). ``{region}`` is the regency or city
# without its "Kabupaten"/"Kota" word, ``{place}`` the regency as written ("Kota Samarinda").
SEED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Unit PPA Polres {region}", PartnerKind.POLICE, ("PENEGAKAN_HUKUM",)),
    ("Kejaksaan Negeri {region}", PartnerKind.PROSECUTOR, ("PENEGAKAN_HUKUM",)),
    ("Pengadilan Negeri {region}", PartnerKind.COURT, ("PENEGAKAN_HUKUM",)),
    ("Pengadilan Agama {region}", PartnerKind.COURT, ("PENEGAKAN_HUKUM",)),
    ("LPSK (Lembaga Perlindungan Saksi dan Korban)", PartnerKind.LPSK, ("BANTUAN_HUKUM", "PSIKOLOGIS")),
    ("RSUD {region}", PartnerKind.HEALTH, ("KESEHATAN", "PSIKOLOGIS")),
    ("Puskesmas di {place}", PartnerKind.HEALTH, ("KESEHATAN",)),
    (
        "Dinas Sosial {place}",
        PartnerKind.SOCIAL,
        ("REHABILITASI_SOSIAL", "REINTEGRASI_SOSIAL", "PEMULANGAN", "PENAMPUNGAN_SEMENTARA"),
    ),
    ("Dinas Tenaga Kerja / BLK {place}", PartnerKind.MANPOWER, ("PEMBERDAYAAN_EKONOMI",)),
    ("Dinas Koperasi dan UKM {place}", PartnerKind.COOPERATIVES, ("PEMBERDAYAAN_EKONOMI",)),
    ("Dinas Perindustrian dan Perdagangan {place}", PartnerKind.TRADE, ("PEMBERDAYAAN_EKONOMI",)),
    ("BAZNAS {place}", PartnerKind.BAZNAS, ("PEMBERDAYAAN_EKONOMI",)),
    ("Dinas Kependudukan dan Pencatatan Sipil {place}", PartnerKind.CIVIL_REGISTRY, ("DOKUMEN_KEPENDUDUKAN",)),
    ("Dinas Pendidikan {place}", PartnerKind.EDUCATION, ("PENDIDIKAN",)),
    ("Kantor Kementerian Agama {place}", PartnerKind.RELIGIOUS_AFFAIRS, ("PENDAMPINGAN_TOKOH_AGAMA",)),
    ("LBH / Posbakum {region}", PartnerKind.LEGAL_AID, ("BANTUAN_HUKUM",)),
    ("UPTD PPA Provinsi {province}", PartnerKind.UPTD_PPA, ("PENGADUAN", "PSIKOLOGIS", "PENAMPUNGAN_SEMENTARA")),
    ("LSM pendamping perempuan dan anak di {place}", PartnerKind.NGO, ("PSIKOLOGIS", "REINTEGRASI_SOSIAL")),
)


def _place_of(unit: Unit) -> tuple[str, str, str]:
    """(place, region, province) names for ``unit``: from the regions list when loaded, else its name."""
    place = Regency.objects.filter(pk=unit.region_code).values_list("name", flat=True).first()
    province = Province.objects.filter(pk=unit.region_code.split(".")[0]).values_list("name", flat=True).first()
    if not place:
        # "UPTD PPA Kabupaten Kutai Kartanegara" -> "Kabupaten Kutai Kartanegara" (regions not loaded).
        place = unit.name.removeprefix("UPTD PPA").strip() or unit.name
    region = place
    for word in ("Kabupaten ", "Kota "):
        region = region.removeprefix(word)
    return place, region, province or place


def partners_seed(unit: Unit) -> int:
    """Add the usual partners the unit lacks; how many were added."""
    if unit.level == Unit.Level.NATIONAL:
        return 0
    place, region, province = _place_of(unit)
    have = {name.lower() for name in Partner.objects.filter(unit=unit).values_list("name", flat=True)}
    now = timezone.now()
    new = []
    for template, kind, services in SEED:
        name = template.format(place=place, region=region, province=province)[:200]
        if unit.level == Unit.Level.PROVINCE and kind == PartnerKind.UPTD_PPA:
            continue  # a province unit is that UPTD PPA itself
        if name.lower() not in have:
            have.add(name.lower())
            new.append(Partner(unit=unit, name=name, kind=kind, services=list(services), created_at=now))
    Partner.objects.bulk_create(new)
    return len(new)
