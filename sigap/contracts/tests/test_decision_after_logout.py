"""Walk #13, finding 2: the HEAD types an evaluation, logs out in another tab of the same browser, then presses
"Record the decision". Nothing is decided, the login page says the typed text was kept, and after logging in
again the evaluation page gives it back (as after the idle timeout, issue #21)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from sigap.accounts.models.drafts import KeptDraft
from sigap.accounts.tests.auth_helpers import full_login
from sigap.contracts.models import PeriodDecision
from sigap.contracts.tests.factories import contract

pytestmark = pytest.mark.django_db

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 3, 20, 10, 0, tzinfo=WITA)
ORIGIN = "http://testserver"
NOTES = "Catatan evaluasi kanari: sangat baik dengan korban anak, laporan sering terlambat."


def _decision(page: str) -> dict[str, Any]:
    return {
        "decision": "EXTEND_WITH_CONDITIONS",
        "conditions": "Laporan paling lambat 7 hari setelah sesi.",
        "notes": NOTES,
        "rating_quality": "4",
    }


def test_a_decision_sent_after_a_logout_in_another_tab_comes_back_after_login(personas: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        period = contract(personas).periods.get()
        page = reverse("contracts:period_evaluation", kwargs={"period_id": period.pk})
        browser = Client()  # one browser: both tabs share its cookies
        full_login(browser, "head")
        assert browser.get(page).status_code == 200
        assert browser.post(reverse("accounts:logout")).status_code == 302  # the other tab

        sent = browser.post(page, _decision(page), HTTP_ORIGIN=ORIGIN, HTTP_REFERER=ORIGIN + page)
        assert sent.status_code == 302
        location = urlsplit(sent["Location"])
        assert location.path == reverse("accounts:login") and parse_qs(location.query)["next"] == [page]
        assert not PeriodDecision.objects.exists()
        assert KeptDraft.objects.get().user == personas["head"]
        login_page = browser.get(sent["Location"])
        assert 'id="session-ended"' in login_page.content.decode()
        assert "30" in login_page.content.decode()  # "kept for 30 minutes"

        full_login(browser, "head")
        shown = browser.get(page).content.decode()
        assert 'id="draft-restored"' in shown and "kanari" in shown
        assert not PeriodDecision.objects.exists()  # saved only when she presses the button again


def test_a_logout_elsewhere_keeps_nothing_for_another_browser(personas: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        period = contract(personas).periods.get()
        page = reverse("contracts:period_evaluation", kwargs={"period_id": period.pk})
        browser = Client()
        full_login(browser, "head")
        browser.post(reverse("accounts:logout"))
        stranger = Client()  # no cookie of that browser: nobody to keep the text for
        sent = stranger.post(page, _decision(page), HTTP_ORIGIN=ORIGIN, HTTP_REFERER=ORIGIN + page)
        assert sent.status_code == 302
        assert not KeptDraft.objects.exists()
