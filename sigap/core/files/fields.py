"""The file field of every upload form: its label, the types it accepts and the "too large" message.

The upload handler (:mod:`.upload`) keeps nothing of a file past ``SIGAP_ATTACHMENT_MAX_BYTES``; the field
says "too large" before anything reads it. The file's bytes decide its type later (``store.file_accept``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.core.files.store import too_large

ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"


class UploadField(forms.FileField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("File"))
        kwargs.setdefault(
            "help_text",
            _("PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx). Photos are saved without their location data."),
        )
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Choose a file to upload."),
                "empty": _("The file is empty."),
                "invalid": _("No file was received. Choose the file again."),
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ACCEPT

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if getattr(upload, "sigap_too_large", False):
            raise too_large()
        return upload
