"""The organisations API's own operations."""

import pytest

from dijkwacht.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_me_names_the_person_behind_the_session_or_the_token(client, contributor):
    assert client.get("/api/v1/me").status_code == 401
    client.force_login(contributor)
    expected = {"id": contributor.pk, "email": contributor.email, "name": contributor.full_name}
    assert client.get("/api/v1/me").json() == expected
    client.logout()
    _token, key = api_token_create(actor=contributor, name="koppeling")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.json() == expected
    assert response["API-Version"]
