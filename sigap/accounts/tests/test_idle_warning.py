"""The idle warning (issue #21): the page knows when the session ends idle, and "Continue" (or typing)
restarts the idle clock through a small authenticated endpoint. The browser side is tested in
tests/e2e/test_kept_draft_journey.py."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sigap.accounts.tests.auth_helpers import full_login

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


def test_a_staff_page_carries_the_idle_warning(personas: Any) -> None:
    page = personas.client("case_manager").get(reverse("core:home")).content.decode()
    dialog = re.search(r"<dialog id=\"session-warning\"[^>]*>", page)
    assert dialog, "no idle warning on the page"
    tag = dialog.group(0)
    assert 'role="alertdialog"' in tag and 'aria-labelledby="session-warning-title"' in tag
    assert 'data-idle-seconds="900"' in tag and 'data-warn-seconds="120"' in tag
    assert f'data-ping-url="{reverse("accounts:session_ping")}"' in tag
    assert 'id="session-continue"' in page and "sigap/session.js" in page


def test_the_login_page_has_no_idle_warning(db: None) -> None:
    assert b"session-warning" not in Client().get(reverse("accounts:login")).content


def test_continue_restarts_the_idle_clock(personas: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        full_login(client, "case_manager")
        for _ in range(3):
            clock.shift(timedelta(minutes=14))
            response = client.post(reverse("accounts:session_ping"))
            assert response.status_code == 200 and response.json() == {"idle_seconds": 900}
        clock.shift(timedelta(minutes=16))
        ended = client.post(reverse("accounts:session_ping"))
        assert ended.status_code == 302 and ended["Location"].startswith(reverse("accounts:login"))


def test_the_restored_notice_is_in_indonesian() -> None:
    with translation.override("id"):
        text = translation.gettext("The text you typed before your session ended was restored. Check it, then save.")
    assert text == "Teks yang Anda ketik sebelum sesi berakhir dipulihkan. Periksa lalu simpan."


def test_the_second_factor_page_has_no_idle_warning(personas: Any) -> None:
    from sigap.accounts.tests.auth_helpers import post_login

    client = Client()
    assert post_login(client, "case_manager").status_code == 302
    page = client.get(reverse("accounts:mfa_verify"))
    assert page.status_code == 200 and b"session-warning" not in page.content
