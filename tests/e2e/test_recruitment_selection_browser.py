"""The staff side of open recruitment in a browser (issue #13): the head checks an applicant against the
requirements and scores alone, the second panel member scores, the ranking appears, and the head chooses:
the new expert's page shows the credential to confirm. Screenshots: ``test-artifacts/seleksi-*.png``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from conftest import PASSWORD
from sigap.accounts.models import User
from sigap.recruitment.tests.factories import NAME_CANARY, make_application, make_vacancy

pytestmark = pytest.mark.browser


class Staff:
    """One browser context per staff member, logged in with password and code."""

    def __init__(self, browser: Any, base: str) -> None:
        self.browser, self.base, self.contexts = browser, base, []

    def login(self, user: User) -> Any:
        from django_otp.oath import totp
        from django_otp.plugins.otp_totp.models import TOTPDevice

        context = self.browser.new_context(base_url=self.base, locale="id-ID", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(reverse("accounts:login"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"**{reverse('accounts:mfa_verify')}*")
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#mfa-verify-form [name=code]", f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
        page.click("#mfa-verify-form button[type=submit]")
        page.wait_for_url(f"{self.base}{reverse('core:home')}")
        return page


@pytest.fixture
def staff(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Staff]:
    team = Staff(browser, live_server.url)
    try:
        yield team
    finally:
        for context in team.contexts:
            context.close()


def test_the_panel_scores_alone_and_the_head_chooses(staff: Staff, personas: Any, artifacts: Path) -> None:
    from playwright.sync_api import expect

    vacancy = make_vacancy(personas)
    application = make_application(vacancy)
    detail = reverse("recruitment:application_detail", kwargs={"application_id": application.pk})

    head = staff.login(personas["head"])
    head.click("nav [data-nav-group=experts]")  # the "Tenaga ahli" menu group
    head.click("a[data-nav=experts]")
    head.click("#recruitment-link")
    head.click(f"a[href='{reverse('recruitment:vacancy_detail', kwargs={'vacancy_id': vacancy.pk})}']")
    head.click(f"a[href='{detail}']")
    expect(head.locator("h1")).to_contain_text(NAME_CANARY)
    head.check("#id_req_0")
    head.check("#id_req_1")
    head.click("#check-form button[type=submit]")
    expect(head.locator("#application-state")).to_have_text("Lolos seleksi administrasi: tahap seleksi")
    head.fill("#score_test_score", "80")
    head.fill("#score_interview_score", "90")
    head.click("#score-form button[type=submit]")
    expect(head.locator("#scores-hidden")).to_be_visible()
    head.screenshot(path=str(artifacts / "seleksi-01-head-scored-alone.png"), full_page=True)

    manager = staff.login(personas["case_manager"])
    manager.goto(detail)
    expect(manager.locator("#all-scores")).to_have_count(0)
    manager.fill("#score_test_score", "70")
    manager.click("#score-form button[type=submit]")
    expect(manager.locator("#all-scores")).to_be_visible()
    manager.screenshot(path=str(artifacts / "seleksi-02-panel-all-scored.png"), full_page=True)

    head.goto(reverse("recruitment:vacancy_detail", kwargs={"vacancy_id": vacancy.pk}))
    expect(head.locator("#ranking")).to_contain_text(NAME_CANARY)
    head.screenshot(path=str(artifacts / "seleksi-03-ranking.png"), full_page=True)
    head.goto(detail)
    head.click("#choose-form button[type=submit]")
    expect(head.locator(".credential-to-confirm")).to_be_visible()
    head.screenshot(path=str(artifacts / "seleksi-04-new-expert.png"), full_page=True)
    assert User.objects.filter(full_name=NAME_CANARY, is_active=True).exists()
