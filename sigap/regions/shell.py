"""What the regions app puts on the home page: the name of the area the unit serves (its code until
the regions are loaded). Called from ``RegionsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sigap.core.home import home_context_register
from sigap.regions.selectors import scope_label


def _area_name(request: HttpRequest, membership: Any) -> dict[str, Any]:
    return {"region_name": scope_label(membership.unit.region_code)}


def register_shell() -> None:
    home_context_register(_area_name)
