"""Which identifying fields of a case's persons a reader sees: one function for the page and the PDF.

Field rules (review finding 6; UU 35/2014 on a child's identity; security.md minimum necessary):

- ``full`` readers (``permissions.sees_child_names``: the HEAD and the case's manager) see the name,
  the whole NIK, phone, address, village and exact birth date;
- everyone else on the case (experts) sees the NIK masked to its last 4 digits, no phone, address,
  village or exact birth date (the birth year only), and a child's name replaced by the case code
  ``<number>-A<n>`` (``n``: the person's position in the case's list of persons).

The page and the PDF both call :func:`persons_shown` so that they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.models.people import CasePerson
from sigap.cases.rules import permissions
from sigap.cases.selectors.case import case_persons

NIK_VISIBLE_DIGITS = 4


@dataclass(frozen=True)
class PersonShown:
    """One person of a case as a given reader may see them (empty strings: not shown)."""

    link: CasePerson
    name: str
    name_is_code: bool
    nik: str
    phone: str
    address: str
    village: str
    birth_date: date | None


def sees_full_identity(user: User, case: Case) -> bool:
    """The HEAD and the case's manager: the roles that need children's names and contact details."""
    return permissions.sees_child_names(user, case)


def mask_nik(nik: str) -> str:
    """``************1234``: enough to tell two persons apart, not enough to identify one."""
    if not nik:
        return ""
    return "*" * max(len(nik) - NIK_VISIBLE_DIGITS, 0) + nik[-NIK_VISIBLE_DIGITS:]


def child_code(case: Case, index: int) -> str:
    return f"{case.number}-A{index}"


def persons_shown(links: list[CasePerson], *, case: Case, full: bool, year: int) -> list[PersonShown]:
    """``links`` in the case's order (role, added_at); ``year`` decides who is still a child."""
    shown = []
    for index, link in enumerate(links, start=1):
        person = link.person
        hide_name = not full and person.is_child_in(year)
        shown.append(
            PersonShown(
                link=link,
                name=child_code(case, index) if hide_name else person.name,
                name_is_code=hide_name,
                nik=(person.nik or "") if full else mask_nik(person.nik or ""),
                phone=(person.phone or "") if full else "",
                address=person.address if full else "",
                village=person.village.name if full and person.village is not None else "",
                birth_date=person.birth_date if full else None,
            )
        )
    return shown


def shown_names(user: User, case: Case, *, year: int) -> dict[int, str]:
    """The name (or child's case code) of each person of the case as ``user`` sees it, by CasePerson id.

    For pages that name a person outside the persons table (the incident page).
    """
    full = sees_full_identity(user, case)
    return {shown.link.pk: shown.name for shown in persons_shown(case_persons(case), case=case, full=full, year=year)}
