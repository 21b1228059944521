"""seed_demo shows issue #14 on the first day: agreements (one ending soon), two referrals (one answered, one
overdue), a case in monitoring with its follow-up schedule and an empowerment plan delivered through referrals."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sigap.cases.models import Case, CaseState
from sigap.core.reference.services import reference_load
from sigap.empowerment.models import FollowUp, HouseholdNeeds, Programme, ProgrammeStatus
from sigap.partners.models import Agreement
from sigap.referrals.models import Referral, Status
from sigap.referrals.reminders import unanswered_reminders_open
from sigap.work.models import WorkItem


@pytest.fixture
def seeded(db: None) -> Case:
    reference_load()
    call_command("seed_demo", stdout=StringIO())
    return Case.objects.get(unit__case_number_prefix="PPA-KKR", state=CaseState.PEMANTAUAN)


def test_agreements_one_ending_soon(seeded: Case) -> None:
    today = timezone.localdate(timezone.now(), seeded.unit.zone)
    ends = sorted((a.valid_until - today).days for a in Agreement.objects.filter(partner__unit=seeded.unit))
    assert len(ends) == 3 and ends[0] <= 60 < ends[1]


def test_two_referrals_one_answered_one_overdue(seeded: Case) -> None:
    today = timezone.localdate(timezone.now(), seeded.unit.zone)
    referrals = {r.status: r for r in Referral.objects.filter(case=seeded)}
    assert set(referrals) == {Status.ACCEPTED, Status.SENT}
    assert referrals[Status.ACCEPTED].answered_at is not None
    assert referrals[Status.SENT].response_due < today
    unanswered_reminders_open()  # the hourly step finds the overdue one
    assert WorkItem.objects.filter(object_id=str(referrals[Status.SENT].pk), state="OPEN").exists()


def test_a_case_in_monitoring_with_its_schedule_and_plan(seeded: Case) -> None:
    assert FollowUp.objects.filter(case=seeded, status="SCHEDULED").count() == 4
    assert HouseholdNeeds.objects.filter(case=seeded).exists()
    programmes = {p.kind: p for p in Programme.objects.filter(case=seeded).select_related("referral")}
    assert programmes["CAPITAL"].status == ProgrammeStatus.IN_PROGRESS
    assert programmes["CAPITAL"].referral.status == Status.ACCEPTED
    assert programmes["CIVIL_DOCUMENTS"].referral.status == Status.SENT
