"""Forms of the attachment pages: the upload and the removal (explicit fields only, AC-05)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.assistance.models.attachment import DocumentKind, FieldGroup
from sigap.cases.forms.case import StyledForm
from sigap.core.files.fields import UploadField


class AttachmentForm(StyledForm):
    """Upload one file. Its type and size are checked by ``sigap.core.files`` (the file's bytes decide)."""

    document_kind = forms.ChoiceField(label=_("Kind of document"), choices=[("", "---------"), *DocumentKind.choices])
    field_group = forms.ChoiceField(
        label=_("Who may read it"),
        choices=FieldGroup.choices,
        initial=FieldGroup.GENERAL,
    )
    file = UploadField()

    def __init__(self, *args: Any, owner_floor: str = FieldGroup.GENERAL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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


class AttachmentRemoveForm(StyledForm):
    """Why an attachment is removed (kept encrypted; the HEAD and the case manager see it)."""

    reason = forms.CharField(
        label=_("Why is the attachment removed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. uploaded to the wrong case, or the wrong file. The removal is recorded with its reason."),
    )
