"""The kind → SIMFONI service table is complete, and the notes' field group follows kind and author."""

from __future__ import annotations

import pytest

from sigap.assistance.models.session import NotesGroup, SessionKind
from sigap.assistance.rules.session import KIND_SERVICE, notes_group_of, service_code_of
from sigap.cases import codes
from sigap.experts.models import Profession


def test_every_kind_maps_to_a_service_code_of_the_reference_list() -> None:
    assert set(KIND_SERVICE) == set(SessionKind.values)
    service_codes = {code for code, _label in codes.code_choices("service_type")}
    unknown = {kind: code for kind, code in KIND_SERVICE.items() if code is not None and code not in service_codes}
    assert unknown == {}
    # Only "other" has no service of its own (it takes its plan item's).
    assert [kind for kind, code in KIND_SERVICE.items() if code is None] == [SessionKind.OTHER]
    assert service_code_of(SessionKind.OTHER, "KESEHATAN") == "KESEHATAN"
    assert service_code_of(SessionKind.COUNSELLING, "KESEHATAN") == "PSIKOLOGIS"


@pytest.mark.parametrize(
    ("kind", "profession", "group"),
    [
        (SessionKind.COUNSELLING, Profession.CLINICAL_PSYCHOLOGIST, NotesGroup.CLINICAL),
        (SessionKind.AT_COURT, Profession.CLINICAL_PSYCHOLOGIST, NotesGroup.CLINICAL),
        (SessionKind.HOME_VISIT, Profession.PSYCHOLOGICAL_COUNSELLOR, NotesGroup.CLINICAL),
        (SessionKind.PSYCHOTHERAPY, None, NotesGroup.CLINICAL),
        (SessionKind.AT_POLICE, Profession.LEGAL_COUNSELLOR, NotesGroup.LEGAL),
        (SessionKind.HOME_VISIT, Profession.LEGAL_COUNSELLOR, NotesGroup.LEGAL),
        (SessionKind.LEGAL_OPINION, None, NotesGroup.LEGAL),
        (SessionKind.HOME_VISIT, None, NotesGroup.GENERAL),
        (SessionKind.SPIRITUAL, None, NotesGroup.GENERAL),
    ],
)
def test_the_notes_group_follows_the_kind_and_the_authors_profession(
    kind: str, profession: str | None, group: str
) -> None:
    assert notes_group_of(kind, profession) == group
