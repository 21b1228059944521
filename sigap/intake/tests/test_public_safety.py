"""Issue #21 A: the reporting page keeps a victim safe.

Post → redirect → get (reloading the answer sends nothing again, the code never goes into a URL), a
double submit makes one complaint, a configurable quick exit, 112 and SAPA 129 as tap-to-call links
on every public page, public error pages in the public layout, a language switch that stays on the
public page, and a form with errors that keeps what was typed but is never stored by the browser.
"""

from __future__ import annotations

import re
import secrets
from html import unescape
from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from sigap.core import views as core_views
from sigap.intake.models import Complaint

pytestmark = pytest.mark.usefixtures("reference")

ACCOUNT = "SAFETY-CANARY the neighbour's child cries every night"


def _client() -> Client:
    client = Client()
    client.cookies["sigap_language"] = "en"  # the assertions read the English msgids
    return client


def _report(p: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "unit": str(p.kukar.pk),
        "reporter_type": "PIHAK_LAIN",
        "account": ACCOUNT,
        "victim_age": "7",
        "website": "",
        "submit_token": secrets.token_urlsafe(24),
    }
    data.update(overrides)
    return data


def _code(html: str) -> str | None:
    found = re.search(r'id="tracking-code">([A-Z0-9-]+)<', html)
    return found.group(1) if found else None


def _is_public_layout(html: str) -> bool:
    return 'id="quick-exit"' in html and 'href="tel:112"' in html and 'href="tel:129"' in html


# --- post → redirect → get ------------------------------------------------------------------------


def test_a_report_answers_with_a_redirect_whose_url_has_no_code(personas: Any) -> None:
    client = _client()
    response = client.post(reverse("lapor:report"), _report(personas))
    assert response.status_code == 303
    assert response["Location"] == reverse("lapor:thanks")  # the code is not in the address
    thanks = client.get(response["Location"])
    code = _code(thanks.content.decode())
    assert code is not None
    assert code.replace("-", "") == Complaint.objects.get().tracking_code
    assert code.replace("-", "") not in response["Location"]
    assert thanks["Cache-Control"] == "no-store"


def test_reloading_the_thank_you_page_sends_nothing_again(personas: Any) -> None:
    client = _client()
    response = client.post(reverse("lapor:report"), _report(personas), follow=True)
    assert _code(response.content.decode())
    reloaded = client.get(reverse("lapor:thanks"))
    html = reloaded.content.decode()
    assert reloaded.status_code == 200
    assert Complaint.objects.count() == 1
    # The code is shown once: a reload (or whoever picks up the phone later) does not see it again.
    assert _code(html) is None and 'id="code-shown-once"' in html


def test_two_identical_posts_make_one_complaint_and_answer_with_the_same_code(personas: Any) -> None:
    client = _client()
    data = _report(personas)
    first = client.post(reverse("lapor:report"), data)
    second = client.post(reverse("lapor:report"), data)
    assert first.status_code == second.status_code == 303
    assert Complaint.objects.count() == 1
    # A double click shows the second answer: it still carries the one code.
    code = _code(client.get(reverse("lapor:thanks")).content.decode())
    assert code is not None and code.replace("-", "") == Complaint.objects.get().tracking_code


def test_the_form_carries_a_fresh_one_time_token(personas: Any) -> None:
    client = _client()
    tokens = [
        re.search(r'name="submit_token" value="([^"]+)"', client.get(reverse("lapor:report")).content.decode())
        for _ in range(2)
    ]
    assert tokens[0] and tokens[1] and tokens[0].group(1) != tokens[1].group(1)


# --- quick exit ------------------------------------------------------------------------------------


@override_settings(SIGAP_PUBLIC_EXIT_URL="https://neutral.example/")
def test_the_exit_url_is_configurable_and_the_page_says_what_it_cannot_hide(personas: Any) -> None:
    html = _client().get(reverse("lapor:report")).content.decode()
    assert 'id="quick-exit"' in html and 'href="https://neutral.example/"' in html
    assert "Shift" in html  # the keyboard shortcut is told
    assert 'id="exit-limits"' in html and "private" in html  # what the exit cannot hide


def test_the_default_exit_url_is_a_neutral_site() -> None:
    from django.conf import settings

    assert settings.SIGAP_PUBLIC_EXIT_URL == "https://www.google.com/"


# --- tap to call, error pages, language, errors keep the text ----------------------------------------


@pytest.mark.parametrize("name", ["lapor:report", "lapor:status", "lapor:thanks"])
def test_every_public_page_starts_with_tap_to_call_numbers(personas: Any, name: str) -> None:
    html = _client().get(reverse(name)).content.decode()
    assert _is_public_layout(html)
    # At the top: before the page's own heading.
    assert html.index('href="tel:112"') < html.index("<h1") and html.index('href="tel:129"') < html.index("<h1")


def test_a_missing_public_page_uses_the_public_layout(personas: Any) -> None:
    response = _client().get("/lapor/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and _is_public_layout(html)
    assert "sigap-navbar" not in html and "bootstrap" not in html
    # A staff address keeps the staff layout.
    staff = _client().get("/pengaduan/no-such-page/")
    assert staff.status_code == 404 and 'id="quick-exit"' not in staff.content.decode()


def test_a_public_method_not_allowed_uses_the_public_layout(personas: Any) -> None:
    response = _client().put(reverse("lapor:report"))
    assert response.status_code == 405 and _is_public_layout(response.content.decode())


def test_the_rate_limit_page_uses_the_public_layout(personas: Any) -> None:
    client = _client()
    for _ in range(5):
        client.post(reverse("lapor:report"), _report(personas))
    refused = client.post(reverse("lapor:report"), _report(personas))
    assert refused.status_code == 429 and _is_public_layout(refused.content.decode())


@pytest.mark.parametrize("status", [400, 500])
def test_public_400_and_500_use_the_public_layout(db: None, status: int) -> None:
    request = RequestFactory().get("/lapor/status/")
    request.request_id = "req-test-1234"  # type: ignore[attr-defined]
    response = core_views.bad_request(request, None) if status == 400 else core_views.server_error(request)
    html = response.content.decode()
    assert response.status_code == status and _is_public_layout(html)
    assert "req-test-1234" in html and "bootstrap" not in html
    staff = RequestFactory().get("/pengaduan/")
    staff.request_id = "req-test-5678"  # type: ignore[attr-defined]
    assert 'id="quick-exit"' not in core_views.server_error(staff).content.decode()


def test_the_language_switch_keeps_the_user_on_the_public_page(personas: Any) -> None:
    client = Client()
    html = client.get(reverse("lapor:status")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="next" value="/lapor/status/"' in html
    response = client.post(reverse("set_language"), {"language": "en", "next": "/lapor/status/"})
    assert response.status_code == 302 and response["Location"] == "/lapor/status/"
    assert "Check a report" in client.get(reverse("lapor:status")).content.decode()


def test_a_form_with_errors_keeps_what_was_typed_and_is_not_stored(personas: Any) -> None:
    response = _client().post(
        reverse("lapor:report"), _report(personas, victim_age="300", reporter_name="Typed Reportername")
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="form-error"' in html
    assert ACCOUNT in unescape(html) and "Typed Reportername" in html  # nothing has to be typed again
    assert response["Cache-Control"] == "no-store"  # ...and the browser keeps none of it
    assert not Complaint.objects.exists()


def test_the_reporting_page_is_not_stored_by_the_browser(personas: Any) -> None:
    assert _client().get(reverse("lapor:report"))["Cache-Control"] == "no-store"


def test_the_thank_you_page_switches_language_and_keeps_its_code_for_the_switch_only(personas: Any) -> None:
    """Walk of #21 (shot 04): the thank-you page had no language switch (a reload loses the code)."""
    client = _client()
    response = client.post(reverse("lapor:report"), _report(personas), follow=True)
    html = response.content.decode()
    code = _code(html)
    assert code and 'id="language-switch"' in html
    found = re.search(r'<input type="hidden" name="next" value="([^"]+)">', html)
    assert found is not None and code.replace("-", "") not in found.group(1)
    switched = client.post(reverse("set_language"), {"language": "id", "next": unescape(found.group(1))}, follow=True)
    page = switched.content.decode()
    assert _code(page) == code and 'lang="id"' in page
    # Switching back works too; a plain reload still shows nothing.
    assert _code(client.get(unescape(found.group(1))).content.decode()) == code
    assert _code(client.get(reverse("lapor:thanks")).content.decode()) is None
