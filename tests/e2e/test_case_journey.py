"""Journey: a report on /lapor/ → intake triage → case opened → victim linked → incident → consent →
assessment → plan submitted and approved by the HEAD → closure approved → case reopened.

Three staff members work in their own browser contexts, each logged in through the login page and the
second-factor page (TOTP codes computed from their device, as an authenticator app would). Every step
goes through the real pages; a screenshot of each is kept in ``test-artifacts/journey-NN-*.png``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.models.plan import PlanState
from sigap.cases.tests.test_case_summary import _text as _pdf_text
from sigap.intake.models import Complaint, ComplaintState
from tests.e2e.steps import expect_success as _expect_success
from tests.e2e.steps import plan_goals
from tests.e2e.steps import submit as _submit

PASSWORD = "perahu-kecil-di-sungai-mahakam-5"
VICTIM = "Contoh Korban Jurnal"
ACCOUNT = "Contoh laporan: tetangga berteriak dan mengancam setiap malam (data fiktif untuk uji)."

pytestmark = pytest.mark.browser


def _seed() -> dict[str, User]:
    """One unit (so /lapor/ needs no choice of area) with the three staff members of the journey."""
    from sigap.core.reference.services import reference_load

    reference_load()
    unit = Unit.objects.create(
        name="UPTD PPA Kabupaten Kutai Kartanegara",
        short_name="UPTD PPA Kukar",
        region_code="64.02",
        case_number_prefix="PPA-KKR",
        time_zone="Asia/Makassar",
    )
    people = {
        "intake": ("dewi.e2e", "Dewi Penerima", Role.INTAKE),
        "head": ("sari.e2e", "Sari Kepala", Role.HEAD),
        "manager": ("ayu.e2e", "Ayu Manajer Kasus", Role.CASE_MANAGER),
    }
    users = {}
    for key, (username, full_name, role) in people.items():
        user = User.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.test", full_name=full_name
        )
        Membership.objects.create(user=user, unit=unit, role=role)
        TOTPDevice.objects.create(user=user, name="default", confirmed=True)
        users[key] = user
    return users


class Journey:
    """The browser contexts of the journey and the numbered screenshots."""

    def __init__(self, browser: Any, live_server: Any, artifacts: Path, prefix: str = "journey") -> None:
        self.browser, self.base, self.artifacts, self.prefix = browser, live_server.url, artifacts, prefix
        self.contexts: list[Any] = []
        self.shots = 0

    def context_page(self) -> Any:
        context = self.browser.new_context(base_url=self.base, locale="id-ID", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.js_errors = errors
        return page

    def login(self, user: User) -> Any:
        """A new context logged in as ``user``: password, then the six-digit code of their device."""
        page = self.context_page()
        page.goto(reverse("accounts:login"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_url(f"**{reverse('accounts:mfa_verify')}*")
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#mfa-verify-form [name=code]", f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
        page.click("#mfa-verify-form button[type=submit]")
        # Every role starts on the home page, except the partner user: the partner portal (D85).
        start = "portal:referral_list" if user.membership and user.membership.role == "PARTNER" else "core:home"
        page.wait_for_url(f"{self.base}{reverse(start)}")
        return page

    def shot(self, page: Any, name: str) -> None:
        self.shots += 1
        page.screenshot(path=str(self.artifacts / f"{self.prefix}-{self.shots:02d}-{name}.png"), full_page=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def journey_of(browser: Any, live_server: Any, artifacts: Path, prefix: str) -> Iterator[Journey]:
    """A journey whose screenshots are ``<prefix>-NN-*.png`` (the previous run's are removed first)."""
    for old in artifacts.glob(f"{prefix}-*.png"):
        old.unlink()
    trip = Journey(browser, live_server, artifacts, prefix)
    try:
        yield trip
    finally:
        trip.close()


@pytest.fixture
def journey(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "journey")


def _shown(label: Any) -> str:
    """A state label as the pages show it (in Indonesian, the staff's language)."""
    with translation.override("id"):
        return str(label)


def _step(page: Any, action: str) -> None:
    """Press a state-machine button of the case page (it must be enabled: its guards are met)."""
    from playwright.sync_api import expect

    button = page.locator(f"button[name=action][value={action}]")
    expect(button).to_be_enabled()
    with page.expect_navigation():
        button.click()
    _expect_success(page)


def test_report_becomes_a_case_that_is_closed_and_reopened(journey: Journey) -> None:
    from playwright.sync_api import expect

    users = _seed()
    today = timezone.localdate()

    # 1. Someone reports on the public page (no login).
    public = journey.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=KORBAN]")
    public.fill("#id_victim_name", VICTIM)
    public.fill("#id_victim_age", "34")
    public.select_option("#id_victim_sex", "P")
    public.check("#id_contact_consent")
    public.fill("#id_contact_instructions", "Hanya WhatsApp, setelah jam 5 sore.")
    journey.shot(public, "lapor")
    _submit(public, "#public-report-form")
    expect(public.locator("#tracking-code")).to_have_text(re.compile(r"^[A-Z2-9]{5}-[A-Z2-9]{5}$"))
    journey.shot(public, "lapor-terkirim")
    complaint = Complaint.objects.get()
    assert complaint.recorded_by_id is None and complaint.state == ComplaintState.ADUAN_MASUK

    # 2. The intake officer finds it in the triage queue, identifies it and decides to open a case.
    intake = journey.login(users["intake"])
    intake.click(f"a[href='{reverse('intake:complaint_list')}']")
    intake.click(f"#complaint-table a:has-text('{complaint.number}')")
    expect(intake.locator("#complaint-state")).to_be_visible()
    journey.shot(intake, "aduan-masuk")
    intake.click(f"a[href='{reverse('intake:complaint_triage', kwargs={'complaint_id': complaint.pk})}']")
    intake.select_option("#id_category", "KTP")
    intake.check("input[name=risk_criteria][value=ANCAMAN]")
    intake.check("input[name=risk_criteria][value=BERULANG]")
    intake.select_option("#id_risk_level", "SEDANG")
    intake.check("input[name=jurisdiction][value=UNIT_INI]")
    journey.shot(intake, "identifikasi")
    _submit(intake, "#triage-form")
    _expect_success(intake)
    intake.click(f"a[href='{reverse('intake:complaint_decide', kwargs={'complaint_id': complaint.pk})}']")
    intake.check("input[name=decision][value=BUKA_KASUS]")
    _submit(intake, "#decision-form")
    _expect_success(intake)
    # The intake officer cannot open case files: the number is shown, without a link to a 403.
    expect(intake.locator("#complaint-case")).to_contain_text(re.compile(r"PPA-KKR/\d{4}/0001"))
    expect(intake.locator("#complaint-case a")).to_have_count(0)
    case = Case.objects.get()
    journey.shot(intake, "kasus-dibuka")

    # 3. The HEAD puts the case manager on the team (a case opened from a complaint has none yet).
    head = journey.login(users["head"])
    head.click(f"a[href='{reverse('cases:case_list')}']")
    head.click(f"a:has-text('{case.number}')")
    expect(head.locator("#case-state")).to_be_visible()
    head.click(f"a[href='{reverse('cases:case_team', kwargs={'case_id': case.pk})}']")
    head.select_option("#team-assign-form [name=user]", str(users["manager"].pk))
    head.select_option("#team-assign-form [name=team_role]", "CASE_MANAGER")
    _submit(head, "#team-assign-form")
    expect(head.locator("#team-list")).to_contain_text("Ayu Manajer Kasus")
    journey.shot(head, "tim")

    # 4. The case manager finds the victim already in the case: the decision carried the complaint's people.
    manager = journey.login(users["manager"])
    manager.click(f"a[href='{reverse('cases:case_list')}']")
    manager.click(f"a:has-text('{case.number}')")
    case_url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    expect(manager.locator("#person-table")).to_contain_text(VICTIM)
    expect(manager.locator("#contact-rule")).to_contain_text("Hanya WhatsApp")
    journey.shot(manager, "korban")

    # 5. The incident, with the GBVIMS type the page suggests.
    manager.click(f"a[href='{reverse('cases:incident_create', kwargs={'case_id': case.pk})}']")
    manager.select_option("#incident-form [name=victim]", index=1)
    manager.fill("#incident-form [name=date_from]", (today - dt.timedelta(days=3)).isoformat())
    manager.select_option("#incident-form [name=place]", "RUMAH_TANGGA")
    manager.fill("#incident-form [name=account]", "Ancaman berulang dari tetangga (contoh fiktif).")
    manager.check("#incident-form [name=violence_types][value=PSIKIS]")
    expect(manager.locator("#incident-form [name=gbv_type]")).to_have_value("PSYCHOLOGICAL_ABUSE")
    journey.shot(manager, "kejadian")
    _submit(manager, "#incident-form")
    _expect_success(manager)
    manager.click(f"a[href='{case_url}']")
    expect(manager.locator("#incident-list li")).to_have_count(1)

    # 6. Consent for services, given by the (adult) victim in writing today.
    manager.click(f"a[href='{reverse('cases:consent_create', kwargs={'case_id': case.pk})}']")
    manager.select_option("#consent-form [name=victim]", index=1)
    manager.select_option("#consent-form [name=scope]", "SERVICES")
    manager.select_option("#consent-form [name=given_by]", "VICTIM")
    manager.select_option("#consent-form [name=method]", "WRITTEN")
    # The date picker is pre-filled with today in ISO form, also in Indonesian (it used to stay empty).
    expect(manager.locator("#consent-form [name=given_on]")).to_have_value(today.isoformat())
    journey.shot(manager, "persetujuan")
    _submit(manager, "#consent-form")
    _expect_success(manager)
    expect(manager.locator("#consent-list li")).to_have_count(1)

    # 7. Assessment: the step starts it (no second "Mulai asesmen" on its page), the six areas are written,
    # it is completed with a re-rated risk.
    _step(manager, "start_assessment")
    expect(manager.locator("#case-state")).to_have_text(_shown(CaseState.ASESMEN.label))
    manager.click(f"a[href='{reverse('cases:assessment_detail', kwargs={'case_id': case.pk})}']")
    start = f"form[action='{reverse('cases:assessment_start', kwargs={'case_id': case.pk})}']"
    expect(manager.locator(start)).to_have_count(0)
    for area in ("PHYSICAL", "PSYCHOLOGICAL", "SOCIAL", "ECONOMIC", "EDUCATION", "LEGAL"):
        manager.click(f"a[href='{reverse('cases:assessment_section', kwargs={'case_id': case.pk, 'area': area})}']")
        manager.fill("#section-form [name=text]", f"{area}: temuan dan kebutuhan (contoh fiktif).")
        _submit(manager, "#section-form")
        _expect_success(manager)
    manager.select_option("#complete-form [name=risk_level]", "SEDANG")
    _submit(manager, "#complete-form")
    _expect_success(manager)
    journey.shot(manager, "asesmen")

    # 8. The plan: goals with the victim, one service by the case manager, sent to the HEAD.
    manager.click(f"a[href='{case_url}']")
    _step(manager, "start_planning")
    plan_goals(manager, case, "Korban merasa aman dan pulih (contoh fiktif).")
    manager.click(f"a[href='{reverse('cases:plan_item_add', kwargs={'case_id': case.pk})}']")
    manager.select_option("#plan-item-form [name=service]", "PSIKOLOGIS")
    manager.select_option("#plan-item-form [name=provider_user]", str(users["manager"].pk))
    manager.fill("#plan-item-form [name=target_date]", (today + dt.timedelta(days=14)).isoformat())
    _submit(manager, "#plan-item-form")
    _expect_success(manager)
    with manager.expect_navigation():
        manager.click(f"form[action='{reverse('cases:plan_submit', kwargs={'case_id': case.pk})}'] button")
    expect(manager.locator("#plan-state-1")).to_have_text(_shown(PlanState.SUBMITTED.label))
    journey.shot(manager, "rencana-diajukan")

    # 9. The HEAD finds the approval in their work list and approves the plan.
    head.click(f"a[href='{reverse('work:my_work')}']")
    head.click(f"a:has-text('{case.number}')")
    if head.url.rstrip("/").endswith(str(case.pk)):  # the work item may lead to the case page
        head.click(f"a[href='{reverse('cases:plan_detail', kwargs={'case_id': case.pk})}']")
    head.select_option("#decision-form [name=decision]", "approve")
    _submit(head, "#decision-form")
    expect(head.locator("#plan-state-1")).to_have_text(_shown(PlanState.APPROVED.label))
    journey.shot(head, "rencana-disetujui")

    # 10. Intervention: the service is delivered, then the case manager asks for closure.
    manager.click(f"a[href='{case_url}']")
    _step(manager, "start_intervention")
    expect(manager.locator("#case-state")).to_have_text(_shown(CaseState.INTERVENSI.label))
    manager.click(f"a[href='{reverse('cases:plan_detail', kwargs={'case_id': case.pk})}']")
    manager.click("a[href*='/rencana/layanan/'][href$='/status/']")
    manager.select_option("#plan-item-status-form [name=status]", "DONE")
    _submit(manager, "#plan-item-status-form")
    _expect_success(manager)
    manager.click(f"a[href='{case_url}']")
    manager.click(f"a[href='{reverse('cases:case_request_closure', kwargs={'case_id': case.pk})}']")
    manager.select_option("#closure-form [name=reason]", "TUJUAN_TERCAPAI")
    manager.fill("#closure-form [name=summary]", "Layanan psikologis selesai; korban merasa aman (contoh fiktif).")
    _submit(manager, "#closure-form")
    expect(manager.locator("#closure-pending")).to_be_visible()
    journey.shot(manager, "penutupan-diminta")

    # 11. The HEAD approves the closure from the case page.
    head.click(f"a[href='{reverse('cases:case_list')}']")
    head.click(f"a:has-text('{case.number}')")
    _step(head, "approve_closure")
    expect(head.locator("#case-state")).to_have_text(_shown(CaseState.TERMINASI.label))
    expect(head.locator("#closure-done")).to_be_visible()
    journey.shot(head, "kasus-ditutup")

    # 12. A new incident: the case manager reopens the case; it returns to assessment.
    manager.reload()
    manager.click(f"a[href='{reverse('cases:case_reopen', kwargs={'case_id': case.pk})}']")
    expect(manager.locator("#step-what-happens")).to_be_visible()  # says what happens before it happens
    manager.select_option("#reopen-form [name=reason]", "NEW_INCIDENT")
    manager.fill("#reopen-form [name=note]", "Korban melapor kejadian baru (contoh fiktif).")
    _submit(manager, "#reopen-form")
    expect(manager.locator("#case-state")).to_have_text(_shown(CaseState.ASESMEN.label))
    journey.shot(manager, "kasus-dibuka-kembali")

    # 13. The HEAD reads the case's trail in words: the case number, state changes as "old → new" in
    # Indonesian labels, no internal id (#21 readable); the summary prints the casework sections.
    head.reload()
    head.click(f"a[href='{reverse('audit:object_history', args=['cases.case', case.pk])}']")
    expect(head.locator("h1 + p")).to_contain_text(case.number)
    reopened = f"{_shown(CaseState.TERMINASI.label)} → {_shown(CaseState.ASESMEN.label)}"
    expect(head.locator("table")).to_contain_text(reopened)
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", head.locator("main").inner_text())
    journey.shot(head, "jejak-audit-kasus")
    summary = head.request.get(reverse("cases:case_summary", kwargs={"case_id": case.pk}))
    assert summary.ok and summary.body().startswith(b"%PDF")
    printed = _pdf_text(summary.body())
    with translation.override("id"):
        for heading in ("Incidents and forms of violence", "Assessment findings", "Plan and services", "Consents"):
            assert translation.gettext(heading) in printed, heading

    # What the pages did is what the database holds.
    case.refresh_from_db()
    complaint.refresh_from_db()
    assert case.state == CaseState.ASESMEN and case.closed_at is None
    assert complaint.state == ComplaintState.KASUS_DIBUKA and complaint.case_number == case.number
    assert list(case.state_changes.values_list("to_state", flat=True)) == [
        CaseState.KASUS_DIBUKA,
        CaseState.ASESMEN,
        CaseState.RENCANA_INTERVENSI,
        CaseState.INTERVENSI,
        CaseState.TERMINASI,
        CaseState.ASESMEN,
    ]
    victim = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    assert victim.person.name == VICTIM
    assert AuditEvent.objects.filter(object_id=str(case.pk)).count() >= 10
    for page in (public, intake, head, manager):
        assert page.js_errors == []
    assert journey.shots == 16
