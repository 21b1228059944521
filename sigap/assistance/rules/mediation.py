"""The mediation guard of UU TPKS Pasal 23 (domain.md §D2), as a pure function of the case's incidents.

A case with a sexual-violence incident (a SIMFONI sexual type or a TPKS form) may not be mediated, except
where every perpetrator named on those incidents is a child on the incident's date. A perpetrator of
unknown age is *not* taken as a child here: the exception lifts a protection of the victim, so it needs
the age on record (the opposite of ``Person.is_child_in``'s default, which protects the child).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CHILD_AGE_LIMIT = 18


@dataclass(frozen=True)
class SexualIncident:
    """A sexual-violence incident: its year and the birth years of its perpetrators (None: not known)."""

    year: int
    perpetrator_birth_years: tuple[int | None, ...]


def child_perpetrators_only(incident: SexualIncident) -> bool:
    years = incident.perpetrator_birth_years
    return bool(years) and all(born is not None and incident.year - born < CHILD_AGE_LIMIT for born in years)


def mediation_barred(incidents: Iterable[SexualIncident]) -> bool:
    """True when UU TPKS Pasal 23 bars mediation: a sexual-violence incident with an adult (or unknown) perpetrator."""
    return any(not child_perpetrators_only(incident) for incident in incidents)
