"""Shared fixtures: the named personas of every access test.

Kukar (64.02) has one user per role; Samarinda (64.72) has its own head and case manager
("another unit's staff"). Partner users: ``partner`` (Kukar's BAZNAS), ``partner_b`` (another organisation of
Kukar) and ``other_partner`` (Samarinda's BAZNAS). ``inactive`` is a deactivated Kukar case manager, ``unverified`` a Kukar
case manager who logged in but has not passed the second factor.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.models import Membership, Role, Unit, User
from sigap.accounts.stepup import step_up_mark
from sigap.partners.models import Partner, PartnerKind, PartnerUser

# The throwaway PostgreSQL server of the "database blinks" tests (throwaway_postgres, throwaway_web), and
# the one browser of every browser test (browser, page, artifacts; skipped loudly without chromium).
pytest_plugins = ["sigap.core.testing.postgres", "sigap.core.testing.browser"]

PASSWORD = "kuda-lari-di-padang-rumput-7"

STAFF_PERSONAS = {
    "admin": Role.UNIT_ADMIN,
    "head": Role.HEAD,
    "intake": Role.INTAKE,
    "case_manager": Role.CASE_MANAGER,
    "expert": Role.EXPERT,
    "data_officer": Role.DATA_OFFICER,
    "partner": Role.PARTNER,
    "leadership": Role.LEADERSHIP,
    "auditor": Role.AUDITOR,
}
# Every persona name used by the access matrix, in a stable order.
ALL_PERSONAS = [
    "anonymous",
    *STAFF_PERSONAS,
    "other_head",
    "other_case_manager",
    "partner_b",
    "other_partner",
    "inactive",
    "unverified",
]


@dataclass
class Personas:
    """The units and users of one test, by persona name."""

    kukar: Unit
    samarinda: Unit
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]

    def client(self, name: str) -> Client:
        """A test client logged in as ``name`` (with the second factor passed, except ``unverified``)."""
        client = Client()
        if name == "anonymous":
            return client
        user = self.users[name]
        if name == "inactive":
            # Log in while active, then deactivate: the open session must be refused.
            user.is_active = True
            user.save(update_fields=["is_active"])
            login_verified(client, user)
            user.is_active = False
            user.save(update_fields=["is_active"])
            return client
        if name == "unverified":
            client.force_login(user)
            return client
        login_verified(client, user)
        return client


def make_unit(*, name: str, region_code: str, prefix: str) -> Unit:
    return Unit.objects.create(
        name=name,
        short_name=name.replace("UPTD PPA ", ""),
        region_code=region_code,
        case_number_prefix=prefix,
        letterhead_lines=f"PEMERINTAH DAERAH\n{name.upper()}",
    )


def make_user(username: str, unit: Unit, role: str, *, full_name: str | None = None) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.test",
        full_name=full_name or username.replace("_", " ").title(),
    )
    Membership.objects.create(user=user, unit=unit, role=role)
    TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return user


def login_verified(client: Client, user: User, *, step_up: bool = True) -> None:
    """Log in and mark the session as having passed the second factor.

    ``step_up``: also a fresh step-up (SESS-05), so page tests reach the sensitive pages; the step-up
    itself is tested in ``sigap/accounts/tests/test_step_up.py`` with ``step_up=False``.
    """
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    if step_up:
        step_up_mark(session)
    session.save()


def _link_partner(user: User, unit: Unit, kind: str, by: User) -> None:
    """Link a partner persona to the first seeded partner of ``kind`` of its unit (as the unit admin would)."""
    partner = Partner.objects.filter(unit=unit, kind=kind).order_by("pk").first()
    assert partner is not None, f"the unit's seeded partners have no {kind}"
    PartnerUser.objects.create(user=user, partner=partner, linked_at=timezone.now(), linked_by=by)


@pytest.fixture
def personas(db: None) -> Personas:
    kukar = make_unit(name="UPTD PPA Kabupaten Kutai Kartanegara", region_code="64.02", prefix="PPA-KKR")
    samarinda = make_unit(name="UPTD PPA Kota Samarinda", region_code="64.72", prefix="PPA-SMD")
    users = {name: make_user(name, kukar, role) for name, role in STAFF_PERSONAS.items()}
    users["other_head"] = make_user("other_head", samarinda, Role.HEAD)
    users["other_case_manager"] = make_user("other_case_manager", samarinda, Role.CASE_MANAGER)
    # The partner portal's readers: ``partner`` works for Kukar's BAZNAS, ``partner_b`` for another organisation
    # of Kukar (its social affairs office), ``other_partner`` for Samarinda's BAZNAS.
    users["partner_b"] = make_user("partner_b", kukar, Role.PARTNER)
    users["other_partner"] = make_user("other_partner", samarinda, Role.PARTNER)
    _link_partner(users["partner"], kukar, PartnerKind.BAZNAS, users["admin"])
    _link_partner(users["partner_b"], kukar, PartnerKind.SOCIAL, users["admin"])
    _link_partner(users["other_partner"], samarinda, PartnerKind.BAZNAS, users["admin"])
    users["inactive"] = make_user("inactive", kukar, Role.CASE_MANAGER)
    users["inactive"].is_active = False
    users["inactive"].save(update_fields=["is_active"])
    users["unverified"] = make_user("unverified", kukar, Role.CASE_MANAGER)
    return Personas(kukar=kukar, samarinda=samarinda, users=users)


@pytest.fixture(autouse=True)
def _audit_rows_purged_before_flush(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Transactional tests (live_server, transaction=True) end with a flush; on SQLite that is a
    DELETE, which the audit table's append-only triggers refuse. Empty the audit tables first."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(
        marker
        and (
            marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or (marker.args and marker.args[0])
        )
    )
    if not (transactional or {"transactional_db", "live_server"} & set(request.fixturenames)):
        yield
        return
    # Requested from here so that this fixture is torn down (purge) before the flush runs.
    request.getfixturevalue("transactional_db")
    yield
    from sigap.audit.testing import audit_rows_purge

    audit_rows_purge()


@pytest.fixture(autouse=True, scope="session")
def _attachment_storage(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Attachments of the test run go to a throwaway directory, never to ``var/attachments`` of the checkout."""
    from django.conf import settings
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("attachments"))},
        },
    }
    storages._storages = {}  # the handler caches backends built from the old setting
    storages._backends = None


@pytest.fixture(autouse=True)
def _region_lists_read_afresh() -> None:
    """Each test reads the districts of a region from its own database (the process keeps them ~10 minutes)."""
    from sigap.regions import selectors as region_selectors

    region_selectors._districts.clear()
