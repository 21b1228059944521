"""Consent (domain.md §D4, PRIV-01): before assessment, child consent by a guardian or the HEAD's
override, suspect guardians refused, withdrawal, ``consent_covers`` and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.models.consent import Consent, ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.consent import ConsentData, consent_covers, consent_record, consent_withdraw
from sigap.cases.services.lifecycle import case_start_assessment
from sigap.cases.services.people import case_person_link, person_create
from sigap.cases.tests.casework_steps import victims
from sigap.cases.tests.factories import make_case, victim_data
from sigap.cases.timeline.case import case_timeline

TODAY = timezone.localdate


def _consent(case: Case, **overrides: Any) -> ConsentData:
    values: dict[str, Any] = {
        "victim": victims(case)[0],
        "scope": ConsentScope.SERVICES,
        "given_by": ConsentGiver.VICTIM,
        "method": ConsentMethod.WRITTEN,
        "given_on": TODAY(),
    }
    values.update(overrides)
    return ConsentData(**values)


def _person(personas: Any, case: Case, role: str, name: str, relationship: str = "") -> CasePerson:
    return person_create(
        actor=personas["head"],
        case=case,
        data=victim_data(name=name, nik="", phone="", estimated_age=40),
        role=role,
        relationship=relationship,
    )


def _child_case(personas: Any) -> Case:
    return make_case(personas, category="KTA", victim=victim_data(estimated_age=10, nik="", phone=""))


def test_the_missing_consent_message_names_an_unnamed_victim_in_words(personas: Any) -> None:
    """A child reported without a name (#21): the refusal says "name not known yet", not "for  first"."""
    case = make_case(personas, category="KTA", victim=victim_data(estimated_age=7, nik="", phone=""))
    # As the complaint carried it (cases.services.carry): the staff pages ask for a name, the reporter may not know it.
    child = CasePerson.objects.get(case=case, role=PersonRole.VICTIM).person
    child.name = ""
    child.save(update_fields=["name"])
    with pytest.raises(TransitionRefused) as refused:
        case_start_assessment(actor=personas["case_manager"], case=case)
    # "for the victim (name not known yet)", never "for name not known yet" (walkfix1).
    assert refused.value.messages[0].startswith(
        "Record a valid consent for services for the victim (name not known yet) first."
    )


def test_the_consent_list_names_an_unnamed_victim_in_words(personas: Any) -> None:
    """A victim reported without a name: her consent reads "name not known yet", as the persons table says, never
    an empty place between two dots ("Services · · The victim")."""
    case = make_case(personas, victim=victim_data(nik="", phone=""))
    victim = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    victim.person.name = ""
    victim.person.save(update_fields=["name"])
    consent_record(actor=personas["case_manager"], case=case, data=_consent(case))
    page = personas.client("case_manager").get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    consents = page.content.decode().split('id="consent-list"', 1)[1].split("</ul>", 1)[0]
    assert "<em data-unnamed>name not known yet</em>" in consents
    assert " ·  · " not in consents


def test_assessment_needs_consent_for_services(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    manager = personas["case_manager"]
    with pytest.raises(TransitionRefused) as refused:
        case_start_assessment(actor=manager, case=case)
    assert refused.value.messages == ["Record a valid consent for services for Siti Canary Nurhaliza first."]
    consent_record(actor=manager, case=case, data=_consent(case, scope=ConsentScope.SIMFONI))
    with pytest.raises(TransitionRefused):
        case_start_assessment(actor=manager, case=case)  # another scope does not count
    consent_record(actor=manager, case=case, data=_consent(case))
    assert case_start_assessment(actor=manager, case=case).state == CaseState.ASESMEN


def test_a_withdrawn_consent_no_longer_counts(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    manager = personas["case_manager"]
    consent = consent_record(actor=manager, case=case, data=_consent(case, given_on=TODAY() - dt.timedelta(days=5)))
    assert consent_covers(case, ConsentScope.SERVICES)
    consent_withdraw(actor=manager, consent=consent)
    assert not consent_covers(case, ConsentScope.SERVICES)
    assert consent_covers(case, ConsentScope.SERVICES, at=TODAY() - dt.timedelta(days=1))  # before withdrawal
    assert not consent_covers(case, ConsentScope.SERVICES, at=TODAY() - dt.timedelta(days=6))  # before consent
    with pytest.raises(TransitionRefused):
        case_start_assessment(actor=manager, case=case)
    with pytest.raises(TransitionRefused):
        consent_withdraw(actor=manager, consent=consent)  # twice
    assert "Consent withdrawn: Services (assessment, counselling, legal, medical)." in [
        e.text for e in case_timeline(case)
    ]


def test_every_victim_must_be_covered(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    second = _person(personas, case, PersonRole.VICTIM, "Second Victim")
    consent_record(actor=personas["head"], case=case, data=_consent(case))
    assert not consent_covers(case, ConsentScope.SERVICES)
    assert consent_covers(case, ConsentScope.SERVICES, victim=victims(case)[0])
    consent_record(actor=personas["head"], case=case, data=_consent(case, victim=second))
    assert consent_covers(case, ConsentScope.SERVICES)
    assert not consent_covers(make_case(personas), ConsentScope.SERVICES)  # no victim: nothing covered


def test_sharing_is_per_agency_and_purpose(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    with pytest.raises(TransitionRefused):
        consent_record(actor=personas["head"], case=case, data=_consent(case, scope=ConsentScope.SHARING))
    consent_record(
        actor=personas["head"],
        case=case,
        data=_consent(case, scope=ConsentScope.SHARING, agency="RSUD Parikesit", purpose="Visum"),
    )
    assert consent_covers(case, ConsentScope.SHARING, agency="rsud  parikesit", purpose="VISUM")
    assert consent_covers(case, ConsentScope.SHARING, agency="RSUD Parikesit")
    assert not consent_covers(case, ConsentScope.SHARING, agency="Polres Kukar")
    assert not consent_covers(case, ConsentScope.SHARING, agency="RSUD Parikesit", purpose="Counselling")
    assert not consent_covers(case, ConsentScope.SHARING)


def test_a_child_cannot_consent_alone(personas: Any) -> None:
    case = _child_case(personas)
    with pytest.raises(TransitionRefused) as refused:
        consent_record(actor=personas["head"], case=case, data=_consent(case, child_assent="GIVEN"))
    assert "is a child and cannot consent alone" in refused.value.messages[0]
    guardian = _person(personas, case, PersonRole.PARENT_GUARDIAN, "Ibu Wali")
    with pytest.raises(TransitionRefused) as refused:
        consent_record(
            actor=personas["head"], case=case, data=_consent(case, given_by="PARENT_GUARDIAN", guardian=guardian)
        )
    assert refused.value.messages == ["Note the child's own assent."]
    consent_record(
        actor=personas["case_manager"],
        case=case,
        data=_consent(case, given_by="PARENT_GUARDIAN", guardian=guardian, child_assent="GIVEN"),
    )
    assert consent_covers(case, ConsentScope.SERVICES)
    assert Consent.objects.get().child_assent == "GIVEN"


def test_a_suspect_guardian_cannot_consent(personas: Any) -> None:
    case = _child_case(personas)
    father = _person(personas, case, PersonRole.PARENT_GUARDIAN, "Ayah Tersangka")
    case_person_link(
        actor=personas["head"], case=case, person=father.person, role=PersonRole.PERPETRATOR, relationship="ORANG_TUA"
    )
    with pytest.raises(TransitionRefused) as refused:
        consent_record(
            actor=personas["case_manager"],
            case=case,
            data=_consent(case, given_by="PARENT_GUARDIAN", guardian=father, child_assent="NOT_ABLE"),
        )
    assert "suspected perpetrator" in refused.value.messages[0]
    assert not Consent.objects.exists()


def test_a_guardian_later_suspected_voids_the_consent(personas: Any) -> None:
    case = _child_case(personas)
    father = _person(personas, case, PersonRole.PARENT_GUARDIAN, "Ayah Kemudian")
    consent_record(
        actor=personas["case_manager"],
        case=case,
        data=_consent(case, given_by="PARENT_GUARDIAN", guardian=father, child_assent="GIVEN"),
    )
    assert consent_covers(case, ConsentScope.SERVICES)
    case_person_link(actor=personas["head"], case=case, person=father.person, role=PersonRole.PERPETRATOR)
    assert not consent_covers(case, ConsentScope.SERVICES)
    with pytest.raises(TransitionRefused):
        case_start_assessment(actor=personas["case_manager"], case=case)


def test_the_head_may_override_in_the_childs_best_interest(personas: Any) -> None:
    case = _child_case(personas)
    reason = "The mother is the suspected perpetrator; no other guardian."
    override = _consent(case, given_by="HEAD_OVERRIDE", override_reason=reason, child_assent="GIVEN")
    with pytest.raises(TransitionRefused):
        consent_record(actor=personas["case_manager"], case=case, data=override)  # HEAD only
    with pytest.raises(TransitionRefused):
        consent_record(
            actor=personas["head"],
            case=case,
            data=_consent(case, given_by="HEAD_OVERRIDE", override_reason="Too short", child_assent="GIVEN"),
        )
    consent_record(actor=personas["head"], case=case, data=override)
    assert consent_covers(case, ConsentScope.SERVICES)
    event = AuditEvent.objects.get(action="OVERRIDE", object_id=str(case.pk))
    assert reason not in str(event.new_values) and reason not in event.reason
    assert case_start_assessment(actor=personas["case_manager"], case=case).state == CaseState.ASESMEN
    adult = make_case(personas, victim=victim_data())
    with pytest.raises(TransitionRefused):
        consent_record(
            actor=personas["head"], case=adult, data=_consent(adult, given_by="HEAD_OVERRIDE", override_reason=reason)
        )


def test_verbal_consent_needs_a_witness_and_dates_are_checked(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    head = personas["head"]
    with pytest.raises(TransitionRefused):
        consent_record(actor=head, case=case, data=_consent(case, method="VERBAL"))
    with pytest.raises(TransitionRefused):
        consent_record(actor=head, case=case, data=_consent(case, given_on=TODAY() + dt.timedelta(days=1)))
    consent = consent_record(actor=head, case=case, data=_consent(case, method="VERBAL", witness="Pak RT"))
    assert consent.witness == "Pak RT"
    with pytest.raises(TransitionRefused):
        consent_withdraw(actor=head, consent=consent, on=TODAY() + dt.timedelta(days=2))
    for name in ("expert", "other_head", "intake"):
        with pytest.raises(TransitionRefused):
            consent_record(actor=personas[name], case=case, data=_consent(case))


def test_consent_pages(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    victim = victims(case)[0]
    manager = personas.client("case_manager")
    url = reverse("cases:consent_create", kwargs={"case_id": case.pk})
    page = manager.get(url)
    assert page.status_code == 200 and "override_reason" not in page.context["form"].fields
    assert "override_reason" in personas.client("head").get(url).context["form"].fields
    bad = manager.post(url, {"victim": victim.pk, "scope": "SERVICES", "given_by": "VICTIM", "method": "VERBAL"})
    assert bad.status_code == 200 and "witness" in bad.context["form"].errors
    ok = manager.post(
        url,
        {
            "victim": victim.pk,
            "scope": "SERVICES",
            "given_by": "VICTIM",
            "method": "WRITTEN",
            "given_on": TODAY().isoformat(),
        },
    )
    assert ok.status_code == 302
    consent = Consent.objects.get()
    detail = manager.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
    assert "consent-list" in detail and "Record withdrawal" in detail
    withdraw = reverse("cases:consent_withdraw", kwargs={"case_id": case.pk, "consent_id": consent.pk})
    assert personas.client("expert").post(withdraw, {}).status_code == 403
    assert manager.post(withdraw, {"withdrawn_on": "not a date"}).status_code == 302
    assert Consent.objects.get().withdrawn_on is None
    assert manager.post(withdraw, {"withdrawn_on": ""}).status_code == 302
    assert Consent.objects.get().withdrawn_on == TODAY()
    assert personas.client("other_head").get(url).status_code == 404


def test_no_consent_form_input_gives_a_500(personas: Any) -> None:
    from sigap.cases.tests.casework_fuzz import fuzz_post, url

    case = _child_case(personas)
    guardian = _person(personas, case, PersonRole.PARENT_GUARDIAN, "Ibu Wali")
    consent = consent_record(
        actor=personas["head"],
        case=case,
        data=_consent(case, given_by="PARENT_GUARDIAN", guardian=guardian, child_assent="GIVEN"),
    )
    clients = [personas.client("head"), personas.client("case_manager")]
    fields = [
        "victim",
        "scope",
        "partner",
        "purpose",
        "given_by",
        "guardian",
        "child_assent",
        "override_reason",
        "method",
        "witness",
        "given_on",
    ]
    fuzz_post(url("consent_create", case_id=case.pk), fields, clients)
    fuzz_post(url("consent_withdraw", case_id=case.pk, consent_id=consent.pk), ["withdrawn_on"], clients)
