"""The public reporting page /lapor/ and the status page: no login, no echo in the answer, honeypot, rate
limit. (Post → redirect → get, the one-time token, the layout and the errors keeping what was typed:
test_public_safety.py.)"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.intake.kinds import COMPLAINT_RESPONSE
from sigap.intake.models import Complaint, ComplaintState
from sigap.intake.services.complaint import complaint_take
from sigap.intake.services.public import CODE_ALPHABET, CODE_LENGTH, tracking_code_normalise
from sigap.work.models import WorkItem

pytestmark = pytest.mark.usefixtures("reference")

ACCOUNT = "PUBLIC-CANARY my uncle hurts my little sister"
NAME = "Rina Publiccanary"
PHONE = "0813 7777 1234"
CONTACT = "PUBLIC-CONTACT-CANARY only after 6 pm"


def _report(p: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "unit": str(p.kukar.pk),
        "reporter_type": "PIHAK_LAIN",
        "account": ACCOUNT,
        "victim_name": NAME,
        "victim_age": "9",
        "victim_sex": "P",
        "reporter_name": "Ani Reportercanary",
        "reporter_relationship": "Neighbour",
        "contact_consent": "on",
        "reporter_phone": PHONE,
        "contact_instructions": CONTACT,
        "website": "",
    }
    data.update(overrides)
    return data


def _client(**defaults: Any) -> Client:
    client = Client(**defaults)
    client.cookies["sigap_language"] = "en"  # the assertions read the English msgids
    return client


def _code(response: Any) -> str:
    found = re.search(r'id="tracking-code">([A-Z0-9-]+)<', response.content.decode())
    assert found, "no tracking code on the page"
    return found.group(1)


def test_the_page_is_public_small_and_has_a_quick_exit(personas: Any) -> None:
    response = _client().get(reverse("lapor:report"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="quick-exit"' in html and 'href="https://www.google.com/"' in html
    assert "sigap/quick-exit.js" in html
    assert "bootstrap" not in html and "htmx" not in html  # small page for a cheap phone
    assert "<script>" not in html and "style=" not in html  # CSP: no inline script or style
    assert response["Cache-Control"] == "no-store"
    assert 'name="website"' in html  # the honeypot


def test_a_report_is_recorded_and_answered_with_a_code_only(personas: Any) -> None:
    response = _client().post(reverse("lapor:report"), _report(personas), follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain == [(reverse("lapor:thanks"), 303)]
    for typed in (ACCOUNT, NAME, PHONE, CONTACT, "Ani Reportercanary", "Neighbour"):
        assert typed not in html
    code = _code(response).replace("-", "")
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    complaint = Complaint.objects.get()
    assert complaint.channel == "FORMULIR_WEB" and complaint.recorded_by is None
    assert complaint.unit == personas.kukar and complaint.state == ComplaintState.ADUAN_MASUK
    assert complaint.account == ACCOUNT and complaint.people[0]["name"] == NAME
    assert complaint.risk_level == "SEDANG"
    assert complaint.tracking_code == code
    # It waits in the intake queue, with a clock held by an intake officer.
    item = WorkItem.objects.get(kind=COMPLAINT_RESPONSE, object_id=str(complaint.pk))
    assert item.responsible == personas["intake"]
    queue = personas.client("intake").get(reverse("intake:complaint_list"))
    assert complaint.number in queue.content.decode()


def test_in_danger_gets_the_high_risk_clock(personas: Any) -> None:
    _client().post(reverse("lapor:report"), _report(personas, in_danger="on"))
    assert Complaint.objects.get().risk_level == "TINGGI"


def test_anonymous_reports_keep_no_identity(personas: Any) -> None:
    _client().post(reverse("lapor:report"), _report(personas, reporter_type="ANONIM"))
    complaint = Complaint.objects.get()
    assert complaint.reporter_name is None and complaint.reporter_phone is None


def test_errors_are_shown_and_nothing_is_recorded(personas: Any) -> None:
    # What was typed is kept now (issue #21): test_public_safety.py; the page is never stored (no-store).
    response = _client().post(reverse("lapor:report"), _report(personas, account="", victim_age="300"))
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert 'id="form-error"' in html and "Please tell us briefly what happened." in html
    assert not Complaint.objects.exists()


def test_an_empty_form_gets_our_indonesian_messages_not_the_browser_s(personas: Any) -> None:
    # The browser's own "Please fill out this field." (in the browser's language) would come first: the form
    # is sent as it is (novalidate) and the page answers in Indonesian, the errors listed at the top.
    client = Client()  # no language cookie: the public page speaks Indonesian
    page = client.get(reverse("lapor:report")).content.decode()
    form_tag = re.search(r'<form[^>]*id="public-report-form"[^>]*>', page)
    assert form_tag and "novalidate" in form_tag.group(0)
    response = client.post(reverse("lapor:report"), {})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="form-error"' in html
    assert "Mohon ceritakan secara singkat apa yang terjadi." in html
    assert not Complaint.objects.exists()


def test_the_honeypot_records_nothing_but_looks_normal(personas: Any) -> None:
    response = _client().post(reverse("lapor:report"), _report(personas, website="http://spam.example"), follow=True)
    assert response.redirect_chain == [(reverse("lapor:thanks"), 303)]
    assert response.status_code == 200 and 'id="tracking-code"' in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_rate_limit_answers_429_after_five_reports(personas: Any) -> None:
    client = _client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        assert client.post(reverse("lapor:report"), _report(personas)).status_code == 303
    refused = client.post(reverse("lapor:report"), _report(personas))
    assert refused.status_code == 429
    assert "SAPA 129" in refused.content.decode() and ACCOUNT not in refused.content.decode()
    assert Complaint.objects.count() == 5
    # Another address is not affected.
    assert _client(REMOTE_ADDR="203.0.113.8").post(reverse("lapor:report"), _report(personas)).status_code == 303


def test_the_status_page_shows_the_stage_only(personas: Any) -> None:
    code = _code(_client().post(reverse("lapor:report"), _report(personas), follow=True))
    client = _client()
    response = client.post(reverse("lapor:status"), {"code": code.lower()})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="report-stage"' in html
    assert "Received: waiting for an officer." in html
    assert ACCOUNT not in html and NAME not in html and code not in html
    complaint = Complaint.objects.get()
    complaint_take(actor=personas["intake"], complaint=complaint)
    assert (
        "An officer is reviewing the report." in client.post(reverse("lapor:status"), {"code": code}).content.decode()
    )


def test_an_unknown_code_says_so(personas: Any) -> None:
    response = _client().post(reverse("lapor:status"), {"code": "ABCDE-FGHJK"})
    assert 'id="report-not-found"' in response.content.decode()
    assert "ABCDE" not in response.content.decode()


def test_the_status_page_is_rate_limited(personas: Any) -> None:
    client = _client(REMOTE_ADDR="198.51.100.1")
    for _ in range(20):
        assert client.post(reverse("lapor:status"), {"code": "ABCDEFGHJK"}).status_code == 200
    assert client.post(reverse("lapor:status"), {"code": "ABCDEFGHJK"}).status_code == 429


def test_the_code_is_normalised() -> None:
    assert tracking_code_normalise(" abcde-fghjk ") == "ABCDEFGHJK"


def test_several_units_offer_a_choice(personas: Any) -> None:
    page = _client().get(reverse("lapor:report")).content.decode()
    assert 'name="unit"' in page and "Kota Samarinda" in page
    # Walk of #12: the area is asked before question 1 and is required too; the page says so.
    assert "Only the area and the first question are required." in page
    assert "Only the first question is required." not in page
    # The go-between is the person the reporter names in the box above, not one "named in the rule".
    assert "only through the person you name above" in page and "named in the rule" not in page
    _client().post(reverse("lapor:report"), _report(personas, unit=str(personas.samarinda.pk)))
    assert Complaint.objects.get().unit == personas.samarinda
    missing = _client().post(reverse("lapor:report"), _report(personas, unit=""))
    assert missing.status_code == 200 and Complaint.objects.count() == 1


def test_a_single_unit_needs_no_choice(personas: Any) -> None:
    personas.samarinda.is_active = False
    personas.samarinda.save(update_fields=["is_active"])
    page = _client().get(reverse("lapor:report")).content.decode()
    assert 'type="hidden" name="unit"' in page and "Kota Samarinda" not in page
    assert "Only the first question is required." in page
    data = _report(personas)
    del data["unit"]
    assert _client().post(reverse("lapor:report"), data).status_code == 303
    assert Complaint.objects.get().unit == personas.kukar


def test_no_unit_no_form(db: None) -> None:
    page = _client().get(reverse("lapor:report")).content.decode()
    assert "public-report-form" not in page and "SAPA 129" in page


# --- review findings 2, 5 and 12 ---------------------------------------------------------------

PROXY = "10.0.0.2"


@override_settings(SIGAP_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_behind_the_proxy_a_bot_does_not_use_up_everyone_s_limit(personas: Any) -> None:
    # Every request comes from the proxy; the proxy names the visitor in X-Real-IP.
    bot = _client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.66")
    for _ in range(5):
        assert bot.post(reverse("lapor:report"), _report(personas, website="http://spam.example")).status_code == 303
    assert bot.post(reverse("lapor:report"), _report(personas)).status_code == 429
    victim = _client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.23")
    assert victim.post(reverse("lapor:report"), _report(personas)).status_code == 303
    assert Complaint.objects.count() == 1


def test_the_audit_row_of_a_public_report_keeps_no_ip_or_browser(personas: Any) -> None:
    client = _client(REMOTE_ADDR="198.51.100.77", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 11; SM-A125F)")
    client.post(reverse("lapor:report"), _report(personas, reporter_type="ANONIM"))
    event = AuditEvent.objects.get(object_type="intake.complaint")
    assert event.actor is None
    assert (event.ip_address, event.user_agent) == ("", "")
    assert event.request_id  # still correlates with the (address-free) logs
    history = personas.client("head").get(
        reverse("audit:object_history", kwargs={"object_type": "intake.complaint", "object_id": event.object_id})
    )
    assert history.status_code == 200
    assert "198.51.100.77" not in history.content.decode() and "SM-A125F" not in history.content.decode()


@pytest.mark.parametrize("field", ["reporter_type", "victim_sex"])
def test_a_bad_choice_is_refused_without_echoing_it(personas: Any, field: str) -> None:
    typed = "ZZ-ECHO-CANARY<b>"
    response = _client().post(reverse("lapor:report"), _report(personas, **{field: typed}))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="form-error"' in html
    assert "ZZ-ECHO-CANARY" not in html
    assert "Choose one of the options shown." in html
    assert not Complaint.objects.exists()
