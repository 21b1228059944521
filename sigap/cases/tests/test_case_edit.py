"""Re-rating the risk, correcting the category, restricting a case (services and page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case
from sigap.cases.rules.guards import TransitionRefused
from sigap.cases.services.closure import case_approve_closure, case_request_closure
from sigap.cases.services.lifecycle import case_set_restricted, case_update_classification
from sigap.cases.tests.factories import make_case


def test_it_rerates_and_audits_old_and_new(personas: Any) -> None:
    case = make_case(personas)
    case = case_update_classification(actor=personas["case_manager"], case=case, category="KTP", risk_level="TINGGI")
    assert case.risk_level == "TINGGI"
    event = AuditEvent.objects.filter(changed_fields=["risk_level"]).get()
    assert (event.old_values, event.new_values) == ({"risk_level": "SEDANG"}, {"risk_level": "TINGGI"})
    # Nothing changed: nothing recorded.
    case_update_classification(actor=personas["case_manager"], case=case, category="KTP", risk_level="TINGGI")
    assert AuditEvent.objects.filter(changed_fields=["risk_level"]).count() == 1


def test_it_guards_the_rerating(personas: Any) -> None:
    case = make_case(personas)
    with pytest.raises(TransitionRefused):
        case_update_classification(actor=personas["expert"], case=case, category="KTP", risk_level="TINGGI")
    with pytest.raises(TransitionRefused):
        case_update_classification(actor=personas["head"], case=case, category="AMPK", risk_level="TINGGI")
    with pytest.raises(TransitionRefused):
        case_update_classification(actor=personas["head"], case=case, category="KTP", risk_level="EXTREME")
    case_request_closure(actor=personas["head"], case=case, reason="TUJUAN_TERCAPAI", summary="Done.")
    case = case_approve_closure(actor=personas["head"], case=case)
    with pytest.raises(TransitionRefused):
        case_update_classification(actor=personas["head"], case=case, category="KTP", risk_level="TINGGI")


def test_only_the_head_restricts(personas: Any) -> None:
    case = make_case(personas)
    with pytest.raises(TransitionRefused):
        case_set_restricted(actor=personas["case_manager"], case=case, restricted=True)
    assert case_set_restricted(actor=personas["head"], case=case, restricted=True).restricted


def test_edit_page(personas: Any) -> None:
    case = make_case(personas)
    url = reverse("cases:case_edit", kwargs={"case_id": case.pk})
    manager = personas.client("case_manager")
    assert "restricted" not in manager.get(url).context["form"].fields
    bad = manager.post(url, {"category": "AMPK", "risk_level": "TINGGI"})
    assert bad.status_code == 200 and bad.context["form"].errors
    ok = manager.post(url, {"category": "AMPK", "category_subtype": "AMPK_NAPZA", "risk_level": "TINGGI"})
    assert ok.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert (case.category, case.category_subtype, case.risk_level) == ("AMPK", "AMPK_NAPZA", "TINGGI")
    head = personas.client("head")
    head.post(url, {"category": "KTA", "risk_level": "RENDAH", "restricted": "on"})
    case.refresh_from_db()
    assert case.restricted and case.category_subtype == ""
