"""Profile and credential services: who may write, what is refused, the audit events, no number leaks."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from conftest import make_user
from sigap.accounts.models import Membership, Role
from sigap.audit.models import AuditEvent
from sigap.core.logging import JsonFormatter, RequestIdFilter
from sigap.experts.licensing import unit_today
from sigap.experts.models import Credential, CredentialKind, ExpertProfile, Profession
from sigap.experts.services import credential_add, credential_end, expert_profile_save
from sigap.experts.tests.factories import CANARY_NUMBER, credential, profile


def _events(obj: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(obj.pk), object_type=obj._meta.label_lower).order_by("pk"))


@pytest.fixture
def captured_log() -> Iterator[io.StringIO]:
    """Everything any logger writes, formatted as the production JSON handler does."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.setLevel(logging.DEBUG)
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in ("django", "django.request", "sigap"))]
    previous = [(lg, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        for lg, level in previous:
            lg.removeHandler(handler)
            lg.setLevel(level)


def test_the_head_and_the_unit_admin_record_a_profile_with_its_event(personas: Any) -> None:
    expert = profile(personas, personas["expert"], profession=Profession.LEGAL_COUNSELLOR, sex="L")
    assert (expert.unit, expert.profession, expert.sex, expert.available) == (
        personas.kukar,
        "LEGAL_COUNSELLOR",
        "L",
        True,
    )
    [created] = _events(expert)
    assert created.action == "CREATE" and created.actor == personas["head"]
    assert created.new_values["profession"] == "LEGAL_COUNSELLOR"
    # The expert's sex and the notes are personal: named, never valued.
    assert "sex" in created.changed_fields and "sex" not in created.new_values
    changed = expert_profile_save(
        actor=personas["admin"],
        user=personas["expert"],
        profession=Profession.LEGAL_COUNSELLOR,
        sex="L",
        available=False,
        notes="  Hanya   hari Senin ",
    )
    assert changed.pk == expert.pk and not changed.available and changed.notes == "Hanya hari Senin"
    updated = _events(expert)[-1]
    assert updated.action == "UPDATE" and updated.actor == personas["admin"]
    assert sorted(updated.changed_fields) == ["available", "notes"]
    assert updated.old_values == {"available": True} and updated.new_values == {"available": False}


def test_saving_the_same_profile_again_writes_nothing(personas: Any) -> None:
    expert = profile(personas, personas["expert"])
    before = AuditEvent.objects.count()
    again = profile(personas, personas["expert"])
    assert again.pk == expert.pk and AuditEvent.objects.count() == before


@pytest.mark.parametrize("actor", ["case_manager", "expert", "intake", "auditor", "other_head", "data_officer"])
def test_only_the_head_and_unit_admin_write(personas: Any, actor: str) -> None:
    with pytest.raises(ValidationError):
        profile(personas, personas["expert"], actor=actor)
    expert = profile(personas, personas["expert"])
    with pytest.raises(ValidationError):
        credential(personas, expert, CredentialKind.STRPK, actor=actor)
    paralegal = credential(personas, expert, CredentialKind.SERTIFIKAT_PARALEGAL)
    with pytest.raises(ValidationError):
        credential_end(actor=personas[actor], credential=paralegal, reason="REVOKED")


def test_only_an_active_expert_of_the_unit_gets_a_profile(personas: Any) -> None:
    for name in ("case_manager", "head", "inactive"):
        with pytest.raises(ValidationError):
            profile(personas, personas[name])
    samarinda_expert = make_user("samarinda_expert", personas.samarinda, Role.EXPERT)
    with pytest.raises(ValidationError):
        profile(personas, samarinda_expert)
    assert not ExpertProfile.objects.exists()


def test_a_former_expert_keeps_an_editable_profile_and_a_moved_expert_brings_it(personas: Any) -> None:
    user = personas["expert"]
    expert = profile(personas, user)
    Membership.objects.filter(user=user).update(is_active=False)
    # Still the old unit's profile: it may be marked unavailable.
    profile(personas, user, available=False)
    Membership.objects.create(user=user, unit=personas.samarinda, role=Role.EXPERT)
    user.__dict__.pop("_active_membership", None)
    # The new unit records the profile again: it moves there with its credentials; Kukar no longer writes it.
    moved = expert_profile_save(actor=personas["other_head"], user=user, profession="CLINICAL_PSYCHOLOGIST", sex="P")
    assert moved.pk == expert.pk and moved.unit == personas.samarinda
    assert _events(expert)[-1].new_values["unit"] == personas.samarinda.pk
    with pytest.raises(ValidationError):
        profile(personas, user, available=True)


def test_the_old_unit_cannot_change_a_moved_experts_profile_or_credentials(personas: Any) -> None:
    user = personas["expert"]
    expert = profile(personas, user)
    strpk = credential(personas, expert, CredentialKind.STRPK)
    Membership.objects.filter(user=user).update(is_active=False)
    Membership.objects.create(user=user, unit=personas.samarinda, role=Role.EXPERT)
    user.__dict__.pop("_active_membership", None)
    # The profile still names Kukar (Samarinda has not saved it yet), yet Kukar may no longer write it.
    with pytest.raises(ValidationError):
        profile(personas, user, available=False)
    with pytest.raises(ValidationError):
        credential(personas, expert, CredentialKind.SIPPK)
    with pytest.raises(ValidationError):
        credential_end(actor=personas["head"], credential=strpk, reason="REVOKED")
    # The unit they work in now may, before and after it saves the profile.
    credential(personas, expert, CredentialKind.SIPPK, actor="other_head")
    assert expert_profile_save(actor=personas["other_head"], user=user, profession="CLINICAL_PSYCHOLOGIST", sex="P")


@pytest.mark.parametrize(
    ("field", "value"),
    [("profession", "JANITOR"), ("sex", "X"), ("sex", ""), ("notes", "x" * 301)],
)
def test_profile_values_are_checked(personas: Any, field: str, value: str) -> None:
    values: dict[str, Any] = {"profession": "CLINICAL_PSYCHOLOGIST", "sex": "P", "notes": ""}
    values[field] = value
    with pytest.raises(ValidationError):
        expert_profile_save(actor=personas["head"], user=personas["expert"], **values)


def test_a_credential_is_recorded_with_its_event_and_without_its_number(
    personas: Any, captured_log: io.StringIO
) -> None:
    expert = profile(personas, personas["expert"])
    strpk = credential(personas, expert, CredentialKind.STRPK, number=f"  {CANARY_NUMBER} ")
    assert strpk.number == CANARY_NUMBER and strpk.recorded_by == personas["head"]
    [created] = _events(strpk)
    assert created.action == "CREATE" and created.unit == personas.kukar
    assert created.new_values["kind"] == "STRPK" and created.new_values["issuer"] == "Konsil Contoh"
    assert "number" in created.changed_fields and "number" not in created.new_values
    ended = credential_end(actor=personas["admin"], credential=strpk, reason="RENEWED")
    assert ended.ended_by == personas["admin"] and ended.end_reason == "RENEWED"
    last = _events(strpk)[-1]
    assert last.action == "UPDATE" and last.new_values["end_reason"] == "RENEWED"
    # Nowhere in the trail, the logs or the raw table: the number is stored encrypted.
    trail = repr(list(AuditEvent.objects.values_list("changed_fields", "old_values", "new_values", "reason")))
    assert CANARY_NUMBER not in trail
    assert "CANARYNUM" not in captured_log.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM experts_credential")
        assert all("CANARYNUM" not in row[0] for row in cursor.fetchall())


def test_a_credential_is_ended_once_and_never_deleted(personas: Any) -> None:
    expert = profile(personas, personas["expert"])
    sipp = credential(personas, expert, CredentialKind.SIPP_HIMPSI)
    with pytest.raises(ValidationError):
        credential_end(actor=personas["head"], credential=sipp, reason="BECAUSE")
    credential_end(actor=personas["head"], credential=sipp, reason="REVOKED")
    with pytest.raises(ValidationError):
        credential_end(actor=personas["head"], credential=sipp, reason="OTHER")
    assert Credential.objects.filter(pk=sipp.pk).exists()


def test_credential_values_are_checked(personas: Any) -> None:
    expert = profile(personas, personas["expert"])
    today = unit_today(personas.kukar)
    good: dict[str, Any] = {
        "kind": "STRPK",
        "number": "N-1",
        "issuer": "KKI",
        "valid_from": today,
        "valid_until": today + dt.timedelta(days=10),
    }
    bad_values = [
        {"kind": "DIPLOMA"},
        {"number": "   "},
        {"number": "9" * 101},
        {"issuer": ""},
        {"issuer": "x" * 201},
        {"valid_from": dt.date(1900, 1, 1)},
        {"valid_from": today + dt.timedelta(days=400)},
        {"valid_until": today - dt.timedelta(days=1)},
        {"valid_until": dt.date(2200, 1, 1)},
    ]
    for bad in bad_values:
        with pytest.raises(ValidationError):
            credential_add(actor=personas["head"], profile=expert, **{**good, **bad})
    assert not Credential.objects.exists()
    credential_add(actor=personas["head"], profile=expert, **good)


def test_another_units_profile_cannot_be_written(personas: Any) -> None:
    expert = profile(personas, personas["expert"])
    strpk = credential(personas, expert, CredentialKind.STRPK)
    with pytest.raises(ValidationError):
        credential(personas, expert, CredentialKind.SIPPK, actor="other_head")
    with pytest.raises(ValidationError):
        credential_end(actor=personas["other_head"], credential=strpk, reason="REVOKED")
