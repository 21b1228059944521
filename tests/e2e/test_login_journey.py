"""Journey: first login of a new user → MFA enrolment → home → language switch → logout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.mfa import totp_secret_text
from sigap.accounts.models import Membership, Role, SecurityEvent, Unit, User

PASSWORD = "burung-hantu-terbang-malam-9"


def _seed() -> User:
    unit = Unit.objects.create(
        name="UPTD PPA Kabupaten Kutai Kartanegara",
        short_name="UPTD PPA Kukar",
        region_code="64.02",
        case_number_prefix="PPA-KKR",
    )
    user = User.objects.create_user(
        username="sari.e2e", password=PASSWORD, email="sari@example.test", full_name="Sari Kepala"
    )
    Membership.objects.create(user=user, unit=unit, role=Role.HEAD)
    return user


def _switch_language(page: Any, code: str) -> None:
    # Set the value without a change event, so that a script submitting on change cannot race
    # the button; then submit with the form's own button.
    page.eval_on_selector("#language-select", "(select, code) => { select.value = code; }", code)
    with page.expect_navigation():
        page.click("#language-submit")


@pytest.mark.browser
def test_first_login_enrols_mfa_and_reaches_home(page: Any, live_server: Any, artifacts: Path) -> None:
    from playwright.sync_api import expect

    user = _seed()
    page.goto(reverse("accounts:login"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.fill("#id_username", "sari.e2e")
    page.fill("#id_password", PASSWORD)
    page.screenshot(path=str(artifacts / "login.png"))
    page.click("#login-form button[type=submit]")

    # No authenticator yet: the second-factor step sends the user to enrolment.
    page.wait_for_url(f"**{reverse('accounts:mfa_enroll')}*")
    expect(page.locator("#mfa-qr")).to_be_visible()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    expect(page.locator("#mfa-secret")).to_have_text(totp_secret_text(device))
    page.screenshot(path=str(artifacts / "mfa-enroll.png"), full_page=True)
    page.fill("#id_code", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
    page.click("#mfa-enroll-form button[type=submit]")

    expect(page.locator("#backup-codes li")).to_have_count(10)
    page.screenshot(path=str(artifacts / "backup-codes.png"), full_page=True)
    page.click("#backup-codes-done")

    page.wait_for_url(f"{live_server.url}{reverse('core:home')}")
    expect(page.locator("#main h1")).to_contain_text("Sari Kepala")
    page.screenshot(path=str(artifacts / "home.png"), full_page=True)

    # English and back, through the footer's language form (the way a keyboard user does it).
    _switch_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#main h1")).to_contain_text("Sari Kepala")
    page.screenshot(path=str(artifacts / "home-en.png"), full_page=True)
    _switch_language(page, "id")
    expect(page.locator("html")).to_have_attribute("lang", "id")

    page.click("#user-menu")
    page.click("#logout-form button[type=submit]")
    page.wait_for_url(f"**{reverse('accounts:login')}")
    expect(page.locator("#login-form")).to_be_visible()
    assert list(SecurityEvent.objects.filter(subject=user).order_by("pk").values_list("kind", flat=True)) == [
        "LOGIN",
        "MFA_ENROLLED",
        "LOGOUT",
    ]
