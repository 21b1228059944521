"""The consent form for a child (walkfix1, shots 49, 50, 52): it starts from what the case implies (its only
victim, a parent or guardian for a child, the only guardian recorded) and shows every error in one round,
the child rule included."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from sigap.cases.models import Case
from sigap.cases.models.consent import Consent
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.services.people import person_create
from sigap.cases.tests.factories import VICTIM_NAME, make_case, victim_data

GUARDIAN_HELP = "Record the parent or guardian as a person of the case first."


def _url(case: Case) -> str:
    return reverse("cases:consent_create", kwargs={"case_id": case.pk})


def _guardian(personas: Any, case: Case, name: str = "Ibu Wali") -> CasePerson:
    return person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name=name, nik="", phone="", estimated_age=40),
        role=PersonRole.PARENT_GUARDIAN,
    )


def _victim(case: Case) -> CasePerson:
    return CasePerson.objects.get(case=case, role=PersonRole.VICTIM)


def test_a_child_s_consent_starts_from_the_only_victim_and_the_only_guardian(personas: Any) -> None:
    case = make_case(personas, category="KTA", victim=victim_data(estimated_age=9, nik="", phone=""))
    client = personas.client("case_manager")
    form = client.get(_url(case)).context["form"]
    assert form.initial["victim"] == _victim(case).pk and form.initial["given_by"] == "PARENT_GUARDIAN"
    assert "guardian" not in form.initial and form.fields["guardian"].help_text == GUARDIAN_HELP
    assert dict(form.fields["child_assent"].choices)[""] != "Not applicable (adult victim)"
    guardian = _guardian(personas, case)
    form = client.get(_url(case)).context["form"]
    assert form.initial["guardian"] == guardian.pk and not form.fields["guardian"].help_text


def test_an_unknown_age_counts_as_a_child_for_the_defaults(personas: Any) -> None:
    case = make_case(personas, victim=victim_data(estimated_age=None, nik="", phone=""))
    form = personas.client("case_manager").get(_url(case)).context["form"]
    assert form.initial["given_by"] == "PARENT_GUARDIAN"


def test_an_adult_victim_keeps_the_adult_defaults(personas: Any) -> None:
    case = make_case(personas, victim=victim_data(estimated_age=30))
    form = personas.client("case_manager").get(_url(case)).context["form"]
    assert "given_by" not in form.initial
    assert dict(form.fields["child_assent"].choices)[""] == "Not applicable (adult victim)"


def test_a_child_consenting_alone_is_found_with_the_other_errors_in_one_round(personas: Any) -> None:
    case = make_case(personas, category="KTA", victim=victim_data(estimated_age=9, nik="", phone=""))
    post = {
        "victim": str(_victim(case).pk),
        "scope": "SERVICES",
        "given_by": "VICTIM",
        "method": "VERBAL",
        "given_on": (timezone.localdate() + timezone.timedelta(days=3)).isoformat(),
    }
    response = personas.client("case_manager").post(_url(case), post)
    errors = response.context["form"].errors
    assert set(errors) >= {"witness", "given_on", "given_by"}
    assert errors["given_by"] == [
        f"{VICTIM_NAME} is a child and cannot consent alone: a parent or guardian consents for them, with the child's own assent noted."
    ]
    assert not Consent.objects.exists()


def test_a_guardian_without_the_child_s_assent_is_a_field_error(personas: Any) -> None:
    case = make_case(personas, category="KTA", victim=victim_data(estimated_age=9, nik="", phone=""))
    guardian = _guardian(personas, case)
    post = {
        "victim": str(_victim(case).pk),
        "scope": "SERVICES",
        "given_by": "PARENT_GUARDIAN",
        "guardian": str(guardian.pk),
        "child_assent": "",
        "method": "WRITTEN",
        "given_on": timezone.localdate().isoformat(),
    }
    client = personas.client("case_manager")
    assert client.post(_url(case), post).context["form"].errors["child_assent"] == ["Note the child's own assent."]
    assert client.post(_url(case), {**post, "child_assent": "NOT_ABLE"}).status_code == 302
