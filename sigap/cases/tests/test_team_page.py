"""The team page: profession needed (default from the plan), the preference form, the warning on an
unlicensed expert, what each suggestion shows, and a query count that does not grow with the experts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import make_user
from sigap.accounts.models import Role
from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseState, CaseTeamMember
from sigap.cases.tests.casework_steps import approve_plan, walk_to
from sigap.cases.tests.factories import incident, make_case, victim_data
from sigap.experts.models import CredentialKind, Profession
from sigap.experts.tests.factories import credential, licensed_clinical, profile

# The page's own queries (case, plan need x2, case facts x2, team, candidates, suggestions) plus the
# shell's, measured; the same for 2 experts and for 10.
TEAM_QUERIES = 9


def _url(case: Any) -> str:
    return reverse("cases:case_team", kwargs={"case_id": case.pk})


def test_each_suggestion_shows_its_fit(personas: Any) -> None:
    licensed_clinical(personas, make_user("nadia", personas.kukar, Role.EXPERT, full_name="Nadia Psikolog"))
    legal = make_user("bayu", personas.kukar, Role.EXPERT, full_name="Bayu Hukum")
    credential(personas, profile(personas, legal, profession=Profession.LEGAL_COUNSELLOR, sex="L"), "KTA_ADVOKAT")
    case = make_case(personas, victim=victim_data(nik="", phone=""))
    page = personas.client("head").get(_url(case))
    assert page.status_code == 200
    assert [u.username for u in page.context["suggestions"]] == ["nadia", "bayu"]
    content = page.content.decode()
    suggestions = content.split('id="suggestions"')[1].split("</table>")[0]
    assert "Clinical psychologist" in suggestions and "Legal counsellor" in suggestions
    assert "Licensed" in suggestions and "Credentials expired or missing" in suggestions
    # Same-sex and TPKS columns appear only when they rank.
    assert "Same sex" not in suggestions and "TPKS training" not in suggestions


def test_same_sex_and_tpks_columns_when_they_rank(personas: Any) -> None:
    licensed_clinical(personas, make_user("nadia", personas.kukar, Role.EXPERT))
    case = make_case(personas, victim=victim_data(nik="", phone=""))
    incident(personas, case, types=["SEKSUAL"])
    head = personas.client("head")
    assert head.post(_url(case), {"preference": "1", "same_sex_expert_preferred": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.same_sex_expert_preferred
    page = head.get(_url(case))
    suggestions = page.content.decode().split('id="suggestions"')[1].split("</table>")[0]
    assert "Same sex" in suggestions and "TPKS training" in suggestions
    assert page.context["suggestions"][0].same_sex is True
    # Unticking clears it.
    assert head.post(_url(case), {"preference": "1"}).status_code == 302
    case.refresh_from_db()
    assert not case.same_sex_expert_preferred


def test_the_profession_needed_defaults_to_what_the_plan_still_needs(personas: Any) -> None:
    licensed_clinical(personas, make_user("nadia", personas.kukar, Role.EXPERT))
    legal = make_user("bayu", personas.kukar, Role.EXPERT)
    profile(personas, legal, profession=Profession.LEGAL_COUNSELLOR, sex="L")
    case = walk_to(make_case(personas, victim=victim_data(nik="", phone="")), CaseState.RENCANA_INTERVENSI)
    # Delivered by the unit (approve_plan names a partner agency, whose services need no expert here).
    approve_plan(case, services=("BANTUAN_HUKUM",)).items.update(
        provider_agency="", provider_partner=None, provider_user=personas["head"]
    )
    head = personas.client("head")
    page = head.get(_url(case))
    assert page.context["profession"] == "LEGAL_COUNSELLOR"
    assert page.context["need_form"]["profession"].value() == "LEGAL_COUNSELLOR"
    assert [u.username for u in page.context["suggestions"]] == ["bayu", "nadia"]
    # The HEAD may look for another profession, or for any.
    assert [u.username for u in head.get(_url(case), {"profession": "PSYCHOLOGICAL"}).context["suggestions"]] == [
        "nadia",
        "bayu",
    ]
    assert head.get(_url(case), {"profession": ""}).context["profession"] == ""
    # A bad value is a message on the form, never a 500; the default applies.
    bad = head.get(_url(case), {"profession": "<script>"})
    assert bad.status_code == 200 and bad.context["need_form"].errors
    assert bad.context["profession"] == "LEGAL_COUNSELLOR"


def test_assigning_an_unlicensed_expert_is_possible_with_a_warning(personas: Any) -> None:
    lapsed = make_user("lapsed", personas.kukar, Role.EXPERT)
    profile(personas, lapsed)
    nadia = make_user("nadia", personas.kukar, Role.EXPERT)
    licensed_clinical(personas, nadia)
    case = make_case(personas, experts=())
    head = personas.client("head")
    response = head.post(_url(case), {"user": lapsed.pk, "team_role": "EXPERT"}, follow=True)
    assert CaseTeamMember.objects.filter(case=case, user=lapsed, is_active=True).exists()
    assert "has no valid licence for their profession on record" in response.content.decode()
    event = AuditEvent.objects.filter(action="ASSIGN", object_id=str(case.pk)).order_by("seq").last()
    assert event is not None and event.new_values["team"]["licensed"] is False
    response = head.post(_url(case), {"user": nadia.pk, "team_role": "EXPERT"}, follow=True)
    assert "has no valid licence" not in response.content.decode()
    event = AuditEvent.objects.filter(action="ASSIGN", object_id=str(case.pk)).order_by("seq").last()
    assert event is not None and event.new_values["team"]["licensed"] is True
    # Without a profile there is no licence on record either (None in the trail).
    response = head.post(_url(case), {"user": personas["expert"].pk, "team_role": "EXPERT"}, follow=True)
    assert "has no valid licence" in response.content.decode()
    event = AuditEvent.objects.filter(action="ASSIGN", object_id=str(case.pk)).order_by("seq").last()
    assert event is not None and event.new_values["team"]["licensed"] is None


def test_only_the_head_opens_the_page_and_sets_the_preference(personas: Any) -> None:
    case = make_case(personas)
    for name in ("case_manager", "expert"):
        client = personas.client(name)
        assert client.get(_url(case)).status_code == 403
        assert client.post(_url(case), {"preference": "1", "same_sex_expert_preferred": "on"}).status_code == 403
    assert personas.client("other_head").get(_url(case)).status_code == 404
    case.refresh_from_db()
    assert not case.same_sex_expert_preferred


def test_query_count_does_not_grow_with_the_number_of_experts(personas: Any, django_assert_num_queries: Any) -> None:
    case = walk_to(make_case(personas, victim=victim_data(nik="", phone="")), CaseState.RENCANA_INTERVENSI)
    approve_plan(case, services=("PSIKOLOGIS", "BANTUAN_HUKUM"))
    incident(personas, case, types=["SEKSUAL"])
    head = personas.client("head")
    head.post(_url(case), {"preference": "1", "same_sex_expert_preferred": "on"})

    def add(count: int, start: int) -> None:
        for index in range(start, start + count):
            user = make_user(f"expert_{index:02d}", personas.kukar, Role.EXPERT)
            expert = profile(personas, user, profession=Profession.LEGAL_COUNSELLOR, sex="LP"[index % 2])
            credential(personas, expert, CredentialKind.SERTIFIKAT_PARALEGAL)
            credential(personas, expert, CredentialKind.SERTIFIKAT_PELATIHAN_TPKS)

    add(2, 0)
    head.get(_url(case))  # warm caches (content types, session)
    with django_assert_num_queries(TEAM_QUERIES):
        assert head.get(_url(case)).status_code == 200
    add(8, 2)
    with django_assert_num_queries(TEAM_QUERIES):
        response = head.get(_url(case))
    assert len(response.context["suggestions"]) == 10
