"""Walk finding: two tabs of one browser each hold a half-typed form (a case note, an incident), the user
logs out in a third tab and sends both. Both are kept; after one login each form's page gives its own text
back, once, to its owner only ("Nothing typed is lost", sigap/accounts/drafts.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.test import Client
from django.urls import reverse

from sigap.accounts.drafts import MAX_DRAFTS_PER_BROWSER
from sigap.accounts.models.drafts import KeptDraft
from sigap.accounts.tests.auth_helpers import full_login
from sigap.cases.models.people import CaseNote
from sigap.cases.tests.factories import make_case

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
ORIGIN = "http://testserver"
NOTE = "Catatan kanari-satu: korban minta dihubungi lewat kakaknya saja"
ACCOUNT = "Kronologi kanari-dua: kejadian di rumah pada malam hari"
RESTORED = 'id="draft-restored"'


def _send_both_after_a_logout(personas: Any) -> tuple[Client, str, str, str]:
    """(browser, case page, incident page, the login's "next") once both forms were refused."""
    case = make_case(personas)
    case_page = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    note_url = reverse("cases:case_note_create", kwargs={"case_id": case.pk})
    incident_page = reverse("cases:incident_create", kwargs={"case_id": case.pk})
    browser = Client()  # one browser: its tabs share the cookies
    full_login(browser, "case_manager")
    assert browser.get(case_page).status_code == 200  # tab 1
    assert browser.get(incident_page).status_code == 200  # tab 2
    assert browser.post(reverse("accounts:logout")).status_code == 302  # tab 3
    note = browser.post(
        note_url, {"body": NOTE, "confidentiality": "TEAM"}, HTTP_ORIGIN=ORIGIN, HTTP_REFERER=ORIGIN + case_page
    )
    incident = browser.post(
        incident_page,
        {"account": ACCOUNT, "date_from": "2026-03-01"},
        HTTP_ORIGIN=ORIGIN,
        HTTP_REFERER=ORIGIN + incident_page,
    )
    assert note.status_code == incident.status_code == 302
    assert KeptDraft.objects.filter(user=personas["case_manager"]).count() == 2
    login_page = browser.get(incident["Location"]).content.decode()
    assert 'id="session-ended"' in login_page
    return browser, case_page, incident_page, parse_qs(urlsplit(incident["Location"]).query)["next"][0]


def test_both_drafts_come_back_each_on_its_own_page_once_after_one_login(personas: Any) -> None:
    with time_machine.travel(START, tick=False):
        browser, case_page, incident_page, next_page = _send_both_after_a_logout(personas)
        assert next_page == incident_page  # the login returns to the last form sent
        full_login(browser, "case_manager")

        incident = browser.get(incident_page).content.decode()
        assert ACCOUNT in incident and RESTORED in incident and NOTE not in incident
        # The note's tab, reloaded (or opened anew): its own text, not the incident's.
        note = browser.get(case_page).content.decode()
        assert NOTE in note and RESTORED in note and ACCOUNT not in note
        assert not KeptDraft.objects.exists()

        # Each once: neither comes back on a second visit.
        assert NOTE not in browser.get(case_page).content.decode()
        assert ACCOUNT not in browser.get(incident_page).content.decode()
        assert not CaseNote.objects.exists()  # nothing saved without her click


def test_the_drafts_come_back_in_either_order(personas: Any) -> None:
    with time_machine.travel(START, tick=False):
        browser, case_page, incident_page, _next = _send_both_after_a_logout(personas)
        full_login(browser, "case_manager")
        assert NOTE in browser.get(case_page).content.decode()
        assert ACCOUNT in browser.get(incident_page).content.decode()


def test_another_user_on_that_browser_gets_neither_draft(personas: Any) -> None:
    with time_machine.travel(START, tick=False):
        browser, case_page, incident_page, _next = _send_both_after_a_logout(personas)
        full_login(browser, "head")  # the head also reads the case
        for page in (incident_page, case_page):
            text = browser.get(page).content.decode()
            assert NOTE not in text and ACCOUNT not in text and RESTORED not in text
        assert KeptDraft.objects.filter(user=personas["case_manager"]).count() == 2


def test_an_expired_draft_is_not_restored(personas: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        browser, case_page, incident_page, _next = _send_both_after_a_logout(personas)
        clock.shift(timedelta(minutes=31))
        full_login(browser, "case_manager")
        for page in (incident_page, case_page):
            text = browser.get(page).content.decode()
            assert NOTE not in text and ACCOUNT not in text and RESTORED not in text
        assert not KeptDraft.objects.exists()


def test_a_browser_names_only_its_newest_drafts(personas: Any) -> None:
    case = make_case(personas)
    case_page = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    note_url = reverse("cases:case_note_create", kwargs={"case_id": case.pk})
    with time_machine.travel(START, tick=False) as clock:
        browser = Client()
        full_login(browser, "case_manager")
        browser.post(reverse("accounts:logout"))
        for number in range(MAX_DRAFTS_PER_BROWSER + 1):
            clock.shift(timedelta(seconds=1))
            body = f"Catatan kanari nomor {number}"
            browser.post(note_url, {"body": body}, HTTP_ORIGIN=ORIGIN, HTTP_REFERER=ORIGIN + case_page)
        full_login(browser, "case_manager")
        shown = [
            number
            for number in range(MAX_DRAFTS_PER_BROWSER + 1)
            for text in [browser.get(case_page).content.decode()]
            if f"Catatan kanari nomor {MAX_DRAFTS_PER_BROWSER - number}" in text
        ]
    # Newest first, one a visit; the oldest (beyond the bound) is not named by the cookie any more.
    assert shown == list(range(MAX_DRAFTS_PER_BROWSER))
