"""Applicants' data: encrypted at rest, out of the audit trail and the logs, classified, and anonymised by the
scheduler after the unit's retention period (issue #13; security.md DATA-01, DATA-02, PRIV-03)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from sigap.audit.models import AuditAction, AuditEvent
from sigap.core.classification import problems
from sigap.core.files.store import attachment_storage
from sigap.recruitment.models import Application, ApplicationDocument, RecruitmentSettings
from sigap.recruitment.selectors import get_vacancy_for_user
from sigap.recruitment.services.selection import application_check, score_record
from sigap.recruitment.tests.factories import (
    EMAIL_CANARY,
    NAME_CANARY,
    NUMBER_CANARY,
    PHONE_CANARY,
    make_application,
    make_vacancy,
)
from sigap.work.scheduler import work_items_tick

CANARIES = [NAME_CANARY, "Canaryapplicant", EMAIL_CANARY, "canary.applicant", PHONE_CANARY, "99887766", NUMBER_CANARY]


def _raw() -> str:
    rows: list[Any] = []
    with connection.cursor() as cursor:
        for table in ("recruitment_application", "recruitment_applicationdocument", "recruitment_score"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            rows += cursor.fetchall()
        cursor.execute("SELECT changed_fields, old_values, new_values, reason FROM audit_auditevent")
        rows += cursor.fetchall()
    return repr(rows)


def test_nothing_identifying_is_stored_in_plaintext_nor_audited(personas: Any, caplog: Any) -> None:
    vacancy = make_vacancy(personas)
    application = make_application(vacancy)
    access = get_vacancy_for_user(personas["head"], vacancy.pk)
    application_check(actor=personas["head"], access=access, application=application, met={0, 1}, note=NAME_CANARY)
    score_record(
        actor=personas["head"],
        access=access,
        application=application,
        test_score=70,
        interview_score=None,
        note=NAME_CANARY,
    )
    raw = _raw()
    for canary in CANARIES:
        assert canary not in raw, canary
        assert canary not in caplog.text, canary
    stored = Application.objects.get()
    assert (
        stored.full_name == NAME_CANARY and stored.email == EMAIL_CANARY and stored.credential_number == NUMBER_CANARY
    )


def test_every_field_is_classified() -> None:
    assert [p for p in problems() if p.startswith("recruitment.")] == []


def _at(day: dt.date, hour: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def test_the_scheduler_anonymises_applications_after_the_retention_period(
    personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    vacancy = make_vacancy(personas)
    application = make_application(vacancy)
    names = list(ApplicationDocument.objects.values_list("storage_name", flat=True))
    assert names and all(attachment_storage().exists(name) for name in names)
    last_day = vacancy.closes_on + dt.timedelta(days=365)
    # On the last day of the period nothing happens; the tick of the next hour after it does.
    work_items_tick(now=_at(last_day))
    application.refresh_from_db()
    assert application.anonymised_at is None and application.full_name == NAME_CANARY
    with django_capture_on_commit_callbacks(execute=True):
        result = work_items_tick(now=_at(last_day + dt.timedelta(days=1)))
    application.refresh_from_db()
    assert result.hourly >= 1
    assert application.anonymised_at is not None
    assert (application.full_name, application.email, application.phone, application.credential_number) == (
        "",
        "",
        "",
        "",
    )
    assert not ApplicationDocument.objects.exists()
    assert not any(attachment_storage().exists(name) for name in names)  # the files are gone too
    event = AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(application.pk)).get()
    assert event.actor_id is None and event.reason == "retention"
    # Running again changes nothing.
    assert work_items_tick(now=_at(last_day + dt.timedelta(days=1), hour=1)).hourly == 0


def test_the_units_retention_period_is_used(personas: Any) -> None:
    RecruitmentSettings.objects.create(unit=personas.kukar, retention_days=30)
    vacancy = make_vacancy(personas)
    application = make_application(vacancy)
    work_items_tick(now=_at(vacancy.closes_on + dt.timedelta(days=31)))
    application.refresh_from_db()
    assert application.anonymised_at is not None
    other = make_application(make_vacancy(personas, post="Later"), email="later@example.test")
    work_items_tick(now=_at(timezone.localdate() + dt.timedelta(days=2)))
    other.refresh_from_db()
    assert other.anonymised_at is None


def test_the_head_sets_the_retention_period_and_the_privacy_notice_states_it(personas: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    head = personas.client("head")
    assert head.post(reverse("recruitment:recruitment_settings"), {"retention_days": "10"}).status_code == 200
    assert not RecruitmentSettings.objects.exists()
    assert head.post(reverse("recruitment:recruitment_settings"), {"retention_days": "90"}).status_code == 302
    assert RecruitmentSettings.objects.get(unit=personas.kukar).retention_days == 90
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, changed_fields=["retention_days"])
    assert (event.old_values, event.new_values) == ({"retention_days": 365}, {"retention_days": 90})
    vacancy = make_vacancy(personas)
    page = Client().get(reverse("rekrutmen:vacancy", kwargs={"vacancy_id": vacancy.pk})).content.decode()
    assert "90 hari" in page


def test_the_audit_pages_name_an_application_by_its_reference(personas: Any) -> None:
    from sigap.audit.naming import object_name

    application = make_application(make_vacancy(personas))
    name = object_name("recruitment.application", str(application.pk))
    assert application.reference in name and NAME_CANARY not in name
