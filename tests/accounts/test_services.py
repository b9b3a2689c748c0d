"""Registration, verification, profile, invitation and notification services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import services
from accounts.models import Enterprise, EnterpriseEvent, Invitation, Membership, Notification, User
from accounts.notifications import notification_mark_read, notifications_mark_all_read
from platform_site.errors import ApplicationError, NotPermitted, TransitionNotAllowed
from tests.factories import PASSWORD, MembershipFactory, PendingEnterpriseFactory, UserFactory, region

pytestmark = pytest.mark.django_db


def registration(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "email": "Zhang.Wei@Example.com",
        "password": PASSWORD,
        "full_name": "张伟",
        "name_zh": "合肥示范动力科技有限公司",
        "credit_code": "91110000600037341L",
        "theme": "component_maker",
        "region": region("340100"),
        "segments": ["power_battery", "electric_drive"],
        "name_en": "Hefei Demo Power Technology Co., Ltd.",
    }
    data.update(overrides)
    return data


def test_registration_creates_owner_and_pending_enterprise_and_tells_staff(
    staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    # When a person registers an enterprise
    with django_capture_on_commit_callbacks(execute=True):
        result = services.enterprise_register(**registration())
    # Then the enterprise is pending, the person is its owner, and the e-mail is stored in lower case
    enterprise = Enterprise.objects.get(pk=result.enterprise.pk)
    assert enterprise.status == Enterprise.Status.PENDING
    assert sorted(enterprise.segment_codes) == ["electric_drive", "power_battery"]
    assert result.user.email == "zhang.wei@example.com"
    assert Membership.objects.get(user=result.user).role == Membership.Role.OWNER
    # And the audit trail and the staff inbox (and e-mail) say so
    event = enterprise.events.get()
    assert (event.action, event.actor, event.to_status) == ("registered", result.user, "pending")
    note = Notification.objects.get(recipient=staff)
    assert enterprise.name_zh in note.title
    assert [m.to for m in mail.outbox] == [[staff.email]]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"credit_code": "91350100M000100Y4Z"}, "credit_code"),
        ({"credit_code": "12345"}, "credit_code"),
        ({"password": "123"}, "password"),
        ({"segments": []}, "segments"),
        ({"segments": ["spaceships"]}, "segments"),
        ({"theme": "bakery"}, "theme"),
        ({"name_zh": "x" * 101}, "name_zh"),
        ({"website": "not a url"}, "website"),
    ],
)
def test_bad_registration_names_the_field_and_writes_nothing(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.enterprise_register(**registration(**overrides))
    assert field in error.value.message_dict
    assert not User.objects.exists() and not Enterprise.objects.exists()


def test_duplicate_credit_code_and_email_are_refused(owner: Membership) -> None:
    with pytest.raises(ValidationError) as error:
        services.enterprise_register(
            **registration(credit_code=owner.enterprise.credit_code, email=owner.user.email)
        )
    assert {"credit_code", "email"} <= set(error.value.message_dict)
    assert Enterprise.objects.count() == 1


def test_credit_code_is_normalised_before_the_uniqueness_check() -> None:
    services.enterprise_register(**registration(credit_code=" 9111 0000 6000 3734 1l "))
    with pytest.raises(ValidationError):
        services.enterprise_register(
            **registration(email="other@example.com", credit_code="91110000600037341L")
        )


def test_verify_moves_pending_to_verified_and_notifies_the_owner(staff: User) -> None:
    owner = MembershipFactory(enterprise=PendingEnterpriseFactory())
    enterprise = services.enterprise_verify(enterprise=owner.enterprise, actor=staff, note="资料齐全")
    enterprise.refresh_from_db()
    assert enterprise.status == "verified" and enterprise.reviewed_by == staff and enterprise.reviewed_at
    event = enterprise.events.get(action=EnterpriseEvent.Action.VERIFIED)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        "pending",
        "verified",
        staff,
        "资料齐全",
    )
    assert Notification.objects.filter(recipient=owner.user, kind="enterprise.verified").exists()


def test_only_staff_verify(owner: Membership) -> None:
    pending = PendingEnterpriseFactory()
    with pytest.raises(NotPermitted):
        services.enterprise_verify(enterprise=pending, actor=owner.user)
    pending.refresh_from_db()
    assert pending.status == "pending" and not pending.events.exists()


def test_reject_needs_a_reason_and_the_owner_can_resubmit(staff: User) -> None:
    owner = MembershipFactory(enterprise=PendingEnterpriseFactory())
    enterprise = owner.enterprise
    with pytest.raises(ValidationError) as error:
        services.enterprise_reject(enterprise=enterprise, actor=staff, reason="  ")
    assert "reason" in error.value.message_dict

    services.enterprise_reject(enterprise=enterprise, actor=staff, reason="营业执照与名称不符")
    enterprise.refresh_from_db()
    assert enterprise.status == "rejected" and enterprise.review_note == "营业执照与名称不符"
    note = Notification.objects.get(recipient=owner.user, kind="enterprise.rejected")
    assert "营业执照与名称不符" in note.body

    services.enterprise_resubmit(enterprise=enterprise, actor=owner.user)
    enterprise.refresh_from_db()
    assert enterprise.status == "pending"
    actions = list(enterprise.events.order_by("created_at", "id").values_list("action", flat=True))
    assert actions == ["rejected", "resubmitted"]


def test_a_verified_enterprise_cannot_be_verified_or_rejected_again(staff: User, owner: Membership) -> None:
    with pytest.raises(TransitionNotAllowed):
        services.enterprise_verify(enterprise=owner.enterprise, actor=staff)
    with pytest.raises(TransitionNotAllowed):
        services.enterprise_reject(enterprise=owner.enterprise, actor=staff, reason="late")


def test_require_verified_enterprise_is_the_gate_for_publishing(owner: Membership) -> None:
    assert services.require_verified_enterprise(owner.user) == owner.enterprise
    pending_owner = MembershipFactory(enterprise=PendingEnterpriseFactory())
    with pytest.raises(NotPermitted) as error:
        services.require_verified_enterprise(pending_owner.user)
    assert error.value.code == "enterprise_not_verified"
    with pytest.raises(NotPermitted):
        services.require_verified_enterprise(UserFactory())


def test_profile_update_by_owner_writes_an_event_and_freezes_identity_once_verified(
    owner: Membership,
) -> None:
    enterprise = services.enterprise_update_profile(
        enterprise=owner.enterprise, actor=owner.user, address="合肥市经开区", segments=["chassis_body"]
    )
    assert enterprise.address == "合肥市经开区" and enterprise.segment_codes == ["chassis_body"]
    assert enterprise.events.filter(action="profile_updated").exists()
    with pytest.raises(ValidationError) as error:
        services.enterprise_update_profile(enterprise=owner.enterprise, actor=owner.user, theme="university")
    assert "theme" in error.value.message_dict


def test_plain_members_and_other_enterprises_cannot_edit_the_profile(
    member: Membership, other_owner: Membership
) -> None:
    for actor in (member.user, other_owner.user):
        with pytest.raises(NotPermitted):
            services.enterprise_update_profile(enterprise=member.enterprise, actor=actor, address="x")


def test_invitation_is_emailed_and_accepting_it_creates_a_member(
    owner: Membership, django_capture_on_commit_callbacks: Any
) -> None:
    # Given the owner invites a colleague
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.invitation_create(
            enterprise=owner.enterprise, actor=owner.user, email="Li.Na@example.com"
        )
    assert issued.invitation.email == "li.na@example.com"
    assert issued.token not in issued.invitation.token_hash  # only the hash is stored
    assert issued.token in mail.outbox[-1].body
    # When the colleague accepts with a new password
    membership = services.invitation_accept(token=issued.token, full_name="李娜", password=PASSWORD)
    # Then they are a member, the invitation is used up, and the inviter hears of it
    assert membership.enterprise == owner.enterprise and membership.role == "member"
    assert membership.user.check_password(PASSWORD)
    issued.invitation.refresh_from_db()
    assert issued.invitation.status == Invitation.Status.ACCEPTED
    assert Notification.objects.filter(recipient=owner.user, kind="enterprise.member_joined").exists()
    with pytest.raises(ApplicationError):
        services.invitation_accept(token=issued.token, full_name="again", password=PASSWORD)


def test_invitation_rules(owner: Membership, member: Membership, other_owner: Membership) -> None:
    with pytest.raises(NotPermitted):
        services.invitation_create(enterprise=owner.enterprise, actor=member.user, email="a@example.com")
    with pytest.raises(NotPermitted):
        services.invitation_create(enterprise=owner.enterprise, actor=other_owner.user, email="a@example.com")
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            enterprise=owner.enterprise, actor=owner.user, email=other_owner.user.email
        )
    assert "email" in error.value.message_dict
    services.invitation_create(enterprise=owner.enterprise, actor=owner.user, email="a@example.com")
    with pytest.raises(ValidationError):
        services.invitation_create(enterprise=owner.enterprise, actor=owner.user, email="A@example.com")


def test_expired_and_revoked_invitations_cannot_be_accepted(owner: Membership) -> None:
    issued = services.invitation_create(enterprise=owner.enterprise, actor=owner.user, email="a@example.com")
    assert services.invitations_expire(now=timezone.now() + timedelta(days=15)) == 1
    assert owner.enterprise.events.filter(action="invitation_expired", note="a@example.com").exists()
    assert services.invitations_expire(now=timezone.now() + timedelta(days=15)) == 0  # idempotent
    with pytest.raises(ApplicationError) as error:
        services.invitation_accept(token=issued.token, full_name="A", password=PASSWORD)
    assert error.value.code == "invitation_closed"

    issued = services.invitation_create(enterprise=owner.enterprise, actor=owner.user, email="b@example.com")
    services.invitation_revoke(invitation=issued.invitation, actor=owner.user)
    with pytest.raises(ApplicationError):
        services.invitation_accept(token=issued.token, full_name="B", password=PASSWORD)
    assert not User.objects.filter(email__in=["a@example.com", "b@example.com"]).exists()


def test_owner_cannot_be_removed_but_members_can(owner: Membership, member: Membership) -> None:
    with pytest.raises(ApplicationError):
        services.membership_remove(membership=owner, actor=owner.user)
    services.membership_remove(membership=member, actor=owner.user)
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_notifications_are_written_in_the_recipients_language_and_marked_read(owner: Membership) -> None:
    english = UserFactory(language="en", is_staff=True)
    chinese = UserFactory(language="zh-hans", is_staff=True)
    services.enterprise_register(**registration())
    assert Notification.objects.get(recipient=english).title.startswith(
        "New enterprise awaiting verification"
    )
    assert (
        Notification.objects.get(recipient=chinese).title != Notification.objects.get(recipient=english).title
    )

    notification = Notification.objects.get(recipient=english)
    notification_mark_read(notification=notification, user=english)
    first_read = notification.read_at
    notification_mark_read(notification=notification, user=english)
    assert notification.read_at == first_read
    with pytest.raises(Notification.DoesNotExist):
        notification_mark_read(notification=notification, user=chinese)
    assert notifications_mark_all_read(user=chinese) == 1


def test_rejection_notice_is_translated_for_a_chinese_owner(staff: User) -> None:
    owner = MembershipFactory(enterprise=PendingEnterpriseFactory(), user=UserFactory(language="zh-hans"))
    services.enterprise_reject(enterprise=owner.enterprise, actor=staff, reason="执照模糊")
    body = Notification.objects.get(recipient=owner.user, kind="enterprise.rejected").body
    assert body.startswith("理由：执照模糊")
