import re

import pytest

from dijkwacht.accounts.models import ApiToken, hash_token
from dijkwacht.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _create(client, name="rapportage-script"):
    response = client.post("/profiel/api-tokens/", {"name": name})
    assert response.status_code == 200, response.content
    return re.search(r"(dkw_[A-Za-z0-9_-]+)", response.content.decode()).group(1)


def test_a_token_is_shown_once_and_only_its_hash_is_stored(client, contributor):
    client.force_login(contributor)
    key = _create(client)
    token = ApiToken.objects.get(user=contributor)
    assert token.key_hash == hash_token(key)
    assert key not in str(ApiToken.objects.values_list())
    assert key not in client.get("/profiel/").content.decode()
    assert AuditEvent.objects.filter(action="accounts.api_token_create", actor=contributor).exists()


def test_token_authenticates_api_calls_as_its_owner(client, contributor, twente):
    client.force_login(contributor)
    key = _create(client)
    client.logout()
    response = client.get("/api/v1/partnerships", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()] == [twente.slug]
    assert ApiToken.objects.get(user=contributor).last_used_at is not None


def test_revoked_or_unknown_tokens_are_refused(client, contributor):
    client.force_login(contributor)
    key = _create(client)
    token = ApiToken.objects.get(user=contributor)
    client.post(f"/profiel/api-tokens/{token.pk}/intrekken/")
    client.logout()
    for bad in (key, "dkw_unknown"):
        response = client.get("/api/v1/partnerships", headers={"Authorization": f"Bearer {bad}"})
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"


def test_token_of_an_inactive_user_is_refused(client, contributor):
    client.force_login(contributor)
    key = _create(client)
    contributor.is_active = False
    contributor.save()
    client.logout()
    response = client.get("/api/v1/partnerships", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401


def test_a_duplicate_or_empty_name_gets_a_message_next_to_the_field(client, contributor):
    client.force_login(contributor)
    _create(client, "script")
    response = client.post("/profiel/api-tokens/", {"name": "script"})
    assert response.status_code == 400
    assert (
        "utrecht-form-field--invalid" in response.content.decode()
        or "utrecht-alert--error" in response.content.decode()
    )
    assert ApiToken.objects.filter(user=contributor).count() == 1
    empty = client.post("/profiel/api-tokens/", {"name": ""})
    assert empty.status_code == 400
    assert 'aria-invalid="true"' in empty.content.decode()
