"""Indonesian administrative areas: province → regency/city → district (kecamatan) → village.

Every area is keyed by its Kemendagri code, which already encodes the hierarchy: each level adds a
dot-separated segment to its parent's code. The rows come from the shipped copy of ``idn-area-data``
(``sigap/regions/data``, ODbL 1.0) through ``manage.py load_regions``; areas are never deleted,
because records keep pointing at them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province (provinsi). Code: two digits, e.g. ``64`` = Kalimantan Timur."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    """A regency or city (kabupaten / kota). Code: province code + two digits, e.g. ``64.02``.

    By Kemendagri convention the second segment is below 70 for a kabupaten and 71 or above for a
    kota (``64.72`` = Kota Samarinda); the name carries the word "Kabupaten" or "Kota" as well.
    """

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(_("name"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("regency / city")
        verbose_name_plural = _("regencies / cities")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A district (kecamatan). Code: regency code + two digits, e.g. ``64.02.06`` = Tenggarong."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("name"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    """A village (desa) or urban village (kelurahan).

    Code: district code + four digits, e.g. ``64.02.06.2001``; the last segment starts with 1 for a
    kelurahan and 2 for a desa. ``regency`` and ``province`` repeat what the code already says, so
    that the picker can scope a name search to one regency or province through an index instead of
    a join or a prefix match.
    """

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages")
    # No single-column indexes: the (regency, name) and (province, name) indexes below cover them.
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="villages", db_index=False)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="villages", db_index=False)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["name"], name="village_name_idx"),
            models.Index(fields=["regency", "name"], name="village_regency_name_idx"),
            models.Index(fields=["province", "name"], name="village_province_name_idx"),
        ]
        # The reports read a village's district from its code (sigap.reports.selectors.district_of),
        # so the code and the parents it repeats may never disagree.
        constraints = [
            models.CheckConstraint(
                condition=Q(district_id=Left("code", 8), regency_id=Left("code", 5), province_id=Left("code", 2)),
                name="village_code_names_its_parents",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_label(self) -> str:
        """The label people recognise: "Village, District, Regency" (district and regency must be loaded)."""
        return f"{self.name}, {self.district.name}, {self.regency.name}"
