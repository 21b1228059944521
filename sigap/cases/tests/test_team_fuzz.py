"""Hypothesis: no input to the team page's new forms (profession needed, preference) gives a 500."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.cases.tests.factories import make_case, victim_data
from sigap.experts.needs import ProfessionNeed

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "1", "on", "off", "true", "9" * 30, "\x00", "<b>", "PSIKOLOGIS"]),
)
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_no_profession_needed_gives_a_500(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    url = reverse("cases:case_team", kwargs={"case_id": case.pk})
    head = personas.client("head")

    @FUZZ
    @given(st.one_of(TEXT, st.sampled_from(ProfessionNeed.values)), TEXT)
    def run(profession: str, page: str) -> None:
        response = head.get(url, {"profession": profession, "page": page})
        assert response.status_code == 200, (profession, response.status_code)

    run()


def test_no_preference_input_gives_a_500(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    url = reverse("cases:case_team", kwargs={"case_id": case.pk})
    clients = (personas.client("head"), personas.client("case_manager"))

    @FUZZ
    @given(st.fixed_dictionaries({"preference": TEXT, "same_sex_expert_preferred": TEXT}))
    def run(data: dict[str, str]) -> None:
        for client in clients:
            response = client.post(url, data)
            assert response.status_code in (200, 302, 403), (data, response.status_code)

    run()
