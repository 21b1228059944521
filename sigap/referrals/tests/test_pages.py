"""Referral pages: "Rujuk" from the case page, refusals at the top of the form with nothing typed lost, the
detail and its steps, the lists with pinned query counts, and hypothesis on every form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from sigap.cases.tests.casework_fuzz import fuzz_post
from sigap.referrals.models import Referral, Status
from sigap.referrals.tests.steps import adult_case, partner, sent, share_consent

LIST = reverse("referrals:referral_list")
LIST_QUERIES = 4


def _form(case: Any, to: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partner": to.pk,
        "services": ["PEMBERDAYAAN_EKONOMI"],
        "needs_summary": "Capital for a small stall.",
        "urgency": "ROUTINE",
        "mode": "LETTER",
        "response_due": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        "shared_sections": ["INCIDENT"],
        **extra,
    }


def _victim(case: Any) -> int:
    from sigap.cases.tests.casework_steps import victims

    return victims(case)[0].pk


def test_refer_from_the_case_page(personas: Any) -> None:
    case, baznas = adult_case(personas), partner(personas)
    client = personas.client("case_manager")
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    assert b'id="case-referrals-link"' in page.content
    create = reverse("referrals:referral_create", kwargs={"case_id": case.pk})
    form = {**_form(case, baznas), "victim": _victim(case)}
    refused = client.post(create, form)
    assert refused.status_code == 200 and not Referral.objects.exists()
    errors = refused.context["form"].non_field_errors()
    assert any("No valid consent of the victim covers sharing with" in e for e in errors)
    assert refused.context["form"]["needs_summary"].value() == "Capital for a small stall."  # nothing lost
    assert "override_reason" not in refused.context["form"].fields  # the case manager cannot override
    share_consent(personas, case, baznas)
    done = client.post(create, form)
    referral = Referral.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "referrals:referral_detail", kwargs={"referral_id": referral.pk}
    )
    detail = client.get(done["Location"])
    assert detail.status_code == 200 and referral.number.encode() in detail.content
    step = reverse("referrals:referral_step", kwargs={"referral_id": referral.pk, "step": "tolak"})
    client.post(step, {"tolak-reason": ""})
    assert Referral.objects.get().status == Status.SENT  # a decline without a reason is refused
    client.post(step, {"tolak-reason": "No budget."})
    assert Referral.objects.get().status == Status.DECLINED
    bad = reverse("referrals:referral_step", kwargs={"referral_id": referral.pk, "step": "fly"})
    assert client.post(bad).status_code == 404


def test_the_letter_is_addressed_once_to_a_contact_person_of_that_partner(personas: Any) -> None:
    """The referral names who at the partner it is for (Referral.contact): chosen on the form, checked to work
    for the chosen partner, shown on the referral and in the letter ("u.p.")."""
    from io import BytesIO

    from pypdf import PdfReader

    from sigap.partners.services import contact_add

    case, baznas, police = adult_case(personas), partner(personas), partner(personas, "POLICE")
    mine = contact_add(actor=personas["head"], partner=baznas, name="Ibu Qarni Wahyuni", position="Amil zakat")
    theirs = contact_add(actor=personas["head"], partner=police, name="Bripka Zulham")
    share_consent(personas, case, baznas)
    client = personas.client("case_manager")
    client.cookies["sigap_language"] = "en"
    create = reverse("referrals:referral_create", kwargs={"case_id": case.pk})
    page = client.get(create).content.decode()
    assert "Contact person at the partner" in page and "Ibu Qarni Wahyuni (Amil zakat)" in page
    form = {**_form(case, baznas), "victim": _victim(case), "contact": theirs.pk}
    refused = client.post(create, form)
    assert refused.status_code == 200 and not Referral.objects.exists()
    assert "This person works for another partner" in refused.content.decode()
    assert refused.context["form"]["needs_summary"].value() == "Capital for a small stall."
    done = client.post(create, {**form, "contact": mine.pk})
    referral = Referral.objects.get()
    assert done.status_code == 302 and referral.contact == mine
    detail = client.get(done["Location"]).content.decode()
    assert 'id="referral-contact"' in detail and "Ibu Qarni Wahyuni" in detail
    letter = client.get(reverse("referrals:referral_letter", kwargs={"referral_id": referral.pk}))
    text = "".join(
        page.extract_text()
        for page in PdfReader(
            BytesIO(b"".join(letter.streaming_content if letter.streaming else [letter.content]))
        ).pages
    )
    assert "For the attention of: Ibu Qarni Wahyuni, Amil zakat" in text
    assert text.count("For the attention of") == 1


def test_the_safe_contact_is_shared_only_once_its_rule_is_recorded(personas: Any) -> None:
    """Walk #14, 5: the partner read "not recorded: do not call" and dashes, and the form had said nothing."""
    from sigap.cases.services.lifecycle import case_contact_rule_set

    case, baznas = adult_case(personas), partner(personas)
    share_consent(personas, case, baznas)
    client = personas.client("case_manager")
    client.cookies["sigap_language"] = "en"
    create = reverse("referrals:referral_create", kwargs={"case_id": case.pk})
    form = {**_form(case, baznas, shared_sections=["IDENTITY", "CONTACT"]), "victim": _victim(case)}
    case.__class__.objects.filter(pk=case.pk).update(contact_calls="")
    refused = client.post(create, form)
    assert refused.status_code == 200 and not Referral.objects.exists()
    assert "No safe-contact rule is recorded for this case" in refused.content.decode()
    assert refused.context["form"]["needs_summary"].value() == "Capital for a small stall."
    case_contact_rule_set(actor=personas["case_manager"], case=case, contact_calls="TELEPON_BOLEH", contact_rule="")
    assert client.post(create, form).status_code == 302 and Referral.objects.count() == 1


def test_the_lists_query_counts(personas: Any, django_assert_num_queries: Any) -> None:
    referral = sent(personas)
    client = personas.client("head")
    client.get(LIST)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(LIST).status_code == 200
    for _index in range(4):
        sent(personas, case=referral.case)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 5
    assert not personas.client("other_head").get(LIST).context["page"].object_list
    assert client.get(LIST, {"status": "<x>", "page": "x"}).status_code == 200


def test_no_referral_form_input_gives_a_500(personas: Any) -> None:
    referral = sent(personas)
    clients = [personas.client("head"), personas.client("case_manager"), personas.client("expert")]
    create = reverse("referrals:referral_create", kwargs={"case_id": referral.case.pk})
    fields = ["victim", "partner", "services", "needs_summary", "urgency", "mode", "response_due"]
    fuzz_post(lambda: create, [*fields, "shared_sections", "shared_assessment_areas", "override_reason"], clients)
    for step, names in (("tolak", ["tolak-reason"]), ("selesai", ["selesai-outcome", "selesai-feedback"])):
        url = reverse("referrals:referral_step", kwargs={"referral_id": referral.pk, "step": step})
        fuzz_post(lambda url=url: url, names, clients)
