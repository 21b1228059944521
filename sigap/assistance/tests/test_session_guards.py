"""Credential guards of sessions (domain.md §E5, §D2) and the HEAD's audited override."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from sigap.assistance.models.session import AccompanimentSession, SessionKind, SessionPlace
from sigap.assistance.services.session import session_plan
from sigap.assistance.tests.factories import plan_data, session_case, tpks_trained
from sigap.audit.models import AuditEvent
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.tests.factories import incident
from sigap.experts.models import Credential, CredentialKind
from sigap.experts.tests.factories import credential

pytestmark = pytest.mark.django_db

OVERRIDE = "Canaryoverride Qwzx: the court hearing cannot wait."


def test_an_unlicensed_clinical_psychologist_is_refused_psychological_services_with_the_rule(personas: Any) -> None:
    sc = session_case(personas, licensed=False)
    with pytest.raises(TransitionRefused) as refused:
        session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist]))
    assert "Permenkes 45/2017" in " ".join(refused.value.messages)
    # The same psychologist may still go along to a home visit (not a psychological service).
    session_plan(
        actor=sc.psychologist, case=sc.case, data=plan_data(kind=SessionKind.HOME_VISIT, experts=[sc.psychologist])
    )


def test_the_licence_is_checked_on_the_day_of_the_session(personas: Any) -> None:
    sc = session_case(personas)
    Credential.objects.filter(profile__user=sc.psychologist, kind=CredentialKind.SIPPK).update(
        valid_until=timezone.localdate() + dt.timedelta(days=5)
    )
    session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist], hours_from_now=48))
    with pytest.raises(TransitionRefused, match="STRPK and SIPPK"):
        session_plan(
            actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist], hours_from_now=24 * 10)
        )


def test_accompaniment_in_a_sexual_violence_case_needs_the_tpks_training(personas: Any) -> None:
    sc = session_case(personas)
    incident(personas, sc.case, types=["SEKSUAL"])
    police = plan_data(kind=SessionKind.AT_POLICE, experts=[sc.legal], place=SessionPlace.POLICE)
    with pytest.raises(TransitionRefused) as refused:
        session_plan(actor=sc.legal, case=sc.case, data=police)
    assert "UU TPKS Pasal 26(3)" in " ".join(refused.value.messages)
    tpks_trained(personas, sc.legal)
    assert session_plan(actor=sc.legal, case=sc.case, data=police).kind == SessionKind.AT_POLICE


def test_no_tpks_training_is_asked_outside_sexual_violence_cases(personas: Any) -> None:
    sc = session_case(personas)
    incident(personas, sc.case, types=["FISIK"])
    police = plan_data(kind=SessionKind.AT_POLICE, experts=[sc.legal], place=SessionPlace.POLICE)
    assert session_plan(actor=sc.legal, case=sc.case, data=police).override_rules == []


def test_only_the_head_overrides_with_a_written_reason_and_it_is_audited(personas: Any) -> None:
    sc = session_case(personas, licensed=False)
    data = plan_data(experts=[sc.psychologist])
    with pytest.raises(TransitionRefused, match="Only the head of the unit can override"):
        session_plan(actor=personas["case_manager"], case=sc.case, data=data, override_reason=OVERRIDE)
    with pytest.raises(TransitionRefused, match="write why"):
        session_plan(actor=personas["head"], case=sc.case, data=data)
    session = session_plan(actor=personas["head"], case=sc.case, data=data, override_reason=OVERRIDE)
    assert session.override_rules == ["PSYCHOLOGIST_LICENCE"] and session.override_by == personas["head"]
    assert AccompanimentSession.objects.get(pk=session.pk).override_reason == OVERRIDE
    event = AuditEvent.objects.filter(changed_fields=["sessions"]).get()
    assert event.new_values["sessions"]["override"] == ["PSYCHOLOGIST_LICENCE"]
    assert "overridden by the head" in event.reason and "Canaryoverride" not in str(event.new_values) + event.reason
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT override_reason FROM {AccompanimentSession._meta.db_table}")  # noqa: S608
        assert "Canaryoverride" not in repr(cursor.fetchall()), "the reason is stored encrypted"


def test_credential_added_later_lets_the_psychologist_through(personas: Any) -> None:
    sc = session_case(personas, licensed=False)
    profile = sc.psychologist.expert_profile
    credential(personas, profile, CredentialKind.STRPK)
    with pytest.raises(TransitionRefused):
        session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist]))
    credential(personas, profile, CredentialKind.SIPPK)
    assert session_plan(actor=sc.psychologist, case=sc.case, data=plan_data(experts=[sc.psychologist]))
