"""No input to the login form gives a 500 (hypothesis)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

text = st.text(max_size=300) | st.sampled_from(["", " ", "\x00", "head", "a" * 2000, "' OR 1=1 --", "<script>"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(username=text, password=text, extra=st.dictionaries(st.text(min_size=1, max_size=10), text, max_size=3))
def test_no_login_input_gives_a_server_error(personas, username: str, password: str, extra: dict[str, str]) -> None:
    AccessAttempt.objects.all().delete()
    data = {**extra, "username": username, "password": password}
    response = Client().post(reverse("accounts:login"), data)
    assert response.status_code in (200, 302, 429)
    if response.status_code == 200:
        assert b'id="login-error"' in response.content
