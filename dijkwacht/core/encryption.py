"""Keys and field encryption for data that must be unreadable in a stolen database.

`DIJKWACHT_ENCRYPTION_KEYS` holds one or more Fernet keys (urlsafe base64 of 32 random bytes),
separated by commas. The first key encrypts; every key decrypts, so a key can be rotated by
putting a new one in front and re-encrypting at leisure.
"""

import base64
import binascii
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def parse_encryption_keys(value: str) -> list[bytes]:
    """Parse and validate the comma-separated key list; raise with the position of a bad key."""
    keys = [part.strip() for part in value.split(",") if part.strip()]
    if not keys:
        raise ImproperlyConfigured("DIJKWACHT_ENCRYPTION_KEYS contains no key.")
    parsed = []
    for position, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"DIJKWACHT_ENCRYPTION_KEYS: key {position} is not urlsafe base64 of 32 bytes; "
                "make one with `python manage.py generate_encryption_key`."
            )
        parsed.append(key.encode("ascii"))
    return parsed


@cache
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def _current() -> MultiFernet:

    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt with any configured key; a token no key opens raises `InvalidToken`."""
    return _current().decrypt(token.encode("ascii")).decode("utf-8")


def encrypt_bytes(data: bytes) -> bytes:
    return _current().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _current().decrypt(token)


def rotate(token: str) -> str:
    """The same plaintext under the first (current) key; raises `InvalidToken` for a token no
    configured key opens."""
    return _current().rotate(token.encode("ascii")).decode("ascii")


def rotate_bytes(token: bytes) -> bytes:
    return _current().rotate(token)


__all__ = [
    "InvalidToken",
    "decrypt",
    "decrypt_bytes",
    "encrypt",
    "encrypt_bytes",
    "generate_key",
    "parse_encryption_keys",
    "rotate",
    "rotate_bytes",
]
