"""The case pages load each row set once and decrypt only what they show (issue #22).

Pinned query counts (lower them when a page gets cheaper; a rise is a regression to explain) and the
number of decryptions per page: every encrypted column loaded is decrypted, shown or not.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from sigap.cases.models import Case, CaseState
from sigap.cases.models.people import PersonRole
from sigap.cases.services.people import PersonData, case_note_add, person_create
from sigap.cases.tests import casework_steps as steps
from sigap.cases.tests.factories import incident, make_case, regions, victim_data
from sigap.core.crypto import fields

pytestmark = pytest.mark.django_db

# Queries of the case page, after the session, user, device and membership of the request chain
# (sigap/accounts middleware, counted apart): case, team, persons, the audit VIEW (chain head, event,
# head update), link requests, the notes (their first page: no count when they fit on it, D89), consents,
# incidents, assessment, plan; the HEAD also reads the removed persons. A team member's "read the file" item is closed by the first view only (the team
# query says whether one is open): a later view writes nothing to the work items.
# On PostgreSQL the page's panels are sent together, one statement text (D93): the HEAD's team, persons,
# link requests, notes, consents, incidents, assessment, plan and removed persons; the case manager's team is
# read first (it decides which of the persons' columns she reads), the rest together. The audit VIEW here
# runs inside the test's transaction: its three statements (on a server, outside one: two).
CHAIN_QUERIES = 2  # session read; user, membership and device in one SELECT (D35); no session write on a read
DETAIL_QUERIES = {
    "sqlite": {"head": CHAIN_QUERIES + 13, "case_manager": CHAIN_QUERIES + 12},
    "postgresql": {"head": CHAIN_QUERIES + 5, "case_manager": CHAIN_QUERIES + 6},
}


@contextmanager
def counted_decryptions() -> Iterator[list[str]]:
    """The column identity of every decryption made inside the block."""
    seen: list[str] = []
    original = fields.decrypt_text

    def counting(value: str, *, identity: str) -> str:
        seen.append(identity)
        return original(value, identity=identity)

    fields.decrypt_text = counting  # type: ignore[assignment]
    try:
        yield seen
    finally:
        fields.decrypt_text = original  # type: ignore[assignment]


def _case(personas: Any, state: str = CaseState.INTERVENSI) -> Case:
    villages = regions()
    case = make_case(personas, victim=victim_data())
    person_create(
        actor=personas["head"],
        case=case,
        data=PersonData(name="Pelaku Satu", sex="L", estimated_age=40, address="Jalan Pelaku 1"),
        role=PersonRole.PERPETRATOR,
    )
    incident(personas, case, types=["FISIK"], village=villages["64.02.01"])
    return steps.walk_to(case, state)


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("persona", ["head", "case_manager"])
def test_the_case_page_sends_a_pinned_number_of_queries(
    personas: Any, django_assert_num_queries: Any, persona: str
) -> None:
    case = _case(personas)
    case_note_add(actor=personas["case_manager"], case=case, body="Catatan kunjungan rumah.")
    client = personas.client(persona)
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    _get(client, url)  # first view: the "read the file" item is closed once
    with django_assert_num_queries(DETAIL_QUERIES[connection.vendor][persona]):
        assert "Catatan kunjungan rumah." in _get(client, url).content.decode()


def test_notes_beyond_one_page_are_counted_and_paged(personas: Any) -> None:
    """The first page of notes is read without a count while it fits; past 25 notes the pages are as before."""
    case = _case(personas)
    for number in range(27):
        case_note_add(actor=personas["case_manager"], case=case, body=f"Catatan nomor {number:02d}.")
    client = personas.client("head")
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    first = _get(client, url).content.decode()
    assert "Catatan nomor 26." in first and "Catatan nomor 02." in first and "Catatan nomor 01." not in first
    assert "?notes_page=2" in first
    second = _get(client, url + "?notes_page=2").content.decode()
    assert "Catatan nomor 01." in second and "Catatan nomor 00." in second and "Catatan nomor 26." not in second
    assert "?notes_page=1" in second


def test_the_case_page_decrypts_only_what_it_shows(personas: Any) -> None:
    case = _case(personas)
    client = personas.client("head")
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    _get(client, url)
    with counted_decryptions() as seen:
        _get(client, url)
    # Shown to the HEAD: each person's name, NIK, phone and address (those recorded: an empty column
    # is NULL and costs nothing), the consent's override reason (checked for a best-interest decision),
    # the case's contact rule and closure summary. Not decrypted: disabilities, the incident's account,
    # the consent's purpose and witness, the plan's texts, and no person twice.
    assert sorted(seen) == [
        "cases_case.closure_summary",
        "cases_case.contact_rule",
        "cases_consent.override_reason",
        "cases_person.address",
        "cases_person.address",
        "cases_person.name",
        "cases_person.name",
        "cases_person.nik",
        "cases_person.phone",
    ]


def test_an_expert_decrypts_no_contact_details(personas: Any) -> None:
    case = _case(personas)
    client = personas.client("expert")
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    _get(client, url)
    with counted_decryptions() as seen:
        _get(client, url)
    # The expert sees names, the masked NIK and the birth year: no phone, address or disabilities.
    assert not {"cases_person.phone", "cases_person.address", "cases_person.disabilities"} & set(seen)


def test_the_case_list_decrypts_only_the_victims_names(personas: Any) -> None:
    for number in range(3):
        case = make_case(personas, victim=victim_data(name=f"Korban {number}", nik="", phone=""))
        steps.walk_to(case, CaseState.ASESMEN)
    # A restricted case outside the HEAD's scope is listed locked (number and state): its victim's name is
    # neither shown nor decrypted.
    make_case(
        personas,
        victim=victim_data(name="Korban Terbatas", nik="", phone=""),
        manager=None,
        experts=(),
        restricted=True,
    )
    client = personas.client("head")
    _get(client, reverse("cases:case_list"))
    with counted_decryptions() as seen:
        _get(client, reverse("cases:case_list"))
    assert seen == ["cases_person.name"] * 3
