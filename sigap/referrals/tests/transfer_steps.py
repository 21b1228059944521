"""Test data of the transfer tests, built through the services as the personas would (no factories)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.cases.models import Case
from sigap.cases.models.consent import ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.people import CasePerson, PersonRole
from sigap.cases.services.consent import ConsentData, consent_record
from sigap.cases.tests.factories import make_case, victim_data
from sigap.intake.tests.factories import ensure_reference
from sigap.referrals.models import CaseTransfer
from sigap.referrals.services.transfer.send import Receiver, transfer_carry_out

SAMARINDA = "UPTD PPA Kota Samarinda"


def case_with_victim(personas: Any) -> Case:
    ensure_reference()
    return make_case(personas, victim=victim_data())


def sharing_consent(personas: Any, case: Case, agency: str = SAMARINDA) -> None:
    victim = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    consent_record(
        actor=personas["head"],
        case=case,
        data=ConsentData(
            victim=victim,
            scope=ConsentScope.SHARING,
            agency=agency,
            purpose="Pelimpahan kasus",
            given_by=ConsentGiver.VICTIM,
            method=ConsentMethod.WRITTEN,
            given_on=timezone.localdate() - dt.timedelta(days=1),
        ),
    )


def carried_out(personas: Any, case: Case | None = None, **receiver: Any) -> tuple[CaseTransfer, str, Case]:
    case = case or case_with_victim(personas)
    target = Receiver(**receiver) if receiver else Receiver(unit=personas.samarinda)
    transfer, password = transfer_carry_out(
        actor=personas["head"], case=case, receiver=target, reason="Korban pindah ke Samarinda bersama keluarga."
    )
    return transfer, password, case
