"""Ranking of the suggested experts: each criterion alone, combined, hooks, no profile, unavailable."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Case as CaseWhen
from django.db.models import F, IntegerField, Value, When

from conftest import make_user
from sigap.accounts.models import Role, User
from sigap.cases.models import Case, CaseState, TeamRole
from sigap.cases.models.incident import Incident
from sigap.cases.models.people import PersonRole
from sigap.cases.selectors import case as selectors
from sigap.cases.services.people import person_create
from sigap.cases.services.team import case_expert_preference_set, case_team_assign, case_team_end
from sigap.cases.tests.casework_steps import approve_plan, walk_to
from sigap.cases.tests.factories import incident, make_case, victim_data
from sigap.experts.models import CredentialKind, Profession
from sigap.experts.needs import ProfessionNeed
from sigap.experts.tests.factories import credential, profile

K = CredentialKind
LICENCES = {
    Profession.CLINICAL_PSYCHOLOGIST: [K.STRPK, K.SIPPK],
    Profession.PSYCHOLOGICAL_COUNSELLOR: [K.SIPP_HIMPSI],
    Profession.LEGAL_COUNSELLOR: [K.SERTIFIKAT_PARALEGAL],
}


def expert(
    personas: Any,
    username: str,
    *,
    profession: str = Profession.CLINICAL_PSYCHOLOGIST,
    sex: str = "P",
    licensed: bool = True,
    tpks: bool = False,
    available: bool = True,
    caseload: int = 0,
    with_profile: bool = True,
) -> User:
    """An expert of Kukar with a profile as asked and ``caseload`` open cases."""
    user = make_user(username, personas.kukar, Role.EXPERT, full_name=f"{username.title()} Expert")
    if with_profile:
        row = profile(personas, user, profession=profession, sex=sex, available=available)
        for kind in LICENCES[profession] if licensed else []:
            credential(personas, row, kind)
        if tpks:
            credential(personas, row, K.SERTIFIKAT_PELATIHAN_TPKS)
    for _ in range(caseload):
        case = make_case(personas, manager=None, experts=())
        case_team_assign(actor=personas["head"], case=case, user=user, team_role=TeamRole.EXPERT)
    return user


def target(personas: Any, *, victim_sex: str = "P", prefer_same_sex: bool = False) -> Case:
    """The case to staff: one victim of ``victim_sex``; the expert persona (no profile) is on its team."""
    case = make_case(personas, victim=victim_data(nik="", phone="", sex=victim_sex))
    if prefer_same_sex:
        case = case_expert_preference_set(actor=personas["head"], case=case, preferred=True)
    return case


def ranked(case: Case, **kwargs: Any) -> list[str]:
    return [u.username for u in selectors.expert_suggestions(case, **kwargs)]


# --- each criterion alone ---------------------------------------------------------------------------


def test_the_profession_needed_comes_first(personas: Any) -> None:
    expert(personas, "clinical", caseload=0)
    expert(personas, "legal", profession=Profession.LEGAL_COUNSELLOR, licensed=False, caseload=2)
    expert(personas, "counsellor", profession=Profession.PSYCHOLOGICAL_COUNSELLOR, caseload=1)
    case = target(personas)
    assert ranked(case, profession=ProfessionNeed.LEGAL_COUNSELLOR) == ["legal", "clinical", "counsellor"]
    # "Psychological support" is met by both psychological professions (then caseload).
    assert ranked(case, profession=ProfessionNeed.PSYCHOLOGICAL) == ["clinical", "counsellor", "legal"]
    assert ranked(case, profession=ProfessionNeed.PSYCHOLOGICAL_COUNSELLOR)[0] == "counsellor"
    # No profession (or an unknown value): licence then caseload only.
    assert ranked(case) == ranked(case, profession="ASTRONAUT") == ["clinical", "counsellor", "legal"]


def test_licensed_experts_come_first(personas: Any) -> None:
    expert(personas, "lapsed", licensed=False, caseload=0)
    expert(personas, "licensed", caseload=3)
    assert ranked(target(personas)) == ["licensed", "lapsed"]


def test_same_sex_ranks_only_when_the_victim_prefers_it(personas: Any) -> None:
    expert(personas, "man", sex="L", caseload=0)
    expert(personas, "woman", sex="P", caseload=1)
    assert ranked(target(personas)) == ["man", "woman"]
    preferred = target(personas, prefer_same_sex=True)
    assert ranked(preferred) == ["woman", "man"]
    marks = {u.username: u.same_sex for u in selectors.expert_suggestions(preferred)}
    assert marks == {"woman": True, "man": False}
    assert ranked(target(personas, victim_sex="L", prefer_same_sex=True))[0] == "man"


def test_no_sex_ranking_when_the_victims_sex_is_unknown_or_differs(personas: Any) -> None:
    expert(personas, "man", sex="L", caseload=0)
    expert(personas, "woman", sex="P", caseload=1)
    unknown = target(personas, victim_sex="", prefer_same_sex=True)
    assert ranked(unknown) == ["man", "woman"]
    assert all(u.same_sex is None for u in selectors.expert_suggestions(unknown))
    mixed = target(personas, victim_sex="P", prefer_same_sex=True)
    person_create(
        actor=personas["head"],
        case=mixed,
        data=victim_data(name="Budi Lain", nik="", phone="", sex="L"),
        role=PersonRole.VICTIM,
    )
    assert ranked(mixed) == ["man", "woman"]


def test_tpks_training_ranks_on_sexual_violence_cases_only(personas: Any) -> None:
    expert(personas, "untrained", caseload=0)
    expert(personas, "trained", tpks=True, caseload=1)
    physical = target(personas)
    incident(personas, physical, types=["FISIK"])
    assert ranked(physical) == ["untrained", "trained"]
    sexual = target(personas)
    incident(personas, sexual, types=["SEKSUAL"])
    assert ranked(sexual) == ["trained", "untrained"]
    assert [u.tpks_trained for u in selectors.expert_suggestions(sexual)] == [True, False]
    # A TPKS form alone makes it a sexual-violence case too.
    by_form = target(personas)
    Incident.objects.filter(pk=incident(personas, by_form, types=["PSIKIS"]).pk).update(tpks_forms=["KSBE"])
    assert ranked(by_form) == ["trained", "untrained"]


def test_caseload_then_name_then_id(personas: Any) -> None:
    expert(personas, "busy", caseload=2)
    expert(personas, "zed", caseload=0)
    expert(personas, "abe", caseload=0)
    case = target(personas)
    assert ranked(case) == ["abe", "zed", "busy"]
    assert [u.caseload for u in selectors.expert_suggestions(case)] == [0, 0, 2]


# --- no profile, unavailable --------------------------------------------------------------------------


def test_experts_without_a_profile_are_listed_last_among_equals(personas: Any) -> None:
    expert(personas, "aaa", with_profile=False)
    expert(personas, "zzz", licensed=False)
    expert(personas, "lapsed_free", licensed=False, caseload=0)
    case = make_case(personas, experts=())  # the expert persona (no profile) is a candidate too
    order = selectors.expert_suggestions(case)
    assert [u.username for u in order] == ["lapsed_free", "zzz", "aaa", "expert"]
    no_profile = order[-1]
    assert not no_profile.has_profile and no_profile.profession == "" and not no_profile.licensed
    assert "No expert profile yet" in no_profile.reasons


def test_unavailable_experts_come_last_with_a_note(personas: Any) -> None:
    expert(personas, "away", profession=Profession.LEGAL_COUNSELLOR, tpks=True, available=False)
    expert(personas, "here", profession=Profession.CLINICAL_PSYCHOLOGIST, licensed=False, caseload=4)
    # "away" fits best by every criterion, but does not take new cases.
    order = selectors.expert_suggestions(target(personas), profession=ProfessionNeed.LEGAL_COUNSELLOR)
    assert [u.username for u in order] == ["here", "away"]
    away = order[-1]
    assert not away.available and "Not taking new cases" in away.reasons


# --- combined --------------------------------------------------------------------------------------------


def test_the_criteria_apply_in_order(personas: Any) -> None:
    """profession > licence > same sex > TPKS > caseload, each breaking the ties of the one before."""
    expert(personas, "p0_lic_same_tpks", profession=Profession.LEGAL_COUNSELLOR, sex="P", tpks=True, caseload=3)
    expert(personas, "p0_lic_same_busy", profession=Profession.LEGAL_COUNSELLOR, sex="P", caseload=2)
    expert(personas, "p0_lic_same_free", profession=Profession.LEGAL_COUNSELLOR, sex="P", caseload=1)
    expert(personas, "p0_lic_other_tpks", profession=Profession.LEGAL_COUNSELLOR, sex="L", tpks=True, caseload=0)
    expert(personas, "p0_lapsed_same", profession=Profession.LEGAL_COUNSELLOR, sex="P", licensed=False, tpks=True)
    expert(personas, "p1_lic_same_tpks", sex="P", tpks=True, caseload=0)
    case = target(personas, prefer_same_sex=True)
    incident(personas, case, types=["SEKSUAL"])
    order = selectors.expert_suggestions(case, profession=ProfessionNeed.LEGAL_COUNSELLOR)
    assert [u.username for u in order] == [
        "p0_lic_same_tpks",
        "p0_lic_same_free",
        "p0_lic_same_busy",
        "p0_lic_other_tpks",
        "p0_lapsed_same",
        "p1_lic_same_tpks",
    ]
    first = order[0]
    assert (first.caseload, first.profession, first.licensed, first.same_sex, first.tpks_trained) == (
        3,
        "LEGAL_COUNSELLOR",
        True,
        True,
        True,
    )
    assert first.reasons == ["Profession needed", "Same sex as the victim", "TPKS training"]
    assert order[-1].reasons == ["Another profession", "Same sex as the victim", "TPKS training"]


# --- hooks ---------------------------------------------------------------------------------------------


@pytest.fixture
def hooks() -> Any:
    added: list[Any] = []
    yield added
    for hook in added:
        selectors.EXPERT_CANDIDATE_HOOKS.remove(hook)


def _favour(*usernames: str, weight: int = 1) -> Any:
    """A hook adding ``weight`` to the rank of everyone but ``usernames`` (lower ranks first)."""

    def hook(case: Any, qs: Any) -> Any:
        penalty = CaseWhen(
            When(username__in=usernames, then=Value(0)), default=Value(weight), output_field=IntegerField()
        )
        return qs.annotate(hook_rank=F("hook_rank") + penalty)

    return hook


def _install(hooks: Any, *added: Any) -> None:
    for hook in added:
        selectors.EXPERT_CANDIDATE_HOOKS.append(hook)
        hooks.append(hook)


def test_a_hook_ranks_after_the_criteria_and_before_the_caseload(personas: Any, hooks: Any) -> None:
    expert(personas, "free", caseload=0)
    expert(personas, "contracted", caseload=2)
    expert(personas, "lapsed", licensed=False, caseload=0)
    case = target(personas)
    assert ranked(case) == ["free", "contracted", "lapsed"]
    _install(hooks, _favour("contracted", "lapsed"))
    # The hook beats the caseload, never the licence (criteria a-d stay first).
    assert ranked(case) == ["contracted", "free", "lapsed"]


def test_hooks_combine_and_may_narrow(personas: Any, hooks: Any) -> None:
    expert(personas, "free", caseload=0)
    expert(personas, "contracted", caseload=2)
    expert(personas, "lapsed", licensed=False, caseload=0)
    case = target(personas)

    def nobody_lapsed(case: Any, qs: Any) -> Any:
        return qs.exclude(username="lapsed")

    _install(hooks, _favour("contracted"), nobody_lapsed, _favour("free", weight=5))
    # contracted: 0 + 5, free: 1 + 0 — the ranks add up.
    assert ranked(case) == ["free", "contracted"]


# --- the profession needed by default --------------------------------------------------------------


def test_the_default_need_is_the_first_plan_service_no_team_expert_covers(personas: Any) -> None:
    case = make_case(personas, victim=victim_data(nik="", phone=""))
    assert selectors.needed_profession(case) == ""  # no plan yet
    case = walk_to(case, CaseState.RENCANA_INTERVENSI)
    plan = approve_plan(case, services=("PSIKOLOGIS", "BANTUAN_HUKUM", "KESEHATAN"))
    plan.items.update(
        provider_agency="", provider_partner=None, provider_user=personas["head"]
    )  # delivered by the unit
    # The expert persona on the team has no profile yet: it covers nothing.
    assert selectors.needed_profession(case) == ProfessionNeed.PSYCHOLOGICAL
    profile(personas, personas["expert"], profession=Profession.PSYCHOLOGICAL_COUNSELLOR)
    assert selectors.needed_profession(case) == ProfessionNeed.LEGAL_COUNSELLOR
    legal = expert(personas, "legal", profession=Profession.LEGAL_COUNSELLOR)
    case_team_assign(actor=personas["head"], case=case, user=legal, team_role=TeamRole.EXPERT)
    assert selectors.needed_profession(case) == ""
    # A service done or cancelled needs nobody any more.
    plan.items.filter(service="PSIKOLOGIS").update(status="DONE")
    member = case.team.get(user=personas["expert"], is_active=True)
    case_team_end(actor=personas["head"], case=case, member_id=member.pk)
    assert selectors.needed_profession(case) == ""


def test_a_service_a_partner_agency_delivers_needs_no_expert_of_the_unit(personas: Any) -> None:
    case = walk_to(make_case(personas, victim=victim_data(nik="", phone="")), CaseState.RENCANA_INTERVENSI)
    plan = approve_plan(case, services=("BANTUAN_HUKUM",))  # delivered by a partner agency
    assert selectors.needed_profession(case) == ""
    plan.items.update(provider_agency="", provider_partner=None, provider_user=personas["head"])
    assert selectors.needed_profession(case) == ProfessionNeed.LEGAL_COUNSELLOR
