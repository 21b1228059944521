"""Step-up re-authentication (SESS-05) before user administration, consent override and bulk exports."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PASSWORD, login_verified
from sigap.accounts import stepup
from sigap.accounts.models import Membership, Role, SecurityEvent
from sigap.accounts.tests.auth_helpers import fresh_code

# Every view that must ask for a fresh step-up (security.md SESS-05). A view losing its decorator, or a
# new sensitive view without one, fails test_the_protected_views_are_exactly_these.
PROTECTED = {
    "accounts:user_create",
    "accounts:user_edit",
    "accounts:user_change_role",
    "accounts:user_deactivate",
    "accounts:user_reactivate",
    "accounts:user_reset_mfa",
    "accounts:user_password_link",
}
# Views that ask only for some submissions (checked by their own tests below).
PARTLY_PROTECTED = {
    "cases:consent_create",
    "reports:unit_recap",
    "reports:simfoni_export",
    "reports:leadership_recap",
}


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _walk(patterns: list[Any], prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            found += _walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((prefix + entry.name, entry.callback))
    return found


def test_the_protected_views_are_exactly_these() -> None:
    marked = {name for name, view in _walk(get_resolver().url_patterns) if stepup.needs_step_up(view)}
    assert marked == PROTECTED


def _admin_without_step_up(personas: Any) -> Client:
    client = Client()
    login_verified(client, personas["admin"], step_up=False)
    return client


def _device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def test_a_get_goes_to_the_step_up_page_and_comes_back(personas: Any) -> None:
    client = _admin_without_step_up(personas)
    create = reverse("accounts:user_create")
    answer = client.get(create)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("accounts:step_up") + "?next=%2Fakun%2Fpengguna%2Fbaru%2F"
    page = client.get(answer["Location"])
    assert page.status_code == 200 and b'id="step-up-form"' in page.content
    done = client.post(
        reverse("accounts:step_up"),
        {"next": create, "password": PASSWORD, "code": fresh_code(_device(personas["admin"]))},
    )
    assert done.status_code == 302 and done["Location"] == create
    assert client.get(create).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.STEP_UP, actor=personas["admin"]).count() == 1


def test_a_post_is_carried_through_the_step_up_and_nothing_is_written_before(personas: Any) -> None:
    client = _admin_without_step_up(personas)
    expert = personas["expert"]
    url = reverse("accounts:user_change_role", kwargs={"pk": expert.pk})
    asked = client.post(url, {"role": Role.CASE_MANAGER})
    assert asked.status_code == 200
    body = asked.content.decode()
    assert 'name="replay__role" value="CASE_MANAGER"' in body and f'name="replay_to" value="{url}"' in body
    assert Membership.objects.get(user=expert, is_active=True).role == Role.EXPERT  # nothing written yet

    confirmed = client.post(
        reverse("accounts:step_up"),
        {
            "replay_to": url,
            "replay__role": Role.CASE_MANAGER,
            "password": PASSWORD,
            "code": fresh_code(_device(personas["admin"])),
        },
    )
    assert confirmed.status_code == 200
    continue_form = confirmed.content.decode()
    assert f'action="{url}"' in continue_form and 'name="role" value="CASE_MANAGER"' in continue_form
    assert 'name="password"' not in continue_form  # the step-up answers are never carried on
    assert client.post(url, {"role": Role.CASE_MANAGER}).status_code == 302
    assert Membership.objects.get(user=expert, is_active=True).role == Role.CASE_MANAGER


def test_a_wrong_password_or_code_is_refused_and_recorded(personas: Any) -> None:
    client = _admin_without_step_up(personas)
    device = _device(personas["admin"])
    wrong_password = client.post(
        reverse("accounts:step_up"), {"password": "not-it", "code": fresh_code(device), "next": "/"}
    )
    assert wrong_password.status_code == 200
    assert "The password or the code is not correct." in wrong_password.content.decode()
    wrong_code = client.post(reverse("accounts:step_up"), {"password": PASSWORD, "code": "000000", "next": "/"})
    assert wrong_code.status_code == 200
    assert not stepup.step_up_is_fresh(wrong_code.wsgi_request)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.STEP_UP_FAILED).count() == 2
    assert client.get(reverse("accounts:user_create")).status_code == 302


def test_five_failures_end_the_session(personas: Any) -> None:
    client = _admin_without_step_up(personas)
    for _ in range(stepup.MAX_FAILURES - 1):
        assert client.post(reverse("accounts:step_up"), {"password": "nope", "code": "123456"}).status_code == 200
    ended = client.post(reverse("accounts:step_up"), {"password": "nope", "code": "123456"})
    assert ended.status_code == 302 and ended["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("accounts:user_list")).status_code == 302  # logged out


def test_the_step_up_expires_after_the_window(personas: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    client = _admin_without_step_up(personas)
    client.post(
        reverse("accounts:step_up"),
        {"password": PASSWORD, "code": fresh_code(_device(personas["admin"])), "next": "/"},
    )
    assert client.get(reverse("accounts:user_create")).status_code == 200
    now = stepup.time.time()
    monkeypatch.setattr(stepup.time, "time", lambda: now + stepup.step_up_window() + 1)
    assert client.get(reverse("accounts:user_create")).status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_only_local_addresses_are_returned_to(personas: Any, target: str) -> None:
    client = _admin_without_step_up(personas)
    code = fresh_code(_device(personas["admin"]))
    answer = client.post(reverse("accounts:step_up"), {"password": PASSWORD, "code": code, "next": target})
    assert answer.status_code == 302 and answer["Location"] == reverse("core:home")
    again = _admin_without_step_up(personas)
    replayed = again.post(
        reverse("accounts:step_up"),
        {"password": PASSWORD, "code": fresh_code(_device(personas["admin"])), "replay_to": target},
    )
    assert replayed.status_code == 302 and "evil" not in replayed["Location"]


def test_a_consent_override_needs_a_step_up_but_an_ordinary_consent_does_not(personas: Any) -> None:
    from sigap.cases.models.consent import Consent
    from sigap.cases.models.people import CasePerson, PersonRole
    from sigap.cases.tests.factories import make_case, victim_data

    case = make_case(personas, category="KTA", victim=victim_data(estimated_age=10, nik="", phone=""))
    victim = CasePerson.objects.get(case=case, role=PersonRole.VICTIM)
    head = Client()
    login_verified(head, personas["head"], step_up=False)
    url = reverse("cases:consent_create", kwargs={"case_id": case.pk})
    override = {
        "victim": victim.pk,
        "scope": "SERVICES",
        "given_by": "HEAD_OVERRIDE",
        "method": "WRITTEN",
        "given_on": "2026-11-27",
        "child_assent": "GIVEN",
        "override_reason": "The mother is the suspected perpetrator; no other guardian.",
    }
    asked = head.post(url, override)
    assert asked.status_code == 200 and b'id="step-up-form"' in asked.content
    assert not Consent.objects.exists()
    ordinary = {**override, "given_by": "VICTIM", "override_reason": "", "scope": "SIMFONI"}
    ordinary.pop("child_assent")
    manager = personas.client("case_manager")
    manager_answer = manager.post(url, {**ordinary, "given_by": "PARENT_GUARDIAN"})
    assert b'id="step-up-form"' not in manager_answer.content  # no override: no step-up asked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.dictionaries(
        st.sampled_from(["password", "code", "next", "replay_to", "replay__role", "replay__x"]),
        st.text(max_size=60),
        max_size=6,
    )
)
def test_bad_input_never_breaks_the_step_up_page(personas: Any, data: dict[str, str]) -> None:
    client = _admin_without_step_up(personas)
    answer = client.post(reverse("accounts:step_up"), data)
    assert answer.status_code in (200, 302)
    if answer.status_code == 200:
        assert not re.search(r"Traceback|Exception", answer.content.decode())


@pytest.mark.parametrize(
    ("persona", "url_name", "query"),
    [
        ("data_officer", "reports:simfoni_export", {"from_month": "2026-01", "to_month": "2026-11", "download": "1"}),
        ("head", "reports:unit_recap", {"year": "2026", "format": "csv"}),
        ("leadership", "reports:leadership_recap", {"year": "2026", "format": "csv"}),
    ],
)
def test_every_report_download_needs_a_step_up_and_records_nothing_before(
    personas: Any, persona: str, url_name: str, query: dict[str, str]
) -> None:
    from sigap.audit.models import AuditEvent

    client = Client()
    login_verified(client, personas[persona], step_up=False)
    url = reverse(url_name)
    page = client.get(url, {k: v for k, v in query.items() if k not in ("download", "format")})
    assert page.status_code == 200  # looking at the figures needs no step-up
    before = AuditEvent.objects.filter(action="EXPORT").count()
    asked = client.get(url, query)
    assert asked.status_code == 302 and asked["Location"].startswith(reverse("accounts:step_up") + "?next=")
    assert AuditEvent.objects.filter(action="EXPORT").count() == before
    done = client.post(
        reverse("accounts:step_up"),
        {
            "next": asked.wsgi_request.get_full_path(),
            "password": PASSWORD,
            "code": fresh_code(_device(personas[persona])),
        },
    )
    assert done.status_code == 302
    download = client.get(done["Location"])
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert AuditEvent.objects.filter(action="EXPORT").count() == before + 1


# The member pages that ask for a step-up, with what each one's form sends (issue #12: scope first).
MEMBER_PAGES = [
    ("accounts:user_edit", "get", {}),
    ("accounts:user_edit", "post", {"full_name": "Changed Name", "email": "", "phone": ""}),
    ("accounts:user_change_role", "post", {"role": Role.CASE_MANAGER}),
    ("accounts:user_deactivate", "post", {}),
    ("accounts:user_reactivate", "post", {}),
    ("accounts:user_reset_mfa", "post", {}),
    ("accounts:user_password_link", "post", {}),
]


def test_every_protected_member_page_is_in_the_scope_first_list() -> None:
    member_pages = {name for name, _method, _data in MEMBER_PAGES}
    assert member_pages == PROTECTED - {"accounts:user_create"}


@pytest.mark.parametrize(("url_name", "method", "data"), MEMBER_PAGES)
def test_another_units_user_is_404_before_any_step_up(
    personas: Any, url_name: str, method: str, data: dict[str, str]
) -> None:
    """A user id of another unit gives 404 at once: no step-up page (which would confirm nothing, but
    asks the admin's password for a page she may not see), nothing written."""
    from sigap.accounts.models import User

    client = _admin_without_step_up(personas)
    stranger = personas["other_case_manager"]
    answer = getattr(client, method)(reverse(url_name, kwargs={"pk": stranger.pk}), data)
    assert answer.status_code == 404
    assert b'id="step-up-form"' not in answer.content
    assert Membership.objects.get(user=stranger, is_active=True).role == Role.CASE_MANAGER
    assert User.objects.get(pk=stranger.pk).full_name != "Changed Name"


@pytest.mark.parametrize(("url_name", "method", "data"), MEMBER_PAGES)
def test_an_own_units_user_asks_for_the_step_up(
    personas: Any, url_name: str, method: str, data: dict[str, str]
) -> None:
    client = _admin_without_step_up(personas)
    url = reverse(url_name, kwargs={"pk": personas["expert"].pk})
    answer = getattr(client, method)(url, data)
    if method == "get":
        assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:step_up") + "?next=")
    else:
        assert answer.status_code == 200 and b'id="step-up-form"' in answer.content
    assert Membership.objects.get(user=personas["expert"], is_active=True).role == Role.EXPERT
    assert SecurityEvent.objects.filter(subject=personas["expert"]).count() == 0  # nothing done yet
