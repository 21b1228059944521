"""Journey (issue #14): a woman reports on /lapor/ → intake opens the case → the case manager refers her to
BAZNAS for business capital → the BAZNAS officer logs in, lands on the partner portal, sees only what the
referral shares, accepts and records the capital given → the case manager closes the referral, the case goes
to monitoring and the follow-up records her own income → the HEAD closes the case as "goals achieved".

The casework between the case's opening and the referral (consents, assessment, approved plan, the
business-capital programme) is done through the services: other journeys walk those pages.
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
from sigap.cases.models.consent import ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.services.consent import ConsentData, consent_record
from sigap.cases.tests import casework_steps
from sigap.empowerment.models import Programme
from sigap.empowerment.services.programme import programme_add, programme_update
from sigap.intake.models import Complaint
from sigap.partners.models import Partner, PartnerKind
from sigap.partners.services import partner_user_link
from sigap.referrals.models import Referral, Status
from tests.e2e.steps import expect_success, identify, open_case, put_on_team, submit
from tests.e2e.test_case_journey import PASSWORD, Journey, _seed, _shown, _step, journey_of

ACCOUNT = "Contoh laporan: suami memukul saya dan tidak memberi nafkah; saya ingin berjualan (data fiktif)."
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


def _casework_to_intervention(case: Case, manager: User, baznas: Partner) -> Programme:
    casework_steps.walk_to(case, CaseState.INTERVENSI, actor=manager)
    victim = casework_steps.victims(case)[0]
    consent_record(
        actor=manager,
        case=case,
        data=ConsentData(
            victim=victim,
            scope=ConsentScope.SHARING,
            given_by=ConsentGiver.VICTIM,
            method=ConsentMethod.WRITTEN,
            given_on=timezone.localdate(),
            partner=baznas,
            purpose="Bantuan modal usaha",
        ),
    )
    return programme_add(actor=manager, case=case, kind="CAPITAL", notes="Modal usaha melalui BAZNAS.")


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
    programme = _casework_to_intervention(case, users["manager"], baznas)

    # 3. The case manager refers her to BAZNAS for business capital, sharing her identity and safe contact.
    manager = trip.login(users["manager"])
    manager.goto(reverse("referrals:referral_create", kwargs={"case_id": case.pk}))
    manager.select_option("#referral-form [name=partner]", str(baznas.pk))
    manager.check("#referral-form input[name=services][value=PEMBERDAYAAN_EKONOMI]")
    manager.fill("#referral-form [name=needs_summary]", "Modal usaha untuk warung makan di rumah (contoh fiktif).")
    manager.fill("#referral-form [name=response_due]", (timezone.localdate() + dt.timedelta(days=7)).isoformat())
    for section in ("IDENTITY", "CONTACT"):
        manager.check(f"#referral-form input[name=shared_sections][value={section}]")
    trip.shot(manager, "rujuk-baznas")
    submit(manager, "#referral-form")
    expect_success(manager)
    referral = Referral.objects.get()
    assert referral.status == Status.SENT

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
    programme_update(actor=users["manager"], programme=programme, status="DONE")
    casework_steps.finish_plan_items(case, actor=users["manager"])  # the plan's other services (not this journey's)
    manager.goto(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    _step(manager, "start_monitoring")
    expect(manager.locator("#case-state")).to_have_text(_shown(CaseState.PEMANTAUAN.label))

    # The grant ended with the referral: the portal page answers 404.
    assert portal.goto(reverse("portal:referral", kwargs={"referral_id": referral.pk})).status == 404

    # 6. The first follow-up: her own income from the stall, the goals met, independent.
    manager.goto(reverse("empowerment:case_empowerment", kwargs={"case_id": case.pk}))
    manager.click("#follow-ups a:has-text('Catat')")
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
