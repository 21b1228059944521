"""seed_demo creates the demo units and users, and a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from sigap.accounts.models import Membership, Role, Unit, User


def _snapshot() -> tuple:
    return (
        sorted(Unit.objects.values_list("case_number_prefix", "name", "region_code")),
        sorted(User.objects.values_list("username", "password")),
        sorted(Membership.objects.values_list("user__username", "unit__case_number_prefix", "role", "is_active")),
    )


@pytest.mark.django_db
def test_it_seeds_one_user_per_role_in_kukar_and_two_in_samarinda() -> None:
    call_command("seed_demo", stdout=StringIO())
    kukar = Unit.objects.get(region_code="64.02")
    samarinda = Unit.objects.get(region_code="64.72")
    assert kukar.name == "UPTD PPA Kabupaten Kutai Kartanegara"
    kukar_roles = set(Membership.objects.filter(unit=kukar).values_list("role", flat=True))
    assert kukar_roles == {role.value for role in Role}
    samarinda_roles = sorted(Membership.objects.filter(unit=samarinda).values_list("role", flat=True))
    assert samarinda_roles == sorted([Role.HEAD, Role.CASE_MANAGER])


@pytest.mark.django_db
def test_it_is_idempotent() -> None:
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _snapshot() == first
    assert "0 new row(s)" in out.getvalue()


@pytest.mark.django_db
def test_it_prints_the_logins() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "kepala.kukar" in out.getvalue()
    assert "lembayung-senja-42" in out.getvalue()


@pytest.mark.django_db
def test_it_refuses_production() -> None:
    with override_settings(PRODUCTION=True), pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
