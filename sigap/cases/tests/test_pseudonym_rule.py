"""One pseudonymisation rule everywhere (#21 readable, decisions.md D24), per persona and place.

The four places: the case list, the case page's persons table, its consent block, the printed PDF.
A child victim is "first name · age · K1" for the treating expert on the team, a child witness
"initials · age group · S1"; the head and the case manager read full names (initials in the list,
where every reader sees initials); everyone else does not reach the case at all.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.cases.models import Case
from sigap.cases.models.consent import ChildAssent, ConsentGiver, ConsentMethod, ConsentScope
from sigap.cases.models.people import PersonRole
from sigap.cases.services.consent import ConsentData, consent_record
from sigap.cases.services.people import person_create
from sigap.cases.tests.factories import make_case, victim_data
from sigap.cases.tests.test_case_summary import _text

CHILD = "Putri Kecil Rahayu"
WITNESS = "Bima Sakti Putra"
GUARDIAN = "Ratna Canary Dewi"
PLACES = ("list", "page", "consent", "pdf")


@pytest.fixture
def case(personas: Any) -> Case:
    case = make_case(personas, victim=victim_data(name=CHILD, estimated_age=9, nik="", phone=""))
    head = personas["head"]
    person_create(
        actor=head, case=case, data=victim_data(name=WITNESS, estimated_age=15, nik="", phone=""), role="WITNESS"
    )
    guardian = person_create(
        actor=head,
        case=case,
        data=victim_data(name=GUARDIAN, estimated_age=40, nik="", phone=""),
        role=PersonRole.PARENT_GUARDIAN,
    )
    consent_record(
        actor=personas["case_manager"],
        case=case,
        data=ConsentData(
            victim=case.persons.get(role=PersonRole.VICTIM),
            scope=ConsentScope.SERVICES,
            given_by=ConsentGiver.PARENT_GUARDIAN,
            guardian=guardian,
            child_assent=ChildAssent.GIVEN,
            method=ConsentMethod.WRITTEN,
            given_on=timezone.localdate(),
        ),
    )
    return case


def _places(personas: Any, who: str, case: Case) -> dict[str, Any]:
    """What each place says (or its status code when the persona may not open it)."""
    client = personas.client(who)
    found: dict[str, Any] = {}
    listing = client.get(reverse("cases:case_list"))
    if listing.status_code != 200:
        found["list"] = listing.status_code
    else:
        body = html.unescape(listing.content.decode())
        row = body[body.find(case.number) :]
        found["list"] = row[: row.find("</tr>")] if case.number in body else 404
    page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk}))
    if page.status_code != 200:
        found["page"] = found["consent"] = page.status_code
    else:
        body = html.unescape(page.content.decode())
        table = body[body.index('id="person-table"') :]
        found["page"] = table[: table.index("</table>")]
        block = body[body.index('id="consent-list"') :]
        found["consent"] = block[: block.index("</ul>")]
    pdf = client.get(reverse("cases:case_summary", kwargs={"case_id": case.pk}))
    found["pdf"] = _text(pdf.content) if pdf.status_code == 200 else pdf.status_code
    return found


@pytest.mark.parametrize("who", ["head", "case_manager"])
def test_full_readers_see_full_names_and_initials_in_the_list(personas: Any, case: Case, who: str) -> None:
    places = _places(personas, who, case)
    assert "P. K. R." in places["list"] and "Putri" not in places["list"]
    for place in ("page", "consent", "pdf"):
        assert CHILD in places[place], place
    assert WITNESS in places["page"] and WITNESS in places["pdf"]


def test_the_treating_expert_sees_her_client_the_same_way_everywhere(personas: Any, case: Case) -> None:
    places = _places(personas, "expert", case)
    for place in PLACES:
        assert "Putri · ± 9 yrs · K1" in places[place], place
        assert "Rahayu" not in places[place] and "Kecil" not in places[place], place
    # Another child of the case is not her client: initials, age group and code, never the name.
    for place in ("page", "pdf"):
        assert "B. S. P. · 13-17 yrs · S1" in places[place], place
        assert "Bima" not in places[place], place
    # The exact birth year would undo the age group.
    year = str(timezone.localdate().year - 15)
    assert year not in places["page"] and year not in places["pdf"]


def test_the_codes_are_explained_under_the_persons_table_to_whom_reads_them(personas: Any, case: Case) -> None:
    """Second walk: "K1", "S1" meant nothing to the expert. The legend names every role letter of the rule."""
    from sigap.cases.rules.disclosure import ROLE_LETTERS

    def page_of(who: str) -> str:
        client = personas.client(who)
        client.cookies["sigap_language"] = "en"
        return client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()

    page = page_of("expert")
    legend = page.split('id="pseudonym-legend">')[1].split("</p>")[0]
    for role, letter in ROLE_LETTERS.items():
        label = "alleged perpetrator" if role == PersonRole.PERPETRATOR else str(PersonRole(role).label).lower()
        assert f"{letter} " in legend and label.split()[0] in legend.lower(), (role, letter)
    # Full identities, no pseudonym: no legend.
    assert 'id="pseudonym-legend"' not in page_of("head")


def test_an_expert_not_on_the_team_sees_nothing(personas: Any) -> None:
    other = make_case(personas, experts=(), victim=victim_data(name=CHILD, estimated_age=9, nik="", phone=""))
    assert _places(personas, "expert", other) == {"list": 404, "page": 404, "consent": 404, "pdf": 404}


@pytest.mark.parametrize("who", ["data_officer", "partner", "other_case_manager"])
def test_other_roles_and_units_reach_none_of_the_places(personas: Any, case: Case, who: str) -> None:
    places = _places(personas, who, case)
    assert set(places) == set(PLACES)
    assert all(value in (403, 404) for value in places.values()), places
