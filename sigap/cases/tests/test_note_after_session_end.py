"""A note sent after the session ended (issue #21, "Nothing typed is lost").

The note is not saved; what was typed is kept server-side, encrypted, for the same user, for at most
30 minutes, and shown again in the note form of the case page after the next login. The login sends
the user back to the case page, never to the POST-only note address (it answered 405).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from sigap.accounts.models.drafts import KeptDraft
from sigap.accounts.tests.auth_helpers import fresh_code, full_login
from sigap.cases.models.people import CaseNote
from sigap.cases.tests.factories import make_case

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
NOTE = "Catatan panjang kanari: korban minta dihubungi lewat kakaknya saja"
RESTORED = 'id="draft-restored"'  # the notice (its Indonesian text: sigap/accounts/tests/test_idle_warning.py)
ORIGIN = "http://testserver"


def _urls(case: Any) -> tuple[str, str]:
    return (
        reverse("cases:case_detail", kwargs={"case_id": case.pk}),
        reverse("cases:case_note_create", kwargs={"case_id": case.pk}),
    )


def _post_note(client: Client, note_url: str, page: str | None, **extra: Any) -> Any:
    headers: dict[str, Any] = {"HTTP_ORIGIN": ORIGIN, **extra}
    if page is not None:
        headers["HTTP_REFERER"] = ORIGIN + page
    return client.post(note_url, {"body": NOTE, "confidentiality": "TEAM"}, **headers)


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == reverse("accounts:login"), location
    return parse_qs(parts.query)["next"][0]


def _login_through_pages(client: Client, login_location: str, username: str) -> str:
    """Password, then the code, as the login page's form would send them; the final redirect."""
    to_mfa = client.post(login_location, {"username": username, "password": PASSWORD, "next": _next_of(login_location)})
    assert to_mfa.status_code == 302, to_mfa.status_code
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    done = client.post(to_mfa["Location"], {"code": fresh_code(device)})
    assert done.status_code == 302, done.status_code
    return str(done["Location"])


def _note_after_the_idle_end(
    personas: Any, clock: Any, *, referer: bool = True, **extra: Any
) -> tuple[Client, str, Any]:
    """The case manager logs in, leaves the page 16 minutes, then sends her note: (browser, case page, answer)."""
    case = make_case(personas)
    page, note_url = _urls(case)
    client = Client()
    full_login(client, "case_manager")
    clock.shift(timedelta(minutes=16))
    return client, page, _post_note(client, note_url, page if referer else None, **extra)


def _strict_client(username: str) -> Client:
    """A browser that is logged in and whose POSTs are checked for CSRF like a real one."""
    client = Client()
    full_login(client, username)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    return strict


def _post_with_a_stale_token(client: Client, note_url: str, page: str) -> Any:
    """The form's CSRF token no longer matches (a login in another tab rotated it, or it was session-bound)."""
    data = {"body": NOTE, "confidentiality": "TEAM", "csrfmiddlewaretoken": "x" * 64}
    return client.post(note_url, data, HTTP_ORIGIN=ORIGIN, HTTP_REFERER=ORIGIN + page)


def test_a_note_sent_after_the_idle_end_comes_back_in_its_form_after_login(personas: Any) -> None:
    case = make_case(personas)
    page, note_url = _urls(case)
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        full_login(client, "case_manager")
        assert client.get(page).status_code == 200
        clock.shift(timedelta(minutes=16))
        response = _post_note(client, note_url, page)
        assert response.status_code == 302
        # The login page will send her back to the case page, not to the POST-only note address.
        assert _next_of(response["Location"]) == page
        assert not CaseNote.objects.exists()
        landed = _login_through_pages(client, response["Location"], "case_manager")
        assert landed == page
        shown = client.get(landed)
        assert shown.status_code == 200
        text = shown.content.decode()
        assert NOTE in text and RESTORED in text
        # Nothing is saved without her click, and the draft is shown once only.
        assert not CaseNote.objects.exists()
        assert not KeptDraft.objects.exists()
        assert NOTE not in client.get(page).content.decode()


def test_without_a_referer_the_login_still_returns_to_the_case_page_not_a_405(personas: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client, page, response = _note_after_the_idle_end(personas, clock, referer=False)
        assert _next_of(response["Location"]) == page
        landed = _login_through_pages(client, response["Location"], "case_manager")
        assert landed == page
        assert client.get(landed).status_code == 200


def test_the_kept_draft_is_encrypted_in_the_database(personas: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _note_after_the_idle_end(personas, clock)
    draft = KeptDraft.objects.get()
    assert draft.user == personas["case_manager"]
    assert draft.fields == {"body": [NOTE], "confidentiality": ["TEAM"]}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {KeptDraft._meta.db_table}")  # noqa: S608 - a fixed table name
        raw = repr(cursor.fetchall())
    assert "kanari" not in raw and "csrfmiddlewaretoken" not in raw


def test_only_the_same_user_sees_the_kept_draft(personas: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client, page, response = _note_after_the_idle_end(personas, clock)
        # Someone else logs in at the same computer (the head also reads the case).
        landed = _login_through_pages(client, response["Location"], "head")
        assert landed == page
        text = client.get(page).content.decode()
        assert NOTE not in text and RESTORED not in text
        assert KeptDraft.objects.filter(user=personas["case_manager"]).exists()


def test_a_kept_draft_is_gone_after_thirty_minutes(personas: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client, page, response = _note_after_the_idle_end(personas, clock)
        clock.shift(timedelta(minutes=31))
        landed = _login_through_pages(client, response["Location"], "case_manager")
        assert NOTE not in client.get(landed).content.decode()
        assert not KeptDraft.objects.exists()


def test_a_note_after_the_absolute_lifetime_is_kept_too(personas: Any, settings: Any) -> None:
    settings.SIGAP_SESSION_ABSOLUTE_SECONDS = 60 * 60
    case = make_case(personas)
    page, note_url = _urls(case)
    with time_machine.travel(START, tick=False) as clock:
        client = Client()
        full_login(client, "case_manager")
        for _ in range(4):
            clock.shift(timedelta(minutes=14))
            assert client.get(page).status_code == 200
        clock.shift(timedelta(minutes=5))  # 61 minutes since the login, 5 idle: the lifetime ends it
        response = _post_note(client, note_url, page)
        assert _next_of(response["Location"]) == page
        landed = _login_through_pages(client, response["Location"], "case_manager")
        assert NOTE in client.get(landed).content.decode()
    assert not CaseNote.objects.exists()


def test_a_stale_csrf_token_keeps_the_text_but_never_saves_it(personas: Any) -> None:
    case = make_case(personas)
    page, note_url = _urls(case)
    with time_machine.travel(START, tick=False) as clock:
        client = _strict_client("case_manager")
        clock.shift(timedelta(minutes=16))
        response = _post_with_a_stale_token(client, note_url, page)
        assert response.status_code == 302
        assert _next_of(response["Location"]) == page
        assert not CaseNote.objects.exists()
        assert KeptDraft.objects.get().user == personas["case_manager"]


def test_a_stale_csrf_token_in_a_live_session_returns_to_the_form_with_the_text(personas: Any) -> None:
    case = make_case(personas)
    page, note_url = _urls(case)
    client = _strict_client("case_manager")
    response = _post_with_a_stale_token(client, note_url, page)
    assert response.status_code == 302 and response["Location"] == page
    assert NOTE in client.get(page).content.decode()
    assert not CaseNote.objects.exists()


def test_a_cross_site_post_keeps_nothing(personas: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _note_after_the_idle_end(personas, clock, referer=False, HTTP_ORIGIN="https://evil.example")
    assert not KeptDraft.objects.exists()


def test_the_worker_removes_a_kept_draft_after_thirty_minutes(personas: Any) -> None:
    from sigap.work.scheduler import work_items_tick

    with time_machine.travel(START, tick=False) as clock:
        _note_after_the_idle_end(personas, clock)
        kept_at = KeptDraft.objects.get().created_at
    work_items_tick(now=kept_at + timedelta(minutes=29, seconds=59))
    assert KeptDraft.objects.exists()
    work_items_tick(now=kept_at + timedelta(minutes=30, seconds=1))
    assert not KeptDraft.objects.exists()


def test_a_public_report_sent_from_a_staff_computer_is_never_kept_for_the_staff_member(personas: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = _strict_client("case_manager")
        clock.shift(timedelta(minutes=16))
        report = reverse("lapor:report")
        data = {"account": "Laporan kanari dari komputer kantor", "csrfmiddlewaretoken": "x" * 64}
        response = client.post(report, data, HTTP_ORIGIN=ORIGIN, HTTP_REFERER=ORIGIN + report)
    assert response.status_code == 403
    assert not KeptDraft.objects.exists()
