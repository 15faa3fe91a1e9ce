import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from dijkwacht.core import encryption
from dijkwacht.core.models import AuditEvent
from dijkwacht.core.services import audit_record, changed_fields

ROOT = Path(__file__).resolve().parents[3]


class TestEncryption:
    def test_round_trip_and_ciphertext_reveals_nothing(self):
        token = encryption.encrypt("Signaal over loods aan de Dorpsstraat")
        assert "Dorpsstraat" not in token
        assert encryption.decrypt(token) == "Signaal over loods aan de Dorpsstraat"
        assert encryption.encrypt("x") != encryption.encrypt("x")

    def test_rotation_keeps_old_data_readable(self, settings):
        old = settings.ENCRYPTION_KEYS
        token = encryption.encrypt("oud geheim")
        settings.ENCRYPTION_KEYS = [encryption.generate_key().encode(), *old]
        assert encryption.decrypt(token) == "oud geheim"

    def test_unknown_key_cannot_decrypt(self, settings):
        token = encryption.encrypt("geheim")
        settings.ENCRYPTION_KEYS = [encryption.generate_key().encode()]
        with pytest.raises(encryption.InvalidToken):
            encryption.decrypt(token)

    @pytest.mark.parametrize("value", ["", " , ", "abc", "A" * 44, "ÄÄÄ"])
    def test_malformed_keys_are_refused(self, value):
        with pytest.raises(ImproperlyConfigured):
            encryption.parse_encryption_keys(value)

    def test_several_keys_parse(self):
        keys = [encryption.generate_key(), encryption.generate_key()]
        assert len(encryption.parse_encryption_keys(", ".join(keys))) == 2


@pytest.mark.django_db
class TestAudit:
    def test_records_actor_object_and_changes(self, coordinator, twente):
        event = audit_record(
            actor=coordinator,
            action="organisations.partnership_rename",
            obj=twente,
            changes={"name": ("Twente", "District Twente")},
            partnership=twente,
        )
        event.refresh_from_db()
        assert event.actor == coordinator and event.actor_label == coordinator.email
        assert event.object_type == "organisations.partnership"
        assert event.object_id == str(twente.pk)
        assert event.changes == {"name": ["Twente", "District Twente"]}
        assert event.occurred_at is not None

    def test_anonymous_actor_leaves_no_trace(self, twente):
        from django.contrib.auth.models import AnonymousUser

        event = audit_record(actor=AnonymousUser(), action="test.anonymous", obj=twente)
        assert event.actor is None and event.actor_label == ""

    def test_events_cannot_be_changed(self, twente):
        event = audit_record(actor=None, action="test.immutable", obj=twente)
        event.action = "test.rewritten"
        with pytest.raises(ValidationError):
            event.save()
        assert AuditEvent.objects.get(pk=event.pk).action == "test.immutable"

    def test_changed_fields_lists_only_differences(self, twente):
        assert changed_fields(twente, ["name", "slug"], {"name": "Nieuw", "slug": twente.slug}) == {
            "name": (twente.name, "Nieuw")
        }


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    script = (
        "from django.test import Client; r = Client().get('/healthz'); "
        "print(r.status_code, r.content.decode())"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DIJKWACHT_")},
        "DIJKWACHT_DEMO": "1",
        # Nothing listens on port 9 (discard) on this machine: a real refused connection.
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/none",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        '503 {"status": "unavailable", "database": "unavailable"}'
    ), result.stdout + result.stderr


def test_dates_and_numbers_are_formatted_the_dutch_way():
    import datetime

    from django.utils import formats, translation

    with translation.override("nl"):
        assert formats.date_format(datetime.date(2024, 1, 15)) == "15 januari 2024"
        assert formats.number_format(104000, use_l10n=True, force_grouping=True) == "104.000"
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) == "1.234,5"
