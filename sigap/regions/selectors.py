"""Reads of the regions app: the village search behind the picker, and labels of stored codes.

Area names are public reference data (not personal data), so these reads are not scoped to a case;
the picker only narrows the search to the user's own regency (or province) by default, for speed
and relevance.
"""

from __future__ import annotations

import re
import time

from django.db.models import Case, IntegerField, QuerySet, Value, When

from sigap.regions.models import District, Province, Regency, Village

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
MAX_RESULTS = 20

_SPACES = re.compile(r"\s+")
_CODE_PREFIX = re.compile(r"^\d{2}(\.\d{1,4}){0,3}\.?$")
VILLAGE_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


def normalise_query(raw: str | None) -> str:
    """The search text as the search uses it: trimmed, single spaces, at most 100 characters."""
    return _SPACES.sub(" ", (raw or "").replace("\x00", "")).strip()[:MAX_QUERY_LENGTH]


def scope_label(region_code: str | None) -> str:
    """Name of a regency (``64.02``) or province (``64``) code; the code itself when not loaded."""
    if not region_code:
        return ""
    model = Regency if "." in region_code else Province
    name = model.objects.filter(pk=region_code).values_list("name", flat=True).first()
    return name or region_code


# How long a process keeps a region's list of districts. The list only changes when ``load_regions`` loads
# a new edition of the area codes (a deployment step); a process then shows the new list within this time.
DISTRICTS_TTL_SECONDS = 600
_districts: dict[str, tuple[float, list[tuple[str, str]]]] = {}


def districts_of(region_code: str) -> list[tuple[str, str]]:
    """(code, name) of the districts (kecamatan) of a regency (``64.02``) or a province (``64``), by name.

    Read once per process and region every ``DISTRICTS_TTL_SECONDS`` (public reference data, the same for
    every user): the case list's filter asked the database for the same 18 rows on every page (issue #22).
    """
    now = time.monotonic()
    kept = _districts.get(region_code)
    if kept is not None and now - kept[0] < DISTRICTS_TTL_SECONDS:
        return kept[1]
    where = {"regency__province_id": region_code} if "." not in region_code else {"regency_id": region_code}
    rows = list(District.objects.filter(**where).order_by("name", "code").values_list("code", "name"))
    _districts[region_code] = (now, rows)
    return rows


def villages_in_scope(region_code: str | None) -> QuerySet[Village]:
    """Villages of a regency (``64.02``), a province (``64``) or all of Indonesia (``None``)."""
    villages = Village.objects.select_related("district", "regency")
    if not region_code:
        return villages
    if "." in region_code:
        return villages.filter(regency_id=region_code)
    return villages.filter(province_id=region_code)


def village_search(*, query: str | None, region_code: str | None, limit: int = MAX_RESULTS) -> list[Village]:
    """Villages whose name contains ``query`` (case-insensitive), names starting with it first.

    ``query`` may also be "village, district" (narrows by district name) or the start of a
    Kemendagri code (``64.02.06``). Fewer than two characters give no result: too many matches to
    be useful. Returns at most ``limit`` villages, with district and regency loaded for the label.
    """
    text = normalise_query(query)
    if len(text) < MIN_QUERY_LENGTH:
        return []
    villages = villages_in_scope(region_code)
    if _CODE_PREFIX.match(text):
        return list(villages.filter(code__startswith=text).order_by("code")[:limit])
    name, _comma, district = (part.strip() for part in text.partition(","))
    if len(name) < MIN_QUERY_LENGTH:
        return []
    villages = villages.filter(name__icontains=name)
    if district:
        villages = villages.filter(district__name__icontains=district)
    ranked = villages.annotate(
        rank=Case(When(name__istartswith=name, then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    return list(ranked.order_by("rank", "name", "code")[:limit])


def village_label(code: str | None) -> str:
    """The "Village, District, Regency" label of a stored code ('' when empty or unknown)."""
    if not code or not VILLAGE_CODE.match(str(code)):
        return ""
    village = Village.objects.select_related("district", "regency").filter(pk=code).first()
    return village.full_label if village else ""
