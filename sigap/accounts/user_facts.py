"""Facts a higher app adds to a user's page (the unit administrator's), without accounts importing it.

An app registers ``hook(membership) -> list[UserFact]`` from its ``ready()`` (the partners app: the partner
organisation of a PARTNER user, with the link to change it). With nothing registered the page shows its own
facts only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class UserFact:
    """One line of the user's facts: a label, its value, and an optional link (its text and URL)."""

    label: str
    value: str
    link_text: str = ""
    url: str = ""
    warning: bool = False


UserFactHook = Callable[[Any], list[UserFact]]
USER_FACT_HOOKS: list[UserFactHook] = []


def user_fact_register(hook: UserFactHook) -> None:
    if hook not in USER_FACT_HOOKS:
        USER_FACT_HOOKS.append(hook)


def user_facts(membership: Any) -> list[UserFact]:
    return [fact for hook in USER_FACT_HOOKS for fact in hook(membership)]
