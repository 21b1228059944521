"""The data-classification registry: every field classified, every sensitive field encrypted (DATA-01)."""

from __future__ import annotations

import pytest

from sigap.accounts.models import User
from sigap.core import classification
from sigap.core.classification import Level, is_personal, level_of, plaintext, plaintext_exceptions, problems
from tests.testapp import classification as testapp_classification
from tests.testapp.models import SecretPerson


def test_every_field_is_classified_and_every_sensitive_field_is_encrypted() -> None:
    found = problems()
    assert found == [], "Data classification gaps (see sigap/core/classification.py):\n" + "\n".join(found)


def test_every_plaintext_exception_has_a_reason() -> None:
    exceptions = plaintext_exceptions()
    assert "accounts.User.full_name" in exceptions and "accounts.User.username" in exceptions
    assert all(len(reason) > 20 for reason in exceptions.values())


def test_it_answers_levels_and_fails_closed_on_unknown_fields() -> None:
    assert level_of(SecretPerson, "nik") == Level.PERSONAL
    assert level_of(SecretPerson, "details") == Level.SPECIFIC
    assert level_of(User, "full_name") == Level.PERSONAL
    assert level_of(User, "is_active") == Level.INTERNAL
    assert is_personal(SecretPerson, "name") and not is_personal(SecretPerson, "created_at")
    assert level_of(SecretPerson, "no_such_field") == Level.SPECIFIC


@pytest.fixture
def entries(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, classification.Entry]]:
    """A private copy of the test app's classification that a test may break."""
    copy = {model: dict(fields) for model, fields in testapp_classification.CLASSIFICATION.items()}
    monkeypatch.setattr(testapp_classification, "CLASSIFICATION", copy)
    return copy


def _testapp_problems() -> list[str]:
    """Problems of the test app only: other apps may be mid-work when these mechanism tests run."""
    return [line for line in problems() if line.startswith("testapp.")]


def test_it_reports_an_unclassified_field(entries: dict[str, dict[str, classification.Entry]]) -> None:
    del entries["SecretPerson"]["address"]
    assert _testapp_problems() == ["testapp.SecretPerson.address: not classified."]


def test_it_reports_a_personal_field_that_is_not_encrypted(entries: dict[str, dict[str, classification.Entry]]) -> None:
    entries["SecretPerson"]["label"] = Level.PERSONAL
    assert _testapp_problems() == [
        "testapp.SecretPerson.label: personal but not encrypted (encrypt it or justify with plaintext())."
    ]
    entries["SecretPerson"]["label"] = plaintext(Level.PERSONAL, "A justified exception for the test.")
    assert _testapp_problems() == []


def test_it_reports_misused_exceptions_and_stale_entries(entries: dict[str, dict[str, classification.Entry]]) -> None:
    entries["SecretPerson"]["nik"] = plaintext(Level.PERSONAL, "")
    entries["SecretPerson"]["created_at"] = plaintext(Level.INTERNAL, "Not sensitive at all, so no exception.")
    entries["SecretPerson"]["gone"] = Level.PUBLIC
    entries["Removed"] = {"id": Level.INTERNAL}
    assert _testapp_problems() == [
        "testapp.SecretPerson.nik: a plaintext exception needs a reason.",
        "testapp.SecretPerson.nik: marked plaintext but is encrypted; drop plaintext().",
        "testapp.SecretPerson.created_at: plaintext() is only for personal or specific fields.",
        "testapp.SecretPerson.gone: classified but no such field.",
        "testapp.Removed: classified but no such model.",
    ]


def test_it_requires_third_party_models_to_be_classified(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(classification, "THIRD_PARTY", {**classification.THIRD_PARTY})
    del classification.THIRD_PARTY["sessions.Session"]
    assert "sessions.Session: third-party model not classified in THIRD_PARTY." in problems()
