"""Hypothesis: no input to the room form (nor to the calendar's day and view parameters) gives a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.assistance.models.room import Room
from sigap.cases.tests.casework_fuzz import TEXT, fuzz_post

pytestmark = pytest.mark.django_db

SPECIAL = {"kind": st.one_of(TEXT, st.sampled_from(["COUNSELLING", "PLAYROOM", "BALLROOM", ""]))}


def test_no_input_to_the_room_form_gives_a_500(personas: Any) -> None:
    clients = [personas.client("head"), personas.client("admin")]
    fuzz_post(lambda: reverse("assistance:room_list"), ["name", "kind"], clients, SPECIAL)
    # Whatever was accepted is a clean, unique, non-empty name of the unit.
    names = [r.name.lower() for r in Room.objects.filter(unit=personas.kukar)]
    assert len(names) == len(set(names)) and all(n.strip() == n and n for n in names)


def test_no_day_or_view_parameter_of_the_calendar_gives_a_500(personas: Any) -> None:
    client = personas.client("expert")
    url = reverse("assistance:calendar_mine")

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(day=TEXT, view=TEXT)
    def check(day: str, view: str) -> None:
        assert client.get(url, {"hari": day, "tampilan": view}).status_code == 200

    check()
