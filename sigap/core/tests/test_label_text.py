"""The error summary's "label: error" drops a label's own closing punctuation (walk #13, 19)."""

from __future__ import annotations

from django import forms
from django.template import Context, Template

from sigap.core.templatetags.sigap_forms import label_text


def test_closing_punctuation_of_a_label_is_dropped_and_the_rest_kept() -> None:
    assert label_text("Ijazah S1 Psikologi.") == "Ijazah S1 Psikologi"
    assert label_text("Apakah korban aman? ") == "Apakah korban aman"
    assert label_text("Catatan:") == "Catatan"
    assert label_text("Catatan (opsional)") == "Catatan (opsional)"
    assert label_text("Versi 1.2 berlaku") == "Versi 1.2 berlaku"
    assert label_text(None) == ""


class _Form(forms.Form):
    requirement = forms.CharField(label="Memiliki STR yang berlaku.", max_length=2)


def test_the_error_summary_reads_label_colon_error() -> None:
    form = _Form({"requirement": "xyz"})
    assert not form.is_valid()
    page = Template('{% include "includes/error_summary.html" %}').render(Context({"form": form}))
    assert "Memiliki STR yang berlaku: " in page and "berlaku.:" not in page
