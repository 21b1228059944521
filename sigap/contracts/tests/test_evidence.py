"""The evidence of a period (issue #13): every figure checked against records this test builds through the
product's services (sessions held / not held / planned, reports, a missed work item), never against the code's
own output; and the per-session billing statement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.assistance.models.attachment import DocumentKind, FieldGroup, OwnerKind
from sigap.assistance.services.attachment import attachment_upload
from sigap.assistance.services.session import session_plan, session_record_not_held
from sigap.assistance.tests.factories import held_session, plan_data, session_case
from sigap.contracts.evidence import period_evidence
from sigap.contracts.kinds import CASE_REASSIGN
from sigap.contracts.tests.factories import contract
from sigap.work.scheduler import work_items_tick
from sigap.work.services import work_item_open

pytestmark = pytest.mark.django_db

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 5, 10, 10, 0, tzinfo=WITA)  # in period 1 (1 April – 30 June) of a mid-year contract
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _build(personas: Any, *, fee_basis: str = "MONTHLY") -> dict[str, Any]:
    built = session_case(personas)
    case, expert, head = built.case, built.psychologist, personas["head"]
    c = contract(personas, start=dt.date(2027, 4, 1), fee_basis=fee_basis, unit_price=Decimal(350_000))
    held = [held_session(head, case, experts=[expert]) for _ in range(2)]
    by_expert = session_plan(actor=head, case=case, data=plan_data(experts=[expert], hours_from_now=-5))
    session_record_not_held(actor=head, session=by_expert, reason="EXPERT_ABSENT")
    by_victim = session_plan(actor=head, case=case, data=plan_data(experts=[expert], hours_from_now=-8))
    session_record_not_held(actor=head, session=by_victim, reason="VICTIM_ABSENT")
    planned = session_plan(actor=head, case=case, data=plan_data(experts=[expert], hours_from_now=30))
    # A colleague's session on the same case counts for nobody here.
    held_session(head, case, experts=[built.counsellor])
    report = attachment_upload(
        actor=expert,
        case=case,
        upload=SimpleUploadedFile("laporan.pdf", PDF),
        original_name="laporan.pdf",
        document_kind=DocumentKind.PSYCHOLOGICAL_REPORT,
        field_group=FieldGroup.CLINICAL,
        owner_kind=OwnerKind.SESSION,
        owner_id=held[0].pk,
    )
    missed = work_item_open(
        unit=case.unit,
        kind=CASE_REASSIGN,
        target=case,
        due_at=NOW - dt.timedelta(hours=1),
        responsible=expert,
        title_key=case.number,
    )
    work_items_tick(now=NOW.replace(minute=1))
    return {
        "case": case,
        "contract": c,
        "held": held,
        "by_expert": by_expert,
        "by_victim": by_victim,
        "planned": planned,
        "report": report,
        "missed": missed,
    }


def _urls(figure: Any) -> set[str]:
    return {link.url for link in figure.links}


def _session_urls(*sessions: Any) -> set[str]:
    return {reverse("assistance:session_detail", args=[s.pk]) for s in sessions}


@time_machine.travel(NOW, tick=False)
def test_every_figure_matches_the_records_built(personas: Any) -> None:
    b = _build(personas)
    evidence = period_evidence(b["contract"].periods.get())
    case_url = reverse("cases:case_detail", args=[b["case"].pk])
    assert (evidence["cases"].value, _urls(evidence["cases"])) == (1, {case_url})
    assert evidence["new_cases"].value == 1  # the team was formed in the period (the frozen day)
    all_sessions = (*b["held"], b["by_expert"], b["by_victim"], b["planned"])
    assert (evidence["sessions"].value, _urls(evidence["sessions"])) == (5, _session_urls(*all_sessions))
    assert (evidence["held"].value, _urls(evidence["held"])) == (2, _session_urls(*b["held"]))
    assert (evidence["not_held"].value, evidence["missed_by_expert"].value, evidence["missed_by_victim"].value) == (
        2,
        1,
        1,
    )
    assert _urls(evidence["missed_by_expert"]) == _session_urls(b["by_expert"])
    assert _urls(evidence["still_planned"]) == _session_urls(b["planned"])
    held_hours = sum((s.actual_end - s.actual_start).total_seconds() for s in b["held"]) / 3600
    assert evidence.hours == Decimal(str(held_hours)).quantize(Decimal("0.1")) == Decimal("2.0")
    assert (evidence["psych_reports"].value, evidence["psych_reports_on_time"].value) == (1, 1)
    assert evidence["legal_opinions"].value == 0
    assert evidence["hearings"].value == 0
    assert evidence["overdue_work"].value == 1
    assert evidence["overdue_work"].links[0].text.startswith(b["missed"].title_key)
    # The STRPK and SIPPK of the test start 30 days before today (10 April): 1–9 April were without a licence.
    licensed_from = NOW.date() - dt.timedelta(days=30)
    expected = [dt.date(2027, 4, 1) + dt.timedelta(days=n) for n in range((licensed_from - dt.date(2027, 4, 1)).days)]
    assert evidence.unlicensed_days == expected and len(expected) == 9
    # A monthly contract has no billing statement.
    assert (evidence.billable, evidence.amount_due) == (0, None)


@time_machine.travel(NOW, tick=False)
def test_per_session_billing_counts_the_sessions_held_only(personas: Any) -> None:
    b = _build(personas, fee_basis="PER_SESSION")
    evidence = period_evidence(b["contract"].periods.get())
    assert evidence.billable == len(b["held"]) == 2
    assert evidence.amount_due == Decimal(350_000) * 2


@time_machine.travel(NOW, tick=False)
def test_the_evaluation_page_shows_the_figures_with_their_links(personas: Any) -> None:
    b = _build(personas, fee_basis="PER_SESSION")
    period = b["contract"].periods.get()
    response = personas.client("head").get(reverse("contracts:period_evaluation", args=[period.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for session in b["held"]:
        assert reverse("assistance:session_detail", args=[session.pk]) in page
    assert "Rp 700,000" in page  # grouped (English here: the tests read the msgids)
    assert 'id="decision-form"' in page
    # The expert reads their own figures, without the decision form.
    response = personas.client("expert").get(reverse("contracts:period_evaluation", args=[period.pk]))
    assert response.status_code == 200
    assert 'id="decision-form"' not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_figure_lists_its_first_links_and_the_rest_on_asking(personas: Any, monkeypatch: Any) -> None:
    """A busy expert's period has thousands of records behind a figure: the page lists the first ones, says how
    many more there are, and lists them all for the figure asked (?semua=<figure>); the value counts them all."""
    b = _build(personas)
    period = b["contract"].periods.get()
    capped = period_evidence(period, link_limit=1)
    assert (capped["held"].value, len(capped["held"].links), capped["held"].hidden) == (2, 1, 1)
    assert (capped["sessions"].value, capped["sessions"].hidden) == (5, 4)
    expanded = period_evidence(period, link_limit=1, expand="held")
    assert _urls(expanded["held"]) == {reverse("assistance:session_detail", args=[s.pk]) for s in b["held"]}
    assert expanded["held"].hidden == 0 and expanded["sessions"].hidden == 4
    assert period_evidence(period)["sessions"].hidden == 0  # no limit: every link (the PDF record)

    monkeypatch.setattr("sigap.contracts.views.LINK_LIMIT", 1)
    url = reverse("contracts:period_evaluation", args=[period.pk])
    page = personas.client("head").get(url).content.decode()
    held_row = page[page.index('id="figure-held"') : page.index("</tr>", page.index('id="figure-held"'))]
    assert held_row.count("/pendampingan/sesi/") == 1 and "and 1 more: show all" in held_row
    assert 'href="?semua=held#figure-held"' in held_row
    page = personas.client("head").get(url, {"semua": "held"}).content.decode()
    held_row = page[page.index('id="figure-held"') : page.index("</tr>", page.index('id="figure-held"'))]
    assert held_row.count("/pendampingan/sesi/") == 2 and "show all" not in held_row
    assert personas.client("head").get(url, {"semua": "<x>"}).status_code == 200


def test_hearings_accompanied_and_legal_opinions_late_or_on_time(personas: Any) -> None:
    from sigap.assistance.services.legal import HearingData, hearing_add
    from sigap.assistance.tests.factories import tpks_trained
    from sigap.assistance.tests.legal_steps import at_prosecution, legal_case

    with time_machine.travel(NOW, tick=False):
        lc = legal_case(personas)
        tpks_trained(personas, lc.legal)
        c = contract(personas, user=lc.legal, start=dt.date(2027, 4, 1), profession="LEGAL_COUNSELLOR")
        track = at_prosecution(personas, lc)
        head = personas["head"]
        at_court = held_session(head, lc.case, kind="AT_COURT", experts=[lc.legal])
        consult = held_session(head, lc.case, kind="LEGAL_CONSULTATION", experts=[lc.legal])
        accompanied = hearing_add(
            actor=head,
            track=track,
            data=HearingData(starts_at=at_court.actual_start, court="PN Tenggarong", accompaniment=at_court),
        )
        # A hearing nobody from the unit attended counts for no one.
        hearing_add(
            actor=head, track=track, data=HearingData(starts_at=NOW + dt.timedelta(days=3), court="PN Tenggarong")
        )

        def opinion(session: Any) -> Any:
            return attachment_upload(
                actor=lc.legal,
                case=lc.case,
                upload=SimpleUploadedFile("pendapat.pdf", PDF),
                original_name="pendapat.pdf",
                document_kind=DocumentKind.LEGAL_OPINION,
                field_group=FieldGroup.LEGAL,
                owner_kind=OwnerKind.SESSION,
                owner_id=session.pk,
            )

        opinion(at_court)
    with time_machine.travel(NOW + dt.timedelta(days=20), tick=False):
        opinion(consult)  # 20 days after its session: late
        evidence = period_evidence(c.periods.get())
    assert evidence["hearings"].value == 1
    assert _urls(evidence["hearings"]) == {reverse("assistance:legal_track", args=[lc.case.pk])}
    assert accompanied.accompaniment_id == at_court.pk
    assert (evidence["legal_opinions"].value, evidence["legal_opinions_on_time"].value) == (2, 1)
    assert evidence["psych_reports"].value == 0
    assert evidence["held"].value == 2


@time_machine.travel(NOW, tick=False)
def test_feedback_on_the_held_sessions_is_counted_by_answer_with_links(personas: Any) -> None:
    from sigap.assistance.services.feedback import session_feedback_record

    b = _build(personas)
    case, manager = b["case"], personas["case_manager"]
    expert = b["contract"].expert.user
    third = held_session(personas["head"], case, experts=[expert])
    fourth = held_session(personas["head"], case, experts=[expert])
    session_feedback_record(actor=manager, session=b["held"][0], answer="HELPFUL", comment="Terima kasih.")
    # Changed later: only the last answer counts.
    session_feedback_record(actor=manager, session=third, answer="HELPFUL")
    session_feedback_record(actor=manager, session=third, answer="NOT_HELPFUL")
    session_feedback_record(actor=personas["head"], session=fourth, answer="NOT_SAID")
    # Feedback on a colleague's session counts for nobody here.
    colleague = held_session(personas["head"], case, experts=[personas.users["counsellor"]])
    session_feedback_record(actor=manager, session=colleague, answer="PARTLY")
    evidence = period_evidence(b["contract"].periods.get())
    assert (evidence["feedback_helpful"].value, _urls(evidence["feedback_helpful"])) == (
        1,
        _session_urls(b["held"][0]),
    )
    assert evidence["feedback_partly"].value == 0
    assert _urls(evidence["feedback_not_helpful"]) == _session_urls(third)
    assert _urls(evidence["feedback_not_said"]) == _session_urls(fourth)
    assert (evidence["feedback_none"].value, _urls(evidence["feedback_none"])) == (1, _session_urls(b["held"][1]))
    page = personas.client("head").get(reverse("contracts:period_evaluation", args=[b["contract"].periods.get().pk]))
    content = page.content.decode()
    assert (
        'id="figure-feedback_not_said"' in content and reverse("assistance:session_detail", args=[fourth.pk]) in content
    )
    assert "Terima kasih." not in content  # the comment stays on the session
