"""The registry of work-item kinds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured

from sigap.work.kinds import (
    all_kinds,
    approval_kind_keys,
    get_kind,
    kind_or_fallback,
    quiet_kind_keys,
    register_kind,
)
from sigap.work.tests.conftest import APPROVAL, FOLLOW_UP, QUIET


def test_registering_the_same_kind_twice_is_harmless():
    again = register_kind(FOLLOW_UP, "Follow-up", remind_before=timedelta(hours=1))
    assert get_kind(FOLLOW_UP) == again


def test_a_conflicting_definition_fails():
    with pytest.raises(ImproperlyConfigured):
        register_kind(FOLLOW_UP, "Follow-up", remind_before=timedelta(hours=2))


@pytest.mark.parametrize("key", ["", "A", "Has Space", "x" * 41, "1abc"])
def test_bad_keys_are_refused(key):
    with pytest.raises(ImproperlyConfigured):
        register_kind(key, "Bad")


def test_negative_lead_times_are_refused():
    with pytest.raises(ImproperlyConfigured):
        register_kind("test_negative", "Bad", remind_before=timedelta(hours=-1))


def test_lookups():
    with pytest.raises(LookupError):
        get_kind("test_unknown")
    assert kind_or_fallback("test_unknown").label == "test_unknown"
    keys = [kind.key for kind in all_kinds()]
    assert {FOLLOW_UP, APPROVAL, QUIET} <= set(keys)
    assert APPROVAL in approval_kind_keys() and FOLLOW_UP not in approval_kind_keys()
    assert QUIET in quiet_kind_keys() and FOLLOW_UP not in quiet_kind_keys()
