"""Mediation and visum services (issue #12): the UU TPKS Pasal 23 refusal and its child-perpetrator exception,
the free-decision assessment, follow-up work items, the visum report reminder, and the pages' refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.assistance.kinds import MEDIATION_FOLLOW_UP, VISUM_REPORT
from sigap.assistance.models.mediation import MediationStatus
from sigap.assistance.services.health import VISUM_REPORT_DAYS, VisumDates, health_referral_add, visum_update
from sigap.assistance.services.mediation import (
    MediationOpenData,
    mediation_follow_up_add,
    mediation_follow_up_check,
    mediation_open,
    mediation_outcome,
)
from sigap.cases.models import Case, PersonRole
from sigap.cases.models.incident import IncidentPerpetrator
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.people import person_create
from sigap.cases.tests.factories import incident, make_case, victim_data
from sigap.work.models import WorkItem

pytestmark = pytest.mark.django_db


def _data(p: Any, note: str = "She decides freely, without pressure.") -> MediationOpenData:
    return MediationOpenData(
        matter="MAINTENANCE", free_decision_note=note, mediator=p["case_manager"], mediator_trained=True
    )


def _case_with(p: Any, types: list[str], perpetrator_age: int | None) -> Case:
    case = make_case(p, victim=victim_data())
    found = incident(p, case, types=types)
    if perpetrator_age is not None:
        link = person_create(
            actor=p["head"],
            case=case,
            data=victim_data(name="Pelaku", nik="", phone="", estimated_age=perpetrator_age),
            role=PersonRole.PERPETRATOR,
        )
        IncidentPerpetrator.objects.create(incident=found, perpetrator=link)
    return case


def test_sexual_violence_case_is_refused_with_the_legal_reason(personas: Any) -> None:
    case = _case_with(personas, ["SEKSUAL"], 35)
    with pytest.raises(TransitionRefused) as refused:
        mediation_open(actor=personas["case_manager"], case=case, data=_data(personas))
    assert "Pasal 23" in " ".join(refused.value.messages)


def test_sexual_violence_by_a_child_may_be_mediated(personas: Any) -> None:
    case = _case_with(personas, ["SEKSUAL"], 15)
    mediation = mediation_open(actor=personas["case_manager"], case=case, data=_data(personas))
    assert mediation.free_decision_by == personas["case_manager"]


def test_unknown_perpetrator_does_not_lift_the_bar(personas: Any) -> None:
    case = _case_with(personas, ["SEKSUAL"], None)
    with pytest.raises(TransitionRefused):
        mediation_open(actor=personas["case_manager"], case=case, data=_data(personas))


def test_without_free_decision_assessment_or_training_refused(personas: Any) -> None:
    case = _case_with(personas, ["FISIK"], 35)
    with pytest.raises(TransitionRefused) as refused:
        mediation_open(actor=personas["case_manager"], case=case, data=_data(personas, note=""))
    assert "decides freely" in " ".join(refused.value.messages)
    untrained = MediationOpenData("MAINTENANCE", "Free.", personas["case_manager"], mediator_trained=False)
    with pytest.raises(TransitionRefused):
        mediation_open(actor=personas["case_manager"], case=case, data=untrained)
    # The HEAD is not the one who assesses (the case manager or a psychologist of the team is).
    with pytest.raises(TransitionRefused):
        mediation_open(actor=personas["head"], case=case, data=_data(personas))


def test_agreement_follow_up_opens_and_closes_a_work_item(personas: Any) -> None:
    case = _case_with(personas, ["FISIK", "PENELANTARAN"], 35)
    mediation = mediation_open(actor=personas["case_manager"], case=case, data=_data(personas))
    mediation_outcome(
        actor=personas["case_manager"], mediation=mediation, status=MediationStatus.AGREEMENT, note="Rp 1 jt/bulan"
    )
    due = timezone.localdate() + dt.timedelta(days=30)
    follow = mediation_follow_up_add(
        actor=personas["case_manager"], mediation=mediation, promise="Nafkah anak", due=due
    )
    item = WorkItem.objects.get(kind=MEDIATION_FOLLOW_UP, object_id=str(follow.pk))
    assert item.state == WorkItem.State.OPEN and item.responsible == personas["case_manager"]
    mediation_follow_up_check(actor=personas["case_manager"], follow_up=follow)
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE


def test_visum_report_reminder(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    today = timezone.localdate()
    referral = health_referral_add(
        actor=personas["case_manager"], case=case, facility="RSUD AM Parikesit", referred_on=today
    )
    visum_update(actor=personas["case_manager"], referral=referral, dates=VisumDates(today, today, None))
    item = WorkItem.objects.get(kind=VISUM_REPORT, object_id=str(referral.pk))
    assert timezone.localtime(item.due_at).date() == today + dt.timedelta(days=VISUM_REPORT_DAYS)
    visum_update(actor=personas["case_manager"], referral=referral, dates=VisumDates(today, today, today))
    item.refresh_from_db()
    assert item.state == WorkItem.State.DONE
    with pytest.raises(TransitionRefused):
        visum_update(actor=personas["case_manager"], referral=referral, dates=VisumDates(today, None, today))


def test_page_shows_the_refusal(personas: Any) -> None:
    case = _case_with(personas, ["SEKSUAL"], 35)
    client = personas.client("case_manager")
    page = client.get(reverse("assistance:mediation_list", kwargs={"case_id": case.pk}))
    assert b"Pasal 23" in page.content
    posted = client.post(
        reverse("assistance:mediation_open", kwargs={"case_id": case.pk}),
        {
            "matter": "MAINTENANCE",
            "free_decision_note": "x",
            "mediator": personas["case_manager"].pk,
            "mediator_trained": "on",
        },
    )
    assert posted.status_code == 200 and b"Pasal 23" in posted.content


# The detail page: + the reader facts and the mediation's documents.
PAGE_QUERIES = {"mediation_list": 8, "mediation_detail": 10, "health_list": 7}


def test_page_query_counts_are_pinned_and_do_not_grow(personas: Any, django_assert_num_queries: Any) -> None:
    from sigap.assistance.services.mediation import mediation_session_add
    from sigap.assistance.tests.access_rules_mediation import _get

    built = _get(personas)
    case, mediation, cm = built["case"], built["mediation"], personas["case_manager"]
    urls = {
        "mediation_list": reverse("assistance:mediation_list", kwargs={"case_id": case.pk}),
        "mediation_detail": reverse("assistance:mediation_detail", kwargs={"mediation_id": mediation.pk}),
        "health_list": reverse("assistance:health_list", kwargs={"case_id": case.pk}),
    }
    client = personas.client("case_manager")
    for name, url in urls.items():
        with django_assert_num_queries(PAGE_QUERIES[name]):
            client.get(url)
    # More rows of each kind: the same number of queries.
    again = mediation_open(actor=cm, case=case, data=_data(personas))
    mediation_session_add(actor=cm, mediation=again, held_at=timezone.now(), present="Both parties")
    mediation_follow_up_add(
        actor=cm, mediation=mediation, promise="More", due=timezone.localdate() + dt.timedelta(days=60)
    )
    health_referral_add(actor=cm, case=case, facility="Puskesmas", referred_on=timezone.localdate())
    for name, url in urls.items():
        with django_assert_num_queries(PAGE_QUERIES[name]):
            client.get(url)


def test_an_id_past_the_integer_range_is_404(personas: Any) -> None:
    client = personas.client("case_manager")
    for name, key in (("visum_update", "referral_id"), ("follow_up_check", "follow_up_id")):
        assert client.get(reverse(f"assistance:{name}", kwargs={key: 2**70})).status_code == 404


def test_a_barred_case_refuses_the_form_on_get_too_and_names_the_rule(personas: Any) -> None:
    """Walk finding 13: the URL opened the blank form of a TPKS case; only the POST was refused."""
    case = _case_with(personas, ["SEKSUAL"], 35)
    page = personas.client("case_manager").get(reverse("assistance:mediation_open", kwargs={"case_id": case.pk}))
    assert page.status_code == 200 and b"Pasal 23" in page.content
    assert b'id="mediation-open-form"' not in page.content
    assert b'name="mediator"' not in page.content


def test_only_staff_with_the_mediation_duty_are_offered_as_mediator(personas: Any) -> None:
    """Walk finding 13: the list held every user of the unit (intake, data officer, auditor...)."""
    from sigap.experts.models import ExpertProfile, Profession

    case = _case_with(personas, ["FISIK"], 35)
    ExpertProfile.objects.create(
        user=personas["expert"], unit=personas.kukar, profession=Profession.LEGAL_COUNSELLOR, sex="L"
    )
    page = personas.client("case_manager").get(reverse("assistance:mediation_open", kwargs={"case_id": case.pk}))
    options = {choice[0].instance.username for choice in page.context["form"].fields["mediator"].choices if choice[0]}
    assert options == {"head", "case_manager", "unverified", "expert"}  # "unverified" is a case manager too
    refused = MediationOpenData("MAINTENANCE", "Free.", personas["intake"], mediator_trained=True)
    with pytest.raises(TransitionRefused) as why:
        mediation_open(actor=personas["case_manager"], case=case, data=refused)
    assert "counsellor" in " ".join(why.value.messages)
