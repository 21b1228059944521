"""System checks of the encryption keys (sigap.E001…E007) and the production start-up guard."""

from __future__ import annotations

import base64
import secrets

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from sigap.core.checks import check_encryption_keys, key_errors
from sigap.core.crypto.keys import DEVELOPMENT_DATA_KEYS, DEVELOPMENT_INDEX_KEY

SECRET = "a-long-random-secret-key-for-django-" + "z" * 20


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def ids(**overrides: object) -> list[str]:
    values: dict[str, object] = {
        "data_raw": f"k2:{new_key()},k1:{new_key()}",
        "index_raw": new_key(),
        "previous_raw": "",
        "secret_keys": [SECRET],
        "production": True,
    }
    values.update(overrides)
    return [e.id for e in key_errors(**values)]  # type: ignore[arg-type]


def test_good_keys_pass() -> None:
    assert ids() == []
    assert ids(previous_raw=new_key()) == []


def test_missing_keys_stop_production_only() -> None:
    assert ids(data_raw="", index_raw="") == ["sigap.E001", "sigap.E003"]
    assert ids(data_raw="", index_raw="", production=False) == []


@pytest.mark.parametrize(
    ("data_raw", "index_raw", "expected"),
    [
        ("k1:" + base64.urlsafe_b64encode(b"sixteen-bytes!!!").decode(), None, ["sigap.E002"]),
        ("k1 " + "A" * 43, None, ["sigap.E002"]),
        (None, "not base64 at all ***", ["sigap.E004"]),
        (None, base64.urlsafe_b64encode(b"x" * 31).decode(), ["sigap.E004"]),
    ],
)
def test_malformed_keys_are_errors_everywhere(data_raw: str | None, index_raw: str | None, expected: list[str]) -> None:
    overrides: dict[str, object] = {}
    if data_raw is not None:
        overrides["data_raw"] = data_raw
    if index_raw is not None:
        overrides["index_raw"] = index_raw
    assert ids(**overrides) == expected
    assert ids(production=False, **overrides) == expected


def test_keys_must_not_be_shared() -> None:
    shared = new_key()
    assert ids(data_raw=f"k1:{shared}", index_raw=shared) == ["sigap.E005"]
    assert ids(data_raw=f"k1:{shared}", secret_keys=[shared]) == ["sigap.E005"]
    assert ids(index_raw=shared, secret_keys=["old", shared]) == ["sigap.E005"]


def test_weak_and_published_keys_stop_production() -> None:
    zeros = base64.urlsafe_b64encode(bytes(32)).decode()
    assert ids(data_raw=f"k1:{zeros}") == ["sigap.E006"]
    assert ids(index_raw=zeros) == ["sigap.E006"]
    assert ids(data_raw=DEVELOPMENT_DATA_KEYS, index_raw=DEVELOPMENT_INDEX_KEY) == ["sigap.E006", "sigap.E006"]
    assert ids(data_raw=DEVELOPMENT_DATA_KEYS, index_raw=DEVELOPMENT_INDEX_KEY, production=False) == []


def test_the_previous_index_key_is_checked() -> None:
    index = new_key()
    assert ids(index_raw=index, previous_raw=index) == ["sigap.E007"]
    assert ids(previous_raw="bad!") == ["sigap.E007"]


def test_messages_never_contain_key_material() -> None:
    key = new_key()
    short = base64.urlsafe_b64encode(secrets.token_bytes(20)).decode()
    messages = key_errors(
        data_raw=f"k1:{short}",
        index_raw=key,
        previous_raw=key,
        secret_keys=[key],
        production=True,
    )
    assert messages
    for message in messages:
        assert key not in f"{message.msg} {message.hint}" and short not in f"{message.msg} {message.hint}"


def test_the_registered_check_reads_settings() -> None:
    with override_settings(SIGAP_ENV="production", SIGAP_DATA_KEYS="", SIGAP_INDEX_KEY=""):
        assert [e.id for e in check_encryption_keys()] == ["sigap.E001", "sigap.E003"]
    with override_settings(SIGAP_DATA_KEYS=f"k1:{new_key()}", SIGAP_INDEX_KEY=new_key()):
        assert check_encryption_keys() == []


def test_production_refuses_to_start_with_missing_keys() -> None:
    config = apps.get_app_config("core")
    missing = override_settings(PRODUCTION=True, SIGAP_ENV="production", SIGAP_DATA_KEYS="", SIGAP_INDEX_KEY="")
    with missing, pytest.raises(ImproperlyConfigured, match="sigap.E001"):
        config.ready()
    with override_settings(
        PRODUCTION=True, SIGAP_ENV="production", SIGAP_DATA_KEYS=f"k1:{new_key()}", SIGAP_INDEX_KEY=new_key()
    ):
        config.ready()
