"""The HEAD's rating-scale page (#13): bounds, words, criteria renamed, added and deactivated (never deleted);
audited; a change applies to the evaluations decided after it, a decided one keeps the scale it was rated on;
another unit's HEAD sees and changes her own unit's scale only; the "on time" rule is said where it is counted."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.audit.models import AuditEvent
from sigap.contracts.models import EvaluationScale, PeriodDecision
from sigap.contracts.rating import decision_scale, unit_scale
from sigap.contracts.services.evaluation import period_decide
from sigap.contracts.services.scale import ScaleData, evaluation_scale_save
from sigap.contracts.tests.factories import contract

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")
NOW = dt.datetime(2027, 2, 10, 10, 0, tzinfo=WITA)
URL = reverse("contracts:scale")


def _post(**changes: Any) -> dict[str, Any]:
    post: dict[str, Any] = {
        "lowest": "1",
        "highest": "5",
        "label_quality": "Quality of the work",
        "active_quality": "on",
        "label_timeliness": "Timeliness",
        "active_timeliness": "on",
        "label_attitude": "Attitude towards victims",
        "active_attitude": "on",
        "label_documentation": "Documentation",
        "active_documentation": "on",
    }
    post.update(changes)
    return {k: v for k, v in post.items() if v is not None}


def test_the_default_is_one_to_five_on_the_four_criteria_and_the_page_shows_it(personas: Any) -> None:
    scale = unit_scale(personas.kukar)
    assert (scale.lowest, scale.highest) == (1, 5)
    assert [code for code, _label in scale.criteria] == ["quality", "timeliness", "attitude", "documentation"]
    page = personas.client("head").get(URL).content.decode()
    assert 'id="scale-form"' in page and 'value="Attitude towards victims"' in page


def test_the_head_changes_the_scale_and_the_change_is_audited(personas: Any) -> None:
    client = personas.client("head")
    post = _post(
        highest="4",
        word_1="Kurang",
        word_4="Sangat baik",
        word_5="dropped: outside the range",
        label_documentation="Kelengkapan dokumen",
        active_attitude=None,
        new_1="Kerja sama tim",
    )
    response = client.post(URL, post)
    assert response.status_code == 302 and response["Location"] == URL
    row = EvaluationScale.objects.get(unit=personas.kukar)
    assert (row.lowest, row.highest, row.words) == (1, 4, {"1": "Kurang", "4": "Sangat baik"})
    scale = unit_scale(personas.kukar)
    assert dict(scale.criteria) == {
        "quality": "Quality of the work",
        "timeliness": "Timeliness",
        "documentation": "Kelengkapan dokumen",
        "c5": "Kerja sama tim",
    }
    # Deactivated, not deleted: still listed on the page, unticked.
    assert [c.code for c in scale.all_criteria] == ["quality", "timeliness", "attitude", "documentation", "c5"]
    event = AuditEvent.objects.filter(object_type__icontains="evaluationscale").latest("pk")
    assert event.new_values["highest"] == 4 and "criteria" in event.changed_fields
    page = client.get(URL).content.decode()
    assert 'name="active_attitude"' in page and 'value="Kerja sama tim"' in page


def test_bad_bounds_and_no_active_criterion_are_refused_with_a_message_and_nothing_saved(personas: Any) -> None:
    client = personas.client("head")
    page = client.post(URL, _post(lowest="5", highest="3", word_3="Cukup")).content.decode()
    assert "The highest score must be above the lowest." in page and 'value="Cukup"' in page
    none_active = {k: v for k, v in _post().items() if not k.startswith("active_")}
    page = client.post(URL, none_active).content.decode()
    assert "Keep at least one criterion active." in page
    assert not EvaluationScale.objects.filter(unit=personas.kukar).exists()


@time_machine.travel(NOW, tick=False)
def test_a_decided_evaluation_keeps_its_scale_and_a_new_one_rates_on_the_new_scale(personas: Any) -> None:
    c = contract(personas)
    period = c.periods.get()
    ratings = {"quality": 4, "timeliness": 5, "attitude": 5, "documentation": 3}
    first = period_decide(actor=personas["head"], period=period, decision="EXTEND", ratings=ratings)
    evaluation_scale_save(
        actor=personas["head"],
        data=ScaleData(
            lowest=0,
            highest=10,
            words={10: "Istimewa"},
            criteria=[*unit_scale(personas.kukar).all_criteria[:3]],
            new_labels=["Kerja sama tim"],
        ),
    )
    first.refresh_from_db()
    kept = decision_scale(first)
    assert (kept.lowest, kept.highest) == (1, 5) and len(kept.criteria) == 4
    page = personas.client("head").get(reverse("contracts:period_evaluation", args=[period.pk])).content.decode()
    assert "Documentation: 3" in page  # read on its own scale
    following = c.periods.get(number=2)
    url = reverse("contracts:period_evaluation", args=[following.pk])
    page = personas.client("head").get(url).content.decode()
    assert "from 0 (lowest) to 10 (highest)" in page and "10 – Istimewa" in page and "Kerja sama tim" in page
    post = {
        "rating_quality": "9",
        "rating_timeliness": "8",
        "rating_attitude": "10",
        "rating_documentation": "7",
        "rating_c5": "6",
        "decision": "EXTEND",
    }
    assert personas.client("head").post(url, post).status_code == 302
    second = PeriodDecision.objects.get(period=following)
    assert second.ratings == {"quality": 9, "timeliness": 8, "attitude": 10, "documentation": 7, "c5": 6}
    assert second.scale["highest"] == 10 and ["c5", "Kerja sama tim"] in second.scale["criteria"]


def test_each_head_sees_and_changes_her_own_units_scale(personas: Any) -> None:
    personas.client("head").post(URL, _post(highest="7"))
    page = personas.client("other_head").get(URL)
    assert page.status_code == 200 and page.context["form"].initial["highest"] == 5
    personas.client("other_head").post(URL, _post(highest="3"))
    assert unit_scale(personas.kukar).highest == 7 and unit_scale(personas.samarinda).highest == 3


def test_the_on_time_rule_is_said_beside_the_figures_it_counts(personas: Any) -> None:
    c = contract(personas)
    page = personas.client("head").get(reverse("contracts:period_evaluation", args=[c.periods.get().pk]))
    text = page.content.decode()
    assert text.count("On time: uploaded to a held session within 14 days after it ended.") == 2
    assert 'id="on-time-rule"' in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    lowest=st.text(max_size=4),
    highest=st.text(max_size=4),
    word=st.text(max_size=120),
    label=st.text(max_size=120),
    new=st.text(max_size=120),
)
def test_no_input_to_the_scale_form_gives_a_500(
    personas: Any, lowest: str, highest: str, word: str, label: str, new: str
) -> None:
    post = _post(lowest=lowest, highest=highest, word_2=word, label_quality=label, new_1=new)
    assert personas.client("head").post(URL, post).status_code in (200, 302)
