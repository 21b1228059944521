"""Where a case came from: a registry the higher apps fill in (the case file never imports them).

The complaints app (``sigap.intake``, above cases in docs/architecture.md) registers a provider in its
``AppConfig.ready()``; the case page asks ``case_source_for`` for the complaint's account so that the
team reads what the complaint knew without opening (or being allowed to open) the complaint itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sigap.core import compiled

if TYPE_CHECKING:
    from sigap.cases.models import Case


@dataclass(frozen=True)
class CaseSource:
    """What the case page shows of the record a case was opened from (texts are already decrypted)."""

    number: str
    account: str
    contact_instructions: str
    url: str = ""


@dataclass(frozen=True)
class SourceRead:
    """How a provider reads the source of one case: its query, which the case page sends with its others
    (``CaseView.load``, D93), and what to show from the rows it gives (None: not a case it opened)."""

    query: compiled.Query
    shown: Callable[[list[Any]], CaseSource | None]


# ``provider(case, with_account=...)``: without the account (an expert's page), the account is not read.
CaseSourceProvider = Callable[..., SourceRead]

_providers: list[CaseSourceProvider] = []


def register_case_source(provider: CaseSourceProvider) -> None:
    """Called once per app in ``AppConfig.ready()``; a provider's rows show None for cases it did not open."""
    if provider not in _providers:
        _providers.append(provider)


def case_source_reads(case: Case, *, with_account: bool = True) -> list[SourceRead]:
    """Each provider's read of ``case``'s source, in order (none for a case opened directly)."""
    if not case.complaint_ref:
        return []  # opened directly: no query at all
    return [provider(case, with_account=with_account) for provider in _providers]


def case_source_for(case: Case, *, with_account: bool = True, first_rows: list[Any] | None = None) -> CaseSource | None:
    """The first provider's answer for ``case`` (the caller has already checked the case's scope); its
    ``account`` is empty (and was not decrypted) when ``with_account`` is False. ``first_rows``: the rows of
    the first provider's query, already read with the page's others."""
    for number, read in enumerate(case_source_reads(case, with_account=with_account)):
        rows = first_rows if number == 0 and first_rows is not None else compiled.objects_of(read.query)
        found = read.shown(rows)
        if found is not None:
            return found
    return None
