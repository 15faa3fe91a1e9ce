"""The address a request comes from, for throttles and the login lockout only (never stored).

Behind a reverse proxy every request comes from the proxy, and the client's address is in a
header the proxy adds (`X-Forwarded-For` by default). A client can send that header too, so it
is read only when the request comes from a proxy we trust (`DIJKWACHT_TRUSTED_PROXIES`), and
then from the right: the proxies append, so the right-most address that is not one of our
proxies is the one that connected to them. Anything else a client sends is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or — when that is a trusted proxy — the right-most
    address in the trusted header that is not itself a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not trusted:
        return remote

    def is_proxy(address: Any) -> bool:
        return address is not None and any(address in network for network in trusted)

    if not is_proxy(_address(remote)):
        return remote
    header = request.META.get(settings.CLIENT_ADDRESS_HEADER, "") or ""
    for entry in reversed(header.split(",")):
        address = _address(entry)
        if address is None:
            break  # a malformed entry: whatever is left of it was not written by our proxies
        if not is_proxy(address):
            return str(address)
    return remote
