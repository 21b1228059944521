"""Steps that several journeys share: what precedes a case manager's work, done through the real pages.

A journey starts from a report on /lapor/ (typed by the journey itself, since each reporter says something
different); these steps carry it on: intake identifies the complaint and opens the case, the HEAD puts a
member on the team, a user whose session ended logs in again.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.intake.models import Complaint


def submit(page: Any, form: str) -> None:
    with page.expect_navigation():
        page.click(f"{form} button[type=submit]")


def expect_success(page: Any) -> None:
    """The page after a write shows no form error (a refusal would be in .alert-danger / .invalid-feedback)."""
    page.wait_for_load_state()
    errors = page.locator(".alert-danger:visible, .invalid-feedback:visible")
    assert errors.count() == 0, f"{page.url}: {errors.all_inner_texts()}"


def identify(intake: Any, complaint: Complaint, *, category: str, criterion: str, level: str) -> None:
    """Intake identifies the complaint (category, one risk criterion, risk level, this unit's jurisdiction)."""
    intake.goto(reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk}))
    intake.select_option("#id_category", category)
    intake.check(f"input[name=risk_criteria][value={criterion}]")
    intake.select_option("#id_risk_level", level)
    intake.check("input[name=jurisdiction][value=UNIT_INI]")
    submit(intake, "#triage-form")
    expect_success(intake)


def open_case(intake: Any, complaint: Complaint) -> Case:
    """Intake decides to open a case; the complaint's people are carried with the offered defaults."""
    intake.goto(reverse("intake:complaint_decide", kwargs={"complaint_id": complaint.pk}))
    intake.check("input[name=decision][value=BUKA_KASUS]")
    submit(intake, "#decision-form")
    expect_success(intake)
    complaint.refresh_from_db()
    return Case.objects.get(pk=complaint.case_id)


def put_on_team(head: Any, case: Case, user: User, team_role: str) -> None:
    """The HEAD puts ``user`` on the case's team in ``team_role`` (CASE_MANAGER, EXPERT, ...)."""
    head.goto(reverse("cases:case_team", kwargs={"case_id": case.pk}))
    head.select_option("#team-assign-form [name=user]", str(user.pk))
    head.select_option("#team-assign-form [name=team_role]", team_role)
    submit(head, "#team-assign-form")
    expect_success(head)


def login_again(page: Any, user: User, password: str) -> None:
    """On the login page the browser was sent to: password, then the code of the next time step (the
    first login used this step's code, which is not accepted twice)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#login-form button[type=submit]")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    # The next step as the server counts it: with OTP_TOTP_SYNC the device keeps the drift of its last
    # accepted code (-1 when the first code was checked just after a step boundary), and the server's window
    # is centred on "now + drift". A code for "now + 1" alone was refused then (an occasional CI failure).
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + 1):06d}"
    page.fill("#mfa-verify-form [name=code]", code)
    with page.expect_navigation():
        page.click("#mfa-verify-form button[type=submit]")


EXIT = "https://www.google.com/"  # where the quick exit goes
BEFORE = "https://news.example/"  # a page the reporter read before the reporting page


def phone_page(browser: Any, base_url: str) -> tuple[Any, list[str], list[str]]:
    """A phone-sized page whose exit site and "page before" are answered by the browser context itself:
    nothing leaves the machine, and any request to another host is refused and listed.

    Returns the page, the list of refused addresses and the list of script/CSP problems; both lists must
    stay empty."""
    context = browser.new_context(
        base_url=base_url, locale="id-ID", viewport={"width": 390, "height": 844}, has_touch=True
    )
    context.set_default_timeout(15_000)
    outside: list[str] = []

    def answer(route: Any) -> None:
        url = route.request.url
        if url.startswith(base_url):
            route.continue_()
        elif url.startswith(EXIT):
            route.fulfill(status=200, content_type="text/html", body="<title>Google</title><p id='neutral'>Cuaca</p>")
        elif url.startswith(BEFORE):
            route.fulfill(status=200, content_type="text/html", body="<title>Berita</title><p id='news'>Berita</p>")
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", answer)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    return page, outside, problems


def add_person(page: Any, case: Case, *, role: str, name: str, age: str, sex: str = "P") -> None:
    """From the case page: search for the person first (search-before-create), then record a new one."""
    page.click(f"a[href^='{reverse('cases:case_person_add', kwargs={'case_id': case.pk})}']")
    page.select_option("#person-search-form [name=search-role]", role)
    page.fill("#person-search-form [name=search-name]", name)
    submit(page, "#person-search-form")
    page.select_option("#person-form [name=person-role]", role)
    page.select_option("#person-form [name=person-sex]", sex)
    page.fill("#person-form [name=person-estimated_age]", age)
    submit(page, "#person-form")
    expect_success(page)


def expert_user(unit: Any, username: str, full_name: str) -> User:
    """An expert of ``unit`` who can log in (password and a confirmed TOTP device); the caller adds her
    professional profile."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sigap.accounts.models import Membership, Role
    from tests.e2e.test_case_journey import PASSWORD

    user = User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.test", full_name=full_name
    )
    Membership.objects.create(user=user, unit=unit, role=Role.EXPERT)
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def plan_goals(page: Any, case: Case, goals: str) -> None:
    """From the case page after "start planning": open the plan, write its goals made with the victim, save."""
    page.click(f"a[href='{reverse('cases:plan_detail', kwargs={'case_id': case.pk})}']")
    page.click(f"a[href='{reverse('cases:plan_edit', kwargs={'case_id': case.pk})}']")
    page.fill("#plan-form [name=goals]", goals)
    page.check("#plan-form [name=made_with_victim]")
    page.fill("#plan-form [name=made_with_victim_how]", "Disusun bersama korban di kantor UPTD.")
    submit(page, "#plan-form")
    expect_success(page)
