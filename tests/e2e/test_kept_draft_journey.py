"""Nothing typed is lost (issue #21), in the browser.

A case manager's case came from a report on /lapor/ that intake opened as a case; she types a long
note, her session ends on the server meanwhile, she clicks save: the login page says her text was
kept, she logs in again and finds it in the note form of the case page (nothing saved until she
clicks). And the idle warning: an alert dialog takes the focus before the idle end, "Continue"
restarts the server's idle clock, and typing in a form counts as activity.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from sigap.accounts.models import User, UserSession
from sigap.cases.models import Case
from sigap.cases.models.people import CaseNote
from sigap.intake.models import Complaint
from tests.e2e.steps import identify, login_again, open_case, put_on_team
from tests.e2e.test_case_journey import PASSWORD, Journey, _expect_success, _seed, _submit, journey  # noqa: F401

pytestmark = pytest.mark.browser

NOTE = (
    "Kunjungan rumah hari ini (contoh fiktif): korban tampak tenang, meminta agar kontak berikutnya "
    "lewat kakaknya saja. Tindak lanjut: konseling minggu depan."
)


def _case_from_a_report(trip: Journey, users: dict[str, User]) -> Case:
    """What precedes the case manager's work: a report on /lapor/, opened as a case by intake, the
    case manager put on the team by the head."""
    public = trip.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", "Contoh laporan: tetangga mengancam setiap malam (data fiktif untuk uji).")
    public.check("input[name=reporter_type][value=KORBAN]")
    public.fill("#id_victim_name", "Contoh Korban Draf")
    public.fill("#id_victim_age", "29")
    public.select_option("#id_victim_sex", "P")
    _submit(public, "#public-report-form")
    complaint = Complaint.objects.get()

    intake = trip.login(users["intake"])
    identify(intake, complaint, category="KTP", criterion="ANCAMAN", level="SEDANG")
    case = open_case(intake, complaint)
    put_on_team(trip.login(users["head"]), case, users["manager"], "CASE_MANAGER")
    return case


def _shot(trip: Journey, page: Any, name: str) -> None:
    """Screenshots of these tests under their own names (the journey fixture clears ``journey-*``)."""
    page.screenshot(path=str(trip.artifacts / f"kept-draft-{name}.png"), full_page=True)


def test_a_note_typed_while_the_session_ended_comes_back_after_login(journey: Journey) -> None:  # noqa: F811
    from playwright.sync_api import expect

    users = _seed()
    case = _case_from_a_report(journey, users)
    case_url = reverse("cases:case_detail", kwargs={"case_id": case.pk})

    manager = journey.login(users["manager"])
    manager.goto(case_url)
    manager.fill("#note-form [name=body]", NOTE)
    manager.select_option("#note-form [name=confidentiality]", index=1)
    chosen = manager.locator("#note-form [name=confidentiality]").input_value()
    _shot(journey, manager, "draf-diketik")

    # Meanwhile the session ends on the server (idle, or ended from another browser).
    keys = UserSession.objects.filter(user=users["manager"]).values("session_key")
    assert Session.objects.filter(session_key__in=keys).delete()[0] >= 1

    with manager.expect_navigation():
        manager.click("#note-form button[type=submit]")
    expect(manager).to_have_url(re.compile(re.escape(reverse("accounts:login"))))
    expect(manager.locator("#session-ended")).to_contain_text("30 menit")
    _shot(journey, manager, "draf-login")
    assert not CaseNote.objects.exists()

    login_again(manager, users["manager"], PASSWORD)
    expect(manager).to_have_url(f"{journey.base}{case_url}")
    expect(manager.locator("#draft-restored")).to_have_text(
        "Teks yang Anda ketik sebelum sesi berakhir dipulihkan. Periksa lalu simpan."
    )
    expect(manager.locator("#note-form [name=body]")).to_have_value(NOTE)
    expect(manager.locator("#note-form [name=confidentiality]")).to_have_value(chosen)
    _shot(journey, manager, "draf-dipulihkan")
    assert not CaseNote.objects.exists(), "nothing is saved without her click"
    # Never in the browser's storage (staff share computers): htmx keeps only the current path there.
    stored = manager.evaluate(
        "() => [localStorage, sessionStorage].flatMap(s => Object.keys(s).map(k => k + '=' + s.getItem(k))).join(' ')"
    )
    assert "Kunjungan" not in stored and "kakaknya" not in stored

    with manager.expect_navigation():
        manager.click("#note-form button[type=submit]")
    _expect_success(manager)
    assert CaseNote.objects.get().body == NOTE
    assert manager.js_errors == []


def test_the_idle_warning_appears_before_the_end_and_continue_keeps_the_session(
    journey: Journey,  # noqa: F811
    settings: Any,
) -> None:
    from playwright.sync_api import expect

    # A short idle time for the live server (same process): the warning comes after 10 of 20 seconds.
    settings.SESSION_COOKIE_AGE = 20
    settings.SIGAP_SESSION_WARNING_SECONDS = 15
    users = _seed()
    head = journey.login(users["head"])
    dialog = head.locator("#session-warning")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=15_000)
    expect(dialog).to_have_attribute("role", "alertdialog")
    # The focus is in the dialog, on its button: Enter continues.
    assert head.evaluate("() => document.activeElement.id") == "session-continue"
    expect(head.locator("#session-warning-left")).to_have_text(re.compile(r"^0:\d\d$"))
    _shot(journey, head, "peringatan-sesi")
    key = UserSession.objects.get(user=users["head"]).session_key
    before = Session.objects.get(session_key=key).expire_date
    with head.expect_response(lambda response: response.url.endswith(reverse("accounts:session_ping"))) as ping:
        head.keyboard.press("Enter")
    assert ping.value.status == 200
    expect(dialog).to_be_hidden()
    assert Session.objects.get(session_key=key).expire_date > before

    # Typing in a form is activity too (pings at most every idle/4 seconds here, every minute normally).
    head.goto(reverse("accounts:step_up"))
    head.wait_for_timeout(6_000)
    with head.expect_request(lambda request: request.url.endswith(reverse("accounts:session_ping"))):
        head.locator("form input:visible").first.type("abc")
    assert head.js_errors == []
