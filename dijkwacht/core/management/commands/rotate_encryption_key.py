"""Re-encrypt every encrypted field under the first key of DIJKWACHT_ENCRYPTION_KEYS.

Rotation: put the new key in front of the old one(s), run this command, then remove the old
key. Works on the stored tokens directly (never loads the plaintext into model objects), in
one transaction per table, and is safe to run again.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from dijkwacht.core import encryption
from dijkwacht.core.fields import EncryptedBinaryField, EncryptedJSONField, EncryptedTextField

ENCRYPTED = (EncryptedTextField, EncryptedJSONField, EncryptedBinaryField)


class Command(BaseCommand):
    help = "Re-encrypt all encrypted data with the first configured key (key rotation)."

    def handle(self, *args, **options) -> None:
        total = 0
        quote = connection.ops.quote_name
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED)]
            if not fields:
                continue
            table = model._meta.db_table
            pk = str(model._meta.pk.column)
            with transaction.atomic(), connection.cursor() as cursor:
                for field in fields:
                    column = str(field.column)
                    cursor.execute(
                        f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)}"  # noqa: S608
                        f" WHERE {quote(column)} IS NOT NULL"
                    )
                    rows = cursor.fetchall()
                    for key, token in rows:
                        if token in ("", b""):
                            continue
                        new: bytes | str
                        try:
                            if isinstance(field, EncryptedBinaryField):
                                new = encryption.rotate_bytes(bytes(token))
                            else:
                                new = encryption.rotate(token)
                        except encryption.InvalidToken as error:
                            raise CommandError(
                                f"{table}.{column} row {key}: no configured key opens it; "
                                "nothing was changed in this table."
                            ) from error
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {quote(column)} = %s"  # noqa: S608
                            f" WHERE {quote(pk)} = %s",
                            [new, key],
                        )
                        total += 1
            self.stdout.write(f"{model._meta.label}: {', '.join(f.name for f in fields)}")
        self.stdout.write(f"Re-encrypted {total} values.")
