"""The unit's empowerment settings: the follow-up schedule and its definition of "independent"."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# GBVIMS follow-up practice and the default: 1, 3, 6 and 12 months after monitoring starts.
DEFAULT_SCHEDULE_MONTHS = (1, 3, 6, 12)
DEFAULT_INDEPENDENCE_DEFINITION = _(
    "The victim is independent when she has her own regular income (from work or a running business) that "
    "covers her household's basic needs, her civil documents (KTP, KK, birth certificates) are complete, and she "
    "no longer depends on the perpetrator for money."
)


class EmpowermentSettings(models.Model):
    """One row per unit, written by its HEAD: the follow-up schedule (months after the case enters monitoring) and
    the unit's own definition of an independent victim, shown on every empowerment page. No row: the defaults."""

    unit = models.OneToOneField("accounts.Unit", on_delete=models.PROTECT, related_name="empowerment_settings")
    schedule_months = models.CharField(_("follow-up schedule (months)"), max_length=60, default="1,3,6,12")
    independence_definition = models.TextField(_("definition of independent"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("empowerment settings")
        verbose_name_plural = _("empowerment settings")

    def __str__(self) -> str:
        return f"empowerment settings of {self.unit_id}"

    @property
    def months(self) -> list[int]:
        return [int(part) for part in self.schedule_months.split(",") if part.strip().isdigit()]

    @property
    def definition(self) -> str:
        return self.independence_definition or str(DEFAULT_INDEPENDENCE_DEFINITION)
