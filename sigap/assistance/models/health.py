"""Health referrals and visum tracking (issue #12; domain.md §B3 "Kesehatan", glossary "Visum et repertum").

A referral sends the victim to a health facility on a date. A visum is made at the investigator's request
(UU PKDRT): the police request date, the examination date and the date the report reached the unit. When
the report has not arrived ``VISUM_REPORT_DAYS`` after the examination a work item reminds the case team.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.fields import EncryptedCharField


class HealthReferral(models.Model):
    """A referral of the case's victim to a health facility, with the visum dates when one is made."""

    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="health_referrals")
    facility = EncryptedCharField(_("health facility"), max_length=200)
    referred_on = models.DateField(_("referred on"))
    visum_requested_on = models.DateField(_("visum requested by the police on"), null=True, blank=True)
    visum_done_on = models.DateField(_("visum done on"), null=True, blank=True)
    visum_report_on = models.DateField(_("visum report received on"), null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("health referral")
        verbose_name_plural = _("health referrals")
        ordering = ["-referred_on", "pk"]

    def __str__(self) -> str:
        return f"health referral {self.pk} of {self.case_id}"
