"""The unit's experts: who is listed, what each row says, pagination, and a query count fixed in the rows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import make_user
from sigap.accounts.models import Membership, Role
from sigap.cases.tests.factories import make_case
from sigap.experts.models import CredentialKind, Profession
from sigap.experts.tests.factories import credential, licensed_clinical, profile

URL = reverse("experts:expert_list")
# The page's own queries (count, rows) plus the request chain's (session; user with MFA device and
# membership), measured; the same for 3 rows and for 11.
LIST_QUERIES = 4


def _rows(response: Any) -> dict[str, Any]:
    return {row["expert"].username: row for row in response.context["rows"]}


def test_it_lists_the_units_experts_with_their_standing(personas: Any) -> None:
    licensed_clinical(personas, personas["expert"])
    legal = make_user("legal_expert", personas.kukar, Role.EXPERT, full_name="Bayu Hukum")
    lapsed = profile(personas, legal, profession=Profession.LEGAL_COUNSELLOR, sex="L", available=False)
    credential(personas, lapsed, CredentialKind.KTA_ADVOKAT, days_left=20)
    make_user("new_expert", personas.kukar, Role.EXPERT)
    make_user("samarinda_expert", personas.samarinda, Role.EXPERT)
    make_case(personas)  # the expert persona is on its team
    response = personas.client("head").get(URL)
    assert response.status_code == 200
    rows = _rows(response)
    assert set(rows) == {"expert", "legal_expert", "new_expert"}
    assert rows["expert"]["profession"] == "Clinical psychologist" and rows["expert"]["sex"] == "Female"
    assert rows["expert"]["expert"].licensed and rows["expert"]["expert"].caseload == 1
    assert not rows["legal_expert"]["expert"].licensed  # a membership card without the oath record
    assert rows["legal_expert"]["expert"].earliest_expiry is not None
    assert not rows["new_expert"]["expert"].has_profile
    content = response.content.decode()
    assert "No profile yet" in content and "Not taking new cases" in content
    assert "Samarinda" not in content


def test_a_former_expert_with_a_profile_stays_listed_and_marked(personas: Any) -> None:
    profile(personas, personas["expert"])
    Membership.objects.filter(user=personas["expert"]).update(role=Role.CASE_MANAGER)
    response = personas.client("admin").get(URL)
    assert "expert" in _rows(response)
    assert "No longer an expert of the unit" in response.content.decode()


def test_the_expert_is_sent_to_their_own_profile(personas: Any) -> None:
    response = personas.client("expert").get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("experts:expert_detail", kwargs={"user_id": personas["expert"].pk})


def test_another_units_head_sees_their_own_experts_only(personas: Any) -> None:
    profile(personas, personas["expert"])
    assert _rows(personas.client("other_head").get(URL)) == {}


def test_pages_and_a_bad_page_number(personas: Any) -> None:
    for index in range(27):
        make_user(f"expert_{index:02d}", personas.kukar, Role.EXPERT)
    client = personas.client("head")
    first = client.get(URL)
    assert len(first.context["rows"]) == 25 and first.context["page"].paginator.num_pages == 2
    assert len(client.get(URL, {"page": "2"}).context["rows"]) == 3
    assert client.get(URL, {"page": "<x>"}).status_code == 200


def test_query_count_is_constant_in_the_number_of_experts(personas: Any, django_assert_num_queries: Any) -> None:
    client = personas.client("head")

    def add(count: int, start: int) -> None:
        for index in range(start, start + count):
            user = make_user(f"expert_{index:02d}", personas.kukar, Role.EXPERT)
            expert = profile(personas, user, profession=Profession.LEGAL_COUNSELLOR)
            credential(personas, expert, CredentialKind.SERTIFIKAT_PARALEGAL)

    add(2, 0)
    client.get(URL)  # warm caches (content types, session)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(URL).status_code == 200
    add(8, 2)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(URL)
    assert len(response.context["rows"]) == 11  # with the expert persona (no profile)


def _move_to_samarinda(personas: Any) -> None:
    user = personas["expert"]
    Membership.objects.filter(user=user).update(is_active=False)
    Membership.objects.create(user=user, unit=personas.samarinda, role=Role.EXPERT)
    user.__dict__.pop("_active_membership", None)


def test_a_moved_expert_is_read_only_for_the_old_unit_and_counts_only_the_new_units_cases(personas: Any) -> None:
    licensed_clinical(personas, personas["expert"])
    make_case(personas)  # an open Kukar case with the expert on its team
    _move_to_samarinda(personas)
    # Samarinda manages them now: its list shows them, with no caseload of Kukar's cases.
    samarinda = _rows(personas.client("other_head").get(URL))
    assert samarinda["expert"]["expert"].caseload == 0
    # Kukar still reads the profile it recorded (the expert's old team rows are its own cases) …
    kukar_client = personas.client("head")
    assert _rows(kukar_client.get(URL))["expert"]["expert"].caseload == 1
    detail = reverse("experts:expert_detail", kwargs={"user_id": personas["expert"].pk})
    page = kukar_client.get(detail)
    assert page.status_code == 200 and not page.context["entry"].can_manage
    assert reverse("experts:expert_edit", kwargs={"user_id": personas["expert"].pk}) not in page.content.decode()
    # … while Samarinda's HEAD may change it.
    assert personas.client("other_head").get(detail).context["entry"].can_manage
