"""The partner portal (issue #14): partner isolation, the grant and its end, only the shared sections, the
partner's answer and documents through the referral's own services, the VIEW audit, the list's query count."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditAction, AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.models.consent import Consent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.consent import consent_withdraw
from sigap.cases.tests.factories import make_case, victim_data
from sigap.core.tests.files_samples import PDF
from sigap.partners.models import Partner, PartnerKind
from sigap.referrals.models import Referral, ReferralDocument, Status
from sigap.referrals.selectors.portal import referrals_visible_to
from sigap.referrals.services import referral_accept, referral_done, referral_withdraw
from sigap.referrals.services.documents import referral_document_upload
from sigap.referrals.tests.steps import partner, sent

pytestmark = pytest.mark.django_db

LIST = reverse("portal:referral_list")
LIST_QUERIES = 5


def _page(referral: Referral) -> str:
    return reverse("portal:referral", kwargs={"referral_id": referral.pk})


def _step(referral: Referral, step: str) -> str:
    return reverse("portal:step", kwargs={"referral_id": referral.pk, "step": step})


def test_a_partner_user_sees_only_the_referrals_of_their_organisation(personas: Any) -> None:
    to_baznas = sent(personas)
    to_social = sent(personas, case=to_baznas.case, to=partner(personas, PartnerKind.SOCIAL))
    assert list(referrals_visible_to(personas["partner"])) == [to_baznas]
    assert list(referrals_visible_to(personas["partner_b"])) == [to_social]
    assert not referrals_visible_to(personas["other_partner"]).exists()
    for who in ("head", "case_manager", "expert", "intake", "admin"):
        assert not referrals_visible_to(personas[who]).exists(), who
    page = personas.client("partner").get(LIST)
    assert [row.pk for row in page.context["page"].object_list] == [to_baznas.pk]
    # A cannot open B's referral, and Samarinda's partner user opens neither.
    assert personas.client("partner").get(_page(to_social)).status_code == 404
    assert personas.client("partner_b").get(_page(to_baznas)).status_code == 404
    assert personas.client("other_partner").get(_page(to_baznas)).status_code == 404
    assert personas.client("partner_b").get(_page(to_social)).status_code == 200


def test_an_unlinked_or_moved_partner_user_sees_nothing(personas: Any) -> None:
    referral = sent(personas)
    user = personas["partner"]
    user.partner_link.delete()
    user.__dict__.pop("_portal_partner", None)
    assert not referrals_visible_to(user).exists()
    assert personas.client("partner").get(_page(referral)).status_code == 404
    assert "portal-not-linked" in personas.client("partner").get(LIST).content.decode()


def test_the_list_is_sorted_by_due_date_and_its_query_count_is_pinned(
    personas: Any, django_assert_num_queries: Any
) -> None:
    today = timezone.localdate()
    first = sent(personas, response_due=today + dt.timedelta(days=9))
    client = personas.client("partner")
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200
    for days in (3, 6, 1):
        sent(personas, case=first.case, response_due=today + dt.timedelta(days=days))
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    dues = [row.response_due for row in response.context["page"].object_list]
    assert dues == sorted(dues) and len(dues) == 4


def test_only_the_shared_sections_are_rendered(personas: Any) -> None:
    case = make_case(personas, victim=victim_data(name="Siti Portalname", address="Jalan Portaladdress 12"))
    incident_only = sent(personas, case=case, shared_sections=["INCIDENT"])
    html = personas.client("partner").get(_page(incident_only)).content.decode()
    assert "Capital for a small food stall." in html  # the needs summary: always
    assert 'id="portal-incidents"' in html
    for absent in ("Portaladdress", "Portalname", 'id="portal-identity"', 'id="portal-contact"', "portal-plan"):
        assert absent not in html, absent
    identity_and_contact = sent(personas, case=case, shared_sections=["IDENTITY", "CONTACT"])
    html = personas.client("partner").get(_page(identity_and_contact)).content.decode()
    assert "Portalname" in html and "Portaladdress" in html
    assert 'id="portal-incidents"' not in html


def test_every_view_of_a_referral_is_audited_on_its_case(personas: Any) -> None:
    referral = sent(personas)
    before = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=personas["partner"]).count()
    personas.client("partner").get(_page(referral))
    personas.client("partner").get(_page(referral))
    events = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=personas["partner"])
    assert events.count() == before + 2
    assert events.filter(object_id=str(referral.case_id)).count() == 2


@pytest.mark.parametrize("ending", ["done", "withdrawn", "declined", "consent", "closed"])
def test_the_grant_ends_and_every_portal_page_answers_404(personas: Any, ending: str) -> None:
    referral = sent(personas)
    client = personas.client("partner")
    assert client.get(_page(referral)).status_code == 200
    manager = personas["case_manager"]
    if ending == "done":
        referral_accept(actor=manager, referral=referral)
        referral_done(actor=manager, referral=referral, outcome="Capital given.")
    elif ending == "withdrawn":
        referral_withdraw(actor=manager, referral=referral, reason="The victim moved away.")
    elif ending == "declined":
        assert client.post(_step(referral, "tolak"), {"tolak-reason": "No budget left this year."}).status_code == 302
    elif ending == "consent":
        consent_withdraw(actor=manager, consent=Consent.objects.get(pk=referral.consent_id))
    else:
        # The closure's own path is tested in sigap/cases; here only the closed state matters.
        Case.objects.filter(pk=referral.case_id).update(state=CaseState.TERMINASI)
    document_kwargs = {"referral_id": referral.pk}
    for url in (_page(referral), reverse("portal:document_add", kwargs=document_kwargs)):
        assert client.get(url).status_code == 404, url
    assert client.post(_step(referral, "terima")).status_code == 404
    assert referral.pk not in {row.pk for row in client.get(LIST).context["page"].object_list}


def test_the_partner_accepts_and_records_the_service_through_the_status_services(personas: Any) -> None:
    referral = sent(personas)
    client = personas.client("partner")
    assert client.post(_step(referral, "terima")).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED and referral.answered_by == personas["partner"]
    # The outcome is required: the typed page comes back with the message, nothing lost.
    response = client.post(_step(referral, "layanan"), {"layanan-outcome": ""})
    assert response.status_code == 200 and "Describe the service given" in response.content.decode()
    assert client.post(_step(referral, "layanan"), {"layanan-outcome": "Rp 3.000.000 capital on 1 May."}).status_code
    referral.refresh_from_db()
    assert referral.status == Status.SERVICE_GIVEN and referral.outcome == "Rp 3.000.000 capital on 1 May."
    # The unit closes the referral: the partner cannot mark it done (the plan item is the unit's).
    with pytest.raises(TransitionRefused):
        referral_done(actor=personas["partner"], referral=referral, outcome="Done")
    assert client.post(_step(referral, "selesai")).status_code == 404
    assert AuditEvent.objects.filter(actor=personas["partner"], action=AuditAction.UPDATE).count() == 2


def test_another_organisations_user_cannot_act_through_the_services(personas: Any) -> None:
    referral = sent(personas)
    with pytest.raises(TransitionRefused):
        referral_accept(actor=personas["partner_b"], referral=referral)
    with pytest.raises(TransitionRefused):
        referral_accept(actor=personas["other_partner"], referral=referral)
    assert Referral.objects.get(pk=referral.pk).status == Status.SENT


def test_the_partner_uploads_a_document_and_the_unit_reads_it(personas: Any) -> None:
    referral = sent(personas)
    client = personas.client("partner")
    add = reverse("portal:document_add", kwargs={"referral_id": referral.pk})
    not_a_pdf = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 not a document", content_type="application/pdf")
    response = client.post(add, {"title": "Receipt", "file": not_a_pdf})
    assert response.status_code == 200 and not ReferralDocument.objects.exists()
    upload = SimpleUploadedFile("kuitansi Siti.pdf", PDF, content_type="application/pdf")
    assert client.post(add, {"title": "Receipt of the capital", "file": upload}).status_code == 302
    document = ReferralDocument.objects.get()
    assert document.uploaded_by == personas["partner"] and document.content_type == "application/pdf"
    download = reverse("portal:document", kwargs={"referral_id": referral.pk, "document_id": document.pk})
    response = client.get(download)
    assert b"".join(response.streaming_content) == PDF
    assert AuditEvent.objects.filter(actor=personas["partner"], action=AuditAction.DOWNLOAD).exists()
    assert personas.client("partner_b").get(download).status_code == 404
    staff_page = personas.client("case_manager").get(
        reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk})
    )
    assert "Receipt of the capital" in staff_page.content.decode()
    # Once the grant ends, the partner uploads no more (the service says so even without the page).
    referral_withdraw(actor=personas["case_manager"], referral=referral, reason="The victim moved away.")
    with pytest.raises(TransitionRefused):
        referral_document_upload(
            actor=personas["partner"],
            referral=referral,
            upload=SimpleUploadedFile("x.pdf", PDF),
            original_name="x.pdf",
            title="Late",
        )


def test_a_partner_user_reaches_no_staff_page_of_cases_and_starts_on_the_portal(personas: Any) -> None:
    referral = sent(personas)
    client = personas.client("partner")
    assert client.get(reverse("cases:case_detail", kwargs={"case_id": referral.case_id})).status_code in (403, 404)
    assert client.get(reverse("referrals:referral_detail", kwargs={"referral_id": referral.pk})).status_code == 403
    home = client.get(reverse("core:home"))
    assert home.status_code == 302 and home["Location"] == LIST
    html = client.get(LIST).content.decode()
    menu = html.split('id="main-menu"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'data-nav="([^"]+)"', menu) == ["portal"]


def test_the_unit_admin_links_a_partner_user_to_one_organisation(personas: Any) -> None:
    user = personas["partner_b"]
    social = user.partner_link.partner
    baznas = Partner.objects.get(pk=personas["partner"].partner_link.partner_id)
    page = reverse("partners:partner_user_edit", kwargs={"user_id": user.pk})
    admin = personas.client("admin")
    assert social.name in admin.get(reverse("accounts:user_detail", kwargs={"pk": user.pk})).content.decode()
    assert admin.post(page, {"partner": baznas.pk}).status_code == 302
    user.partner_link.refresh_from_db()
    assert user.partner_link.partner == baznas
    assert AuditEvent.objects.filter(actor=personas["admin"], object_type__icontains="partneruser").exists()
    samarinda = Partner.objects.filter(unit=personas.samarinda).first()
    assert admin.post(page, {"partner": samarinda.pk}).status_code == 200  # not a choice: the form says so
    not_partner = reverse("partners:partner_user_edit", kwargs={"user_id": personas["case_manager"].pk})
    assert admin.get(not_partner).status_code == 404
    assert (
        admin.get(reverse("partners:partner_user_edit", kwargs={"user_id": personas["other_partner"].pk})).status_code
        == 404
    )
