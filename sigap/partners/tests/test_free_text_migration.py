"""Migration 0021 of sigap.cases: the partner agencies written as free text (plan items, sharing consents)
become partners of the case's unit, matched by name (case and spaces ignored), nothing written lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sigap.cases.models import CaseState
from sigap.cases.models.consent import Consent
from sigap.cases.models.plan import PlanItem
from sigap.cases.tests.casework_steps import approve_plan, victims, walk_to
from sigap.cases.tests.factories import make_case, victim_data
from sigap.core.testing.migrations import migrate_to

BEFORE = [("cases", "0020_plan_item_and_consent_name_a_partner")]
AFTER = [("cases", "0021_partners_from_free_text")]


@pytest.fixture(autouse=True)
def _latest_schema_afterwards() -> Any:
    yield
    migrate_to(None)


@pytest.mark.django_db(transaction=True)
def test_free_texts_become_partners_of_the_unit(personas: Any) -> None:
    case = walk_to(make_case(personas, victim=victim_data()), CaseState.RENCANA_INTERVENSI)
    plan = approve_plan(case, services=("KESEHATAN", "PSIKOLOGIS"))
    items = list(PlanItem.objects.filter(plan=plan).order_by("pk"))
    # As written before the directory: two spellings of one agency, and an agency the seed already has.
    PlanItem.objects.filter(pk=items[0].pk).update(provider_agency="RSUD  Parikesit", provider_partner=None)
    PlanItem.objects.filter(pk=items[1].pk).update(
        provider_agency="baznas kabupaten kutai kartanegara", provider_partner=None
    )
    Consent.objects.create(
        case=case, victim=victims(case)[0], scope="SHARING", agency="rsud parikesit", purpose="Visum",
        given_by="VICTIM", method="WRITTEN", given_on=timezone.localdate(), recorded_at=timezone.now(),
        recorded_by=personas["head"],
    )  # fmt: skip
    migrate_to(BEFORE)
    new = migrate_to(AFTER)
    partner_model = new.get_model("partners", "Partner")
    item_model = new.get_model("cases", "PlanItem")
    consent_model = new.get_model("cases", "Consent")
    first, second = (item_model.objects.get(pk=item.pk) for item in items)
    rsud = partner_model.objects.get(pk=first.provider_partner_id)
    assert rsud.name == "RSUD Parikesit" and rsud.unit_id == personas.kukar.pk and rsud.kind == "OTHER"
    assert first.provider_agency == "RSUD  Parikesit"  # the text itself stays as written
    assert partner_model.objects.get(pk=second.provider_partner_id).name == "BAZNAS Kabupaten Kutai Kartanegara"
    assert consent_model.objects.get(scope="SHARING").partner_id == rsud.pk  # the same partner, not a twin
    assert partner_model.objects.filter(unit_id=personas.kukar.pk, name__iexact="rsud parikesit").count() == 1
