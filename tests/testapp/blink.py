"""Test-only pages and data of the "database blinks" tests (ROOT_URLCONF of tests/blink_settings.py).

``blink/session/`` starts a session. ``blink/save-then-wait/`` saves a row (as a complaint form would), changes
the session, then waits until the test has killed the database: Django saves the session after the view, so
that save meets the dead database. The handshake is two files in ``SIGAP_TEST_BLINK_DIR``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path

from sigap.core.access import public_view
from sigap.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the error pages
from sigap.urls import urlpatterns as sigap_patterns
from tests.testapp.models import SecretPerson

WAIT_SECONDS = 20


@public_view
def session_start(request: HttpRequest) -> HttpResponse:
    request.session["blink"] = 0
    return HttpResponse("session started")


@public_view
def save_then_wait(request: HttpRequest) -> HttpResponse:
    SecretPerson.objects.create(label=request.GET.get("label", "")[:50], name="Blink")
    request.session["blink"] = int(request.session.get("blink", 0)) + 1
    folder = Path(os.environ["SIGAP_TEST_BLINK_DIR"])
    (folder / "ready").touch()
    deadline = time.monotonic() + WAIT_SECONDS
    while not (folder / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return HttpResponse("saved")


urlpatterns = [
    path("blink/session/", session_start),
    path("blink/save-then-wait/", save_then_wait),
    *sigap_patterns,
]


def seed() -> None:
    """A unit with a head and a case manager, and one open work item due in a year; prints its id."""
    from datetime import timedelta

    from django.utils import timezone

    from sigap.accounts.models import Membership, Role, Unit, User
    from sigap.cases.kinds import TEAM_ASSIGNMENT
    from sigap.work.services import work_item_open

    unit = Unit.objects.create(
        name="UPTD PPA Blink", short_name="Blink", region_code="64.02", case_number_prefix="PPA-BLK"
    )
    users = {}
    for username, role in (("blink_head", Role.HEAD), ("blink_cm", Role.CASE_MANAGER)):
        users[role] = User.objects.create_user(username=username, password=None, email="", full_name=username)
        Membership.objects.create(user=users[role], unit=unit, role=role)
    item = work_item_open(
        unit=unit,
        kind=TEAM_ASSIGNMENT,
        target=unit,
        due_at=timezone.now() + timedelta(days=365),
        responsible=users[Role.CASE_MANAGER],
        title_key="PPA-BLK/2026/0001",
    )
    print(f"work_item={item.pk}")
