"""What happens elsewhere when the HEAD chooses an applicant: registries filled by higher apps.

The draft contract of a chosen applicant belongs to ``sigap.contracts``, a floor above this app: it
appends a callable to :data:`APPLICANT_CHOSEN_HOOKS` from its ``ready()``. Every hook is called inside
the transaction of the decision (``application_choose``), so a hook that raises undoes the choice, the
new user and the expert profile together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.experts.models import ExpertProfile
    from sigap.recruitment.models import Application, Vacancy


@dataclass(frozen=True)
class ChosenApplicant:
    """An applicant the HEAD chose, with what the decision created for them."""

    actor: User
    vacancy: Vacancy
    application: Application
    expert_profile: ExpertProfile
    user: User
    fiscal_year: int
    post: str
    profession: str


APPLICANT_CHOSEN_HOOKS: list[Callable[[ChosenApplicant], None]] = []


def applicant_chosen(chosen: ChosenApplicant) -> None:
    """Tell every registered app that ``chosen`` was chosen (inside the decision's transaction)."""
    for hook in APPLICANT_CHOSEN_HOOKS:
        hook(chosen)
