"""The accounts API as an integrator uses it: tokens, registration, directory, review, inbox."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Enterprise, EnterpriseEvent, Membership, Notification, User
from tests.conftest import client_for
from tests.factories import (
    PASSWORD,
    CertificationFactory,
    EnterpriseFactory,
    MembershipFactory,
    NotificationFactory,
    PendingEnterpriseFactory,
    region,
)

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "email": "buyer@example.com",
    "password": PASSWORD,
    "full_name": "王芳",
    "name_zh": "芜湖示范汽车零部件有限公司",
    "name_en": "Wuhu Demo Auto Parts Co., Ltd.",
    "credit_code": "91512081MA62K0260E",
    "theme": "component_maker",
    "segments": ["chassis_body"],
    "region": "340200",
}


def error_fields(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]["fields"]


def test_registration_returns_a_token_and_a_pending_enterprise(api: APIClient) -> None:
    response = api.post("/api/v1/registrations/", REGISTRATION, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["enterprise"]["status"] == "pending"
    assert body["enterprise"]["region"]["name_en"] == "Wuhu"
    assert body["user"]["membership"]["role"] == "owner"
    # The token works at once
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert me.get("/api/v1/enterprises/me/").json()["credit_code"] == "91512081MA62K0260E"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"credit_code": "91350100M000100Y4Z"}, "credit_code"),
        ({"credit_code": 12345}, "credit_code"),
        ({"theme": "bakery"}, "theme"),
        ({"region": "999999"}, "region"),
        ({"segments": "power_battery"}, "segments"),
        ({"segments": []}, "segments"),
        ({"name_zh": "长" * 101}, "name_zh"),
        ({"email": "not-an-email"}, "email"),
        ({"password": "short"}, "password"),
        ({"full_name": None}, "full_name"),
    ],
)
def test_bad_registration_is_a_400_naming_the_field_and_writes_nothing(
    api: APIClient, change: dict[str, Any], field: str
) -> None:
    response = api.post("/api/v1/registrations/", {**REGISTRATION, **change}, format="json")
    assert response.status_code == 400
    assert field in error_fields(response)
    assert response.json()["error"]["code"] == "invalid"
    assert not User.objects.exists() and not Enterprise.objects.exists()


def test_missing_fields_are_all_named(api: APIClient) -> None:
    response = api.post("/api/v1/registrations/", {}, format="json")
    assert response.status_code == 400
    assert {"email", "password", "name_zh", "credit_code", "theme", "segments", "region"} <= set(
        error_fields(response)
    )


def test_malformed_json_is_a_400_in_the_same_shape(api: APIClient) -> None:
    response = api.post("/api/v1/registrations/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_duplicate_credit_code_is_a_400(api: APIClient, owner: Membership) -> None:
    response = api.post(
        "/api/v1/registrations/", {**REGISTRATION, "credit_code": owner.enterprise.credit_code}, format="json"
    )
    assert response.status_code == 400 and "credit_code" in error_fields(response)
    assert Enterprise.objects.count() == 1


def test_token_obtain_and_revoke(api: APIClient, owner: Membership) -> None:
    response = api.post(
        "/api/v1/auth/token/", {"email": owner.user.email.upper(), "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/auth/me/").json()["email"] == owner.user.email
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert api.get("/api/v1/auth/me/").status_code == 401


def test_wrong_password_is_a_400_and_repeated_failures_lock_the_account(
    api: APIClient, owner: Membership
) -> None:
    bad = {"email": owner.user.email, "password": "wrong-password"}
    first = api.post("/api/v1/auth/token/", bad, format="json")
    assert first.status_code == 400 and "non_field_errors" in error_fields(first)
    statuses = [api.post("/api/v1/auth/token/", bad, format="json").status_code for _ in range(5)]
    assert statuses[-1] == 429
    # Even the right password is refused while locked out
    locked = api.post("/api/v1/auth/token/", {"email": owner.user.email, "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "locked_out"


def test_directory_lists_verified_enterprises_only_with_filters(api: APIClient) -> None:
    battery = EnterpriseFactory(name_zh="合肥电池甲", segments=["power_battery"])
    EnterpriseFactory(name_zh="南京芯片乙", segments=["chips_electronics"], region=region("320100"))
    PendingEnterpriseFactory(name_zh="待审核丙")
    names = [e["name_zh"] for e in api.get("/api/v1/enterprises/").json()["results"]]
    assert sorted(names) == ["南京芯片乙", "合肥电池甲"]
    by_segment = api.get("/api/v1/enterprises/", {"segment": "power_battery"}).json()
    assert [e["id"] for e in by_segment["results"]] == [battery.pk]
    by_province = api.get("/api/v1/enterprises/", {"region": "340000"}).json()
    assert [e["id"] for e in by_province["results"]] == [battery.pk]
    assert api.get("/api/v1/enterprises/", {"theme": "bakery"}).status_code == 400


def test_directory_list_runs_a_fixed_number_of_queries(
    api: APIClient, django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        CertificationFactory(enterprise=EnterpriseFactory(segments=["power_battery", "chassis_body"]))
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/enterprises/")
    assert response.json()["count"] == 15


def test_staff_verify_and_reject_through_the_api(staff: User) -> None:
    pending = MembershipFactory(enterprise=PendingEnterpriseFactory())
    client = client_for(staff)
    listed = client.get("/api/v1/enterprises/", {"status": "pending"}).json()["results"]
    assert [e["id"] for e in listed] == [pending.enterprise.pk]
    response = client.post(
        f"/api/v1/enterprises/{pending.enterprise.pk}/verify/", {"note": "ok"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "verified"
    again = client.post(
        f"/api/v1/enterprises/{pending.enterprise.pk}/reject/", {"reason": "x"}, format="json"
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"
    other = PendingEnterpriseFactory()
    no_reason = client.post(f"/api/v1/enterprises/{other.pk}/reject/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in error_fields(no_reason)
    assert EnterpriseEvent.objects.filter(enterprise=other).count() == 0


def test_member_updates_own_profile_and_identity_is_frozen(owner: Membership) -> None:
    client = client_for(owner.user)
    response = client.patch(
        "/api/v1/enterprises/me/", {"website": "https://example.cn", "segments": ["chassis_body"]}
    )
    assert response.status_code == 200
    assert response.json()["website"] == "https://example.cn" and response.json()["segments"] == [
        "chassis_body"
    ]
    frozen = client.patch("/api/v1/enterprises/me/", {"credit_code": "91110000600037341L"})
    assert frozen.status_code == 400 and "credit_code" in error_fields(frozen)
    bad = client.patch("/api/v1/enterprises/me/", {"website": "x" * 300})
    assert bad.status_code == 400 and "website" in error_fields(bad)


def test_invitation_through_the_api(owner: Membership, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/invitations/", {"email": "new@example.com", "role": "member"})
    assert response.status_code == 201 and response.json()["status"] == "pending"
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/invitations/" in line)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    accepted = APIClient().post(
        "/api/v1/invitations/accept/",
        {"token": token, "full_name": "新同事", "password": PASSWORD},
        format="json",
    )
    assert accepted.status_code == 201 and accepted.json()["email"] == "new@example.com"
    members = client.get("/api/v1/members/").json()["results"]
    assert {m["email"] for m in members} == {owner.user.email, "new@example.com"}
    reused = APIClient().post(
        "/api/v1/invitations/accept/", {"token": token, "password": PASSWORD}, format="json"
    )
    assert reused.status_code == 400 and reused.json()["error"]["code"] == "invitation_closed"


def test_inbox_unread_count_and_mark_read(owner: Membership) -> None:
    first, _second = NotificationFactory.create_batch(2, recipient=owner.user)
    NotificationFactory()  # someone else's
    client = client_for(owner.user)
    assert client.get("/api/v1/notifications/").json()["count"] == 2
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    assert client.post(f"/api/v1/notifications/{first.pk}/read/").json()["is_read"] is True
    assert client.get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 1
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    assert Notification.objects.filter(recipient=owner.user, read_at__isnull=True).count() == 0


def test_unknown_api_url_is_a_json_404(api: APIClient) -> None:
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_schema_and_swagger_ui_are_served_without_a_cdn(api: APIClient) -> None:
    schema = api.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/enterprises/", "/api/v1/registrations/", "/api/v1/notifications/"} <= set(paths)
    docs = api.get("/api/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200 and "swagger-ui" in html and "cdn" not in html.lower()
