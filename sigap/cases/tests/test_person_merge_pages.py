"""The HEAD's merge pages: find the second record, compare field by field, confirm (issue #21)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as settings_module
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.audit.models import AuditAction, AuditEvent
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.services.people import case_person_link
from sigap.cases.services.person_merge import MERGE_FIELDS
from sigap.cases.tests.factories import VICTIM_NAME, VICTIM_NIK, make_case
from sigap.cases.tests.merge_fixtures import OTHER_NAME, OTHER_NIK, duplicate

REASON = "Same mother, same village, NIK typed twice."
# The compare page: the request's chain (session; user, OTP device and membership in one SELECT, D35), the two
# records, their links and visible cases (two queries whatever their number), the audit VIEW. Pinned: a query per
# line or per case fails here.
COMPARE_QUERIES = 9


def _search_url(person: Person, case: Any = None) -> str:
    url = reverse("cases:person_merge_search", kwargs={"person_id": person.pk})
    return f"{url}?kasus={case.pk}" if case is not None else url


def _url(a: Person, b: Person, case: Any = None) -> str:
    url = reverse("cases:person_merge", kwargs={"person_id": a.pk, "other_id": b.pk})
    return f"{url}?kasus={case.pk}" if case is not None else url


def _choices(**chosen: str) -> dict[str, str]:
    return {key: chosen.get(key, "survivor") for key in MERGE_FIELDS}


def test_the_search_page_offers_the_likely_duplicate_with_its_cases(personas: Any) -> None:
    d = duplicate(personas)
    page = personas.client("head").get(_search_url(d.a, d.case1))
    body = page.content.decode()
    assert page.status_code == 200
    assert OTHER_NAME in body and d.case2.number in body  # found by the name + birth year of A
    assert _url(d.a, d.b, d.case1).replace("&", "&amp;") in body or _url(d.a, d.b, d.case1) in body
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(d.a.pk)).exists()


def test_the_search_page_finds_by_a_typed_nik(personas: Any) -> None:
    d = duplicate(personas)
    page = personas.client("head").post(_search_url(d.a), {"nik": OTHER_NIK})
    assert page.status_code == 200 and OTHER_NAME in page.content.decode()
    page = personas.client("head").post(_search_url(d.a), {"nik": "12"})
    assert page.status_code == 200 and 'id="error-summary"' in page.content.decode()


def test_the_compare_page_shows_both_records_side_by_side_with_defaults(
    personas: Any, django_assert_num_queries: Any
) -> None:
    d = duplicate(personas)
    client = personas.client("head")
    client.get(_url(d.a, d.b))  # warm the session
    with django_assert_num_queries(COMPARE_QUERIES):
        page = client.get(_url(d.a, d.b))
    body = page.content.decode()
    assert page.status_code == 200
    for text in (VICTIM_NAME, OTHER_NAME, VICTIM_NIK, OTHER_NIK, d.case1.number, d.case2.number):
        assert text in body
    form = page.context["form"]
    # A has no phone, B has one: B's is offered by default; elsewhere A's value.
    assert form["phone"].initial == "merged" and form["name"].initial == "survivor"
    assert '<legend class="form-label fs-6 fw-semibold">Name</legend>' in body
    case_person_link(actor=personas["head"], case=make_case(personas), person=d.b, role=PersonRole.WITNESS)
    with django_assert_num_queries(COMPARE_QUERIES):
        assert client.get(_url(d.a, d.b)).status_code == 200  # one case more: no query more


def test_review_says_what_will_happen_then_the_merge_returns_to_the_case(personas: Any) -> None:
    d = duplicate(personas)
    client = personas.client("head")
    data = {**_choices(phone="merged"), "reason": REASON}
    review = client.post(_url(d.a, d.b, d.case1), {**data, "step": "review"})
    body = review.content.decode()
    assert review.status_code == 200 and 'id="merge-confirmation"' in body
    assert "Record B will point to record A; its 2 case links move to A." in body
    assert "1 of them is already in the same case with the same role as A" in body
    assert "Record A takes from record B: Phone." in body
    assert Person.objects.filter(pk=d.b.pk).exists(), "the review changes nothing"
    done = client.post(_url(d.a, d.b, d.case1), {**data, "step": "confirm"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("cases:case_detail", kwargs={"case_id": d.case1.pk})
    assert "1 case links moved to A" in done.content.decode()
    assert Person.all_persons.get(pk=d.b.pk).merged_into_id == d.a.pk


def test_a_refusal_is_listed_at_the_top_and_keeps_the_choices(personas: Any) -> None:
    d = duplicate(personas)
    page = personas.client("head").post(
        _url(d.a, d.b), {**_choices(phone="merged"), "reason": "short", "step": "confirm"}
    )
    body = page.content.decode()
    assert page.status_code == 200 and 'id="error-summary"' in body
    assert page.context["form"]["phone"].value() == "merged"
    assert Person.objects.filter(pk=d.b.pk).exists()


def test_the_merged_records_pages_lead_to_the_survivor(personas: Any) -> None:
    d = duplicate(personas)
    client = personas.client("head")
    client.post(_url(d.a, d.b), {**_choices(), "reason": REASON, "step": "confirm"})
    found = client.get(_search_url(d.b))
    assert found.status_code == 302 and found["Location"] == _search_url(d.a)
    again = client.get(_url(d.a, d.b))
    assert again.status_code == 302 and again["Location"] == _search_url(d.a)
    # The old address of B's link in case 1 (removed as a duplicate) opens A's link there.
    old = reverse("cases:case_person_edit", kwargs={"case_id": d.case1.pk, "link_id": d.b_in_case1.pk})
    kept = CasePerson.objects.get(case=d.case1, person=d.a)
    moved = client.get(old)
    assert moved.status_code == 302
    assert moved["Location"] == reverse("cases:case_person_edit", kwargs={"case_id": d.case1.pk, "link_id": kept.pk})


def test_a_record_in_a_restricted_case_is_not_shown(personas: Any) -> None:
    d = duplicate(personas)
    hidden = make_case(personas, restricted=True, experts=())
    case_person_link(actor=personas["head"], case=hidden, person=d.b, role=PersonRole.WITNESS)
    page = personas.client("head").get(_url(d.a, d.b))
    assert page.status_code == 403 and OTHER_NAME not in page.content.decode()
    assert 'id="merge-refused"' in page.content.decode()


def test_the_entry_is_on_the_person_edit_page_for_the_head_only(personas: Any) -> None:
    d = duplicate(personas)
    link = CasePerson.objects.get(case=d.case1, person=d.a)
    url = reverse("cases:case_person_edit", kwargs={"case_id": d.case1.pk, "link_id": link.pk})
    entry = _search_url(d.a, d.case1)
    assert entry in personas.client("head").get(url).content.decode()
    assert entry not in personas.client("case_manager").get(url).content.decode()
    detail = reverse("cases:case_detail", kwargs={"case_id": d.case1.pk})
    assert entry in personas.client("head").get(detail).content.decode()


CHOICE = st.one_of(st.sampled_from(["survivor", "merged", "", "both", "MERGED"]), st.text(max_size=12))
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_no_merge_input_gives_a_500_or_loses_data(personas: Any) -> None:
    d = duplicate(personas)
    client = personas.client("head")
    url = _url(d.a, d.b)
    fields = {key: CHOICE for key in MERGE_FIELDS}
    fields["reason"] = st.one_of(st.text(max_size=30), st.just("short"), st.just("\x00" * 12))
    fields["step"] = st.sampled_from(["review", "edit", "", "x"])  # never "confirm": the records stay two

    @FUZZ
    @given(st.fixed_dictionaries(fields))
    def run(data: dict[str, Any]) -> None:
        response = client.post(url, data)
        assert response.status_code == 200, (data, response.status_code)
        form = response.context["form"]
        for key in MERGE_FIELDS:  # a valid choice typed is shown again, chosen
            if data[key] in ("survivor", "merged"):
                assert form[key].value() == data[key]
        assert Person.objects.filter(pk__in=[d.a.pk, d.b.pk]).count() == 2
        assert CasePerson.objects.filter(person=d.b).count() == 2

    run()


def test_a_candidate_in_a_restricted_case_shows_its_initials_only(personas: Any) -> None:
    d = duplicate(personas)
    hidden = make_case(personas, restricted=True, experts=())
    case_person_link(actor=personas["head"], case=hidden, person=d.b, role=PersonRole.WITNESS)
    body = personas.client("head").post(_search_url(d.a), {"nik": OTHER_NIK}).content.decode()
    assert "S. N." in body and OTHER_NAME not in body and OTHER_NIK not in body.replace('value="' + OTHER_NIK, "")
    assert _url(d.a, d.b) not in body


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_candidates_birth_year_has_no_thousands_separator(personas: Any, language: str) -> None:
    """Walk of #21 (shots 72, 105, 106): "1.992" / "1,992" for a year."""
    d = duplicate(personas)
    year = d.b.birth_year
    client = personas.client("head")
    client.cookies[settings_module.LANGUAGE_COOKIE_NAME] = language
    page = client.get(_search_url(d.a, d.case1)).content.decode()
    assert OTHER_NAME in page and f" · {year}" in page
    assert f"{str(year)[0]}.{str(year)[1:]}" not in page and f"{str(year)[0]},{str(year)[1:]}" not in page
