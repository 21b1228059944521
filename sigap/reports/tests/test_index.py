"""The reports home: each role sees the reports it may open, and the home page links to them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

URL = reverse("reports:index")


def _links(response: Any) -> list[str]:
    return [url for url, _title, _text in response.context["links"]]


def test_each_role_sees_its_reports(personas: Any) -> None:
    recap, simfoni, leadership = (reverse(f"reports:{n}") for n in ("unit_recap", "simfoni_export", "leadership_recap"))
    assert _links(personas.client("head").get(URL)) == [recap, simfoni]
    assert _links(personas.client("data_officer").get(URL)) == [recap, simfoni]
    assert _links(personas.client("leadership").get(URL)) == [leadership]
    assert personas.client("case_manager").get(URL).status_code == 403


def test_the_home_page_and_the_menu_link_to_the_reports(personas: Any) -> None:
    content = personas.client("data_officer").get(reverse("core:home")).content.decode()
    assert f'href="{URL}"' in content and f'href="{reverse("reports:simfoni_export")}"' in content
    leader_home = personas.client("leadership").get(reverse("core:home")).content.decode()
    assert f'href="{URL}"' in leader_home
