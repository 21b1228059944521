"""Forms of the partner portal: the reason of a decline, the service given and its outcome, a document.
Field checks live here; the status services and the document service check the rules again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.core.files.store import too_large
from sigap.core.forms import StyledForm
from sigap.referrals.services.common import MAX_TEXT
from sigap.referrals.services.documents import MAX_TITLE


class DeclineForm(StyledForm):
    reason = forms.CharField(
        label=_("Why your organisation cannot take this referral"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why your organisation declines.")},
    )


class ServiceForm(StyledForm):
    outcome = forms.CharField(
        label=_("The service given and its outcome"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What your organisation did for the victim, when, and what came of it."),
        error_messages={"required": _("Describe the service given and its outcome.")},
    )


class DocumentForm(StyledForm):
    title = forms.CharField(
        label=_("What the document is"),
        max_length=MAX_TITLE,
        help_text=_("E.g. the receipt of the business capital, or the service report."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx). Photos are saved without their location data."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("No file was received. Choose the file again."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # The upload handler kept nothing of a file past the limit: say so here, before anything reads it.
        if getattr(upload, "sigap_too_large", False):
            raise too_large()
        return upload
