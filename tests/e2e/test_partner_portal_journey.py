"""Journey (issue #14): a woman reports on /lapor/ → intake opens the case → the case manager refers her to
BAZNAS for business capital → the BAZNAS officer logs in, lands on the partner portal, sees only what the
referral shares, accepts and records the capital given → the case manager closes the referral, the case goes
to monitoring and the follow-up records her own income → the HEAD closes the case as "goals achieved".

Every step goes through the pages, as the staff do it: the consents (services, then sharing with BAZNAS), the
assessment whose economic section starts the household needs, the plan with BAZNAS's economic empowerment approved
by the HEAD from their work list, the business-capital programme referred to BAZNAS from the empowerment page, the
plan's service marked done, monitoring started from the case page.
Screenshots: ``test-artifacts/portal-NN-*.png``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Membership, Role, User
from sigap.cases.models import Case, CaseState
from sigap.cases.models.plan import PlanItemStatus, PlanState
from sigap.empowerment.models import Programme, ProgrammeStatus
from sigap.intake.models import Complaint
from sigap.partners.models import Partner, PartnerKind
from sigap.partners.services import partner_user_link
from sigap.referrals.models import Referral, Status
from tests.e2e.steps import expect_success, identify, open_case, plan_goals, put_on_team, submit
from tests.e2e.test_case_journey import PASSWORD, Journey, _seed, _shown, _step, journey_of

ACCOUNT = "Contoh laporan: suami memukul saya dan tidak memberi nafkah; saya ingin berjualan (data fiktif)."
ECONOMIC = "Tidak punya penghasilan tetap; pandai memasak, ingin membuka warung makan (contoh fiktif)."
OUTCOME = "Bantuan modal usaha Rp 3.000.000 diserahkan untuk warung makan (contoh fiktif)."

pytestmark = pytest.mark.browser


@pytest.fixture
def trip(browser: Any, live_server: Any, artifacts: Path, transactional_db: None) -> Iterator[Journey]:
    yield from journey_of(browser, live_server, artifacts, "portal")


def _baznas_officer(users: dict[str, User]) -> tuple[User, Partner]:
    """A partner user of the unit, linked by the unit administrator to the unit's BAZNAS (seeded partner)."""
    unit = users["head"].membership.unit  # type: ignore[union-attr]
    admin = User.objects.create_user(username="admin.e2e", password=PASSWORD, email="a@example.test", full_name="Admin")
    Membership.objects.create(user=admin, unit=unit, role=Role.UNIT_ADMIN)
    officer = User.objects.create_user(
        username="baznas.e2e", password=PASSWORD, email="b@example.test", full_name="Petugas BAZNAS"
    )
    membership = Membership.objects.create(user=officer, unit=unit, role=Role.PARTNER)
    TOTPDevice.objects.create(user=officer, name="default", confirmed=True)
    baznas = Partner.objects.get(unit=unit, kind=PartnerKind.BAZNAS)
    partner_user_link(actor=admin, membership=membership, partner=baznas)
    return officer, baznas


def _casework_to_intervention(trip: Journey, manager: Any, head: Any, case: Case, baznas: Partner) -> None:
    """The casework between the case's opening and the referral, as the case manager and the HEAD do it on the
    pages: consent to services, the assessment (its economic section starts the household needs), the household
    needs, the plan with BAZNAS's economic empowerment approved by the HEAD, and the victim's sharing consent."""
    from playwright.sync_api import expect

    today = timezone.localdate()
    case_url = reverse("cases:case_detail", kwargs={"case_id": case.pk})

    # Consent to services, given by the (adult) victim in writing today.
    manager.goto(case_url)
    manager.click(f"a[href='{reverse('cases:consent_create', kwargs={'case_id': case.pk})}']")
    manager.select_option("#consent-form [name=victim]", index=1)
    manager.select_option("#consent-form [name=scope]", "SERVICES")
    manager.select_option("#consent-form [name=given_by]", "VICTIM")
    manager.select_option("#consent-form [name=method]", "WRITTEN")
    submit(manager, "#consent-form")
    expect_success(manager)

    # The assessment: six areas, the economic one saying what she lives on and what she wants to do.
    _step(manager, "start_assessment")
    manager.click(f"a[href='{reverse('cases:assessment_detail', kwargs={'case_id': case.pk})}']")
    for area in ("PHYSICAL", "PSYCHOLOGICAL", "SOCIAL", "ECONOMIC", "EDUCATION", "LEGAL"):
        manager.click(f"a[href='{reverse('cases:assessment_section', kwargs={'case_id': case.pk, 'area': area})}']")
        manager.fill(
            "#section-form [name=text]", ECONOMIC if area == "ECONOMIC" else f"{area}: temuan (contoh fiktif)."
        )
        submit(manager, "#section-form")
        expect_success(manager)
    manager.select_option("#complete-form [name=risk_level]", "SEDANG")
    submit(manager, "#complete-form")
    expect_success(manager)
    trip.shot(manager, "asesmen-ekonomi")

    # The household needs, started from the assessment's economic section.
    manager.click(f"a[href='{case_url}']")
    manager.click("#case-empowerment-link")
    expect(manager.locator("#needs")).to_contain_text(ECONOMIC)
    manager.click(f"a[href='{reverse('empowerment:needs_edit', kwargs={'case_id': case.pk})}']")
    expect(manager.locator("#empowerment-form [name=notes]")).to_have_value(ECONOMIC)
    manager.fill("#empowerment-form [name=income_amount]", "± Rp 500.000")
    manager.fill("#empowerment-form [name=income_source]", "Buruh cuci harian (contoh fiktif).")
    manager.fill("#empowerment-form [name=skills]", "Memasak, berjualan makanan.")
    manager.fill("#empowerment-form [name=dependants]", "2 anak")
    trip.shot(manager, "kebutuhan-rumah-tangga")
    submit(manager, "#empowerment-form")
    expect_success(manager)
    expect(manager.locator("#needs")).to_contain_text("Memasak, berjualan makanan.")

    # The plan: goals with the victim, economic empowerment delivered by BAZNAS, sent to the HEAD.
    manager.goto(case_url)
    _step(manager, "start_planning")
    plan_goals(manager, case, "Korban aman dan punya penghasilan sendiri dari warung (contoh fiktif).")
    manager.click(f"a[href='{reverse('cases:plan_item_add', kwargs={'case_id': case.pk})}']")
    manager.select_option("#plan-item-form [name=service]", "PEMBERDAYAAN_EKONOMI")
    manager.select_option("#plan-item-form [name=provider_partner]", str(baznas.pk))
    manager.fill("#plan-item-form [name=target_date]", (today + dt.timedelta(days=30)).isoformat())
    submit(manager, "#plan-item-form")
    expect_success(manager)
    expect(manager.locator("main")).to_contain_text(baznas.name)
    with manager.expect_navigation():
        manager.click(f"form[action='{reverse('cases:plan_submit', kwargs={'case_id': case.pk})}'] button")
    expect(manager.locator("#plan-state-1")).to_have_text(_shown(PlanState.SUBMITTED.label))
    trip.shot(manager, "rencana-baznas-diajukan")

    # The HEAD finds the approval in their work list and approves the plan.
    head.goto(reverse("core:home"))
    head.click(f"a[href='{reverse('work:my_work')}']")
    head.click(f"a:has-text('{case.number}')")
    if head.url.rstrip("/").endswith(str(case.pk)):  # the work item may lead to the case page
        head.click(f"a[href='{reverse('cases:plan_detail', kwargs={'case_id': case.pk})}']")
    head.select_option("#decision-form [name=decision]", "approve")
    submit(head, "#decision-form")
    expect(head.locator("#plan-state-1")).to_have_text(_shown(PlanState.APPROVED.label))

    # Intervention; the victim agrees in writing that BAZNAS may receive her data for business capital.
    manager.goto(case_url)
    _step(manager, "start_intervention")
    expect(manager.locator("#case-state")).to_have_text(_shown(CaseState.INTERVENSI.label))
    manager.click(f"a[href='{reverse('cases:consent_create', kwargs={'case_id': case.pk})}']")
    manager.select_option("#consent-form [name=victim]", index=1)
    manager.select_option("#consent-form [name=scope]", "SHARING")
    manager.select_option("#consent-form [name=partner]", str(baznas.pk))
    manager.fill("#consent-form [name=purpose]", "Bantuan modal usaha")
    manager.select_option("#consent-form [name=given_by]", "VICTIM")
    manager.select_option("#consent-form [name=method]", "WRITTEN")
    trip.shot(manager, "persetujuan-berbagi-baznas")
    submit(manager, "#consent-form")
    expect_success(manager)
    expect(manager.locator("#consent-list li")).to_have_count(2)


def test_a_victim_gets_business_capital_from_baznas_and_the_case_closes_with_goals_achieved(trip: Journey) -> None:
    from playwright.sync_api import expect

    users = _seed()
    officer, baznas = _baznas_officer(users)

    # 1. She reports on the public page.
    public = trip.context_page()
    public.goto(reverse("lapor:report"))
    public.fill("#id_account", ACCOUNT)
    public.check("input[name=reporter_type][value=KORBAN]")
    public.fill("#id_victim_age", "32")
    public.select_option("#id_victim_sex", "P")
    submit(public, "#public-report-form")
    expect(public.locator("#tracking-code")).to_be_visible()

    # 2. Intake opens the case; the HEAD puts the case manager on the team.
    intake = trip.login(users["intake"])
    complaint = Complaint.objects.get()
    identify(intake, complaint, category="KTP", criterion="ANCAMAN", level="SEDANG")
    case = open_case(intake, complaint)
    head = trip.login(users["head"])
    put_on_team(head, case, users["manager"], "CASE_MANAGER")
    manager = trip.login(users["manager"])
    _casework_to_intervention(trip, manager, head, case, baznas)

    # Before sharing her safe contact with a partner, the case manager records how to reach her safely.
    manager.goto(reverse("cases:case_contact_rule", kwargs={"case_id": case.pk}))
    manager.check("#contact-rule-form input[name=contact_calls][value=TELEPON_BOLEH]")
    manager.fill("#contact-rule-form [name=contact_rule]", "Telepon siang hari saat suami bekerja (contoh fiktif).")
    submit(manager, "#contact-rule-form")
    expect_success(manager)

    # 3. On the empowerment page the case manager adds the business-capital programme delivered by BAZNAS and
    # refers her to BAZNAS from the programme, sharing her identity and safe contact.
    manager.goto(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    manager.click("#case-empowerment-link")
    manager.click(f"a[href='{reverse('empowerment:programme_create', kwargs={'case_id': case.pk})}']")
    manager.select_option("#empowerment-form [name=kind]", "CAPITAL")
    manager.select_option("#empowerment-form [name=partner]", str(baznas.pk))
    manager.fill("#empowerment-form [name=notes]", "Modal usaha melalui BAZNAS.")
    submit(manager, "#empowerment-form")
    expect_success(manager)
    programme = Programme.objects.get(case=case)
    manager.click(f"a[href='{reverse('empowerment:programme_edit', kwargs={'programme_id': programme.pk})}']")
    manager.click(f"a[href='{reverse('empowerment:programme_refer', kwargs={'programme_id': programme.pk})}']")
    form = "#programme-referral-form"
    expect(manager.locator(f"{form} [name=partner]")).to_have_value(str(baznas.pk))
    manager.check(f"{form} input[name=services][value=PEMBERDAYAAN_EKONOMI]")
    manager.fill(f"{form} [name=needs_summary]", "Modal usaha untuk warung makan di rumah (contoh fiktif).")
    manager.fill(f"{form} [name=response_due]", (timezone.localdate() + dt.timedelta(days=7)).isoformat())
    for section in ("IDENTITY", "CONTACT"):
        manager.check(f"{form} input[name=shared_sections][value={section}]")
    trip.shot(manager, "rujuk-baznas")
    submit(manager, form)
    expect_success(manager)
    referral = Referral.objects.get()
    assert referral.status == Status.SENT
    expect(manager.locator("#programme-referral")).to_contain_text(referral.number)
    programme.refresh_from_db()
    assert programme.referral_id == referral.pk

    # 4. The BAZNAS officer logs in and lands on the portal: the referral, with only what it shares.
    portal = trip.login(officer)
    expect(portal.locator("#portal-table")).to_contain_text(referral.number)
    expect(portal.locator("#main-menu [data-nav]")).to_have_count(1)
    trip.shot(portal, "portal-daftar")
    portal.click(f"a:has-text('{referral.number}')")
    expect(portal.locator("#portal-identity")).to_be_visible()
    expect(portal.locator("#portal-contact")).to_be_visible()
    expect(portal.locator("#portal-incidents")).to_have_count(0)
    expect(portal.locator("body")).not_to_contain_text("dipukul")
    portal.click("#portal-accept")
    expect_success(portal)
    expect(portal.locator("#referral-status")).to_have_text(_shown(Status.ACCEPTED.label))
    portal.fill("[name=layanan-outcome]", OUTCOME)
    trip.shot(portal, "portal-layanan")
    with portal.expect_navigation():
        portal.click("#portal-service")
    expect_success(portal)
    expect(portal.locator("#portal-outcome")).to_contain_text("Rp 3.000.000")
    trip.shot(portal, "portal-layanan-dicatat")

    # 5. The case manager reads the report, closes the referral; the programme is done; the case is monitored.
    manager.goto(reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk}))
    expect(manager.locator("#referral-status")).to_have_text(_shown(Status.SERVICE_GIVEN.label))
    manager.fill("[name=selesai-outcome]", OUTCOME)
    with manager.expect_navigation():
        manager.click("form[action$='/selesai/'] button[type=submit]")
    expect_success(manager)
    expect(manager.locator("#referral-status")).to_have_text(_shown(Status.DONE.label))
    # The referral done ended the programme and the plan's economic service it was matched to (BAZNAS, economic
    # empowerment): both read "done" on their pages, with nothing left to update by hand.
    manager.goto(reverse("empowerment:case_empowerment", kwargs={"case_id": case.pk}))
    expect(manager.locator("#programmes tbody tr")).to_contain_text(_shown(ProgrammeStatus.DONE.label))
    trip.shot(manager, "program-selesai")
    manager.goto(reverse("cases:plan_detail", kwargs={"case_id": case.pk}))
    expect(manager.locator("#plan-1 ~ div tbody tr")).to_contain_text(_shown(PlanItemStatus.DONE.label))
    expect(manager.locator("a[href*='/rencana/layanan/'][href$='/status/']")).to_have_count(0)
    trip.shot(manager, "rencana-layanan-selesai")
    manager.goto(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    _step(manager, "start_monitoring")
    expect(manager.locator("#case-state")).to_have_text(_shown(CaseState.PEMANTAUAN.label))

    # The grant ended with the referral: the portal page answers 404.
    assert portal.goto(reverse("portal:referral", kwargs={"referral_id": referral.pk})).status == 404

    # 6. The first follow-up: her own income from the stall, the goals met, independent.
    manager.goto(reverse("empowerment:case_empowerment", kwargs={"case_id": case.pk}))
    manager.click("#follow-ups a:has-text('Catat')")
    # The new incident's fields stay folded on a good-news visit; ticking "new violence" unfolds them.
    incident = manager.locator("#new-incident")
    assert incident.get_attribute("open") is None
    manager.check("#follow-up-form [name=new_violence]")
    assert incident.get_attribute("open") is not None
    manager.uncheck("#follow-up-form [name=new_violence]")
    manager.select_option("#follow-up-form [name=mode]", "VISIT")
    manager.fill("#follow-up-form [name=held_on]", timezone.localdate().isoformat())
    manager.check("#follow-up-form input[name=reached][value=yes]")
    manager.select_option("#follow-up-form [name=wellbeing]", "GOOD")
    manager.select_option("#follow-up-form [name=goals_progress]", "MET")
    manager.select_option("#follow-up-form [name=income_band]", "FROM_1M")
    manager.check("#follow-up-form [name=business_running]")
    manager.check("#follow-up-form [name=documents_complete]")
    manager.check("#follow-up-form [name=independent]")
    trip.shot(manager, "pemantauan-penghasilan")
    submit(manager, "#follow-up-form")
    expect_success(manager)

    # 7. The case manager asks for closure as "goals achieved"; the HEAD approves it.
    manager.goto(reverse("cases:case_request_closure", kwargs={"case_id": case.pk}))
    manager.select_option("#closure-form [name=reason]", "TUJUAN_TERCAPAI")
    manager.fill("#closure-form [name=summary]", "Usaha berjalan, penghasilan sendiri, korban mandiri (contoh fiktif).")
    submit(manager, "#closure-form")
    expect_success(manager)
    expect(manager.locator("#closure-pending")).to_be_visible()
    head.goto(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    _step(head, "approve_closure")
    expect(head.locator("#case-state")).to_have_text(_shown(CaseState.TERMINASI.label))
    trip.shot(head, "kasus-ditutup-tujuan-tercapai")
    assert not manager.js_errors and not portal.js_errors
