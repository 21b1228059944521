"""``{% load static %}`` is Sigap's copy of Django's library (sigap.core.templatetags.sigap_static): the same output
as Django's tag, a constant path's URL kept per process and forgotten when the static settings change (issue #22)."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings

from sigap.core.templatetags import sigap_static

PATHS = ["vendor/htmx-2.0.11/htmx.min.js", "sigap/sigap.css", "a file/with spaces & <marks>.js"]


@pytest.fixture(autouse=True)
def _nothing_kept() -> None:
    sigap_static._kept.clear()


def _django_own(source: str, **context: Any) -> str:
    """The same template rendered with Django's own ``static`` library (an engine without Sigap's libraries)."""
    engine = Engine(libraries={"static": "django.templatetags.static"})
    return engine.from_string(source).render(Context(context))


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("autoescape", ["on", "off"])
def test_a_constant_path_renders_as_django_renders_it(path: str, autoescape: str) -> None:
    source = f"{{% load static %}}{{% autoescape {autoescape} %}}{{% static '{path}' %}}|{{% static '{path}' as u %}}{{{{ u }}}}{{% endautoescape %}}"
    ours = engines["django"].from_string(source)
    for _ in range(2):  # the second render comes from the kept URL
        assert ours.render({}) == _django_own(source)


def test_a_path_from_a_variable_renders_as_django_renders_it() -> None:
    source = "{% load static %}{% static path %}|{% static path|lower %}"
    ours = engines["django"].from_string(source)
    for path in ("sigap/sigap.js", "Sigap/Other.CSS"):
        assert ours.render({"path": path}) == _django_own(source, path=path)
    assert sigap_static._kept == {}  # nothing kept for a variable path


def test_the_url_is_asked_of_the_storage_once_per_path(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = sigap_static.KeptStaticNode.handle_simple

    def counting(path: str) -> str:
        asked.append(path)
        return str(real(path))

    monkeypatch.setattr(sigap_static.KeptStaticNode, "handle_simple", staticmethod(counting))
    template = engines["django"].from_string("{% load static %}{% static 'sigap/sigap.js' %}")
    for _ in range(3):
        template.render({})
    assert asked == ["sigap/sigap.js"]


def test_a_changed_static_url_is_followed() -> None:
    template = engines["django"].from_string("{% load static %}{% static 'sigap/sigap.js' %}")
    before = template.render({})
    with override_settings(STATIC_URL="/elsewhere/"):
        assert template.render({}) == "/elsewhere/sigap/sigap.js"
    assert template.render({}) == before
