"""Two admissions racing for the last bed of a shelter on PostgreSQL: exactly one succeeds, the other is refused
with the reason (the shelter is full), and one stay is open on that bed.

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/sigap_dev_shelter``. SQLite serialises writers
(``BEGIN IMMEDIATE``) and has no row locks to exercise, so the test is skipped there.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sigap.assistance.models.shelter import ShelterStay
from sigap.assistance.services import shelter as shelter_services
from sigap.assistance.services.shelter import bed_set_active, shelter_admit
from sigap.assistance.tests.shelter_steps import admission, placed_case, shelter

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SELECT … FOR UPDATE); set DATABASE_URL to a PostgreSQL database",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_admissions_racing_for_the_last_bed_cannot_both_succeed(personas: Any, monkeypatch: Any) -> None:
    beds = shelter(personas)
    for bed in (beds.women[1], *beds.family):  # one bed left: M1
        bed_set_active(actor=personas["head"], bed=bed, active=False)
    cases = [placed_case(personas), placed_case(personas)]
    real_check = shelter_services._check_beds

    def slow_check(*args: Any, **kwargs: Any) -> None:
        real_check(*args, **kwargs)
        # Hold the locked bed a little, so the other admission really waits on the lock.
        time.sleep(0.3)

    monkeypatch.setattr(shelter_services, "_check_beds", slow_check)
    barrier = threading.Barrier(2)
    won: list[ShelterStay] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            pc = cases[index]
            won.append(shelter_admit(actor=personas["head"], case=pc.case, data=admission(pc, beds.women[0])))
        except ValidationError as error:
            refused.extend(error.messages)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(won) == 1
    assert len(refused) == 1 and "is full" in refused[0]
    assert ShelterStay.objects.filter(bed=beds.women[0], discharged_at__isnull=True).count() == 1
