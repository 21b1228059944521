"""client_ip(): the address the public rate limits and the login lockout count, behind our proxy or not."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from sigap.core.checks import proxy_warnings
from sigap.core.net import client_ip, meta_header_name

PROXY = "10.0.0.2"


def _request(**meta: str) -> object:
    return RequestFactory().get("/lapor/", REMOTE_ADDR=PROXY, **meta)


def test_it_uses_remote_addr_and_ignores_forwarded_headers_by_default() -> None:
    request = _request(HTTP_X_FORWARDED_FOR="203.0.113.5", HTTP_X_REAL_IP="203.0.113.6")
    assert client_ip(request) == PROXY  # type: ignore[arg-type]


@override_settings(SIGAP_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
def test_it_reads_the_configured_header() -> None:
    assert client_ip(_request(HTTP_X_REAL_IP="203.0.113.6")) == "203.0.113.6"  # type: ignore[arg-type]
    assert client_ip(_request(HTTP_X_REAL_IP=" 2001:DB8::1 ")) == "2001:db8::1"  # type: ignore[arg-type]


@override_settings(SIGAP_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_it_takes_the_right_most_forwarded_address_the_one_our_proxy_added() -> None:
    # The client may send any X-Forwarded-For; nginx appends the address it saw at the end.
    request = _request(HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9,203.0.113.7")
    assert client_ip(request) == "203.0.113.7"  # type: ignore[arg-type]


@override_settings(SIGAP_CLIENT_IP_HEADER="HTTP_X_REAL_IP")
@pytest.mark.parametrize("value", ["", "not-an-ip", "203.0.113.300", "a" * 5000])
def test_a_missing_or_bad_header_falls_back_to_remote_addr(value: str) -> None:
    assert client_ip(_request(HTTP_X_REAL_IP=value)) == PROXY  # type: ignore[arg-type]


def test_no_address_at_all_is_empty() -> None:
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == ""


@pytest.mark.parametrize("header", ["", "HTTP_X_REAL_IP"])
def test_django_axes_locks_out_the_same_address(header: str) -> None:
    with override_settings(SIGAP_CLIENT_IP_HEADER=header):
        request = _request(HTTP_X_REAL_IP="203.0.113.6")
        assert get_client_ip_address(request) == client_ip(request)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("  ", ""),
        ("X-Real-IP", "HTTP_X_REAL_IP"),
        ("x-forwarded-for", "HTTP_X_FORWARDED_FOR"),
        ("HTTP_X_REAL_IP", "HTTP_X_REAL_IP"),
        ("REMOTE_ADDR", ""),
    ],
)
def test_the_setting_takes_a_header_name_or_its_meta_key(raw: str, expected: str) -> None:
    assert meta_header_name(raw) == expected


@pytest.mark.parametrize("raw", ["X Real IP", "HTTP_", "X-Real-IP;rm", "é"])
def test_a_malformed_header_name_stops_start_up(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        meta_header_name(raw)


def test_production_behind_a_proxy_without_the_header_is_warned() -> None:
    ids = [w.id for w in proxy_warnings(production=True, behind_proxy=True, client_ip_header="")]
    assert ids == ["sigap.W001"]
    assert proxy_warnings(production=True, behind_proxy=True, client_ip_header="HTTP_X_REAL_IP") == []
    assert proxy_warnings(production=True, behind_proxy=False, client_ip_header="") == []
    assert proxy_warnings(production=False, behind_proxy=True, client_ip_header="") == []
