"""A victim saved without an age counts as a child (the protective default) — but not forever: the consent
form says the age is unknown and records it on the spot; the missing-consent message names the victim."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.models.consent import Consent
from sigap.cases.models.people import CasePerson, Person, PersonRole
from sigap.cases.rules.guards import refusals
from sigap.cases.tests.factories import make_case, victim_data

NAME = "Wulan Tanpa Umur"


def _case(personas: Any) -> Case:
    return make_case(personas, victim=victim_data(name=NAME, nik="", phone="", estimated_age=None))


def _victim(case: Case) -> CasePerson:
    return CasePerson.objects.select_related("person").get(case=case, role=PersonRole.VICTIM)


def _consent_post(case: Case, **extra: str) -> dict[str, str]:
    data = {
        "victim": str(_victim(case).pk),
        "scope": "SERVICES",
        "given_by": "VICTIM",
        "method": "WRITTEN",
        "given_on": timezone.localdate().isoformat(),
    }
    data.update(extra)
    return data


def test_the_missing_consent_message_names_the_victim_and_says_the_age_is_unknown(personas: Any) -> None:
    case = _case(personas)
    found = " ".join(refusals("start_assessment", case))
    assert NAME in found
    assert "age of" in found and "unknown" in found and "treated as a child" in found


def test_the_consent_form_says_the_age_is_unknown_and_offers_the_age_fields(personas: Any) -> None:
    case = _case(personas)
    page = personas.client("case_manager").get(reverse("cases:consent_create", kwargs={"case_id": case.pk}))
    content = page.content.decode()
    assert 'id="unknown-age-notice"' in content and NAME in content
    assert 'name="victim_birth_date"' in content and 'name="victim_estimated_age"' in content


def test_consent_alone_for_an_unknown_age_says_why(personas: Any) -> None:
    case = _case(personas)
    url = reverse("cases:consent_create", kwargs={"case_id": case.pk})
    response = personas.client("case_manager").post(url, _consent_post(case))
    assert response.status_code == 200
    content = response.content.decode()
    assert f"The age of {NAME} is unknown, so they are treated as a child" in content
    assert not Consent.objects.exists()


def test_an_estimated_adult_age_lets_the_victim_consent_and_the_assessment_start(personas: Any) -> None:
    case = _case(personas)
    client = personas.client("case_manager")
    url = reverse("cases:consent_create", kwargs={"case_id": case.pk})
    response = client.post(url, _consent_post(case, victim_estimated_age="32"))
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get(pk=_victim(case).person_id)
    assert person.age_estimated and person.birth_year == timezone.localdate().year - 32
    assert Consent.objects.filter(case=case, given_by="VICTIM").count() == 1
    event = AuditEvent.objects.get(object_type="cases.person", object_id=str(person.pk), action="UPDATE")
    assert set(event.changed_fields) >= {"birth_year", "age_estimated"}
    step = client.post(reverse("cases:case_transition", kwargs={"case_id": case.pk}), {"action": "start_assessment"})
    assert step.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.ASESMEN


def test_a_birth_date_is_recorded_too_and_a_known_age_is_not_overwritten(personas: Any) -> None:
    case = _case(personas)
    client = personas.client("case_manager")
    url = reverse("cases:consent_create", kwargs={"case_id": case.pk})
    assert client.post(url, _consent_post(case, victim_birth_date="1990-02-03")).status_code == 302
    person = Person.objects.get(pk=_victim(case).person_id)
    assert person.birth_date is not None and person.birth_date.year == 1990 and not person.age_estimated
    page = client.get(url).content.decode()
    assert 'id="unknown-age-notice"' not in page and 'name="victim_estimated_age"' not in page


def test_a_child_by_estimated_age_still_needs_a_guardian(personas: Any) -> None:
    case = _case(personas)
    url = reverse("cases:consent_create", kwargs={"case_id": case.pk})
    response = personas.client("case_manager").post(url, _consent_post(case, victim_estimated_age="12"))
    assert response.status_code == 200 and "cannot consent alone" in response.content.decode()
    # Nothing is half-saved: the age waits for a consent that can be recorded.
    assert Person.objects.get(pk=_victim(case).person_id).birth_year is None
