"""Words of the session and room pages (fresh-eyes walk of #12, findings 6 and 7): a session's place is "Tempat",
not the incident's "Tempat kejadian"; an active room reads "Aktif"; a unit without rooms says who adds them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from sigap.assistance.models.room import RoomKind
from sigap.assistance.services.room import room_add
from sigap.assistance.tests.factories import held_session, session_case

pytestmark = pytest.mark.django_db


def _indonesian(personas: Any, settings: Any, persona: str) -> Any:
    settings.LANGUAGE_CODE = "id"
    client = personas.client(persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    return client


def test_a_sessions_place_reads_tempat_not_the_scene_of_the_incident(personas: Any, settings: Any) -> None:
    sc = session_case(personas)
    session = held_session(sc.psychologist, sc.case, experts=[sc.psychologist])
    client = _indonesian(personas, settings, "expert")
    pages = [
        reverse("assistance:session_plan", kwargs={"case_id": sc.case.pk}),
        reverse("assistance:session_detail", kwargs={"session_id": session.pk}),
        reverse("assistance:session_list", kwargs={"case_id": sc.case.pk}),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Tempat kejadian" not in html, url
        assert re.search(r">Tempat\s*<", html), url


def test_an_active_room_reads_aktif(personas: Any, settings: Any) -> None:
    room_add(actor=personas["head"], name="Ruang Konseling 1", kind=RoomKind.COUNSELLING)
    html = _indonesian(personas, settings, "head").get(reverse("assistance:room_list")).content.decode()
    assert "<td>Aktif</td>" in html and "<td>Dipakai</td>" not in html


@pytest.mark.parametrize(("persona", "link"), [("head", True), ("case_manager", False)])
def test_the_room_field_says_the_unit_has_no_rooms_and_who_adds_them(personas: Any, persona: str, link: bool) -> None:
    sc = session_case(personas)
    url = reverse("assistance:session_plan", kwargs={"case_id": sc.case.pk})
    html = personas.client(persona).get(url).content.decode()
    assert "The unit has no rooms yet" in html
    assert (f'href="{reverse("assistance:room_list")}"' in html) is link
    room_add(actor=personas["head"], name="Ruang Konseling 1", kind=RoomKind.COUNSELLING)
    html = personas.client(persona).get(url).content.decode()
    assert "The unit has no rooms yet" not in html and "Ruang Konseling 1" in html
