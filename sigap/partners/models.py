"""The partner directory of a unit (domain.md §E4): organisations, their contacts and cooperation agreements.

A :class:`Partner` is an organisation the unit works with (the police PPA unit, the hospital, BAZNAS...),
with the SIMFONI service codes it offers. Plan items (``PlanItem.provider_partner``), sharing consents
(``Consent.partner``) and referrals name a partner, so this app sits low (below ``sigap.cases``, decision
D75). A partner is never deleted (cases point at it): it is made inactive. An :class:`Agreement` is an MoU or
PKS with its validity and its signed document, stored encrypted like every file (``sigap.core.files``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.crypto.fields import EncryptedCharField


class PartnerKind(models.TextChoices):
    """The kinds of partner of domain.md §E4 (the directory's type filter)."""

    POLICE = "POLICE", _("Police (PPA unit)")
    PROSECUTOR = "PROSECUTOR", _("Prosecutor's office")
    COURT = "COURT", _("Court (general or religious)")
    LPSK = "LPSK", _("Witness and victim protection agency (LPSK)")
    HEALTH = "HEALTH", _("Hospital, health centre or health office")
    SOCIAL = "SOCIAL", _("Social affairs office")
    MANPOWER = "MANPOWER", _("Manpower office or job training centre (BLK)")
    COOPERATIVES = "COOPERATIVES", _("Cooperatives and SME office")
    TRADE = "TRADE", _("Industry and trade office")
    BAZNAS = "BAZNAS", _("BAZNAS (zakat agency)")
    CIVIL_REGISTRY = "CIVIL_REGISTRY", _("Population and civil registry office")
    EDUCATION = "EDUCATION", _("Education office")
    RELIGIOUS_AFFAIRS = "RELIGIOUS_AFFAIRS", _("Ministry of Religious Affairs office")
    LEGAL_AID = "LEGAL_AID", _("Legal aid organisation (LBH/OBH)")
    UPTD_PPA = "UPTD_PPA", _("Another UPTD PPA")
    NGO = "NGO", _("Non-governmental organisation")
    OTHER = "OTHER", _("Other")


class Partner(models.Model):
    """One partner organisation of a unit, with the service codes (SIMFONI ``service_type``) it offers.

    ``services`` is a list of codes like ``Incident.violence_types``. Office address, phone and e-mail are
    those of a public body (not personal); the people to call are :class:`PartnerContact` rows (encrypted).
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="partners", verbose_name=_("unit"), db_index=False
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    services = models.JSONField(_("services offered"), default=list, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("office phone"), max_length=40, blank=True)
    email = models.EmailField(_("office e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))
    # Empty for the partners seeded with a new unit and those a data migration made from free text.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            # "Polres Kukar" and "POLRES KUKAR" are one partner: free text typed twice must not make two.
            models.UniqueConstraint(Lower("name"), "unit", name="partner_unit_name_ci"),
        ]
        indexes = [models.Index(fields=["unit", "kind"], name="partner_unit_kind_idx")]

    def __str__(self) -> str:
        return self.name  # an organisation's name: no person in it


class PartnerContact(models.Model):
    """A person to contact at a partner (name, position, phone, e-mail); personal, so encrypted.

    Ended by ``is_active=False`` when the person leaves, never deleted (referrals name who was contacted).
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("partner"))
    name = EncryptedCharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    email = EncryptedCharField(_("e-mail"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        ordering = ["partner", "pk"]

    def __str__(self) -> str:
        return f"contact {self.pk} of partner {self.partner_id}"  # never the name: str() ends up in logs


class AgreementKind(models.TextChoices):
    """Memorandum of understanding or cooperation agreement (perjanjian kerja sama)."""

    MOU = "MOU", _("Memorandum of understanding (MoU)")
    PKS = "PKS", _("Cooperation agreement (PKS)")


class Agreement(models.Model):
    """A cooperation agreement with a partner: number, validity and (optionally) its signed document.

    ``valid_until`` empty means open-ended. The document lives in the ``attachments`` storage sealed with
    its own key (``file_key``, wrapped by the key ring), as ``sigap.assistance`` attachments do; the
    document columns stay empty until one is uploaded. Reminders before expiry are work items on the row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner"))
    kind = models.CharField(_("type"), max_length=5, choices=AgreementKind.choices)
    number = models.CharField(_("number"), max_length=120)
    title = models.CharField(_("title"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    original_name = EncryptedCharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type of file"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    storage_name = models.CharField(max_length=255, blank=True, editable=False)
    file_key = EncryptedCharField(max_length=64, blank=True, editable=False)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["partner", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="agreement_validity_order",
            ),
        ]
        indexes = [models.Index(fields=["valid_until"], name="agreement_valid_until_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"

    @property
    def has_document(self) -> bool:
        return bool(self.storage_name)


class PartnerUser(models.Model):
    """The partner organisation a PARTNER user works for: the portal shows that organisation's referrals only.

    One row per user (the link is changed, never doubled), set by the unit administrator of the user's unit;
    the partner must be of that unit. Like an expert's profile (``ExpertProfile.user``), the user's role stays
    on the membership: a link of a user who is no longer an active PARTNER of the unit opens nothing
    (``selectors.partner_of`` asks both).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partner_link", verbose_name=_("user")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="portal_users", verbose_name=_("partner organisation")
    )
    linked_at = models.DateTimeField(_("linked at"))
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("partner user")
        verbose_name_plural = _("partner users")

    def __str__(self) -> str:
        return f"user {self.user_id} of partner {self.partner_id}"
