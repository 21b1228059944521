"""``{% form_once %}`` and ``{% nav_menu %}``: kept HTML is the engine's own, and nothing personal is kept."""

from __future__ import annotations

from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from sigap.cases.forms.case import CaseFilterForm, PersonLookupForm
from sigap.core.templatetags import sigap_forms

DISTRICTS = [("64.02.01", "Samboja"), ("64.02.02", "Muara Jawa")]


def _render(form: object, name: str) -> str:
    return Template('{% load sigap_forms %}{% form_once form "' + name + '" %}').render(Context({"form": form}))


def test_a_filter_bar_is_kept_per_language_and_values_and_equals_a_fresh_render() -> None:
    sigap_forms.forget()
    chosen = QueryDict("state=ASESMEN&mine=on&page=3")
    with translation.override("id"):
        first = _render(CaseFilterForm(chosen, districts=DISTRICTS), "cases/_case_filter_fields.html")
        again = _render(CaseFilterForm(chosen, districts=DISTRICTS), "cases/_case_filter_fields.html")
        fresh = Template('{% include "cases/_case_filter_fields.html" %}').render(
            Context({"form": CaseFilterForm(chosen, districts=DISTRICTS)})
        )
    with translation.override("en"):
        english = _render(CaseFilterForm(chosen, districts=DISTRICTS), "cases/_case_filter_fields.html")
    assert first == again == fresh
    assert 'value="ASESMEN" selected' in first
    assert english != first  # another language, another entry
    assert len(sigap_forms._rendered) == 2


def test_a_typed_case_number_and_a_bound_search_are_never_kept() -> None:
    sigap_forms.forget()
    typed = _render(CaseFilterForm(QueryDict("number=SYN-001"), districts=DISTRICTS), "cases/_case_filter_fields.html")
    searched = _render(
        PersonLookupForm({"find-name": "Siti Aminah"}, prefix="find"), "cases/_person_lookup_fields.html"
    )
    assert "SYN-001" in typed and "Siti Aminah" in searched
    assert sigap_forms._rendered == {}  # what was typed or searched for stays out of the process's memory
    empty = _render(PersonLookupForm(prefix="find"), "cases/_person_lookup_fields.html")
    assert list(sigap_forms._rendered.values()) == [empty]
