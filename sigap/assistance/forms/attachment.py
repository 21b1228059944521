"""Forms of the attachment pages: the upload and the removal (explicit fields only, AC-05)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.assistance.models.attachment import DocumentKind, FieldGroup
from sigap.cases.forms.case import StyledForm
from sigap.core.files.store import too_large


class AttachmentForm(StyledForm):
    """Upload one file. Its type and size are checked by ``sigap.core.files`` (the file's bytes decide)."""

    document_kind = forms.ChoiceField(label=_("Kind of document"), choices=[("", "---------"), *DocumentKind.choices])
    field_group = forms.ChoiceField(
        label=_("Who may read it"),
        choices=FieldGroup.choices,
        initial=FieldGroup.GENERAL,
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

    def __init__(self, *args: Any, owner_floor: str = FieldGroup.GENERAL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
        # Say before the upload what narrows the choice (D48's kept_under), not only after it (walk finding 2).
        help_text = [
            str(_("You and the head of the unit always can.")),
            str(
                _("A psychological report is always kept clinical, and a legal opinion legal, whatever is chosen here.")
            ),
        ]
        if owner_floor != FieldGroup.GENERAL:
            help_text.append(
                str(_("Documents of this session are read as its notes are: %(readers)s."))
                % {"readers": FieldGroup(owner_floor).label}
            )
        self.fields["field_group"].help_text = " ".join(help_text)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # The upload handler kept nothing of a file past the limit: say so here, before anything reads it.
        if getattr(upload, "sigap_too_large", False):
            raise too_large()
        return upload


class AttachmentRemoveForm(StyledForm):
    """Why an attachment is removed (kept encrypted; the HEAD and the case manager see it)."""

    reason = forms.CharField(
        label=_("Why is the attachment removed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. uploaded to the wrong case, or the wrong file. The removal is recorded with its reason."),
    )
