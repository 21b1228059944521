"""What a person merge (sigap.cases.services.person_merge) does to the services delivered on a case.

The merge keeps each link (``CasePerson``) of the merged record and only changes its person, so a shelter
stay or a legal-process track on such a link follows by itself. When both records were in one case in the
same role, the merged record's link gives way to the survivor's (it is removed softly): what the services
app hangs on it moves to the kept link, so the case shows one person with all her stays and one perpetrator
with his track. Two exceptions keep the row on the removed link rather than break a rule of the model:

- a legal-process track, when the kept link already has one (one track per perpetrator of a case): both
  tracks and their history stay, the case page shows both under the same person;
- an open shelter stay, when the kept link already has an open one (one open stay per person): the
  anomaly stays visible on the occupancy board for the unit to discharge one of them.

Registered at app ready (``AssistanceConfig.ready``): cases stands below this app and cannot import it.
"""

from __future__ import annotations

from typing import Any

from sigap.accounts.models import User
from sigap.assistance.models.legal import LegalTrack
from sigap.assistance.models.shelter import ShelterStay
from sigap.cases.models.people import CasePerson, Person

# The references to Person and CasePerson this app holds, as the merge test names them.
MERGE_REFERENCES = {
    ("assistance.legaltrack", "perpetrator"),
    ("assistance.shelterstay", "person"),
}


def merge_services_move(
    *, actor: User, survivor: Person, merged: Person, collapsed: list[tuple[CasePerson, CasePerson]], **_: Any
) -> None:
    """Move the tracks and stays of each duplicate link to the link it gave way to (in the merge's
    transaction; the merge writes the audit event, these moves follow from it)."""
    for duplicate, kept in collapsed:
        if not LegalTrack.objects.filter(case_id=kept.case_id, perpetrator=kept).exists():
            LegalTrack.objects.filter(perpetrator=duplicate).update(perpetrator=kept)
        ShelterStay.objects.filter(person=duplicate, discharged_at__isnull=False).update(person=kept)
        if not ShelterStay.objects.filter(person=kept, discharged_at__isnull=True).exists():
            ShelterStay.objects.filter(person=duplicate, discharged_at__isnull=True).update(person=kept)


def register_merge() -> None:
    from sigap.cases.services.person_merge import register_merge_handler

    register_merge_handler(MERGE_REFERENCES, merge_services_move)
