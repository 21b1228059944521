"""Walk #13, finding 1: one answer to "licensed" on every page. A credential "to confirm" (typed by an applicant,
not yet checked by the HEAD) licenses nobody: the profile, the experts list, the workload, the team page's
suggestions and the evaluation's "days without a valid licence" all say so, and say "to confirm" rather than
"expired or missing". Confirming it makes every page say "licensed"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from sigap.cases.tests.factories import make_case
from sigap.contracts.evidence import period_evidence
from sigap.contracts.tests.factories import contract
from sigap.experts.licensing import unit_today
from sigap.experts.models import CredentialKind, Profession
from sigap.experts.services import credential_add, credential_confirm
from sigap.experts.tests.factories import profile

pytestmark = pytest.mark.django_db

WITA = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2027, 5, 10, 10, 0, tzinfo=WITA)


def _to_confirm(personas: Any) -> Any:
    expert = profile(personas, personas["expert"], profession=Profession.PSYCHOLOGICAL_COUNSELLOR)
    today = unit_today(expert.unit)
    return credential_add(
        actor=personas["head"], profile=expert, kind=CredentialKind.SIPP_HIMPSI, number="SIPP-1",
        issuer="HIMPSI", valid_from=today - dt.timedelta(days=400), valid_until=today + dt.timedelta(days=400),
        to_confirm=True,
    )  # fmt: skip


def test_a_credential_to_confirm_licenses_nobody_on_any_page(personas: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        credential = _to_confirm(personas)
        head = personas.client("head")
        detail = head.get(reverse("experts:expert_detail", kwargs={"user_id": personas["expert"].pk}))
        assert not detail.context["standing"].licensed
        assert detail.context["standing"].awaiting_confirmation
        assert "Not licensed: a credential is still to confirm" in detail.content.decode()

        listing = head.get(reverse("experts:expert_list")).content.decode()
        assert "No: to confirm" in listing

        workload = head.get(reverse("contracts:workload"))
        row = next(r for r in workload.context["rows"] if r.user == personas["expert"])
        assert not row.licensed and row.awaiting_confirmation
        assert "Not licensed: to confirm" in workload.content.decode()

        case = make_case(personas, experts=())
        team = head.get(reverse("cases:case_team", kwargs={"case_id": case.pk})).content.decode()
        assert "Not licensed: a credential is still to confirm" in team

        period = contract(
            personas, start=dt.date(2027, 4, 1), profession=Profession.PSYCHOLOGICAL_COUNSELLOR
        ).periods.get()
        # 1 April – 10 May (today): every past day without a licence, and no day still to come.
        assert len(period_evidence(period).unlicensed_days) == 40

        credential_confirm(actor=personas["head"], credential=credential)
        detail = head.get(reverse("experts:expert_detail", kwargs={"user_id": personas["expert"].pk}))
        assert detail.context["standing"].licensed
        workload = head.get(reverse("contracts:workload"))
        assert next(r for r in workload.context["rows"] if r.user == personas["expert"]).licensed
        assert period_evidence(period).unlicensed_days == []
