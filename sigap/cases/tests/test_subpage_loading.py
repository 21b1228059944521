"""The case's sub-pages (incident, assessment, plan) share one CaseView too (issue #22): their guards and
permissions read the team the request already loaded instead of asking again per check.

Pinned counts, the request chain's two included (lower them when a page gets cheaper; a rise needs a
reason). Before the sub-pages shared a view, the case manager's assessment page sent 16 queries, the
incident page 11 and the plan page 10."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.cases.models import Case, CaseState
from sigap.cases.models.incident import Incident
from sigap.cases.tests import casework_steps as steps
from sigap.cases.tests.factories import incident, make_case, regions, victim_data

pytestmark = pytest.mark.django_db


def _case(personas: Any) -> Case:
    case = make_case(personas, victim=victim_data())
    incident(personas, case, types=["FISIK"], village=regions()["64.02.01"])
    return steps.walk_to(case, CaseState.INTERVENSI)


def _count(client: Any, url: str) -> int:
    assert client.get(url).status_code == 200  # warm: session, caches, "read the file" item
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


PINNED = {
    "head": {"incident": 9, "assessment": 9, "plan": 8},
    "case_manager": {"incident": 10, "assessment": 9, "plan": 9},
}


@pytest.mark.parametrize("persona", sorted(PINNED))
def test_the_sub_pages_send_a_pinned_number_of_queries(personas: Any, persona: str) -> None:
    case = _case(personas)
    client = personas.client(persona)
    urls = {
        "incident": reverse("cases:incident_detail", args=[case.pk, Incident.objects.get(case=case).pk]),
        "assessment": reverse("cases:assessment_detail", args=[case.pk]),
        "plan": reverse("cases:plan_detail", args=[case.pk]),
    }
    assert {name: _count(client, url) for name, url in urls.items()} == PINNED[persona]
