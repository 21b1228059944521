"""Persons (victims, perpetrators, reporters, guardians, witnesses), their role in a case, and case notes.

Identifying values (name, NIK, phone, address, exact birth date) and note text are encrypted
(DATA-02). NIK and phone have blind indexes, names a token table (``PersonNameToken``), so that a
known person is found before a duplicate is created (ARCHITECTURE §4).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Unit
from sigap.core.crypto.blind import IndexKind
from sigap.core.crypto.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from sigap.core.crypto.tokens import NameTokenIndex

CHILD_AGE_LIMIT = 18


# How every page and message names a person recorded without a name.
NAME_NOT_KNOWN = _("name not known yet")


class PersonRole(models.TextChoices):
    """The part a person plays in one case."""

    VICTIM = "VICTIM", _("Victim")
    PERPETRATOR = "PERPETRATOR", _("Perpetrator")
    REPORTER = "REPORTER", _("Reporter")
    PARENT_GUARDIAN = "PARENT_GUARDIAN", _("Parent / guardian")
    WITNESS = "WITNESS", _("Witness")
    # A child or dependant (e.g. a younger sibling) who comes with the victim, e.g. into a shelter (domain.md
    # §C.17): the only persons besides a victim a shelter admission takes (walk finding 8).
    ACCOMPANYING = "ACCOMPANYING", _("Accompanying child / dependant")


# Roles for which the add-person page searches for a known person before creating one.
DEDUPE_ROLES = frozenset({PersonRole.VICTIM, PersonRole.PERPETRATOR})


class NoteConfidentiality(models.TextChoices):
    """Who may read a note besides its author (ARCHITECTURE §3, field groups)."""

    TEAM = "TEAM", _("The case team and the head")
    MANAGER_HEAD = "MANAGER_HEAD", _("The case manager and the head")
    AUTHOR_HEAD = "AUTHOR_HEAD", _("Only the author and the head")


class LivePersonManager(models.Manager["Person"]):
    """The persons in use: a record merged into another (``merged_into``) leaves every search and list.

    The default manager, like ``CasePerson.objects``, so that no search can offer a merged-away record by
    forgetting a filter; ``Person.all_persons`` reads them too (the merge itself, its redirects).
    """

    def get_queryset(self) -> models.QuerySet[Person]:
        return super().get_queryset().filter(merged_into__isnull=True)


class Person(models.Model):
    """A person known to the unit, possibly in several cases (a repeat victim is one Person).

    ``birth_year`` is derived: from the exact birth date when known, else from the estimated age at
    recording (``age_estimated`` is then True). It drives child checks and the name-token index.
    Codes (sex, education, ...) come from the reference lists of domain.md §C.

    Two records of one person are merged by the HEAD (``person_merge``): the merged-away record keeps
    its values as history, points to the survivor (``merged_into``, ``merged_at``, the HEAD's reason
    encrypted) and holds no case link any more.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="persons", db_index=False)
    name = EncryptedCharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=2, blank=True)
    birth_date = EncryptedDateField(_("birth date"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    age_estimated = models.BooleanField(_("age estimated"), default=False)
    nik = EncryptedCharField(_("NIK"), max_length=16, null=True, blank=True)
    nik_index = BlindIndexField(source="nik", kind=IndexKind.NIK)
    phone = EncryptedCharField(_("phone"), max_length=40, null=True, blank=True)
    phone_index = BlindIndexField(source="phone", kind=IndexKind.PHONE)
    address = EncryptedTextField(_("address"), blank=True)
    village = models.ForeignKey(
        "regions.Village", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    education = models.CharField(_("education"), max_length=40, blank=True)
    occupation = models.CharField(_("occupation"), max_length=40, blank=True)
    disabilities = EncryptedJSONField(_("disability"), default=list, blank=True)
    marital_status = models.CharField(_("marital status"), max_length=40, blank=True)
    nationality = models.CharField(_("nationality"), max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    updated_at = models.DateTimeField(auto_now=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    merge_reason = EncryptedTextField(_("reason for the merge"), blank=True)

    all_persons = models.Manager()
    objects = LivePersonManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        # Foreign keys (a link, an audit name) still reach a merged-away record: it is history.
        base_manager_name = "all_persons"
        default_manager_name = "objects"
        indexes = [
            models.Index(fields=["unit", "birth_year"], name="person_unit_year_idx"),
            # Exact lookups of the blind indexes (search before create, NIK and phone search).
            models.Index(fields=["nik_index"], name="person_nik_idx"),
            models.Index(fields=["phone_index"], name="person_phone_idx"),
        ]
        constraints = [
            # One person per NIK in a unit (issue #21): a second record splits a victim's history. Only
            # rows with an NIK are constrained; the same NIK in another unit is that unit's own record. A
            # merged-away record keeps its NIK as history, and the survivor may take it (the merge).
            models.UniqueConstraint(
                fields=["unit", "nik_index"],
                condition=models.Q(nik_index__isnull=False, merged_into__isnull=True),
                name="person_unit_nik_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Person {self.pk}"  # never the name: str() ends up in logs

    def is_child_in(self, year: int) -> bool:
        """Under 18 in ``year`` (unknown age counts as a child: the protective default)."""
        return self.birth_year is None or year - self.birth_year < CHILD_AGE_LIMIT

    @property
    def spoken_name(self) -> str:
        """The name for messages and choice lists: a person recorded without one (the neighbour did not know
        the child's name) is "name not known yet", never an empty string in a sentence."""
        return self.name or str(NAME_NOT_KNOWN)

    @property
    def initials(self) -> str:
        """The masked name shown in lists: initials only ("S. N.")."""
        words = [w for w in (self.name or "").split() if w[:1].isalpha()]
        return " ".join(f"{w[0].upper()}." for w in words[:4]) or "—"


class PersonNameToken(NameTokenIndex):
    """Keyed hashes of a person's name tokens, alone and with the birth year (see crypto/tokens.py).

    ``unit`` repeats the person's unit (persons never move between units) so that a name search reads
    only its own unit's rows through the ``(unit, token)`` / ``(unit, token_year)`` indexes, instead of
    every namesake's row in the country and a person lookup for each (docs/performance.md, finding 5).
    """

    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    # No single-column index on the unit, nor on the hashes: every search is scoped to a unit and reads
    # the two composite indexes below.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", db_index=False)

    token_owner_field = "owner"  # noqa: S105 (a field name)
    token_name_field = "name"  # noqa: S105 (a field name)
    token_birth_date_field = "birth_year"  # noqa: S105 (a field name)
    token_scope_field = "unit"  # noqa: S105 (a field name)

    class Meta:
        verbose_name = _("person name token")
        verbose_name_plural = _("person name tokens")
        indexes = [
            models.Index(fields=["unit", "token"], name="person_token_unit_idx"),
            models.Index(fields=["unit", "token_year"], name="person_token_unit_year_idx"),
        ]

    def __str__(self) -> str:
        return f"token of {self.owner_id}"


class ActiveCasePersonManager(models.Manager["CasePerson"]):
    """The links in force: a link removed as a mistake leaves every list, count, guard and export.

    It is the default manager so that ``CasePerson.objects`` (and ``case.persons``) can never count a
    removed person by forgetting a filter; ``CasePerson.all_links`` reads the removed ones (the HEAD's
    "removed people" section). A foreign key (``consent.victim``) still reaches a removed link.
    """

    def get_queryset(self) -> models.QuerySet[CasePerson]:
        return super().get_queryset().filter(removed_at__isnull=True)


class CasePerson(models.Model):
    """A person's role in one case; for a perpetrator, the relationship to the victim (reference code).

    A link added by mistake is removed softly (``removed_at``/``removed_by``, the reason encrypted): the
    row stays for the audit trail and the HEAD, and the active manager leaves it out everywhere else.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="persons", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links", db_index=False)
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    relationship = models.CharField(_("relationship to the victim"), max_length=40, blank=True)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    removal_reason = EncryptedTextField(_("reason for the removal"), blank=True)

    all_links = models.Manager()
    objects = ActiveCasePersonManager()

    class Meta:
        verbose_name = _("person in a case")
        verbose_name_plural = _("persons in cases")
        ordering = ["role", "added_at"]
        # Related lookups and FK access (consent.victim) reach removed links too: they are history.
        base_manager_name = "all_links"
        default_manager_name = "objects"
        constraints = [
            # A removed link does not block adding the same person in the same role again.
            models.UniqueConstraint(
                fields=["case", "person", "role"],
                condition=models.Q(removed_at__isnull=True),
                name="case_person_unique_role",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "case"], name="case_person_person_idx"),
            # The HEAD's "removed people" of a case: the unique index above covers live links only, so
            # without this one that section read every link of every case (a sequential scan of 2.6M rows,
            # ~240 ms at 1M cases; issue #22). Partial: only removed links, a handful per case at most.
            models.Index(
                fields=["case", "removed_at"],
                condition=models.Q(removed_at__isnull=False),
                name="case_person_removed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.person_id} ({self.role})"


class CaseNote(models.Model):
    """A free-text note on a case, encrypted, readable according to ``confidentiality``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="notes", db_index=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confidentiality = models.CharField(
        _("who may read it"), max_length=20, choices=NoteConfidentiality.choices, default=NoteConfidentiality.TEAM
    )
    body = EncryptedTextField(_("note"))
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "created_at"], name="case_note_case_idx")]

    def __str__(self) -> str:
        return f"note {self.pk} on {self.case_id}"
