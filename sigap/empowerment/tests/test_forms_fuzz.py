"""Hypothesis: no input to an empowerment form gives a 500 (every bad value gets a message, nothing half-saved)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigap.cases.tests.factories import make_case, victim_data
from sigap.empowerment.models import (
    AssistanceScheme,
    CivilDocument,
    FollowUpMode,
    GoalsProgress,
    IncomeBand,
    ProgrammeKind,
    ProgrammeStatus,
    Wellbeing,
)
from sigap.empowerment.services.programme import programme_add
from sigap.empowerment.services.schedule import schedule_open
from sigap.partners.models import Partner

TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "0", "-1", "9" * 30, "\x00", "<b>", "2027-02-31", "0001-01-01", "9999-12-31", "on"]),
)


def _choice(values: list[str]) -> Any:
    return st.one_of(TEXT, st.sampled_from(values))


DATE = st.one_of(TEXT, st.dates().map(str))
SPECIAL = {
    "documents_missing": st.lists(_choice(CivilDocument.values), max_size=3),
    "assistance_enrolled": st.lists(_choice(AssistanceScheme.values), max_size=3),
    "kind": _choice(ProgrammeKind.values),
    "status": _choice(ProgrammeStatus.values),
    "start": DATE,
    "end": DATE,
    "mode": _choice(FollowUpMode.values),
    "held_on": DATE,
    "reached": _choice(["yes", "no"]),
    "new_violence": _choice(["on", ""]),
    "wellbeing": _choice(Wellbeing.values),
    "goals_progress": _choice(GoalsProgress.values),
    "income_band": _choice(IncomeBand.values),
    "independent": _choice(["on", ""]),
    "incident-date_from": DATE,
    "incident-violence_types": st.lists(_choice(["FISIK", "PSIKIS"]), max_size=2),
    "incident-gbv_type": _choice(["PHYSICAL_ASSAULT", "RAPE"]),
    "incident-place": _choice(["RUMAH_TANGGA"]),
    "partner": st.one_of(TEXT, st.integers(-3, 400).map(str)),
    "victim": st.one_of(TEXT, st.integers(-3, 400).map(str)),
    "services": st.lists(_choice(["PEMBERDAYAAN_EKONOMI", "KESEHATAN"]), max_size=3),
    "response_due": DATE,
    "urgency": _choice(["ROUTINE", "URGENT", "EMERGENCY"]),
    "shared_sections": st.lists(_choice(["IDENTITY", "INCIDENT"]), max_size=3),
    "schedule": st.one_of(TEXT, st.lists(st.integers(-3, 60), max_size=14).map(lambda xs: ", ".join(map(str, xs)))),
}
FORMS = {
    "needs": ["income_amount", "income_source", "employment", "skills", "assets", "dependants", "housing", "debts",
              "documents_missing", "assistance_enrolled", "notes"],
    "programme": ["kind", "partner", "start", "end", "notes"],
    "programme_edit": ["status", "partner", "start", "end", "notes", "cancel_reason"],
    "programme_refer": ["victim", "partner", "services", "needs_summary", "response_due", "urgency", "mode",
                        "shared_sections", "override_reason"],
    "follow_up": ["mode", "held_on", "reached", "new_violence", "wellbeing", "goals_progress", "income_band",
                  "independent", "notes", "incident-date_from", "incident-violence_types", "incident-gbv_type",
                  "incident-place", "incident-account"],
    "override": ["reason"],
    "settings": ["schedule", "definition"],
}  # fmt: skip
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_form_input_gives_a_500(form: str, personas: Any) -> None:
    head = personas.client("head")
    case = make_case(personas, victim=victim_data())
    urls = {
        "needs": reverse("empowerment:needs_edit", args=[case.pk]),
        "programme": reverse("empowerment:programme_create", args=[case.pk]),
        "override": reverse("empowerment:goals_override", args=[case.pk]),
        "settings": reverse("empowerment:settings"),
    }
    if form in ("programme_edit", "programme_refer"):
        baznas = Partner.objects.filter(unit=personas.kukar, kind="BAZNAS").first()
        programme = programme_add(actor=personas["head"], case=case, kind="CAPITAL", partner=baznas)
        name = "empowerment:programme_edit" if form == "programme_edit" else "empowerment:programme_refer"
        urls[form] = reverse(name, args=[programme.pk])
    if form == "follow_up":
        urls[form] = reverse("empowerment:follow_up_add", args=[case.pk])
        schedule_open(actor=personas["head"], case=case)

    @FUZZ
    @given(st.fixed_dictionaries({name: SPECIAL.get(name, TEXT) for name in FORMS[form]}))
    def run(data: dict[str, Any]) -> None:
        response = head.post(urls[form], data)
        assert response.status_code in (200, 302), (form, data, response.status_code)

    run()
