"""The identification page marks the high-risk criteria (issue #21) from the rule the triage applies.

The expected set is derived here from ``minimum_risk`` (the classifier the triage service checks the
level against), never listed by hand: a criterion is marked exactly when ticking it alone means high risk.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from sigap.core.choices import RiskLevel
from sigap.intake.models import CRITERION_LEVEL, RiskCriterion
from sigap.intake.services.complaint import minimum_risk
from sigap.intake.tests.factories import make_complaint

pytestmark = pytest.mark.usefixtures("reference")

OPTION = re.compile(
    r'<li class="form-check"><input type="checkbox" name="risk_criteria" value="(\w+)"[^>]*> (<label.*?</label>)</li>'
)


def _high_by_the_rule() -> set[str]:
    return {c for c in RiskCriterion.values if minimum_risk([c]) == RiskLevel.TINGGI}


def _triage_page(personas: Any, language: str = "en") -> str:
    client = personas.client("intake")
    client.cookies["sigap_language"] = language
    complaint = make_complaint(personas)
    response = client.get(reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk}))
    assert response.status_code == 200
    return response.content.decode()


def _marked(html: str) -> tuple[set[str], set[str]]:
    options = OPTION.findall(html)
    assert {value for value, _label in options} == set(RiskCriterion.values)
    return {v for v, label in options if "choice-mark" in label}, {
        v for v, label in options if "choice-mark" not in label
    }


def test_exactly_the_high_risk_criteria_are_marked_in_words(personas: Any) -> None:
    html = _triage_page(personas)
    high = _high_by_the_rule()
    assert high and high != set(RiskCriterion.values)
    marked, unmarked = _marked(html)
    assert marked == high and unmarked == set(RiskCriterion.values) - high
    # Words and an icon, not colour alone; the icon is hidden from screen readers, the words are not.
    assert html.count('<span class="choice-mark"><span aria-hidden="true">⚠</span> high risk</span>') == len(high) + 1
    # The short legend explains the mark once, inside the group, before the options.
    legend = html.index('id="id_risk_criteria_marks"')
    assert (
        html.index('<fieldset class="mb-3 choice-group" id="id_risk_criteria"')
        < legend
        < html.index('name="risk_criteria"')
    )
    assert "Any one of these criteria makes the complaint high risk" in html
    assert "first seven" not in html  # the old hint counted positions: it broke when the list changed


def test_the_mark_is_in_indonesian_too(personas: Any) -> None:
    html = _triage_page(personas, "id")
    assert html.count('<span aria-hidden="true">⚠</span> risiko tinggi</span>') == len(_high_by_the_rule()) + 1


def test_the_mark_follows_the_rule_not_a_copy(personas: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # A unit that rates threats as high risk changes one entry of the rule: the page follows it.
    monkeypatch.setitem(CRITERION_LEVEL, RiskCriterion.THREATS, RiskLevel.TINGGI)
    monkeypatch.setitem(CRITERION_LEVEL, RiskCriterion.SELF_HARM, RiskLevel.SEDANG)
    marked, _unmarked = _marked(_triage_page(personas))
    assert marked == _high_by_the_rule()
    assert RiskCriterion.THREATS in marked and RiskCriterion.SELF_HARM not in marked


def test_a_criteria_conflict_comes_with_the_other_errors_in_one_round(personas: Any) -> None:
    """Walk of #21 (shots 14, 19): the conflict was told only after the other errors were fixed."""
    complaint = make_complaint(personas)
    danger = sorted(_high_by_the_rule())[0]
    client = personas.client("intake")
    client.cookies["sigap_language"] = "en"
    response = client.post(
        reverse("intake:complaint_triage", kwargs={"complaint_id": complaint.pk}),
        {"risk_criteria": [RiskCriterion.NO_IMMEDIATE_DANGER, danger], "risk_level": "RENDAH"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot be ticked together with a danger criterion" in html
    assert "raise the risk level or untick it" in html
    assert "This field is required" in html or "Choose" in html  # the category, told in the same round
