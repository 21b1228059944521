"""State steps, closure and reopen through the pages (POST only, 403 for read-only, messages on refusal)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from sigap.cases.models import Case, CaseState
from sigap.cases.tests.casework_steps import prepare
from sigap.cases.tests.factories import make_case, victim_data


def _url(name: str, case: Any) -> str:
    return reverse(f"cases:{name}", kwargs={"case_id": case.pk})


def _both(msgid: str) -> set[str]:
    """The message in English and in Indonesian (the page speaks the user's language)."""
    found = set()
    for language in ("en", "id"):
        with translation.override(language):
            found.add(gettext(msgid))
    return found


def _state(case: Case) -> str:
    case.refresh_from_db()
    return case.state


def test_steps_through_the_page(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    client = personas.client("case_manager")
    assert client.get(_url("case_transition", case)).status_code == 405
    assert (
        personas.client("expert").post(_url("case_transition", case), {"action": "start_assessment"}).status_code == 403
    )
    for action, state in (
        ("start_assessment", CaseState.ASESMEN),
        ("start_planning", CaseState.RENCANA_INTERVENSI),
        ("start_intervention", CaseState.INTERVENSI),
        ("start_monitoring", CaseState.PEMANTAUAN),
    ):
        prepare(case, action, actor=personas["case_manager"])  # the casework guards' prerequisites
        assert client.post(_url("case_transition", case), {"action": action}).status_code == 302
        assert _state(case) == state
    # The case manager cannot approve a closure: that is the HEAD's.
    assert client.post(_url("case_transition", case), {"action": "approve_closure"}).status_code == 403
    assert client.post(_url("case_transition", case), {"action": "fly"}).status_code == 302


def test_a_refused_step_says_why(personas: Any) -> None:
    case = make_case(personas)  # no victim
    response = personas.client("case_manager").post(
        _url("case_transition", case), {"action": "start_assessment"}, follow=True
    )
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and shown[0] in _both("Record the victim first.")
    assert _state(case) == CaseState.KASUS_DIBUKA


def test_closure_and_reopen_through_the_pages(personas: Any) -> None:
    case = make_case(personas, victim=victim_data())
    manager, head = personas.client("case_manager"), personas.client("head")
    bad = manager.post(_url("case_request_closure", case), {"reason": "", "summary": ""})
    assert bad.status_code == 200 and bad.context["form"].errors
    ok = manager.post(_url("case_request_closure", case), {"reason": "MENINGGAL_DUNIA", "summary": "Sad news."})
    assert ok.status_code == 302
    again = manager.post(_url("case_request_closure", case), {"reason": "MENINGGAL_DUNIA", "summary": "Again."})
    assert again.status_code == 200 and again.context["form"].non_field_errors()
    assert head.post(_url("case_transition", case), {"action": "approve_closure"}).status_code == 302
    assert _state(case) == CaseState.TERMINASI
    assert personas.client("expert").get(_url("case_reopen", case)).status_code == 403
    assert manager.post(_url("case_reopen", case), {"reason": "RELAPSE", "note": "Hit again."}).status_code == 302
    assert _state(case) == CaseState.ASESMEN


def test_open_case_page(personas: Any) -> None:
    client = personas.client("case_manager")
    page = client.get(reverse("cases:case_open"))
    assert "restricted" not in page.context["form"].fields  # only the HEAD restricts
    bad = client.post(reverse("cases:case_open"), {"category": "AMPK", "risk_level": "TINGGI"})
    assert bad.status_code == 200 and "category_subtype" in bad.context["form"].errors
    ok = client.post(reverse("cases:case_open"), {"category": "KTP", "risk_level": "TINGGI", "unit": "999"})
    case = Case.objects.get()
    assert ok["Location"] == _url("case_detail", case)
    assert case.unit == personas.kukar  # a posted unit is ignored (AC-05)
    head = personas.client("head")
    head.post(
        reverse("cases:case_open"),
        {"category": "KTA", "risk_level": "RENDAH", "restricted": "on", "case_manager": personas["case_manager"].pk},
    )
    assert Case.objects.filter(restricted=True).count() == 1
