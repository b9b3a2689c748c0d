"""Request rates: sign-in and registration (API and pages) per address, API writes per user. Beyond the
rate the caller gets 429 with a Retry-After header, in the API's error shape or as a page."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Enterprise, Membership, Notification
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory, NotificationFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REGISTRATIONS = "/api/v1/registrations/"
READ_ALL = "/api/v1/notifications/read-all/"


def allowed(scope: str) -> int:
    """How many requests the scope's configured rate lets through (its window is longer than a test)."""
    rate = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]
    return int(rate.split("/")[0])


def assert_throttled_json(response: Any) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == "throttled" and body["error"]["fields"] == {}
    assert "throttled" in body["error"]["message"]


def english_page(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


# ---------------------------------------------------------------------------------------------------
# Sign-in


def test_password_spraying_on_the_token_endpoint_is_throttled_per_address(
    api: APIClient, owner: Membership
) -> None:
    # Given one address trying a different account each time (so no account is locked out)
    statuses = [
        api.post(TOKEN, {"email": f"guess{i}@example.com", "password": "123456"}).status_code
        for i in range(allowed("login"))
    ]
    assert set(statuses) == {400}

    # When it tries once more, even with the right password of a real account
    response = api.post(TOKEN, {"email": owner.user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")

    # Then the API answers 429 in its error shape, and no token is issued
    assert_throttled_json(response)
    # while another address still signs in
    other = APIClient(REMOTE_ADDR="10.0.0.2")
    assert other.post(TOKEN, {"email": owner.user.email, "password": PASSWORD}).status_code == 200


def test_the_sign_in_page_shares_the_rate_of_the_token_endpoint(api: APIClient, owner: Membership) -> None:
    # Given an address that used up the sign-in rate on the API
    for i in range(allowed("login")):
        api.post(TOKEN, {"email": f"guess{i}@example.com", "password": "123456"})

    # When it posts the sign-in form with the right password
    browser = english_page(Client())
    response = browser.post(reverse("accounts:login"), {"username": owner.user.email, "password": PASSWORD})

    # Then it sees the 429 page and is not signed in; opening the form still works
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many attempts from your address" in response.content.decode()
    assert "_auth_user_id" not in browser.session
    assert browser.get(reverse("accounts:login")).status_code == 200


# ---------------------------------------------------------------------------------------------------
# Registration


def test_registration_through_the_api_is_throttled_per_address(api: APIClient) -> None:
    statuses = [api.post(REGISTRATIONS, {}).status_code for _ in range(allowed("registration"))]
    assert set(statuses) == {400}

    response = api.post(REGISTRATIONS, {"email": "late@example.com"}, HTTP_ACCEPT_LANGUAGE="en")

    assert_throttled_json(response)
    assert not Enterprise.objects.exists()


def test_the_registration_page_is_throttled_per_address(db: None) -> None:
    browser = english_page(Client())
    url = reverse("accounts:register")
    statuses = [browser.post(url, {"email": "x"}).status_code for _ in range(allowed("registration"))]
    assert set(statuses) == {200}  # the form again, with its errors

    response = browser.post(url, {"email": "late@example.com"})

    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "Too many attempts" in page and "Try again in" in page
    assert not Enterprise.objects.exists()
    # Reading the form is not counted
    assert browser.get(url).status_code == 200


# ---------------------------------------------------------------------------------------------------
# API writes


@pytest.fixture
def write_rate(settings: Any) -> int:
    """A low write rate, so that a test reaches it (the real one is far above any test)."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "write": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    return 3


def test_writes_beyond_the_rate_are_refused_per_user_and_reads_go_on(
    owner: Membership, write_rate: int
) -> None:
    # Given a user who has used up the write rate
    api = client_for(owner.user)
    assert [api.post(READ_ALL).status_code for _ in range(write_rate)] == [200] * write_rate
    NotificationFactory(recipient=owner.user)

    # When the user writes once more
    response = api.post(READ_ALL, HTTP_ACCEPT_LANGUAGE="en")

    # Then the API answers 429 in its error shape and nothing is written
    assert_throttled_json(response)
    assert Notification.objects.get(recipient=owner.user).read_at is None
    # Reads are not counted
    assert api.get("/api/v1/notifications/").status_code == 200
    assert api.get("/api/v1/auth/me/").status_code == 200
    # Another user of the same enterprise writes on
    colleague = MembershipFactory(enterprise=owner.enterprise, role=Membership.Role.MEMBER)
    assert client_for(colleague.user).post(READ_ALL).status_code == 200


def test_every_unsafe_method_counts(owner: Membership, write_rate: int) -> None:
    # Given a POST, a PATCH and a DELETE
    api = client_for(owner.user)
    saved = api.post("/api/v1/saved-searches/", {"name": "电芯", "query": "电芯"}, format="json")
    assert saved.status_code == 201, saved.content
    profile = api.patch("/api/v1/enterprises/me/", {"description": "电芯制造"}, format="json")
    assert profile.status_code == 200, profile.content
    assert api.delete(f"/api/v1/saved-searches/{saved.json()['id']}/").status_code == 204

    # Then the next write is one too many

    assert_throttled_json(api.post(READ_ALL, HTTP_ACCEPT_LANGUAGE="en"))


def test_the_default_write_rate_is_generous() -> None:
    """A person at a screen or an integration placing orders never meets it: at least 60 a minute."""
    count, period = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["write"].split("/")
    assert period.startswith("m") and int(count) >= 60
    assert (
        "platform_site.throttling.WriteRateThrottle"
        in django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    )
