"""Choices shared by the complaint (intake) and the case file (cases), so the two cannot drift apart."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseCategory(models.TextChoices):
    """Case categories (domain.md §C.14); AMPK carries a sub-type from the reference list."""

    KTP = "KTP", _("Violence against women")
    KTA = "KTA", _("Violence against children")
    AMPK = "AMPK", _("Child in need of special protection")
    TPPO = "TPPO", _("Trafficking in persons")
    ABH = "ABH", _("Child in conflict with the law")


class RiskLevel(models.TextChoices):
    """Risk levels (domain.md §C.13); the same codes as the reference list."""

    TINGGI = "TINGGI", _("High")
    SEDANG = "SEDANG", _("Medium")
    RENDAH = "RENDAH", _("Low")
