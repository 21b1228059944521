"""seed_demo gives the demo experts profiles and synthetic credentials, once, showing the ranking."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseState
from sigap.cases.selectors import case as selectors
from sigap.core.reference.services import reference_load
from sigap.experts.models import Credential, ExpertProfile
from sigap.experts.selectors import ExpertEntry, expert_standing


@pytest.fixture
def seeded(db: None) -> None:
    reference_load()
    call_command("seed_demo", stdout=StringIO())


def _standing(username: str) -> tuple[str, bool]:
    profile = ExpertProfile.objects.select_related("user", "unit").get(user__username=username)
    entry = ExpertEntry(user=profile.user, profile=profile, can_manage=True, is_expert=True)
    return profile.profession, expert_standing(entry, unit_id=profile.unit_id).licensed


def test_three_demo_experts_with_synthetic_credentials(seeded: None) -> None:
    assert _standing("psikolog.kukar") == ("CLINICAL_PSYCHOLOGIST", True)
    assert _standing("hukum.kukar") == ("LEGAL_COUNSELLOR", True)
    assert _standing("konselor.kukar") == ("PSYCHOLOGICAL_COUNSELLOR", False)
    assert all(number.startswith("DEMO-") for number in (c.number for c in Credential.objects.all()))
    assert not any("DEMO-" in str(e.new_values) for e in AuditEvent.objects.filter(object_type="experts.credential"))


def test_a_second_run_adds_nothing(seeded: None) -> None:
    counts = (ExpertProfile.objects.count(), Credential.objects.count(), AuditEvent.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (ExpertProfile.objects.count(), Credential.objects.count(), AuditEvent.objects.count()) == counts
    assert "0 new row(s)" in out.getvalue()
    assert "hukum.kukar" in out.getvalue() and "konselor.kukar" in out.getvalue()


def test_the_running_case_asks_for_the_legal_counsellor_first(seeded: None) -> None:
    running = Case.objects.get(unit__case_number_prefix="PPA-KKR", state=CaseState.INTERVENSI)
    need = selectors.needed_profession(running)
    assert need == "LEGAL_COUNSELLOR"
    assert [u.username for u in selectors.expert_suggestions(running, profession=need)] == [
        "hukum.kukar",
        "konselor.kukar",
    ]
    preferred = Case.objects.get(unit__case_number_prefix="PPA-KKR", same_sex_expert_preferred=True)
    suggestions = selectors.expert_suggestions(preferred)
    assert {u.username: u.same_sex for u in suggestions} == {"hukum.kukar": False, "konselor.kukar": True}


def test_the_demo_experts_have_active_contracts_with_their_first_period_open(seeded: None) -> None:
    from sigap.contracts.models import Contract, ContractState

    contracts = Contract.objects.filter(state=ContractState.ACTIVE).select_related("expert__user")
    assert sorted(c.expert.user.username for c in contracts) == ["hukum.kukar", "konselor.kukar", "psikolog.kukar"]
    assert all(c.periods.count() == 1 and c.number.startswith("DEMO/") for c in contracts)
