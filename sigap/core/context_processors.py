"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def sigap(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "current_unit": membership.unit if membership is not None else None,
        "mfa_disabled_banner": not settings.SIGAP_REQUIRE_MFA,
        "request_id": getattr(request, "request_id", ""),
    }
