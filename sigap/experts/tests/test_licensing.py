"""The licensing rule table: each profession, validity boundaries, the unit's time zone, Python = SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db.models import F

from conftest import make_user
from sigap.accounts.models import Role, User
from sigap.experts.licensing import LICENCE_RULES, annotate_licence, is_licensed, unit_today
from sigap.experts.models import Credential, CredentialKind, Profession
from sigap.experts.selectors import expert_standing, get_expert_for_user
from sigap.experts.services import credential_end
from sigap.experts.tests.factories import credential, profile

K = CredentialKind
CLINICAL, COUNSELLOR, LEGAL = (
    Profession.CLINICAL_PSYCHOLOGIST,
    Profession.PSYCHOLOGICAL_COUNSELLOR,
    Profession.LEGAL_COUNSELLOR,
)


@pytest.mark.parametrize(
    ("profession", "kinds", "licensed"),
    [
        (CLINICAL, {K.STRPK, K.SIPPK}, True),
        (CLINICAL, {K.STRPK}, False),
        (CLINICAL, {K.SIPPK}, False),
        (CLINICAL, {K.STR_PSIKOLOG, K.SILP, K.SIPP_HIMPSI}, False),
        (LEGAL, {K.BA_SUMPAH_ADVOKAT, K.KTA_ADVOKAT}, True),
        (LEGAL, {K.BA_SUMPAH_ADVOKAT}, False),
        (LEGAL, {K.KTA_ADVOKAT}, False),
        (LEGAL, {K.SERTIFIKAT_PARALEGAL}, True),
        (COUNSELLOR, {K.STR_PSIKOLOG}, True),
        (COUNSELLOR, {K.SILP}, True),
        (COUNSELLOR, {K.SIPP_HIMPSI}, True),
        (COUNSELLOR, {K.STRPK, K.SIPPK}, False),
        (COUNSELLOR, set(), False),
        # The TPKS training certificate is never a licence.
        (LEGAL, {K.SERTIFIKAT_PELATIHAN_TPKS}, False),
        (COUNSELLOR, {K.SERTIFIKAT_PELATIHAN_TPKS}, False),
        ("", {K.STRPK, K.SIPPK}, False),
    ],
)
def test_the_rule_table(profession: str, kinds: set[str], licensed: bool) -> None:
    assert is_licensed(profession, kinds) is licensed


def test_every_profession_has_a_rule() -> None:
    assert set(LICENCE_RULES) == set(Profession.values)


def _licensed_in_sql(user: User) -> bool:
    day = unit_today(user.expert_profile.unit)
    qs = annotate_licence(User.objects.filter(pk=user.pk), day)
    return bool(qs.values_list("licensed", flat=True).get())


def _licensed_on_page(personas: Any, user: User) -> bool:
    return expert_standing(get_expert_for_user(personas["head"], user.pk), unit_id=personas.kukar.pk).licensed


@pytest.mark.parametrize(
    ("profession", "kinds", "licensed"),
    [
        (CLINICAL, [K.STRPK, K.SIPPK], True),
        (CLINICAL, [K.STRPK, K.SERTIFIKAT_PELATIHAN_TPKS], False),
        (LEGAL, [K.BA_SUMPAH_ADVOKAT, K.KTA_ADVOKAT], True),
        (LEGAL, [K.KTA_ADVOKAT], False),
        (LEGAL, [K.SERTIFIKAT_PARALEGAL], True),
        (COUNSELLOR, [K.SIPP_HIMPSI], True),
        (COUNSELLOR, [K.STRPK], False),
    ],
)
def test_sql_and_python_read_the_same_table(personas: Any, profession: str, kinds: list[str], licensed: bool) -> None:
    user = personas["expert"]
    expert = profile(personas, user, profession=profession)
    for kind in kinds:
        credential(personas, expert, kind)
    assert _licensed_in_sql(user) is licensed
    assert _licensed_on_page(personas, user) is licensed


@pytest.mark.parametrize(
    ("started_days_ago", "days_left", "valid"),
    [
        (0, 0, True),  # from today until today
        (30, 0, True),  # expires at the end of today
        (30, -1, False),  # expired yesterday
        (-1, 10, False),  # starts tomorrow
        (0, None, True),  # no expiry
        (3000, None, True),
    ],
)
def test_validity_boundaries(personas: Any, started_days_ago: int, days_left: int | None, valid: bool) -> None:
    user = personas["expert"]
    expert = profile(personas, user, profession=LEGAL)
    if days_left is not None and days_left < 0:
        # Recorded while it was valid; the clock then moved on.
        Credential.objects.create(
            profile=expert,
            kind=K.SERTIFIKAT_PARALEGAL,
            number="X",
            issuer="LBH Contoh",
            valid_from=unit_today(expert.unit) - dt.timedelta(days=started_days_ago),
            valid_until=unit_today(expert.unit) + dt.timedelta(days=days_left),
            recorded_at=expert.created_at,
            recorded_by=personas["head"],
        )
    else:
        credential(personas, expert, K.SERTIFIKAT_PARALEGAL, started_days_ago=started_days_ago, days_left=days_left)
    assert _licensed_in_sql(user) is valid
    assert _licensed_on_page(personas, user) is valid


def test_an_ended_credential_no_longer_counts(personas: Any) -> None:
    user = personas["expert"]
    expert = profile(personas, user, profession=LEGAL)
    paralegal = credential(personas, expert, K.SERTIFIKAT_PARALEGAL, days_left=None)
    assert _licensed_in_sql(user)
    credential_end(actor=personas["head"], credential=paralegal, reason="REVOKED")
    assert not _licensed_in_sql(user)
    assert not _licensed_on_page(personas, user)


def test_today_is_the_units_date_not_the_servers(personas: Any) -> None:
    """00:30 WITA on 2 June is still 1 June in UTC: a credential valid until 1 June is expired in Kukar."""
    user = personas["expert"]
    with time_machine.travel("2026-05-01 02:00:00+00:00", tick=False):
        expert = profile(personas, user, profession=LEGAL)
        credential(personas, expert, K.SERTIFIKAT_PARALEGAL, days_left=None)
    Credential.objects.filter(profile=expert).update(valid_until=dt.date(2026, 6, 1))
    with time_machine.travel("2026-06-01 15:59:00+00:00", tick=False):  # 23:59 WITA, 1 June
        assert unit_today(expert.unit) == dt.date(2026, 6, 1)
        assert _licensed_in_sql(user) and _licensed_on_page(personas, user)
    with time_machine.travel("2026-06-01 16:30:00+00:00", tick=False):  # 00:30 WITA, 2 June
        assert unit_today(expert.unit) == dt.date(2026, 6, 2)
        assert not _licensed_in_sql(user) and not _licensed_on_page(personas, user)
    # A unit in WIB (UTC+7) still has 1 June at that moment.
    expert.unit.time_zone = "Asia/Jakarta"
    expert.unit.save(update_fields=["time_zone"])
    user = User.objects.get(pk=user.pk)
    with time_machine.travel("2026-06-01 16:30:00+00:00", tick=False):
        assert unit_today(user.expert_profile.unit) == dt.date(2026, 6, 1)
        assert _licensed_in_sql(user)


def test_a_profile_without_credentials_is_not_licensed_and_a_user_without_profile_neither(
    personas: Any, django_assert_num_queries: Any
) -> None:
    user = personas["expert"]
    other = make_user("plain_expert", personas.kukar, Role.EXPERT)
    profile(personas, user, profession=COUNSELLOR)
    qs = annotate_licence(User.objects.filter(pk__in=[user.pk, other.pk]), unit_today(personas.kukar))
    # The annotation reads every expert's licence in one query (subqueries, no per-row reads).
    with django_assert_num_queries(1):
        assert dict(qs.values_list("pk", "licensed")) == {user.pk: False, other.pk: False}
    assert qs.annotate(name=F("full_name")).count() == 2
