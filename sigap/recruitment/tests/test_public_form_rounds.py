"""Walk #13, findings 3, 4 and 9: the public application form in one round, a limit that counts sent applications
only (and a higher one on every POST, against flooding), and a privacy notice that gives the unit's address."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from sigap.recruitment.models import Application
from sigap.recruitment.tests.factories import form_data, make_vacancy, pdf


def _client(ip: str) -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.cookies["sigap_language"] = "en"
    return client


def _url(vacancy: Any) -> str:
    return reverse("rekrutmen:vacancy", kwargs={"vacancy_id": vacancy.pk})


def _exe() -> SimpleUploadedFile:
    return SimpleUploadedFile("cv.exe", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/octet-stream")


def _fake_pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("ijazah.pdf", b"this is not a pdf at all", content_type="application/pdf")


@override_settings(SIGAP_ATTACHMENT_MAX_BYTES=1024)
def test_every_problem_is_listed_in_one_round_files_included(personas: Any) -> None:
    vacancy = make_vacancy(personas, documents_required=["CV", "DIPLOMA", "LICENCE"])
    huge = SimpleUploadedFile("str.pdf", b"%PDF-1.4\n" + b"x" * 4096, content_type="application/pdf")
    response = _client("203.0.113.60").post(
        _url(vacancy),
        form_data(
            email="not-an-email", doc_CV=_exe(), doc_DIPLOMA=_fake_pdf(), doc_LICENCE=huge, full_name="Rina Typed"
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"email", "doc_CV", "doc_DIPLOMA", "doc_LICENCE"}
    assert "not accepted" in errors["doc_CV"][0] and "not accepted" in errors["doc_DIPLOMA"][0]
    assert "too large" in errors["doc_LICENCE"][0]
    html = response.content.decode()
    assert 'value="Rina Typed"' in html  # what was typed is kept
    assert html.count("Choose this file again.") == 4  # next to each file field
    assert not Application.objects.exists()


def test_refused_attempts_do_not_use_up_the_limit_but_a_flood_is_stopped(personas: Any) -> None:
    vacancy = make_vacancy(personas)
    client = _client("203.0.113.61")
    for _ in range(6):  # honest mistakes: wrong files, a bad e-mail
        assert client.post(_url(vacancy), form_data(doc_CV=_exe(), email="x")).status_code == 200
    answers = [client.post(_url(vacancy), form_data(email=f"a{i}@example.test")).status_code for i in range(5)]
    assert answers == [303] * 5
    # Over the limit of sent applications: the form comes back with everything typed and the reason.
    over = client.post(_url(vacancy), form_data(email="late@example.test", full_name="Dedi Typed"))
    assert over.status_code == 429
    html = over.content.decode()
    assert "Too many applications" in html and 'value="Dedi Typed"' in html
    assert Application.objects.count() == 5

    flood = _client("203.0.113.62")
    codes = [flood.post(_url(vacancy), {"full_name": "x"}).status_code for _ in range(41)]
    assert codes[:40] == [200] * 40 and codes[40] == 429
    assert flood.post(_url(vacancy), form_data(doc_CV=pdf())).status_code == 429  # even a good one, that hour


def test_the_privacy_notice_gives_the_units_address(personas: Any) -> None:
    unit = personas.kukar
    unit.address, unit.phone, unit.email = "Jl. Contoh No. 1, Tenggarong", "0541-000000", "uptdppa@contoh.go.id"
    unit.save(update_fields=["address", "phone", "email"])
    html = _client("203.0.113.63").get(_url(make_vacancy(personas))).content.decode()
    contact = html[html.index('id="unit-contact"') :]
    assert "Jl. Contoh No. 1, Tenggarong" in contact and "uptdppa@contoh.go.id" in contact and "0541-000000" in contact
