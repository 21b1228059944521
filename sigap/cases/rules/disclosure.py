"""Which identifying fields of a case's persons a reader sees: one function for the page and the PDF.

Field rules (review finding 6; UU 35/2014 on a child's identity; security.md minimum necessary):

- ``full`` readers (``permissions.sees_child_names``: the HEAD and the case's manager) see the name,
  the whole NIK, phone, address, village and exact birth date;
- everyone else on the case (the experts of its team) sees the NIK masked to its last 4 digits, no
  phone, address, village or exact birth date (the birth year only), and a child by the one rule of
  :func:`person_label` (decisions.md D24):

  - a child **victim** of the case (the expert's own client: she cannot do play therapy with a code):
    first name and age, and the case-local code: ``Sari · 9 th · K1``;
  - any other child (a child witness, a sibling, a child in conflict with the law): the pseudonym
    initials, age group and case-local code: ``B. S. · 13-17 th · S1``.

  The case-local code is the role's letter (K korban, P pelaku, L pelapor, W wali, S saksi) and the
  person's place among the case's persons of that role in the order they were added, so it never
  changes when someone else is added.

Readers outside the case (another expert, a data officer, a partner) see nothing: the case is 404.
The case list, the case page, its consent block and the PDF all call :func:`person_label` (lists
through :func:`list_label`, which shows initials where the page would show a full name), so that a
reader sees one child under one label everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from sigap.accounts.models import Role, User
from sigap.cases.models import Case
from sigap.cases.models.people import CHILD_AGE_LIMIT, CasePerson, Person, PersonRole
from sigap.cases.rules import permissions
from sigap.cases.selectors.case import case_persons

NIK_VISIBLE_DIGITS = 4
# The letter of a case-local code: Indonesian initials of the role, the same in both languages (a
# code read aloud in a case conference must not change with the reader's language).
ROLE_LETTERS: dict[str, str] = {
    PersonRole.VICTIM: "K",
    PersonRole.PERPETRATOR: "P",
    PersonRole.REPORTER: "L",
    PersonRole.PARENT_GUARDIAN: "W",
    PersonRole.WITNESS: "S",
    PersonRole.ACCOMPANYING: "M",  # menyertai
}
# Age groups of the pseudonym: a child's exact age narrows a small community down too far.
AGE_GROUPS = ((0, 5), (6, 12), (13, CHILD_AGE_LIMIT - 1))


@dataclass(frozen=True)
class PersonShown:
    """One person of a case as a given reader may see them (empty strings: not shown)."""

    link: CasePerson
    name: str
    name_is_pseudonym: bool
    nik: str
    phone: str
    address: str
    village: str
    birth_date: date | None
    # A child victim whose school level is not recorded: the page asks for it (SIMFONI counts victims by
    # education; #12 walk 2 found the recap's "not recorded" because nothing asked).
    school_level_missing: bool = False


def sees_full_identity(user: User, case: Case) -> bool:
    """The HEAD and the case's manager: the roles that need children's names and contact details."""
    return permissions.sees_child_names(user, case)


def mask_nik(nik: str) -> str:
    """``************1234``: enough to tell two persons apart, not enough to identify one."""
    if not nik:
        return ""
    return "*" * max(len(nik) - NIK_VISIBLE_DIGITS, 0) + nik[-NIK_VISIBLE_DIGITS:]


def case_codes(links: Iterable[CasePerson]) -> dict[object, str]:
    """The case-local code of each person of a case (``K1``, ``K2``, ``S1``…), by CasePerson id."""
    counters: dict[str, int] = {}
    codes: dict[object, str] = {}
    for link in sorted(links, key=lambda row: (row.added_at, str(row.pk))):
        counters[link.role] = counters.get(link.role, 0) + 1
        codes[link.pk] = f"{ROLE_LETTERS.get(link.role, 'X')}{counters[link.role]}"
    return codes


def _age_text(person: Person, year: int) -> str:
    if person.birth_year is None:
        return _("age unknown")
    age = max(year - person.birth_year, 0)
    text = _("%(age)s yrs") % {"age": age}
    return f"± {text}" if person.age_estimated else text


def _age_group_text(person: Person, year: int) -> str:
    if person.birth_year is None:
        return _("age unknown")
    age = max(year - person.birth_year, 0)
    low, high = next((g for g in AGE_GROUPS if g[0] <= age <= g[1]), AGE_GROUPS[-1])
    return _("%(low)s-%(high)s yrs") % {"low": low, "high": high}


def person_label(person: Person, *, role: str, code: str, full: bool, year: int) -> tuple[str, bool]:
    """THE rule: how a reader of the case names one of its persons. ``(label, is a pseudonym)``.

    ``full``: the reader sees full identities (``sees_full_identity``); otherwise she is an expert on
    the case's team. Adults keep their name (the team works with them); a child victim is the
    expert's client (first name and age); any other child is a pseudonym. ``code`` comes from
    :func:`case_codes`.
    """
    if full or not person.is_child_in(year):
        return person.name, False  # empty while unknown: each page words it ("name not known yet")
    if role == PersonRole.VICTIM:
        first = next((w for w in (person.name or "").split() if w[:1].isalpha()), "")
        return " · ".join(p for p in (first, _age_text(person, year), code) if p), True
    return f"{person.initials} · {_age_group_text(person, year)} · {code}", True


def list_label(person: Person, *, role: str, code: str, full: bool, year: int) -> str:
    """A person in a list of cases: initials where the case page shows a full name, else the same
    label as everywhere (a child for an expert)."""
    label, pseudonym = person_label(person, role=role, code=code, full=full, year=year)
    if pseudonym:
        return label
    # An unnamed person has no initials: "name not known yet", never a dash that reads as "no victim".
    return person.initials if (person.name or "").strip() else person.spoken_name


def label_list_victims(user: User, rows: Iterable[Case], *, year: int) -> None:
    """Set ``label`` on each ``victim_links`` row of a case list (``selectors.case_list``'s prefetch,
    victims in the order they were added: their codes are K1, K2…). No query: the list's HEAD sees
    full identities, so does the manager of a case (in ``manager_links``)."""
    is_head = user.membership is not None and user.membership.role == Role.HEAD
    for case in rows:
        managers = getattr(case, "manager_links", [])
        full = is_head or any(member.user_id == user.pk for member in managers)
        for index, link in enumerate(getattr(case, "victim_links", []), start=1):
            link.label = list_label(
                link.person, role=link.role, code=f"{ROLE_LETTERS[PersonRole.VICTIM]}{index}", full=full, year=year
            )


def persons_shown(links: list[CasePerson], *, case: Case, full: bool, year: int) -> list[PersonShown]:
    """``links`` in the case's order (role, added_at); ``year`` decides who is still a child."""
    shown = []
    codes = case_codes(links)
    for link in links:
        person = link.person
        name, pseudonym = person_label(person, role=link.role, code=codes[link.pk], full=full, year=year)
        shown.append(
            PersonShown(
                link=link,
                name=name,
                name_is_pseudonym=pseudonym,
                nik=(person.nik or "") if full else mask_nik(person.nik or ""),
                phone=(person.phone or "") if full else "",
                address=person.address if full else "",
                village=person.village.name if full and person.village is not None else "",
                birth_date=person.birth_date if full else None,
                school_level_missing=(
                    link.role == PersonRole.VICTIM and not person.education and person.is_child_in(year)
                ),
            )
        )
    return shown


def shown_names(user: User, case: Case, *, year: int) -> dict[int, str]:
    """The name (or child's label) of each person of the case as ``user`` sees it, by CasePerson id.

    For pages that name a person outside the persons table (the incident page, the consent block).
    """
    full = sees_full_identity(user, case)
    return {shown.link.pk: shown.name for shown in persons_shown(case_persons(case), case=case, full=full, year=year)}
