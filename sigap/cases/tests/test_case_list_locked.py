"""Locked (restricted) rows of the HEAD's case list do not answer classification filters (finding 8)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.cases.tests.factories import make_case


def _list(personas: Any, query: str) -> str:
    response = personas.client("head").get(reverse("cases:case_list") + query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_locked_row_does_not_reveal_its_category_or_risk(personas: Any) -> None:
    hidden = make_case(personas, manager=None, experts=(), restricted=True, category="KTA")
    assert hidden.number in _list(personas, "")  # listed, locked, in the unfiltered list
    assert hidden.number not in _list(personas, "?category=KTA")
    assert hidden.number not in _list(personas, "?risk_level=SEDANG")


def test_an_open_case_still_answers_the_filters(personas: Any) -> None:
    case = make_case(personas, category="KTA")
    assert case.number in _list(personas, "?category=KTA")
    assert case.number in _list(personas, "?risk_level=SEDANG")
