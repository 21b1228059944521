"""The people of a complaint as the case it becomes receives them (decision "open a case").

Each row: a person of the complaint (victims, alleged perpetrators, others) or the reporter, with the
case role it maps to. The decision page shows the known persons each row matches (search before
create, ``sigap.cases.selectors.carry``); the officer answers "new person" or "same person as …" and
``complaint_decide`` hands the rows to ``case_open`` in the same transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.intake.models import Complaint, PersonRole, ReporterType

# Complaint roles → case roles (``sigap.cases.models.people.PersonRole`` values; intake names no case
# model at import time). "Other" people of a complaint are most often witnesses or relatives who know.
CASE_ROLE = {
    PersonRole.VICTIM: "VICTIM",
    PersonRole.ALLEGED_PERPETRATOR: "PERPETRATOR",
    PersonRole.OTHER: "WITNESS",
}
REPORTER_ROLE = "REPORTER"
NEW = "new"
ROLE_LABELS = {
    "VICTIM": _("Victim"),
    "PERPETRATOR": _("Alleged perpetrator"),
    "WITNESS": _("Witness"),
    REPORTER_ROLE: _("Reporter"),
}


@dataclass
class CarryRow:
    """One person the case will start with; ``matches``: masked known persons (filled by ``carry_rows``)."""

    key: str
    case_role: str
    name: str = ""
    age: int | None = None
    sex: str = ""
    phone: str = ""
    matches: list[Any] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS.get(self.case_role, self.case_role))


def _age(value: Any) -> int | None:
    return value if isinstance(value, int) and 0 <= value <= 120 else None  # noqa: PLR2004


def complaint_carry_rows(complaint: Complaint) -> list[CarryRow]:
    """The rows of ``complaint`` (no query): people in their order, then the third-party reporter.

    A victim who reported herself gives her number to her own row (the first victim), not a second person.
    """
    rows: list[CarryRow] = []
    victim_phone = (complaint.reporter_phone or "") if complaint.reporter_type == ReporterType.VICTIM else ""
    for index, person in enumerate(complaint.people or []):
        role = CASE_ROLE.get(person.get("role", ""), "WITNESS")
        phone = ""
        if role == "VICTIM" and victim_phone:
            phone, victim_phone = victim_phone, ""
        rows.append(
            CarryRow(
                key=f"p{index}",
                case_role=role,
                name=str(person.get("name") or ""),
                age=_age(person.get("age")),
                sex=str(person.get("sex") or ""),
                phone=phone,
            )
        )
    has_victim = any(row.case_role == "VICTIM" for row in rows)
    if complaint.reporter_type == ReporterType.VICTIM and not has_victim and complaint.reporter_name:
        # She named no victim row (the public form's victim name is optional): she is the victim.
        rows.append(CarryRow(key="reporter", case_role="VICTIM", name=complaint.reporter_name, phone=victim_phone))
    if complaint.reporter_type == ReporterType.THIRD_PARTY and (complaint.reporter_name or complaint.reporter_phone):
        rows.append(
            CarryRow(
                key="reporter",
                case_role=REPORTER_ROLE,
                name=complaint.reporter_name or "",
                phone=complaint.reporter_phone or "",
            )
        )
    return rows


def carry_rows(user: User, complaint: Complaint) -> list[CarryRow]:
    """The rows with their search-before-create matches (one search per row) for the decision page."""
    rows = complaint_carry_rows(complaint)
    try:
        from sigap.cases.selectors.carry import carry_matches
    except ImportError:  # the case file is not installed: no case, no persons to match
        return rows
    year = timezone.localdate(timezone.now(), complaint.unit.zone).year
    for row in rows:
        row.matches = carry_matches(
            user, name=row.name, phone=row.phone, birth_year=year - row.age if row.age is not None else None
        )
    return rows


def carried_persons(rows: list[CarryRow], same_as: dict[str, uuid.UUID | None]) -> list[Any]:
    """``CarriedPerson`` values for ``case_open`` (import inside: the case file may be absent)."""
    from sigap.cases.services.carry import CarriedPerson

    return [
        CarriedPerson(
            role=row.case_role,
            name=row.name,
            estimated_age=row.age,
            sex=row.sex,
            phone=row.phone,
            same_as=same_as.get(row.key),
        )
        for row in rows
    ]
