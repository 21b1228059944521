"""The public recruitment pages: open vacancies, the application with uploads, the thank-you page with the
reference number, the status page by reference + e-mail, and their protections (issue #13)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.core.models import RateLimitCounter
from sigap.recruitment.models import Application, ApplicationDocument, VacancyState
from sigap.recruitment.tests.factories import EMAIL_CANARY, NAME_CANARY, form_data, make_application, make_vacancy, pdf


def _client(**extra: Any) -> Client:
    client = Client(**extra)
    client.cookies["sigap_language"] = "en"  # the assertions read the English msgids
    return client


def _apply_url(vacancy: Any) -> str:
    return reverse("rekrutmen:vacancy", kwargs={"vacancy_id": vacancy.pk})


def _reference(html: str) -> str | None:
    found = re.search(r'id="reference">(RK-[A-Z0-9-]+)<', html)
    return found.group(1) if found else None


def test_the_list_shows_open_published_vacancies_only(personas: Any) -> None:
    today = timezone.localdate()
    make_vacancy(personas, post="Open post")
    make_vacancy(personas, post="Draft post", state=VacancyState.DRAFT)
    make_vacancy(
        personas,
        post="Closed post",
        published_on=today - dt.timedelta(days=30),
        closes_on=today - dt.timedelta(days=1),
    )
    make_vacancy(personas, post="Future post", published_on=today + dt.timedelta(days=2))
    response = Client().get(reverse("rekrutmen:vacancy_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Open post" in html and "Kutai Kartanegara" in html
    assert "Draft post" not in html and "Closed post" not in html and "Future post" not in html
    assert response["Cache-Control"] == "no-store"


def test_the_pages_are_indonesian_by_default_and_english_on_request(personas: Any) -> None:
    vacancy = make_vacancy(personas)
    indonesian = Client().get(_apply_url(vacancy)).content.decode()
    english = _client().get(_apply_url(vacancy)).content.decode()
    assert 'lang="id"' in indonesian and "Privacy notice" not in indonesian
    assert 'lang="en"' in english and "Privacy notice" in english


def test_a_draft_or_closed_vacancy_is_404(personas: Any) -> None:
    draft = make_vacancy(personas, state=VacancyState.DRAFT)
    assert Client().get(_apply_url(draft)).status_code == 404
    assert Client().post(_apply_url(draft), form_data()).status_code == 404


def test_an_application_answers_with_a_reference_shown_once_and_emailed(
    personas: Any, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    vacancy = make_vacancy(personas)
    client = _client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_apply_url(vacancy), form_data())
    assert response.status_code == 303 and response["Location"] == reverse("rekrutmen:thanks")
    reference = _reference(client.get(reverse("rekrutmen:thanks")).content.decode())
    assert reference is not None
    assert _reference(client.get(reverse("rekrutmen:thanks")).content.decode()) is None  # a reload shows nothing
    application = Application.objects.get()
    assert application.reference == reference and application.full_name == NAME_CANARY
    assert sorted(application.documents.values_list("kind", flat=True)) == ["CV", "DIPLOMA"]
    # The reference is e-mailed too (in the page's language), so losing the page loses nothing.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [EMAIL_CANARY]
    assert reference in mailoutbox[0].subject and reference in mailoutbox[0].body
    assert "/rekrutmen/status/" in mailoutbox[0].body


def test_a_wrong_file_type_is_refused_with_a_message_and_the_typed_fields_kept(personas: Any) -> None:
    vacancy = make_vacancy(personas)
    fake = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = _client().post(_apply_url(vacancy), form_data(doc_CV=fake))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This type of file is not accepted" in html
    assert NAME_CANARY in html  # what was typed comes back
    assert 'id="files-again"' in html  # and the page says the files must be chosen again
    assert not Application.objects.exists() and not ApplicationDocument.objects.exists()


@override_settings(SIGAP_ATTACHMENT_MAX_BYTES=1024)
def test_an_oversized_upload_is_refused_with_a_message(personas: Any) -> None:
    vacancy = make_vacancy(personas)
    big = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"0" * 5000, content_type="application/pdf")
    response = _client().post(_apply_url(vacancy), form_data(doc_CV=big))
    html = response.content.decode()
    assert response.status_code == 200 and "The file is too large" in html and NAME_CANARY in html
    assert not Application.objects.exists()


def test_a_missing_required_document_or_consent_is_refused(personas: Any) -> None:
    vacancy = make_vacancy(personas)
    data = form_data()
    del data["doc_DIPLOMA"]
    del data["consent"]
    html = _client().post(_apply_url(vacancy), data).content.decode()
    assert "Please attach this document." in html and "tick the box to agree" in html
    assert not Application.objects.exists()


def test_the_honeypot_stores_nothing_and_looks_normal(personas: Any) -> None:
    vacancy = make_vacancy(personas)
    client = _client()
    response = client.post(_apply_url(vacancy), form_data(website="http://spam.example"))
    assert response.status_code == 303
    assert _reference(client.get(reverse("rekrutmen:thanks")).content.decode()) is not None
    assert not Application.objects.exists()


def test_flooding_gets_429_not_500(personas: Any) -> None:
    vacancy = make_vacancy(personas)
    client = _client(REMOTE_ADDR="203.0.113.40")
    answers = [client.post(_apply_url(vacancy), form_data(email=f"a{i}@example.test")).status_code for i in range(7)]
    assert answers == [303] * 5 + [429, 429]
    assert Application.objects.count() == 5
    assert _client(REMOTE_ADDR="203.0.113.41").post(_apply_url(vacancy), form_data()).status_code == 303
    status = _client(REMOTE_ADDR="203.0.113.42")
    codes = [
        status.post(reverse("rekrutmen:status"), {"reference": "RK-AAAA-AAAA", "email": "x@y.z"}).status_code
        for _ in range(21)
    ]
    assert codes[-1] == 429 and 500 not in codes


def test_the_status_needs_both_reference_and_email_and_answers_alike(personas: Any) -> None:
    application = make_application(make_vacancy(personas))
    client = _client()
    right = client.post(
        reverse("rekrutmen:status"), {"reference": application.reference.lower(), "email": EMAIL_CANARY.upper()}
    )
    assert 'id="application-state"' in right.content.decode()
    assert "waiting for the administrative check" in right.content.decode()
    wrong_email = client.post(
        reverse("rekrutmen:status"), {"reference": application.reference, "email": "other@example.test"}
    )
    wrong_reference = client.post(reverse("rekrutmen:status"), {"reference": "RK-ZZZZ-ZZZZ", "email": EMAIL_CANARY})
    for response in (wrong_email, wrong_reference):
        html = response.content.decode()
        assert 'id="application-not-found"' in html and 'id="application-state"' not in html
    # Nothing typed is shown again.
    assert application.reference not in wrong_email.content.decode()
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", wrong_email.content.decode()) == strip.sub("", wrong_reference.content.decode())


TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["", "0", "-1", "9" * 300, "P", "L", "STRPK", "x", "on", "\x00", "<b>", "2026-13-40", "1900-01-01"]
    ),
)
FIELDS = [
    "full_name",
    "email",
    "phone",
    "sex",
    "birth_date",
    "education",
    "credential_kind",
    "credential_number",
    "credential_valid_from",
    "credential_valid_until",
    "consent",
]
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(values=st.fixed_dictionaries({name: TEXT for name in FIELDS}), content=st.binary(max_size=200))
def test_no_input_to_the_public_form_gives_a_500(personas: Any, values: dict[str, str], content: bytes) -> None:
    RateLimitCounter.objects.all().delete()
    vacancy = _fuzz_vacancy(personas)
    data = {**form_data(), **values, "doc_CV": SimpleUploadedFile("f.pdf", content), "doc_DIPLOMA": pdf()}
    response = _client().post(_apply_url(vacancy), data)
    assert response.status_code in (200, 303)
    status = _client().post(reverse("rekrutmen:status"), {"reference": values["full_name"], "email": values["email"]})
    assert status.status_code == 200


def _fuzz_vacancy(p: Any) -> Any:
    from sigap.recruitment.models import Vacancy

    return Vacancy.objects.first() or make_vacancy(p)


def test_the_same_form_sent_twice_makes_one_application(personas: Any) -> None:
    vacancy = make_vacancy(personas)
    client = _client()
    page = client.get(_apply_url(vacancy)).content.decode()
    token = re.search(r'name="submit_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    first = client.post(_apply_url(vacancy), form_data(submit_token=token))
    reference = _reference(client.get(reverse("rekrutmen:thanks")).content.decode())
    second = client.post(_apply_url(vacancy), form_data(submit_token=token))
    assert first.status_code == second.status_code == 303
    assert _reference(client.get(reverse("rekrutmen:thanks")).content.decode()) == reference
    assert Application.objects.count() == 1 and ApplicationDocument.objects.count() == 2
