"""Platform admins verify and reject enterprises in the Django admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.test import Client

from accounts.models import Enterprise, Notification, User
from tests.factories import MembershipFactory, PendingEnterpriseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/enterprise/"


@pytest.fixture
def admin_client(client: Client, staff: User) -> Client:
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


def test_the_review_queue_lists_pending_enterprises(admin_client: Client) -> None:
    pending = PendingEnterpriseFactory(name_zh="待审核汽车配件有限公司")
    page = admin_client.get(CHANGELIST, {"status__exact": "pending"}).content.decode()
    assert pending.name_zh in page and pending.credit_code in page


def test_verify_action_verifies_and_notifies_the_owner(
    admin_client: Client, staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    # Given two pending enterprises
    owners = [MembershipFactory(enterprise=PendingEnterpriseFactory()) for _ in range(2)]
    ids = [o.enterprise.pk for o in owners]
    # When the admin verifies both from the change list
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "verify_selected", ACTION_CHECKBOX_NAME: ids}, follow=True
        )
    # Then both are verified by this admin, the owners are told in the inbox and by e-mail
    assert "2" in response.content.decode()
    for enterprise in Enterprise.objects.filter(pk__in=ids):
        assert enterprise.status == "verified" and enterprise.reviewed_by == staff
        assert enterprise.events.filter(action="verified", actor=staff).exists()
    assert Notification.objects.filter(kind="enterprise.verified").count() == 2
    assert {m.to[0] for m in mail.outbox} >= {o.user.email for o in owners}


def test_reject_action_asks_for_a_reason_first(admin_client: Client) -> None:
    owner = MembershipFactory(enterprise=PendingEnterpriseFactory())
    pk = owner.enterprise.pk
    # When the admin chooses "reject" the admin is asked for a reason, and nothing changes yet
    form = admin_client.post(CHANGELIST, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [pk]})
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    assert Enterprise.objects.get(pk=pk).status == "pending"
    # When the admin gives the reason
    admin_client.post(
        CHANGELIST, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [pk], "reason": "执照模糊"}
    )
    # Then the enterprise is rejected with that reason, and its owner is told why
    enterprise = Enterprise.objects.get(pk=pk)
    assert enterprise.status == "rejected" and enterprise.review_note == "执照模糊"
    assert "执照模糊" in Notification.objects.get(recipient=owner.user, kind="enterprise.rejected").body


def test_an_already_verified_enterprise_is_reported_not_changed(admin_client: Client) -> None:
    owner = MembershipFactory()
    response = admin_client.post(
        CHANGELIST, {"action": "verify_selected", ACTION_CHECKBOX_NAME: [owner.enterprise.pk]}, follow=True
    )
    assert response.status_code == 200
    assert owner.enterprise.events.count() == 0


def test_status_cannot_be_edited_in_the_change_form(admin_client: Client) -> None:
    pending = PendingEnterpriseFactory()
    page = admin_client.get(f"{CHANGELIST}{pending.pk}/change/").content.decode()
    assert 'name="status"' not in page
