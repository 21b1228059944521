"""The generator's referrals and follow-ups (bench/partnership, issue #14): the product's rules hold on every
generated row (consent naming the partner, status stamps in order, schedule months, indicators appended), and
the benchmark's pages of issue #14 answer."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client
from django.utils import timezone

from bench.generator import RunConfig, generate
from bench.scenarios import follow_up_user, scenarios
from conftest import login_verified
from sigap.accounts.models import User
from sigap.audit.selectors import audit_chain_verify
from sigap.cases.models import Case, CaseState
from sigap.cases.models.consent import ConsentScope
from sigap.empowerment.kinds import FOLLOW_UP_DUE
from sigap.empowerment.models import FollowUp, FollowUpStatus, OutcomeRecord
from sigap.empowerment.services.schedule import add_months
from sigap.referrals.kinds import UNANSWERED
from sigap.referrals.models import Direction, Referral, ReferralEvent, Status
from sigap.work.models import WorkItem

N = 200
NOW = timezone.now()


@pytest.fixture
def generated(db: None) -> RunConfig:
    config = RunConfig(cases=N, units=2, years=2, batch_size=50, now=NOW)
    generate(config)
    return config


def test_about_a_third_of_cases_are_referred_under_a_consent_naming_the_partner(generated: RunConfig) -> None:
    referrals = list(Referral.objects.select_related("consent", "partner", "case", "victim"))
    assert 0.2 < len(referrals) / Case.objects.count() < 0.4
    statuses = Counter(r.status for r in referrals)
    assert statuses[Status.DONE] and statuses[Status.ACCEPTED] and statuses[Status.DECLINED]
    for referral in referrals:
        assert (
            referral.direction == Direction.OUT
            and referral.partner.unit_id == referral.unit_id == referral.case.unit_id
        )
        consent = referral.consent
        assert (
            consent is not None and consent.scope == ConsentScope.SHARING and consent.partner_id == referral.partner_id
        )
        assert consent.victim_id == referral.victim_id and consent.recorded_at < referral.sent_at
        assert referral.case.opened_at < referral.sent_at <= NOW
        assert referral.number.startswith(f"{referral.unit.case_number_prefix}/RJK/")
        stamps = [referral.sent_at, referral.answered_at, referral.service_given_at, referral.done_at]
        present = [s for s in stamps if s is not None]
        assert present == sorted(present) and all(s <= NOW for s in present)
        steps = list(ReferralEvent.objects.filter(referral=referral).order_by("at").values_list("status", flat=True))
        assert steps[0] == Status.SENT and steps[-1] == referral.status
        if referral.status == Status.DONE:
            assert referral.outcome and referral.answered_at is not None
        if referral.case.closed_at is not None and referral.status == Status.SENT:
            pytest.fail("a closed case's unanswered referral is withdrawn")
    assert len({(r.unit_id, r.number) for r in referrals}) == len(referrals)


def test_unanswered_referrals_past_their_day_carry_the_reminder(generated: RunConfig) -> None:
    for referral in Referral.objects.filter(status=Status.SENT).select_related("unit"):
        items = WorkItem.objects.filter(kind=UNANSWERED, object_id=str(referral.pk))
        overdue = referral.response_due < timezone.localdate(NOW, referral.unit.zone)
        assert items.count() == (1 if overdue else 0)


def test_follow_ups_follow_the_schedule_and_indicators_are_appended(generated: RunConfig) -> None:
    monitored = Case.objects.filter(state_changes__to_state=CaseState.PEMANTAUAN).distinct()
    assert monitored.exists()
    for case in monitored.prefetch_related("state_changes"):
        began = next(c.changed_at for c in case.state_changes.all() if c.to_state == CaseState.PEMANTAUAN)
        start = began.astimezone(case.unit.zone).date()
        rows = list(FollowUp.objects.filter(case=case, post_closure=False).order_by("sequence"))
        assert [(f.sequence, f.months_after) for f in rows] == [(1, 1), (2, 3), (3, 6), (4, 12)]
        assert [f.due_on for f in rows] == [add_months(start, m) for m in (1, 3, 6, 12)]
        for row in rows:
            if row.status == FollowUpStatus.SCHEDULED:
                assert case.state == CaseState.PEMANTAUAN
            if row.status == FollowUpStatus.CANCELLED:
                assert case.closed_at is not None
            has_outcome = OutcomeRecord.objects.filter(follow_up=row).exists()
            assert has_outcome == (row.status == FollowUpStatus.DONE)
        items = WorkItem.objects.filter(kind=FOLLOW_UP_DUE, object_id__in=[str(f.pk) for f in rows])
        assert all(
            row.status == FollowUpStatus.SCHEDULED for row in rows if str(row.pk) in {i.object_id for i in items}
        )
    # Once independent, a victim stays so in the later records of the case.
    seen: dict[object, bool] = {}
    for record in OutcomeRecord.objects.order_by("case_id", "recorded_at"):
        assert not (seen.get(record.case_id) and not record.independent)
        seen[record.case_id] = seen.get(record.case_id, False) or record.independent
    assert any(seen.values()) and not all(seen.values())


def test_the_audit_chains_still_verify_and_name_the_new_fields(generated: RunConfig) -> None:
    from sigap.audit.models import AuditEvent

    assert not audit_chain_verify().breaks
    events = AuditEvent.objects.filter(changed_fields__in=[["referrals"], ["empowerment"]])
    assert {e.changed_fields[0] for e in events} == {"referrals", "empowerment"}


def test_the_new_scenarios_answer(generated: RunConfig) -> None:
    from sigap.accounts.models import Unit
    from sigap.empowerment.models import FollowUp

    unit = Unit.objects.get(case_number_prefix="SYN-001")
    username = follow_up_user(unit)
    scheduled = FollowUp.objects.filter(
        case__unit=unit, status="SCHEDULED", case__team__user__username=username, case__team__is_active=True
    )
    assert scheduled.exists()  # the case manager with the most scheduled follow-ups has some
    paths = {s.name: (s.who, s.path) for s in scenarios(_PREP)}
    for name, who in (("follow-ups due (case manager)", username), ("referral list (HEAD)", "syn001_head")):
        client = Client()
        login_verified(client, User.objects.get(username=who))
        response = client.get(paths[name][1])
        assert response.status_code == 200, name
    assert paths["follow-ups due (case manager)"][0] == "fu"


# What ``scenarios`` reads of the prepared run (the two pages of issue #14 need none of it).
_PREP = {
    "case_id": "c",
    "deep_page": 1,
    "filtered_deep_page": 1,
    "nik": "",
    "name": "",
    "birth_year": None,
    "recap_year": 2025,
    "simfoni_month": "2025-01",
    "session_case_id": "c",
    "contract_period": 1,
}
