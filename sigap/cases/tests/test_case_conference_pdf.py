"""The case summary PDF is usable for a case conference (#21 readable): incidents and forms of violence,
assessment findings, plan and services with their status, consents, the safe-contact rule (when a case
has one), team and next steps; each section only for the roles that may read it (field groups)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from sigap.cases import pdf as case_pdf
from sigap.cases.models import Case, CaseState
from sigap.cases.models.plan import AssessmentArea
from sigap.cases.services.assessment import (
    assessment_complete,
    assessment_section_assign,
    assessment_section_write,
    latest_assessment,
)
from sigap.cases.services.lifecycle import case_start_planning
from sigap.cases.tests.casework_steps import approve_plan, walk_to
from sigap.cases.tests.factories import incident, make_case, victim_data
from sigap.cases.tests.test_case_summary import _text

FINDINGS = {area: f"{area.title()}Finding{len(area)}" for area in AssessmentArea.values}


@pytest.fixture
def case(personas: Any) -> Case:
    """An adult victim's case through assessment to an approved plan, the psychological area by the expert."""
    case = make_case(personas, victim=victim_data())
    incident(personas, case, types=["FISIK", "PSIKIS"])
    case = walk_to(case, CaseState.ASESMEN)
    manager, expert = personas["case_manager"], personas["expert"]
    assessment = latest_assessment(case)  # started with the step
    assert assessment is not None
    assessment_section_assign(actor=manager, assessment=assessment, area="PSYCHOLOGICAL", expert=expert)
    for area, text in FINDINGS.items():
        author = expert if area == "PSYCHOLOGICAL" else manager
        assessment_section_write(actor=author, assessment=assessment, area=area, text=text)
    assessment_complete(actor=manager, assessment=assessment, risk_level="TINGGI")
    case = case_start_planning(actor=manager, case=case)
    approve_plan(case, services=("PSIKOLOGIS", "BANTUAN_HUKUM"))
    return case


def _pdf(personas: Any, who: str, case: Case) -> str | int:
    response = personas.client(who).get(reverse("cases:case_summary", kwargs={"case_id": case.pk}))
    if response.status_code != 200:
        return int(response.status_code)
    return _text(response.content).replace("\\(", "(").replace("\\)", ")")


COMMON = [
    "Incidents and forms of violence",
    "Physical",
    "Assessment findings",
    "Plan and services",
    "Approved",
    "Planned",
    "RSUD A. M. Parikesit",
    "Consents",
    "Services (assessment",
    "in force",
    "Team",
    "Next steps",
]


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        ("head", {"PSYCHOLOGICAL", "LEGAL", "SOCIAL", "PHYSICAL"}),
        ("case_manager", {"LEGAL", "SOCIAL", "PHYSICAL"}),
        ("expert", {"PSYCHOLOGICAL", "SOCIAL", "PHYSICAL"}),
    ],
)
def test_each_section_only_for_the_roles_that_may_read_it(personas: Any, case: Case, who: str, reads: set[str]) -> None:
    text = _pdf(personas, who, case)
    assert isinstance(text, str)
    for heading in COMMON:
        assert heading in text, heading
    for area in ("PSYCHOLOGICAL", "LEGAL", "SOCIAL", "PHYSICAL"):
        assert (FINDINGS[area] in text) == (area in reads), area
    assert "Restricted" in text or reads >= {"PSYCHOLOGICAL", "LEGAL"}
    assert "Safe contact" not in text  # the case has no safe-contact rule


@pytest.mark.parametrize("who", ["data_officer", "partner", "other_head", "intake", "auditor"])
def test_roles_without_the_case_get_no_summary(personas: Any, case: Case, who: str) -> None:
    assert _pdf(personas, who, case) in (403, 404)


@pytest.fixture
def safe_contact_rule() -> Iterator[None]:
    """A stand-in for the safe-contact rule of the complaint hand-over (branch fromcomplaint)."""

    def provider(case: Case, reader: Any, full: bool) -> list[str]:
        return ["Only by phone, weekdays 9-15, never a message."] if full else ["Contact through the case manager."]

    case_pdf.SAFE_CONTACT_PROVIDERS.append(provider)
    yield
    case_pdf.SAFE_CONTACT_PROVIDERS.remove(provider)


def test_the_safe_contact_rule_is_printed_when_the_case_has_one(
    personas: Any, case: Case, safe_contact_rule: None
) -> None:
    head = _pdf(personas, "head", case)
    expert = _pdf(personas, "expert", case)
    assert isinstance(head, str) and isinstance(expert, str)
    assert "Safe contact" in head and "weekdays 9-15" in head
    assert "Safe contact" in expert and "weekdays" not in expert and "through the case manager" in expert


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        ("head", {"PSYCHOLOGICAL", "LEGAL", "SOCIAL", "PHYSICAL"}),
        ("case_manager", {"LEGAL", "SOCIAL", "PHYSICAL"}),
        ("expert", {"PSYCHOLOGICAL", "SOCIAL", "PHYSICAL"}),
    ],
)
def test_the_assessment_page_follows_the_same_field_groups(
    personas: Any, case: Case, who: str, reads: set[str]
) -> None:
    """The web page and the PDF show the same findings to each reader; a hidden one says it is written."""
    response = personas.client(who).get(reverse("cases:assessment_detail", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    for area in ("PSYCHOLOGICAL", "LEGAL", "SOCIAL", "PHYSICAL"):
        assert (FINDINGS[area] in page) == (area in reads), area
    assert page.count("data-restricted-findings") == 4 - len(reads)
