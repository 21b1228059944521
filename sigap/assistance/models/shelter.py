"""Temporary shelter (penampungan sementara; issue #12, domain.md §C.17, §D1): the unit's own and its partners'
shelters, their rooms and beds, and the stays of a case's victim and the children with her.

A shelter's address and phone are encrypted and shown only to the HEAD and the teams of the cases placed there
(:func:`sigap.assistance.rules.shelter.can_see_shelter_address`): a shelter is found by those who would harm
the women in it. A stay holds one person on one bed; the children admitted with a victim have stays of their
own pointing to hers (``principal``), so the board counts beds and the discharge closes them together.
The 14-day limit (Permen PPPA 2/2022 annex) is a work item on the victim's stay (``sigap.assistance.kinds``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.core.crypto.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class ShelterOwner(models.TextChoices):
    OWN = "OWN", _("The unit's own shelter")
    PARTNER = "PARTNER", _("A partner's shelter")


class RoomTakes(models.TextChoices):
    """Who a room takes; a person's sex is stored as the SIMFONI codes P (woman) / L (man)."""

    FEMALE = "F", _("Women and girls")
    MALE = "M", _("Men and boys")
    ANY = "ANY", _("Anyone (e.g. a mother with her children)")


class PlacementCriterion(models.TextChoices):
    """The placement criteria of a safe house (domain.md §C.17, Banyumas SOP); at least one is ticked."""

    LIFE_THREATENED = "LIFE_THREATENED", _("The victim's life is threatened")
    VIOLENT_PERPETRATOR = "VIOLENT_PERPETRATOR", _("The perpetrator is violent-tempered")
    SYNDICATE = "SYNDICATE", _("The perpetrator belongs to a syndicate")
    TRAFFICKING_AWAY = "TRAFFICKING_AWAY", _("A trafficking victim from another region")
    KDRT_HUSBAND = "KDRT_HUSBAND", _("Domestic violence by the husband")
    CHILD_ABANDONED = "CHILD_ABANDONED", _("A child abandoned without parents")
    DISABILITY = "DISABILITY", _("A woman or child with a disability")
    CONFLICT = "CONFLICT", _("Threatened by a conflict")
    WITNESS = "WITNESS", _("Will be a witness")


class OnwardPlacement(models.TextChoices):
    """Where the victim went when she left the shelter (recorded at discharge, required)."""

    SAFE_HOUSE = "SAFE_HOUSE", _("Safe house (rumah aman)")
    SOCIAL_HOME = "SOCIAL_HOME", _("Social-affairs home (panti sosial)")
    LPSK = "LPSK", _("Protection by LPSK")
    FAMILY = "FAMILY", _("Family")
    OWN_HOME = "OWN_HOME", _("Her own home")
    OTHER = "OTHER", _("Other")


class Shelter(models.Model):
    """A shelter the unit places victims in: its own or a partner's. ``active`` False: no new admission."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    name = models.CharField(_("name"), max_length=120, help_text=_("A name that does not give the place away."))
    owner = models.CharField(_("owner"), max_length=10, choices=ShelterOwner.choices, default=ShelterOwner.OWN)
    address = EncryptedTextField(_("address"), blank=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Meta:
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="shelter_unit_name_unique")]

    def __str__(self) -> str:
        return f"shelter {self.pk}"  # never the address: str() ends up in logs


class ShelterRoom(models.Model):
    """A room of a shelter and who it takes (sex, ages in whole years, both bounds included)."""

    # The unique (shelter, name) constraint leads with the shelter: it is the index of this key.
    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="rooms", db_index=False)
    name = models.CharField(pgettext_lazy("shelter", "room"), max_length=60)
    takes = models.CharField(_("takes"), max_length=3, choices=RoomTakes.choices, default=RoomTakes.FEMALE)
    min_age = models.PositiveSmallIntegerField(_("youngest age"), default=0)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), default=120)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("shelter room")
        verbose_name_plural = _("shelter rooms")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shelter", "name"], name="shelter_room_name_unique"),
            models.CheckConstraint(condition=Q(min_age__lte=models.F("max_age")), name="shelter_room_ages_ordered"),
        ]

    def __str__(self) -> str:
        return f"room {self.pk} of shelter {self.shelter_id}"


class Bed(models.Model):
    """One bed of a room: the unit of capacity. An inactive bed is not offered and counts as no capacity."""

    room = models.ForeignKey(ShelterRoom, on_delete=models.PROTECT, related_name="beds", db_index=False)
    label = models.CharField(_("bed"), max_length=30)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        ordering = ["label", "pk"]
        constraints = [models.UniqueConstraint(fields=["room", "label"], name="shelter_bed_label_unique")]

    def __str__(self) -> str:
        return f"bed {self.pk} of room {self.room_id}"


class ShelterStay(models.Model):
    """One person on one bed from admission to discharge. The victim's stay is the admission (``principal``
    None); each child admitted with her has a stay pointing to it. The placement criteria, their reason, the
    onward placement and the discharge note live on the victim's stay.

    At most one open stay per bed and per person (partial unique constraints): the service also locks the
    bed row, and the database refuses what a race would still let through.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="shelter_stays", db_index=False)
    person = models.ForeignKey(
        "cases.CasePerson", on_delete=models.PROTECT, related_name="shelter_stays", verbose_name=_("person")
    )
    principal = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="companions", verbose_name=_("with")
    )
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="stays", verbose_name=_("bed"))
    admitted_at = models.DateTimeField(_("admitted at"))
    planned_until = models.DateField(_("planned until"))
    criteria = EncryptedJSONField(_("placement criteria"), default=list, blank=True)
    criteria_reason = EncryptedTextField(_("reason for the placement"), blank=True)
    discharged_at = models.DateTimeField(_("discharged at"), null=True, blank=True)
    onward = models.CharField(_("onward placement"), max_length=20, choices=OnwardPlacement.choices, blank=True)
    discharge_note = EncryptedTextField(_("discharge note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("shelter stay")
        verbose_name_plural = _("shelter stays")
        ordering = ["admitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bed"], condition=Q(discharged_at__isnull=True), name="shelter_stay_one_open_per_bed"
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(discharged_at__isnull=True), name="shelter_stay_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=Q(discharged_at__isnull=True) | ~Q(onward=""), name="shelter_stay_discharge_has_onward"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "admitted_at"], name="shelter_stay_case_idx"),
            # The unit recap counts a period's admissions (``selectors.delivered.shelter_admissions``): the
            # victims' stays only, so the children's rows stay out of this index.
            models.Index(
                fields=["unit", "admitted_at"], condition=Q(principal__isnull=True), name="shelter_stay_admission_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"shelter stay {self.pk} of {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.discharged_at is None
