"""Where a case came from: a registry the higher apps fill in (the case file never imports them).

The complaints app (``sigap.intake``, above cases in docs/architecture.md) registers a provider in its
``AppConfig.ready()``; the case page asks ``case_source_for`` for the complaint's account so that the
team reads what the complaint knew without opening (or being allowed to open) the complaint itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sigap.cases.models import Case


@dataclass(frozen=True)
class CaseSource:
    """What the case page shows of the record a case was opened from (texts are already decrypted)."""

    number: str
    account: str
    contact_instructions: str
    url: str = ""


# ``provider(case, with_account=...)``: without the account (an expert's page), the account is not read.
CaseSourceProvider = Callable[..., "CaseSource | None"]

_providers: list[CaseSourceProvider] = []


def register_case_source(provider: CaseSourceProvider) -> None:
    """Called once per app in ``AppConfig.ready()``; a provider answers None for cases it did not open."""
    if provider not in _providers:
        _providers.append(provider)


def case_source_for(case: Case, *, with_account: bool = True) -> CaseSource | None:
    """The first provider's answer for ``case`` (the caller has already checked the case's scope); its
    ``account`` is empty (and was not decrypted) when ``with_account`` is False."""
    if not case.complaint_ref:
        return None  # opened directly: no query at all
    for provider in _providers:
        found = provider(case, with_account=with_account)
        if found is not None:
            return found
    return None
