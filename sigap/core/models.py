"""Models shared by every app: the versioned reference code lists (domain.md §C).

The lists themselves are defined in ``sigap/core/reference/definitions.py`` (the single source) and
loaded by ``manage.py load_reference``; read them through ``sigap.core.reference.selectors``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.classification import Entry, Level


class CodeList(models.Model):
    """One reference list (violence types, places, service types, ...), keyed by a stable ``key``.

    ``version`` starts at 1 and goes up by one each time ``load_reference`` changes the list
    (a label, an order, a new or retired code), so exports can say which version they used.
    """

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    data_classification: ClassVar[dict[str, Entry]] = {
        "id": Level.PUBLIC,
        "key": Level.PUBLIC,
        "name_id": Level.PUBLIC,
        "name_en": Level.PUBLIC,
        "description": Level.PUBLIC,
        "version": Level.PUBLIC,
        "updated_at": Level.INTERNAL,
    }

    class Meta:
        verbose_name = _("code list")
        verbose_name_plural = _("code lists")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class Code(models.Model):
    """One code of a list: a stable ``code`` that records store, with Indonesian and English labels.

    Codes are never deleted: a code that leaves the definitions is retired (``is_active=False``),
    so records that hold it still show its label. ``parent`` makes sub-types (AMPK's sub-types are
    children of ``AMPK``) or groups; a group header (``is_selectable=False``, e.g. the articles of
    the victims' rights checklist) is shown but cannot be chosen. ``note`` keeps the domain
    reference's warnings (⚠ unverified, local extension, design proposal).
    """

    code_list = models.ForeignKey(
        CodeList, on_delete=models.PROTECT, related_name="codes", verbose_name=_("list"), db_index=False
    )
    code = models.CharField(_("code"), max_length=60)
    label_id = models.CharField(_("label (Indonesian)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_selectable = models.BooleanField(_("selectable"), default=True)
    note = models.TextField(_("note"), blank=True)

    data_classification: ClassVar[dict[str, Entry]] = {
        "id": Level.PUBLIC,
        "code_list": Level.PUBLIC,
        "code": Level.PUBLIC,
        "label_id": Level.PUBLIC,
        "label_en": Level.PUBLIC,
        "order": Level.PUBLIC,
        "parent": Level.PUBLIC,
        "is_active": Level.PUBLIC,
        "is_selectable": Level.PUBLIC,
        "note": Level.PUBLIC,
    }

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["code_list", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code_list", "code"], name="code_unique_per_list"),
        ]
        indexes = [models.Index(fields=["code_list", "is_active", "order"], name="code_list_active_order_idx")]

    def __str__(self) -> str:
        return f"{self.code_list.key}:{self.code}"


class SequenceCounter(models.Model):
    """The last number issued in one numbering series of a unit in one year (``PPA-KKR/2026/0042``).

    Every record with a per-unit, per-year number (cases, complaints; later referrals, contracts)
    draws it from here through ``sigap.core.sequences.sequence_next``, which locks the row FOR UPDATE:
    concurrent creations of one unit queue, so two records never share a number. A rolled-back
    creation rolls its number back with it; a committed number is never issued again (the counter
    only goes up, and numbered records are never deleted).
    """

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    series = models.CharField(_("series"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last number issued"), default=0)

    data_classification: ClassVar[dict[str, Entry]] = {
        "id": Level.INTERNAL,
        "unit": Level.INTERNAL,
        "series": Level.INTERNAL,
        "year": Level.INTERNAL,
        "last_value": Level.INTERNAL,
    }

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(fields=["unit", "series", "year"], name="sequence_counter_unit_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.series}/{self.year}: {self.last_value}"


class Heartbeat(models.Model):
    """The last sign of life of a background process, by name (``worker``: the scheduler of the worker).

    Written by the process itself after each good step (``sigap.core.health.heartbeat_record``) and read by
    /healthz. One row per name, whichever process of that name beat last: with several workers the row says
    that at least one of them is alive.
    """

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    beat_at = models.DateTimeField(_("last beat"))
    interval_seconds = models.FloatField(_("interval (seconds)"))

    data_classification: ClassVar[dict[str, Entry]] = {
        "name": Level.INTERNAL,
        "beat_at": Level.INTERNAL,
        "interval_seconds": Level.INTERNAL,
    }

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name
