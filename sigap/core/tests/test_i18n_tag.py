"""``{% load i18n %}`` loads Sigap's library: every tag of Django's, a constant ``{% translate %}`` kept per
language with the output of Django's own tag."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, engines
from django.utils import translation

from sigap.core.templatetags.sigap_i18n import KeptTranslateNode

SOURCE = (
    "{% load i18n %}{% trans 'Team' %}|{% translate \"Cases\" %}|{% trans 'Team' as kept %}[{{ kept }}]"
    "|{% trans word %}|{% trans 'Team' noop %}|{% trans 'May' context 'month name' %}"
    "|{% get_current_language as lang %}{{ lang }}|{% blocktrans %}Hello {{ word }}{% endblocktrans %}"
)


def test_load_i18n_is_sigaps_library() -> None:
    template = engines["django"].from_string("{% load i18n %}{% trans 'Team' %}")
    assert isinstance(template.template.nodelist[-1], KeptTranslateNode)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kept_tag_renders_what_djangos_renders(language: str) -> None:
    ours = engines["django"].from_string(SOURCE)
    django_own = Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(SOURCE)  # Django's own
    with translation.override(language):
        for word in ("Cases", "<b>Team</b>"):
            for _ in range(2):  # the second render comes from the kept text
                assert ours.render({"word": word}) == django_own.render(Context({"word": word}))
    with translation.override(language):
        assert "Tim" in ours.render({"word": ""}) if language == "id" else "Team" in ours.render({"word": ""})


def test_the_kept_text_follows_the_language() -> None:
    template = engines["django"].from_string("{% load i18n %}{% trans 'Team' %}")
    with translation.override("id"):
        indonesian = template.render({})
    with translation.override("en"):
        english = template.render({})
    assert (indonesian, english) == ("Tim", "Team")


def test_a_language_block_reads_its_own_language_and_the_page_its_own_after_it() -> None:
    """The language is read once per rendered page (``context_language``); ``{% language %}`` switches it for its
    block only, as Django's tag does."""
    source = (
        "{% load i18n %}{% trans 'Team' %} {% language 'en' %}{% trans 'Team' %} "
        "{% language 'id' %}{% trans 'Cases' %}{% endlanguage %} {% trans 'Cases' %}{% endlanguage %} {% trans 'Team' %}"
    )
    ours = engines["django"].from_string(source)
    django_own = Engine(libraries={"i18n": "django.templatetags.i18n"}).from_string(source)
    with translation.override("id"):
        assert ours.render({}) == django_own.render(Context({})) == "Tim Team Kasus Cases Tim"


def test_i18n_and_static_are_the_only_labels_replaced() -> None:
    """The check ``templates.W003`` is silenced for ``i18n`` and ``static`` alone: any other label used by two
    modules fails here."""
    warnings = engines["django"]._check_for_template_tags_with_the_same_name()  # type: ignore[attr-defined]
    assert [warning.id for warning in warnings] == ["templates.W003", "templates.W003"]
    assert "'i18n' is used for multiple template tag modules" in warnings[0].msg
    assert "'static' is used for multiple template tag modules" in warnings[1].msg
