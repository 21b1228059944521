"""Journey on a phone (issue #13): an applicant finds a vacancy on /rekrutmen/, sends a form with a wrong file
(the message, the typed fields kept, the files to choose again), sends it right, notes the reference number,
and follows the application on the status page; a wrong e-mail tells nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sigap.recruitment.models import Application
from sigap.recruitment.tests.factories import PDF, make_vacancy
from tests.e2e.steps import phone_page

pytestmark = pytest.mark.browser

NAME = "Contoh Pelamar (data fiktif untuk uji)"
EMAIL = "pelamar.uji@example.test"


@pytest.fixture
def phone(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    page, outside, problems = phone_page(browser, live_server.url)
    try:
        yield page
    finally:
        page.context.close()
    assert problems == [] and outside == []


def _files(tmp_path: Path) -> dict[str, Path]:
    paths = {"cv": tmp_path / "cv.pdf", "ijazah": tmp_path / "ijazah.pdf", "bad": tmp_path / "foto.pdf"}
    paths["cv"].write_bytes(PDF)
    paths["ijazah"].write_bytes(PDF)
    paths["bad"].write_bytes(b"<html>not a pdf</html>")
    return paths


def test_an_applicant_applies_on_rekrutmen_and_follows_the_status(
    phone: Any, live_server: Any, personas: Any, artifacts: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    vacancy = make_vacancy(personas)
    files = _files(tmp_path)
    phone.goto(reverse("rekrutmen:vacancy_list"))
    expect(phone.locator("h1")).to_contain_text("Rekrutmen terbuka")
    phone.screenshot(path=str(artifacts / "rekrutmen-00-list-phone.png"), full_page=True)
    phone.click(f"a[href='{reverse('rekrutmen:vacancy', kwargs={'vacancy_id': vacancy.pk})}']")
    expect(phone.locator("#privacy-notice")).to_be_visible()
    phone.fill("#id_full_name", NAME)
    phone.fill("#id_email", EMAIL)
    phone.fill("#id_phone", "0812 3456 7890")
    phone.check("input[name=sex][value=P]")
    phone.set_input_files("#id_doc_CV", str(files["bad"]))
    phone.set_input_files("#id_doc_DIPLOMA", str(files["ijazah"]))
    phone.check("#id_consent")
    phone.click("#application-form button[type=submit]")
    # The wrong file: a message at the top and under the field, the typed fields kept, files to choose again.
    expect(phone.locator("#form-error")).to_be_visible()
    expect(phone.locator("#files-again")).to_be_visible()
    expect(phone.locator("#id_full_name")).to_have_value(NAME)
    phone.screenshot(path=str(artifacts / "rekrutmen-01-wrong-file-phone.png"), full_page=True)
    assert not Application.objects.exists()
    phone.set_input_files("#id_doc_CV", str(files["cv"]))
    phone.set_input_files("#id_doc_DIPLOMA", str(files["ijazah"]))
    phone.check("#id_consent")
    phone.click("#application-form button[type=submit]")
    expect(phone.locator("#reference")).to_have_text(re.compile(r"^RK-[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    reference = phone.locator("#reference").inner_text()
    assert reference not in phone.url
    phone.screenshot(path=str(artifacts / "rekrutmen-02-reference-phone.png"), full_page=True)
    assert Application.objects.get().reference == reference

    phone.click(f"a[href='{reverse('rekrutmen:status')}']")
    phone.fill("#id_reference", reference)
    phone.fill("#id_email", "orang.lain@example.test")
    phone.click("#status-form button[type=submit]")
    expect(phone.locator("#application-not-found")).to_be_visible()
    phone.fill("#id_reference", reference.lower())
    phone.fill("#id_email", EMAIL)
    phone.click("#status-form button[type=submit]")
    expect(phone.locator("#application-state")).to_have_text("Diterima, menunggu seleksi administrasi")
    phone.screenshot(path=str(artifacts / "rekrutmen-03-status-phone.png"), full_page=True)
