"""What a refused POST may leave behind (sigap.accounts.drafts.typed_fields), for any field names and values:
never a secret, never more than the limits, never an exception."""

from __future__ import annotations

from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.accounts.drafts import MAX_CHARACTERS, MAX_FIELDS, typed_fields

SECRET_NAMES = ["password", "new_password1", "csrfmiddlewaretoken", "code", "otp_token", "replay__body", "kata_sandi"]
names = st.one_of(st.sampled_from(SECRET_NAMES), st.text(min_size=1, max_size=30))
values = st.lists(st.text(max_size=300), min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(names, values, max_size=40))
def test_typed_fields_keep_no_secret_and_stay_small(fields: dict[str, list[str]]) -> None:
    post = QueryDict(mutable=True)
    for name, several in fields.items():
        post.setlist(name, several)
    kept = typed_fields(post)
    assert not set(kept) & {"password", "new_password1", "csrfmiddlewaretoken", "code", "otp_token", "replay__body"}
    assert all("sandi" not in name.lower() and "token" not in name.lower() for name in kept)
    assert len(kept) <= MAX_FIELDS
    assert sum(len(name) + sum(map(len, several)) for name, several in kept.items()) <= MAX_CHARACTERS
    for name, several in kept.items():
        assert several == fields[name]


def test_a_form_of_only_blanks_is_not_kept() -> None:
    assert typed_fields(QueryDict("body=+&confidentiality=")) == {}
    assert typed_fields(QueryDict("body=halo&password=rahasia")) == {"body": ["halo"]}
