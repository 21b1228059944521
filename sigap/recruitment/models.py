"""Open recruitment (domain.md §E5, issue #13): vacancies, applications and their documents, the panel's
scores, and the unit's retention period for applicants' data.

An applicant is not a user: they apply on the public page ``/rekrutmen/`` and follow their application
by its reference number and their e-mail. Everything that identifies them is encrypted and shown only to
the HEAD and the panel of the vacancy (``selectors.get_application_for_user``). After the retention period
the application is anonymised (``services.retention``): the identifying fields are emptied and the
documents deleted, the row stays for the counts.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.accounts.models import Unit
from sigap.core.crypto.fields import EncryptedCharField, EncryptedDateField, EncryptedTextField
from sigap.experts.models import CredentialKind, Profession, Sex

DEFAULT_RETENTION_DAYS = 365


class DocumentKind(models.TextChoices):
    """The documents an applicant uploads (issue #13)."""

    CV = "CV", _("Curriculum vitae")
    DIPLOMA = "DIPLOMA", _("Diploma")
    LICENCE = "LICENCE", _("STR / SIPP or advocate card")
    CERTIFICATE = "CERTIFICATE", _("Certificates (e.g. TPKS training)")


class VacancyState(models.TextChoices):
    """A draft is seen by staff only; a published vacancy is public between its dates; decided is final."""

    DRAFT = "DRAFT", pgettext_lazy("vacancy state", "Draft")
    PUBLISHED = "PUBLISHED", pgettext_lazy("vacancy state", "Published")
    DECIDED = "DECIDED", pgettext_lazy("vacancy state", "Decided")


class ApplicationState(models.TextChoices):
    """The stages an applicant sees on the status page (the words, never the scores)."""

    SUBMITTED = "SUBMITTED", pgettext_lazy("application state", "Received, waiting for the administrative check")
    ADMIN_PASSED = "ADMIN_PASSED", pgettext_lazy("application state", "Passed the administrative check: selection")
    ADMIN_FAILED = "ADMIN_FAILED", pgettext_lazy("application state", "Did not meet the requirements")
    CHOSEN = "CHOSEN", pgettext_lazy("application state", "Chosen")
    NOT_CHOSEN = "NOT_CHOSEN", pgettext_lazy("application state", "Not chosen")


class RecruitmentSettings(models.Model):
    """A unit's settings of open recruitment: how long applicants' data is kept after a vacancy closes.

    A unit without a row keeps it :data:`DEFAULT_RETENTION_DAYS` (one year, issue #13).
    """

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="recruitment_settings", verbose_name=_("unit")
    )
    retention_days = models.PositiveIntegerField(
        _("days applicants' data is kept after the vacancy closes"), default=DEFAULT_RETENTION_DAYS
    )

    class Meta:
        verbose_name = _("recruitment settings")
        verbose_name_plural = _("recruitment settings")

    def __str__(self) -> str:
        return f"recruitment settings of unit {self.unit_id}"


class Vacancy(models.Model):
    """One open post of a unit (a lowongan): what it asks for, when it is open, and who selects.

    ``requirements`` is the checklist of the administrative check (a list of texts, checked one by one for
    each applicant); ``documents_required`` lists :class:`DocumentKind` codes the form requires.
    ``panel`` are the staff members who score the applicants (each alone).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("unit"))
    post = models.CharField(pgettext_lazy("vacancy", "post"), max_length=200)
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    requirements = models.JSONField(_("requirements"), default=list, blank=True)
    documents_required = models.JSONField(_("documents required"), default=list, blank=True)
    posts = models.PositiveSmallIntegerField(_("number of posts"), default=1)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    published_on = models.DateField(_("published on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(_("state"), max_length=10, choices=VacancyState.choices, default=VacancyState.DRAFT)
    panel = models.ManyToManyField(  # type: ignore[var-annotated]
        settings.AUTH_USER_MODEL, through="PanelMember", related_name="recruitment_panels", verbose_name=_("panel")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-published_on", "post"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("published_on")), name="vacancy_dates_order"),
            models.CheckConstraint(condition=Q(posts__gte=1), name="vacancy_posts_positive"),
        ]
        indexes = [models.Index(fields=["state", "closes_on"], name="vacancy_state_closes_idx")]

    def __str__(self) -> str:
        return self.post

    def required_document_labels(self) -> list[str]:
        """The documents the public form asks for, named, in the form's order."""
        return [str(DocumentKind(kind).label) for kind in DocumentKind.values if kind in self.documents_required]


class PanelMember(models.Model):
    """A staff member of the unit on the selection panel of a vacancy."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="panel_members", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [models.UniqueConstraint(fields=["vacancy", "user"], name="panel_member_unique")]

    def __str__(self) -> str:
        return f"panel member {self.user_id} of {self.vacancy_id}"


class Application(models.Model):
    """One person's application to a vacancy, from the public form.

    ``reference`` is random (it names nothing); the status page needs it *and* the e-mail (compared after
    decryption, in constant time). ``checks`` maps each requirement's index to True/False after the
    administrative check. ``anonymised_at``: the retention job emptied the identifying fields.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications", db_index=False)
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    full_name = EncryptedCharField(_("full name"), max_length=200)
    email = EncryptedCharField(_("e-mail"), max_length=254)
    phone = EncryptedCharField(_("phone"), max_length=40)
    sex = EncryptedCharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    education = EncryptedTextField(_("education"), blank=True, max_length=2000)
    experience = EncryptedTextField(_("experience"), blank=True, max_length=4000)
    credential_kind = models.CharField(_("credential type"), max_length=30, choices=CredentialKind.choices, blank=True)
    credential_number = EncryptedCharField(_("credential number"), max_length=100, blank=True)
    credential_issuer = EncryptedCharField(_("issued by"), max_length=200, blank=True)
    credential_valid_from = models.DateField(_("valid from"), null=True, blank=True)
    credential_valid_until = models.DateField(_("valid until"), null=True, blank=True)
    consent_at = models.DateTimeField(_("privacy notice accepted at"))
    submitted_at = models.DateTimeField(_("submitted at"))
    state = models.CharField(
        _("state"), max_length=15, choices=ApplicationState.choices, default=ApplicationState.SUBMITTED
    )
    checks = models.JSONField(_("administrative check"), default=dict, blank=True)
    check_note = EncryptedTextField(_("note of the check"), blank=True, max_length=2000)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    chosen_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # SHA-256 of the form's one-time token: the same form sent twice (a double click, a resend after a
    # lost answer) makes one application.
    submission_digest = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at"]
        indexes = [models.Index(fields=["vacancy", "state"], name="application_vacancy_state_idx")]

    def __str__(self) -> str:
        return self.reference  # never the name: str() ends up in logs


class ApplicationDocument(models.Model):
    """One uploaded document of an application, stored encrypted through ``sigap.core.files``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=15, choices=DocumentKind.choices)
    original_name = EncryptedCharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    storage_name = models.CharField(max_length=255, editable=False, unique=True)
    # The file's own key, wrapped by the key ring like every encrypted column.
    file_key = EncryptedCharField(max_length=64, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.application_id}"


class Score(models.Model):
    """One panel member's scores of one applicant (0–100), given alone: nobody else sees them before
    every panel member has scored every applicant who passed the administrative check."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores", db_index=False)
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    test_score = models.PositiveSmallIntegerField(_("test score"), null=True, blank=True)
    interview_score = models.PositiveSmallIntegerField(_("interview score"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True, max_length=2000)
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["application", "scorer"], name="score_one_per_scorer"),
            models.CheckConstraint(
                condition=Q(test_score__isnull=False) | Q(interview_score__isnull=False), name="score_not_empty"
            ),
            models.CheckConstraint(
                condition=(Q(test_score__isnull=True) | Q(test_score__lte=100))
                & (Q(interview_score__isnull=True) | Q(interview_score__lte=100)),
                name="score_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"score of {self.application_id} by {self.scorer_id}"

    @property
    def total(self) -> float:
        values = [v for v in (self.test_score, self.interview_score) if v is not None]
        return sum(values) / len(values)
