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


class ContactCalls(models.TextChoices):
    """Whether the unit may phone the family: the structured half of the safe-contact rule.

    Recorded at the complaint ("Bolehkah kami menelepon?"), carried to the case. A phone number of a
    case person is a ``tel:`` link only under ``CALLS_ALLOWED``; empty means nobody asked yet, and is
    treated as "do not call" until the rule is recorded (a wrong call can put someone in danger).
    """

    CALLS_ALLOWED = "TELEPON_BOLEH", _("Calls allowed")
    MESSAGES_ONLY = "PESAN_SAJA", _("Messages only, do not call")
    NO_DIRECT_CONTACT = "TIDAK_LANGSUNG", _("No direct contact: only through the person named in the rule")
