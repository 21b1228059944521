"""``kept_reverse`` and the ``{% url %}`` built on it give exactly ``reverse()``'s URL, for every URL of Sigap."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.template import Context, Engine, Template, engines
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.resolvers import RoutePattern

from sigap.core import links


def _named_patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and isinstance(entry.pattern, RoutePattern):
            yield f"{namespace}{entry.name}", dict(entry.pattern.converters)


def _value(converter: Any, rng: random.Random) -> Any:
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=rng.getrandbits(128), version=4)
    if isinstance(converter, IntConverter):
        return rng.choice((0, 7, rng.randrange(10**12)))
    return None


def _cases() -> list[tuple[str, dict[str, Any]]]:
    rng = random.Random(22)
    found = []
    for name, converters in _named_patterns(get_resolver()):
        values = {key: _value(conv, rng) for key, conv in converters.items()}
        if None not in values.values():
            found.append((name, values))
    return found


def test_the_project_has_urls_of_ids_to_compare() -> None:
    assert len(_cases()) > 100  # every case page, complaint, contract…: a walk that found nothing tests nothing


@pytest.mark.parametrize(("name", "values"), _cases())
def test_a_kept_url_is_reverses_url(name: str, values: dict[str, Any]) -> None:
    expected = reverse(name, kwargs=values)
    assert links.kept_reverse(name, kwargs=values) == expected
    assert links.kept_reverse(name, kwargs=values) == expected  # the second call: from the kept pattern
    if len(values) == 1:
        assert links.kept_reverse(name, list(values.values())) == reverse(name, args=list(values.values()))


def test_values_of_another_kind_go_through_reverse() -> None:
    some = uuid.uuid4()
    assert links.kept_reverse("cases:case_detail", [str(some)]) == reverse("cases:case_detail", args=[str(some)])
    with pytest.raises(NoReverseMatch):  # as reverse(): a negative id matches no ``int`` pattern
        links.kept_reverse("cases:team_member_go", [-3])
    with pytest.raises(NoReverseMatch):
        links.kept_reverse("cases:case_detail", [7])  # an integer where the pattern wants a UUID


def test_the_url_tag_is_the_kept_one_with_djangos_output() -> None:
    some = uuid.uuid4()
    template = engines["django"].from_string(
        "{% url 'cases:case_team' case_id %}|{% url 'cases:case_detail' case_id=case_id %}"
        "|{% url 'cases:nope' case_id as missing %}[{{ missing }}]|{% url 'cases:case_team' case_id as there %}{{ there }}"
    )
    rendered = template.render({"case_id": some})
    team, detail = reverse("cases:case_team", args=[some]), reverse("cases:case_detail", args=[some])
    assert rendered == f"{team}|{detail}|[]|{team}"
    plain = Template("{% url 'cases:case_team' case_id %}", engine=Engine(libraries={}))  # Django's own tag
    assert plain.render(Context({"case_id": some})) == team


class _Request:
    """A request as the tag reads it: with or without ``current_app`` and ``resolver_match``."""

    def __init__(self, **attributes: Any) -> None:
        self.__dict__.update(attributes)


class _Match:
    namespace = "cases"


@pytest.mark.parametrize(
    "request_",
    [None, _Request(), _Request(resolver_match=None), _Request(resolver_match=_Match()), _Request(current_app="cases")],
    ids=["no request", "no match", "match None", "a namespace", "current_app"],
)
def test_the_url_tag_reads_the_current_app_as_django_does(request_: Any) -> None:
    some = uuid.uuid4()
    source = "{% url 'cases:case_team' case_id %}|{% url name case_id=case_id %}"
    context = {"case_id": some, "name": "cases:case_detail"}
    ours = engines["django"].from_string(source).template
    django_own = Template(source, engine=Engine(libraries={}))
    ours_context, django_context = Context(context), Context(context)
    if request_ is not None:
        ours_context.request = django_context.request = request_  # type: ignore[attr-defined]
    assert ours.render(ours_context) == django_own.render(django_context)
    assert ours.render(ours_context).startswith(reverse("cases:case_team", args=[some]))


def test_a_url_writer_writes_what_reverse_writes() -> None:
    write = links.url_writer("cases:case_detail")
    for some in (uuid.uuid4(), uuid.uuid4()):
        assert write(some) == reverse("cases:case_detail", args=[some])
    assert write(str(some)) == reverse("cases:case_detail", args=[str(some)])  # not a UUID: through reverse()
