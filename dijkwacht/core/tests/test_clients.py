"""The client address behind a reverse proxy: read from the proxy's header only when the
request comes from a trusted proxy, and from the right, so nothing a client sends counts."""

import pytest
from django.test import RequestFactory

from dijkwacht.core.clients import client_address

PROXY = "10.0.0.5"


def _request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_from_a_trusted_proxy_the_right_most_untrusted_address_counts(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "2001:db8:1::/48"]
    # The client forged "192.0.2.66"; the proxy appended the address it saw.
    request = _request(PROXY, "192.0.2.66, 198.51.100.1")
    assert client_address(request) == "198.51.100.1"
    # Two of our proxies in a row: both are skipped.
    assert client_address(_request(PROXY, "198.51.100.2, 10.0.0.7")) == "198.51.100.2"
    assert client_address(_request("2001:db8:1::1", "[2001:db8:ffff::9]:443")) == "2001:db8:ffff::9"


def test_a_client_that_is_no_proxy_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(_request("203.0.113.9", "10.0.0.5, 198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", "niet-een-adres", "198.51.100.1, kapot", ","])
def test_a_broken_header_from_the_proxy_falls_back_to_the_proxy(settings, forwarded):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(_request(PROXY, forwarded)) == PROXY


def test_the_header_name_is_configurable(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="198.51.100.3", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert client_address(request) == "198.51.100.3"
