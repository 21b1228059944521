"""The public application form and the status form (no login, no JavaScript needed).

Every file is checked here (type by content, size: ``sigap.core.files.store.file_check``) together with
the other fields, so that one round lists every problem (walk #13, finding 4); the service checks again
as it stores them. A browser never sends a chosen file again: when the form comes back with errors, the page says
that the files must be chosen again (the typed fields are kept).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.core.crypto.normalise import validate_phone
from sigap.core.files.kinds import FileRefused
from sigap.core.files.store import file_check
from sigap.core.widgets import IsoDateInput
from sigap.experts.models import CredentialKind, Sex
from sigap.recruitment.models import DocumentKind, Vacancy
from sigap.recruitment.services.apply import MAX_FILES_PER_KIND, ApplicationData

HONEYPOT_FIELD = "website"
# Django's default message repeats the value sent ("%(value)s is not one of…"): nothing typed comes back.
INVALID_CHOICE = {"invalid_choice": _("Choose one of the options shown.")}
INVALID_DATE = {"invalid": _("Enter a date, e.g. 17-08-1990.")}
EARLIEST = dt.date(1940, 1, 1)
LATEST = dt.date(2100, 12, 31)
CREDENTIAL_EARLIEST = dt.date(1950, 1, 1)  # the earliest start sigap.experts accepts


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (certificates); each is checked by the service."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_FILES_PER_KIND:
            raise ValidationError(_("At most 3 files per document."), code="too_many")
        return files


FILE_LABELS = {
    DocumentKind.CV: _("Curriculum vitae (CV)"),
    DocumentKind.DIPLOMA: _("Diploma (ijazah)"),
    DocumentKind.LICENCE: _("STR / SIPP, or advocate card"),
    DocumentKind.CERTIFICATE: _("Certificates (e.g. TPKS training); up to 3 files"),
}


class ApplicationForm(forms.Form):
    """What an applicant sends. Name, e-mail, phone, sex and the privacy consent are required."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("With the reference number, it lets you check your application."),
        error_messages={"invalid": _("Enter an e-mail address such as nama@contoh.id.")},
    )
    phone = forms.CharField(label=_("Phone or WhatsApp number"), max_length=40, validators=[validate_phone])
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect, error_messages=INVALID_CHOICE
    )
    birth_date = forms.DateField(
        label=_("Date of birth (optional)"), required=False, widget=IsoDateInput(), error_messages=INVALID_DATE
    )
    education = forms.CharField(
        label=_("Education (degree, university, year)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )
    experience = forms.CharField(
        label=_("Work experience (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
    )
    credential_kind = forms.ChoiceField(
        label=_("Your licence or registration (optional)"),
        required=False,
        choices=[("", _("None / not yet")), *CredentialKind.choices],
        error_messages=INVALID_CHOICE,
    )
    credential_number = forms.CharField(label=_("Its number"), required=False, max_length=100)
    credential_issuer = forms.CharField(label=_("Issued by"), required=False, max_length=200)
    credential_valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=IsoDateInput(), error_messages=INVALID_DATE
    )
    credential_valid_until = forms.DateField(
        label=_("Valid until (empty: no expiry)"), required=False, widget=IsoDateInput(), error_messages=INVALID_DATE
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that the unit processes my data for this selection."),
        error_messages={"required": _("Please read the privacy notice and tick the box to agree.")},
    )
    # One-time token of this form: the same form sent twice makes one application.
    submit_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # Honeypot: hidden from people by CSS and from screen readers; bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, vacancy: Vacancy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vacancy = vacancy
        required = set(vacancy.documents_required)
        for kind in DocumentKind:
            field_class = MultipleFileField if kind == DocumentKind.CERTIFICATE else forms.FileField
            label: Any = FILE_LABELS[kind]
            if kind not in required:
                label = _("%(label)s (optional)") % {"label": label}
            self.fields[f"doc_{kind.value}"] = field_class(
                label=label,
                required=kind in required,
                error_messages={"required": _("Please attach this document.")},
                help_text=_("PDF, a JPEG or PNG photo, Word or Excel; at most 10 MB."),
            )

    @property
    def is_spam(self) -> bool:
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def document_fields(self) -> list[forms.BoundField]:
        return [self[f"doc_{kind.value}"] for kind in DocumentKind]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("birth_date", "credential_valid_from", "credential_valid_until"):
            value = data.get(name)
            if value is not None and not EARLIEST <= value <= LATEST:
                self.add_error(name, _("Enter a date between 1940 and 2100."))
        start, end = data.get("credential_valid_from"), data.get("credential_valid_until")
        if start is not None and not CREDENTIAL_EARLIEST <= start <= timezone.localdate() + dt.timedelta(days=366):
            self.add_error("credential_valid_from", _("Enter the date your licence started (after 1950)."))
        if start and end and end < start:
            self.add_error("credential_valid_until", _("The end of validity must be on or after its start."))
        if data.get("credential_kind") and not (data.get("credential_number") or "").strip():
            self.add_error("credential_number", _("Enter the number of your licence, or choose “None / not yet”."))
        for kind in DocumentKind:
            self._check_files(f"doc_{kind.value}", data)
        return data

    def _check_files(self, name: str, data: dict[str, Any]) -> None:
        value = data.get(name)
        for upload in value if isinstance(value, list) else ([value] if value else []):
            try:
                file_check(upload)
            except FileRefused as refused:
                self.add_error(name, refused)
                return

    def application_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            full_name=" ".join(data["full_name"].split()),
            email=data["email"],
            phone=data["phone"],
            sex=data["sex"],
            birth_date=data.get("birth_date"),
            education=data.get("education") or "",
            experience=data.get("experience") or "",
            credential_kind=data.get("credential_kind") or "",
            credential_number=data.get("credential_number") or "",
            credential_issuer=data.get("credential_issuer") or "",
            credential_valid_from=data.get("credential_valid_from"),
            credential_valid_until=data.get("credential_valid_until"),
        )

    def uploads(self) -> dict[str, list[Any]]:
        found: dict[str, list[Any]] = {}
        for kind in DocumentKind:
            value = self.cleaned_data.get(f"doc_{kind.value}")
            files = value if isinstance(value, list) else ([value] if value else [])
            if files:
                found[kind.value] = files
        return found


class StatusForm(forms.Form):
    """The reference number and the e-mail, posted (never in the address bar)."""

    reference = forms.CharField(
        label=_("Reference number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": _("Enter the reference number you received when you applied.")},
    )
    email = forms.CharField(
        label=_("E-mail used in the application"),
        max_length=254,
        error_messages={"required": _("Enter the e-mail you used in the application.")},
    )
