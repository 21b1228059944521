"""The case page's persons rows and consent items written in Python (``case_page``) against the template text they
replaced (issue #22): the same HTML for any values, both languages, each reader. The golden pages compare whole
pages; this covers the branches their cases do not reach (an unnamed person, a tel: link, a school level to record,
a withdrawn or invalid consent, hostile text in every field)."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any

from django.template import engines
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.cases.rules.disclosure import PersonShown

# The loops as case_detail.html and casework/_detail_sections.html wrote them before the tags (with
# cases/_person_actions.html inlined where it was included).
PERSONS_BEFORE = '{% for shown in persons %}{% with person=shown.link.person %}\n    <tr><td>{{ shown.link.get_role_display }}</td><td>{% if shown.name_is_pseudonym %}<span class="text-body-secondary">{{ shown.name }}</span>{% elif shown.name %}{{ shown.name }}{% else %}<em data-unnamed>{% translate "name not known yet" %}</em>{% endif %}</td>\n      <td>{% if shown.birth_date %}{{ shown.birth_date|day }}{% elif person.birth_year and not shown.name_is_pseudonym %}{% if person.age_estimated %}± {% endif %}{{ person.birth_year|unlocalize }}{% else %}—{% endif %}</td>\n      <td class="small">{% if shown.nik %}{% translate "NIK" %} {{ shown.nik }}<br>{% endif %}{% if shown.phone %}{% include "includes/phone.html" with phone=shown.phone calls=case.contact_calls calls_label=case.get_contact_calls_display %}<br>{% endif %}{% if shown.address %}{{ shown.address }}{% endif %}{% if shown.village %} · {{ shown.village }}{% endif %}\n{% if actions.can_manage and case.is_open %}{% if shown.school_level_missing %}<div class="mt-1 school-level-missing"><a href="{% url \'cases:case_person_edit\' case_id=case.pk link_id=shown.link.pk %}#id_education">{% translate "School level not recorded yet: record it" %}</a></div>{% endif %}<div class="mt-1 person-actions">\n  <a class="link-secondary" href="{% url \'cases:case_person_edit\' case_id=case.pk link_id=shown.link.pk %}">{% translate "Correct" %}<span class="visually-hidden"> {{ shown.name }}</span></a>\n  · <a class="link-danger" href="{% url \'cases:case_person_remove\' case_id=case.pk link_id=shown.link.pk %}">{% translate "Remove" %}<span class="visually-hidden"> {{ shown.name }}</span></a>\n  {% if actions.is_head %}· <a class="link-secondary" href="{% url \'cases:person_merge_search\' person_id=shown.link.person_id %}?kasus={{ case.pk }}">{% translate "Merge…" %}<span class="visually-hidden"> {{ shown.name }}</span></a>{% endif %}\n</div>{% endif %}\n</td></tr>\n    {% endwith %}    {% empty %}<tr><td colspan="4" class="text-body-secondary">{% translate "No persons recorded yet." %}</td></tr>{% endfor %}'
CONSENTS_BEFORE = '{% for consent in casework.consents %}<li class="mb-1">{{ consent.get_scope_display }}{% if consent.agency %} ({{ consent.agency }}){% endif %} · {% if consent.victim_label %}{{ consent.victim_label }}{% else %}<em data-unnamed>{% translate "name not known yet" %}</em>{% endif %} · {{ consent.get_given_by_display }} · {{ consent.get_method_display }} · {{ consent.given_on|day }}\n      {% if consent.withdrawn_on %}<span class="badge text-bg-secondary">{% translate "Withdrawn" %} {{ consent.withdrawn_on|day }}</span>\n      {% elif consent.problem %}<span class="badge text-bg-danger">{% translate "Not valid" %}</span> <span class="small">{{ consent.problem }}</span>\n      {% elif actions.can_manage %}<form method="post" action="{% url \'cases:consent_withdraw\' case_id=case.pk consent_id=consent.pk %}" class="d-inline">{% csrf_token %}<button class="btn btn-link btn-sm p-0" type="submit">{% translate "Record withdrawal" %}</button></form>{% endif %}</li>\n    {% empty %}<li class="text-body-secondary">{% translate "No consent recorded yet." %}</li>{% endfor %}'

TEXT = st.one_of(
    st.just(""), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10), st.just("<b>'&\"</b>")
)
DAYS = st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2030, 12, 31)))
PHONES = st.sampled_from(["", "+6281255550199", "0541123456", "********0199", "+442071234567", "<script>"])
CALLS = st.sampled_from(["", "TELEPON_BOLEH", "SMS_SAJA"])


def _render(source: str, context: dict[str, Any], language: str) -> str:
    with translation.override(language):
        return engines["django"].from_string(source).render(context)


def _case(is_open: bool, calls: str, calls_label: str) -> SimpleNamespace:
    return SimpleNamespace(
        pk=uuid.uuid4(), is_open=is_open, contact_calls=calls, get_contact_calls_display=lambda: calls_label
    )


@st.composite
def persons(draw: Any) -> PersonShown:
    role = draw(TEXT)
    person = SimpleNamespace(
        birth_year=draw(st.one_of(st.none(), st.integers(1900, 2030))), age_estimated=draw(st.booleans())
    )
    link = SimpleNamespace(
        pk=draw(st.integers(1, 10**9)), person_id=uuid.uuid4(), person=person, get_role_display=lambda: role
    )
    return PersonShown(
        link=link,  # type: ignore[arg-type]
        name=draw(TEXT),
        name_is_pseudonym=draw(st.booleans()),
        nik=draw(TEXT),
        phone=draw(PHONES),
        address=draw(TEXT),
        village=draw(TEXT),
        birth_date=draw(DAYS),
        school_level_missing=draw(st.booleans()),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    shown=st.lists(persons(), max_size=3),
    manage=st.booleans(),
    head=st.booleans(),
    is_open=st.booleans(),
    calls=CALLS,
    calls_label=TEXT,
    language=st.sampled_from(["id", "en"]),
)
def test_person_rows_are_the_template_s_html(
    shown: list[PersonShown], manage: bool, head: bool, is_open: bool, calls: str, calls_label: str, language: str
) -> None:
    context = {
        "persons": shown,
        "case": _case(is_open, calls, calls_label),
        "actions": {"can_manage": manage, "is_head": head},
    }
    before = _render("{% load i18n l10n %}" + PERSONS_BEFORE, context, language)
    after = _render("{% load case_page %}{% case_person_rows %}", context, language)
    assert after == before


@st.composite
def consents(draw: Any) -> SimpleNamespace:
    scope, given_by, method = draw(TEXT), draw(TEXT), draw(TEXT)
    return SimpleNamespace(
        pk=uuid.uuid4(),
        agency=draw(TEXT),
        victim_label=draw(TEXT),
        given_on=draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))),
        withdrawn_on=draw(DAYS),
        problem=draw(TEXT),
        get_scope_display=lambda: scope,
        get_given_by_display=lambda: given_by,
        get_method_display=lambda: method,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(consents(), max_size=3),
    manage=st.booleans(),
    token=st.sampled_from(["tok3nAbc", "NOTPROVIDED", ""]),
    language=st.sampled_from(["id", "en"]),
)
def test_consent_items_are_the_template_s_html(
    items: list[SimpleNamespace], manage: bool, token: str, language: str
) -> None:
    context = {
        "casework": {"consents": items},
        "case": _case(True, "", ""),
        "actions": {"can_manage": manage},
        "csrf_token": token,
    }
    before = _render("{% load i18n %}" + CONSENTS_BEFORE, context, language)
    after = _render("{% load case_page %}{% case_consent_items %}", context, language)
    assert after == before
