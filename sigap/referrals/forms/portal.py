"""Forms of the partner portal: the reason of a decline, the service given and its outcome, a document.
Field checks live here; the status services and the document service check the rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.core.files.fields import UploadField
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
    file = UploadField()
