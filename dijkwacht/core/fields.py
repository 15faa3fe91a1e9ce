"""Model fields whose content is encrypted at rest (see `core.encryption`).

The database holds only Fernet tokens (AES-128-CBC with HMAC-SHA256, authenticated): a stolen
database file or a table dump reveals nothing. Values are decrypted when a row is loaded, so
code that loads such rows must be the code that is allowed to read them; the meldpunt reads
them only through selectors that log every opening. Encrypted fields cannot be searched or
ordered in the database.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from dijkwacht.core import encryption


class EncryptedTextField(models.TextField):
    """Text stored as a token; "" stays "" (an empty answer reveals nothing worth a token)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return encryption.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encryption.encrypt(str(value))


class EncryptedJSONField(models.TextField):
    """A JSON document (answers to a form's questions) stored as one token."""

    # For django-stubs: the Python value is a dict (or list), not the stored text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return {}
        return json.loads(encryption.decrypt(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, dict | list):
            return value
        if value in (None, ""):
            return {}
        return json.loads(value)

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            value = {}
        return encryption.encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


class EncryptedBinaryField(models.BinaryField):
    """File content stored as a token (kept in the database, so retention and key rotation
    reach it like every other field, and no file on disk ever holds it in the clear)."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return value
        return encryption.decrypt_bytes(bytes(value))

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return value
        return encryption.encrypt_bytes(bytes(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        return super().get_db_prep_value(value, connection, prepared=True)
