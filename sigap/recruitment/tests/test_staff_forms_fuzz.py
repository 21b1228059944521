"""Hypothesis: no input to the staff forms of recruitment (vacancy, check, scores, retention) gives a 500."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.recruitment.models import Application, Vacancy
from sigap.recruitment.tests.factories import make_application, make_vacancy

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "101", "9" * 30, "CV", "x", "on", "\x00", "<b>", "2026-13-40", "PUBLISHED"]),
)
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
VACANCY_FIELDS = ["post", "profession", "requirements", "posts", "fiscal_year", "published_on", "closes_on", "state"]


def _built(p: Any) -> Application:
    return Application.objects.first() or make_application(Vacancy.objects.first() or make_vacancy(p))


@FUZZ
@given(values=st.fixed_dictionaries({name: TEXT for name in VACANCY_FIELDS}), docs=st.lists(TEXT, max_size=3))
def test_the_vacancy_form_never_fails(personas: Any, values: dict[str, str], docs: list[str]) -> None:
    application = _built(personas)
    head = personas.client("head")
    data = {**values, "documents_required": docs, "panel": [str(personas["head"].pk), "x"]}
    assert head.post(reverse("recruitment:vacancy_create"), data).status_code in (200, 302)
    url = reverse("recruitment:vacancy_edit", kwargs={"vacancy_id": application.vacancy_id})
    assert head.post(url, data).status_code in (200, 302)


@FUZZ
@given(test=TEXT, interview=TEXT, note=TEXT, req=TEXT, days=TEXT)
def test_the_check_score_and_retention_forms_never_fail(
    personas: Any, test: str, interview: str, note: str, req: str, days: str
) -> None:
    application = _built(personas)
    head = personas.client("head")
    kwargs = {"application_id": application.pk}
    check = {"req_0": req, "req_1": "on", "note": note * 100}
    # A refused check is shown again on the page (200); a recorded or state-refused one redirects.
    assert head.post(reverse("recruitment:application_check", kwargs=kwargs), check).status_code in (200, 302)
    score = {"test_score": test, "interview_score": interview, "note": note}
    # A refused score is shown again on the page (200); a saved or state-refused one redirects.
    assert head.post(reverse("recruitment:application_score", kwargs=kwargs), score).status_code in (200, 302)
    assert head.post(reverse("recruitment:recruitment_settings"), {"retention_days": days}).status_code in (200, 302)
