"""``{% form_once %}`` and ``{% nav_menu %}``: kept HTML is the engine's own, and nothing personal is kept."""

from __future__ import annotations

from django.http import QueryDict
from django.template import Context, Template
from django.test import override_settings
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


def test_a_typed_case_number_and_what_was_searched_for_are_never_kept() -> None:
    sigap_forms.forget()
    typed = _render(CaseFilterForm(QueryDict("number=SYN-001"), districts=DISTRICTS), "cases/_case_filter_fields.html")
    searched = _render(
        PersonLookupForm({"find-name": "Siti <Aminah>", "find-nik": "6402015505150001"}, prefix="find"),
        "cases/_person_lookup_fields.html",
    )
    assert "SYN-001" in typed
    assert 'value="Siti &lt;Aminah&gt;"' in searched and 'value="6402015505150001"' in searched
    # The search's HTML is kept with stand-ins where the values go: what was typed stays out of the process's memory.
    kept = "".join(sigap_forms._rendered.values())
    assert len(sigap_forms._rendered) == 1
    assert "Siti" not in kept and "6402015505150001" not in kept and "SYN-001" not in kept
    again = _render(
        PersonLookupForm({"find-name": "Dewi", "find-nik": "6402015505150002"}, prefix="find"),
        "cases/_person_lookup_fields.html",
    )
    assert 'value="Dewi"' in again and 'value="6402015505150002"' in again and "Siti" not in again
    assert len(sigap_forms._rendered) == 1  # the same fields filled: the same kept HTML
    fresh = Template('{% include "cases/_person_lookup_fields.html" %}').render(
        Context({"form": PersonLookupForm({"find-name": "Dewi", "find-nik": "6402015505150002"}, prefix="find")})
    )
    assert again == fresh
    empty = _render(PersonLookupForm(prefix="find"), "cases/_person_lookup_fields.html")
    assert empty in sigap_forms._rendered.values()


def test_a_search_with_an_error_is_rendered_afresh() -> None:
    sigap_forms.forget()
    refused = _render(PersonLookupForm({"find-birth_year": "<b>"}, prefix="find"), "cases/_person_lookup_fields.html")
    assert 'value="&lt;b&gt;"' in refused and "invalid-feedback" in refused
    assert sigap_forms._rendered == {}


def test_the_empty_filter_bar_is_built_only_when_its_html_is_not_kept() -> None:
    sigap_forms.forget()
    with override_settings(TESTING=False), translation.override("id"):  # the test profile's check builds it
        first = CaseFilterForm.unbound(DISTRICTS)
        html = _render(first, "cases/_case_filter_fields.html")
        assert "form" in first.__dict__  # nothing kept yet: built and rendered
        second = CaseFilterForm.unbound(DISTRICTS)
        assert _render(second, "cases/_case_filter_fields.html") == html
        assert "form" not in second.__dict__  # kept: never built
    with translation.override("id"):
        assert html == _render(CaseFilterForm(None, districts=DISTRICTS), "cases/_case_filter_fields.html")


def test_a_search_form_with_a_select_or_a_checkbox_is_rendered_afresh() -> None:
    """Only text and number inputs write a typed value back as the raw text: the person search before adding a
    person (a role select, a "name unknown" checkbox) is never kept with stand-ins."""
    from sigap.cases.forms.case import PersonSearchForm

    form = PersonSearchForm({"s-role": "PERPETRATOR", "s-name": "Budi"}, prefix="s")
    assert form.is_valid(), form.errors
    assert form.render_key() is None
    assert PersonLookupForm({"find-name": "Budi"}, prefix="find").render_key() == ("name",)
