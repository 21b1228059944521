"""The complaint page links its case only for a viewer who may open the case (no link to a 403)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sigap.cases.models import Case
from sigap.intake.models import Complaint, Decision
from sigap.intake.services.decision import complaint_decide
from sigap.intake.tests.factories import make_complaint, triaged


def _opened(personas: Any) -> tuple[Complaint, Case]:
    complaint = triaged(personas, make_complaint(personas))
    complaint = complaint_decide(actor=personas["intake"], complaint=complaint, decision=Decision.OPEN_CASE)
    return complaint, Case.objects.get(pk=complaint.case_id)


def _detail(personas: Any, name: str, complaint: Complaint) -> str:
    response = personas.client(name).get(reverse("intake:complaint_detail", kwargs={"complaint_id": complaint.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_intake_officer_sees_the_case_number_without_a_link(personas: Any) -> None:
    complaint, case = _opened(personas)
    page = _detail(personas, "intake", complaint)
    assert case.number in page
    assert reverse("cases:case_detail", kwargs={"case_id": case.pk}) not in page
    # The link would indeed be refused.
    assert personas.client("intake").get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).status_code == 403


def test_the_head_gets_the_link(personas: Any) -> None:
    complaint, case = _opened(personas)
    page = _detail(personas, "head", complaint)
    assert f'href="{reverse("cases:case_detail", kwargs={"case_id": case.pk})}"' in page


def test_the_head_keeps_the_link_to_a_restricted_case_which_asks_for_break_glass(personas: Any) -> None:
    complaint, case = _opened(personas)
    # A restricted case the HEAD is not on (restricting it herself now needs her on the team, issue #19).
    Case.objects.filter(pk=case.pk).update(restricted=True)
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert f'href="{url}"' in _detail(personas, "head", complaint)
    assert personas.client("head").get(url).status_code == 302  # to the break-glass page, not a dead end
