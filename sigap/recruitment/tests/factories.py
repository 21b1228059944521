"""Builders of recruitment tests: vacancies and applications made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sigap.recruitment.models import Application, Vacancy, VacancyState
from sigap.recruitment.services.apply import ApplicationData, application_submit
from sigap.recruitment.services.vacancy import vacancy_save

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NAME_CANARY = "Canaryapplicant Qzxwv"
EMAIL_CANARY = "canary.applicant.qzxwv@example.test"
PHONE_CANARY = "0812 9988 7766"
NUMBER_CANARY = "STRPK-CANARY-55123"
REQUIREMENTS = ["Magister profesi psikologi klinis", "STRPK yang masih berlaku"]


def pdf(name: str = "cv.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_vacancy(p: Any, *, panel: list[str] | None = None, **overrides: Any) -> Vacancy:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "post": "Psikolog klinis",
        "profession": "CLINICAL_PSYCHOLOGIST",
        "description": "Pendampingan psikologis korban.",
        "requirements": REQUIREMENTS,
        "documents_required": ["CV", "DIPLOMA"],
        "posts": 1,
        "fiscal_year": today.year,
        "published_on": today - dt.timedelta(days=3),
        "closes_on": today + dt.timedelta(days=10),
        "state": VacancyState.PUBLISHED,
        "panel": [p[name] for name in (panel if panel is not None else ["head", "case_manager"])],
    }
    values.update(overrides)
    return vacancy_save(actor=p["head"], **values)


def make_application(
    vacancy: Vacancy, *, email: str = EMAIL_CANARY, name: str = NAME_CANARY, certificate: bool = False
) -> Application:
    data = ApplicationData(
        full_name=name,
        email=email,
        phone=PHONE_CANARY,
        sex="P",
        birth_date=dt.date(1990, 8, 17),
        education="S2 Profesi Psikologi Klinis",
        credential_kind="STRPK",
        credential_number=NUMBER_CANARY,
        credential_issuer="KKI",
        credential_valid_from=dt.date(2024, 1, 1),
        credential_valid_until=dt.date(2029, 1, 1),
    )
    return application_submit(
        vacancy=vacancy,
        data=data,
        uploads={"CV": [pdf()], "DIPLOMA": [pdf("ijazah.pdf")], "LICENCE": [pdf("strpk.pdf")]}
        | ({"CERTIFICATE": [pdf("sertifikat.pdf")]} if certificate else {}),
        consent=True,
        today=timezone.localdate(),
    )


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "full_name": NAME_CANARY,
        "email": EMAIL_CANARY,
        "phone": PHONE_CANARY,
        "sex": "P",
        "birth_date": "1990-08-17",
        "education": "S2 Profesi Psikologi Klinis",
        "experience": "",
        "credential_kind": "STRPK",
        "credential_number": NUMBER_CANARY,
        "credential_issuer": "KKI",
        "credential_valid_from": "2024-01-01",
        "credential_valid_until": "2029-01-01",
        "consent": "on",
        "website": "",
        "doc_CV": pdf(),
        "doc_DIPLOMA": pdf("ijazah.pdf"),
    }
    data.update(overrides)
    return data
