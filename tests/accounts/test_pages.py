"""The server-rendered pages of accounts, as a visitor, a member and a manager use them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import (
    Certification,
    Enterprise,
    EnterpriseEvent,
    Invitation,
    Membership,
    Notification,
    User,
)
from tests.factories import (
    PASSWORD,
    CertificationFactory,
    EnterpriseFactory,
    MembershipFactory,
    NotificationFactory,
    PendingEnterpriseFactory,
    UserFactory,
    make_credit_code,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """A browser asking for English: assertions on page text hold whatever the zh-hans catalogue says."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def zh_client() -> Client:
    """A browser that sends no language preference: the platform's default, Chinese."""
    return Client()


def html(response: Any) -> str:
    return response.content.decode()


def theme_count(page: str, theme: str) -> int:
    """The figure shown on the home page's card of one theme."""
    match = re.search(rf'data-theme="{theme}".*?<strong>(\d+)</strong>', page, re.S)
    assert match, f"no card for {theme}"
    return int(match.group(1))


def registration_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": "Li.Ming@Example.com",
        "full_name": "李明",
        "phone": "13800000000",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "name_zh": "安徽智驾科技有限公司",
        "name_en": "Anhui Smart Drive Technology",
        "credit_code": make_credit_code(4242),
        "theme": "component_maker",
        "segments": ["intelligent_connected", "chips_electronics"],
        "region": "340100",
        "address": "合肥市高新区创新大道 1 号",
        "contact_name": "李明",
        "contact_phone": "0551-65000000",
        "contact_email": "bd@example.com",
        "website": "https://example.com",
        "description": "智能驾驶域控制器。",
    }
    return data | overrides


def profile_data(enterprise: Enterprise, **overrides: Any) -> dict[str, Any]:
    """What the profile form posts when nothing is edited."""
    data = {
        "form": "profile",
        "name_zh": enterprise.name_zh,
        "name_en": enterprise.name_en,
        "region": enterprise.region_id,
        "address": enterprise.address,
        "contact_name": enterprise.contact_name,
        "contact_phone": enterprise.contact_phone,
        "contact_email": enterprise.contact_email,
        "website": enterprise.website,
        "description": enterprise.description,
        "segments": enterprise.segment_codes,
    }
    if not enterprise.is_verified:
        data |= {"credit_code": enterprise.credit_code, "theme": enterprise.theme}
    return data | overrides


# ---------------------------------------------------------------------------------------------------
# Home and layout


def test_home_shows_verified_counts_per_theme_from_the_database(client: Client) -> None:
    # Given two verified vehicle makers, three verified component makers and a pending vehicle maker
    EnterpriseFactory.create_batch(2, theme="vehicle_maker")
    EnterpriseFactory.create_batch(3, theme="component_maker")
    PendingEnterpriseFactory(theme="vehicle_maker", name_zh="待审核汽车有限公司")

    # When a visitor opens the home page
    response = client.get(reverse("home"))

    # Then each theme card shows the number of verified enterprises, pending ones not counted
    page = html(response)
    assert theme_count(page, "vehicle_maker") == 2
    assert theme_count(page, "component_maker") == 3
    assert theme_count(page, "research_institute") == 0
    # and the headline figures count verified (5) and registered (6) enterprises
    assert re.search(r'stat__value">5<.*?Verified enterprises', page, re.S)
    assert re.search(r'stat__value">6<.*?Registered enterprises', page, re.S)
    # and the cards link to the filtered directory; the pending enterprise is not among the recent ones
    assert f"{reverse('accounts:directory')}?theme=vehicle_maker" in page
    assert "待审核汽车有限公司" not in page


def test_home_has_search_segments_and_calls_to_action(zh_client: Client) -> None:
    # When an anonymous visitor opens the home page (Chinese by default)
    response = zh_client.get(reverse("home"))

    # Then it has the search box, the nine segments as links and both calls to action
    page = html(response)
    assert 'name="q"' in page and f'action="{reverse("accounts:directory")}"' in page
    assert page.count("?segment=") >= 9
    assert "动力电池" in page
    assert reverse("accounts:register") in page and reverse("accounts:login") in page
    # and the layout loads htmx and the stylesheet from this server, never from a CDN
    assert "/static/django_htmx/htmx-2.min.js" in page and "/static/css/site.css" in page
    assert "https://cdn" not in page and "fonts.googleapis" not in page


def test_language_switch_to_english_shows_english_strings(zh_client: Client) -> None:
    # Given a verified vehicle maker and a visitor who sees the home page in Chinese, the default
    EnterpriseFactory(theme="vehicle_maker")
    page = html(zh_client.get(reverse("home")))
    assert "整车企业" in page and '<html lang="zh-hans">' in page

    # When the visitor switches the language to English with the switch in the top bar
    assert 'name="language" value="en"' in page
    response = zh_client.post(reverse("set_language"), {"language": "en", "next": "/"})

    # Then they are sent back and the home page speaks English
    assert response.status_code == 302 and response["Location"] == "/"
    page = html(zh_client.get(reverse("home")))
    assert "Complete-vehicle enterprise" in page
    assert "整车企业" not in page
    assert '<html lang="en">' in page


def test_a_users_language_choice_also_sets_the_language_of_their_notifications(client: Client) -> None:
    # Given a signed-in user whose notifications are in Chinese
    user = UserFactory(language="zh-hans")
    client.force_login(user)
    # When they switch the interface to English
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    # Then their notifications and e-mails will be in English too
    user.refresh_from_db()
    assert user.language == "en"


def test_server_error_page_stands_alone(rf: Any) -> None:
    from platform_site.views import server_error

    response = server_error(rf.get("/my/"))

    assert response.status_code == 500
    assert "Something went wrong" in html(response) and "/static/css/site.css" in html(response)


def test_unknown_page_is_a_friendly_404(client: Client) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "error-page" in html(response) and reverse("accounts:directory") in html(response)


# ---------------------------------------------------------------------------------------------------
# Registration


def test_registration_creates_a_pending_enterprise_with_its_owner_signed_in(client: Client) -> None:
    # When a visitor fills in the registration form
    response = client.post(reverse("accounts:register"), registration_data(), follow=True)

    # Then the enterprise exists, pending, with the person as its owner
    enterprise = Enterprise.objects.get(name_zh="安徽智驾科技有限公司")
    assert enterprise.status == Enterprise.Status.PENDING
    assert enterprise.region_id == "340100"
    assert sorted(enterprise.segment_codes) == ["chips_electronics", "intelligent_connected"]
    membership = Membership.objects.get(enterprise=enterprise)
    assert membership.role == Membership.Role.OWNER
    assert membership.user.email == "li.ming@example.com"
    assert enterprise.events.filter(action=EnterpriseEvent.Action.REGISTERED).exists()
    # and the person is signed in on their workspace, told that verification is pending
    assert response.redirect_chain == [(reverse("accounts:dashboard"), 302)]
    assert response.context["user"] == membership.user
    page = html(response)
    assert "pending verification by the platform office" in page
    assert "badge--pending" in page


def test_registration_form_offers_regions_by_province_and_explains_the_credit_code(client: Client) -> None:
    response = client.get(reverse("accounts:register"))

    page = html(response)
    assert '<optgroup label="Anhui">' in page
    assert (
        '<option value="340000">Anhui (province-wide)</option>' in page
    )  # the province itself is selectable
    assert '<option value="340100">Hefei</option>' in page
    assert "GB 32100-2015" in page and "18-character" in page
    assert page.count('type="checkbox" name="segments"') == 9


def test_registration_with_a_bad_credit_code_names_the_field_and_writes_nothing(client: Client) -> None:
    # Given a credit code whose check character is wrong
    good = make_credit_code(4242)
    bad = good[:17] + ("0" if good[17] != "0" else "1")

    # When the visitor submits the form
    response = client.post(reverse("accounts:register"), registration_data(credit_code=bad))

    # Then the form comes back with the error under the credit code field
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["credit_code"]
    assert "check character is wrong" in form.errors["credit_code"][0]
    assert 'id="id_credit_code_error"' in html(response)
    # and nothing was written
    assert not User.objects.exists()
    assert not Enterprise.objects.exists()


def test_registration_with_a_taken_email_shows_the_service_error_under_the_email(client: Client) -> None:
    # Given an account with the e-mail address already exists
    UserFactory(email="li.ming@example.com")

    # When someone registers with it (the service refuses it)
    response = client.post(reverse("accounts:register"), registration_data())

    # Then the error is shown under the e-mail field and no enterprise is created
    assert "already exists" in response.context["form"].errors["email"][0]
    assert not Enterprise.objects.exists()


def test_registration_with_differing_passwords_is_refused(client: Client) -> None:
    response = client.post(
        reverse("accounts:register"), registration_data(password_confirm="Other-Pass-2026!")
    )

    assert response.context["form"].errors["password_confirm"] == ["The two passwords differ."]
    assert not User.objects.exists()


def test_registration_requires_a_segment(client: Client) -> None:
    data = registration_data()
    del data["segments"]

    response = client.post(reverse("accounts:register"), data)

    assert response.context["form"].errors["segments"] == ["Choose at least one industry segment."]
    assert not Enterprise.objects.exists()


def test_a_member_opening_the_registration_page_goes_to_the_workspace(
    client: Client, owner: Membership
) -> None:
    client.force_login(owner.user)

    response = client.get(reverse("accounts:register"))

    assert response.status_code == 302 and response["Location"] == reverse("accounts:dashboard")


# ---------------------------------------------------------------------------------------------------
# Sign-in and sign-out


def test_login_and_logout(client: Client, owner: Membership) -> None:
    # When the owner signs in with e-mail (any case) and password
    login_page = html(client.get(reverse("accounts:login")))
    assert "E-mail" in login_page
    response = client.post(
        reverse("accounts:login"), {"username": owner.user.email.upper(), "password": PASSWORD}, follow=True
    )

    # Then they land on their workspace with their enterprise
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert response.context["user"] == owner.user
    assert owner.enterprise.name_zh in html(response)

    # When they sign out
    response = client.post(reverse("accounts:logout"), follow=True)

    # Then they are on the home page, signed out, and the workspace asks them to sign in again
    assert response.redirect_chain[-1][0] == reverse("home")
    assert not response.context["user"].is_authenticated
    assert "You have signed out." in html(response)
    assert client.get(reverse("accounts:dashboard"))["Location"].startswith(reverse("accounts:login"))


def test_login_with_a_wrong_password_shows_an_error(client: Client, owner: Membership) -> None:
    response = client.post(reverse("accounts:login"), {"username": owner.user.email, "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_six_failed_logins_lock_the_account_with_a_429_page(client: Client, owner: Membership) -> None:
    # When someone tries six wrong passwords for one account
    responses = [
        client.post(reverse("accounts:login"), {"username": owner.user.email, "password": f"guess-{i}"})
        for i in range(6)
    ]

    # Then the first attempts show the form again and the last one the locked-out page
    assert responses[0].status_code == 200
    assert responses[-1].status_code == 429
    assert "Sign-in temporarily locked" in html(responses[-1])
    assert "Too many failed sign-in attempts" in html(responses[-1])
    # and even the right password is refused while the lock lasts
    locked = client.post(reverse("accounts:login"), {"username": owner.user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


# ---------------------------------------------------------------------------------------------------
# Workspace


def test_anonymous_workspace_redirects_to_login(client: Client) -> None:
    response = client.get(reverse("accounts:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('accounts:dashboard')}"


def test_dashboard_of_a_pending_enterprise_explains_what_waits_for_verification(client: Client) -> None:
    # Given the owner of a pending enterprise with a notification and a registration event
    membership = MembershipFactory(enterprise=PendingEnterpriseFactory(name_zh="待审核零部件有限公司"))
    EnterpriseEvent.objects.create(
        enterprise=membership.enterprise, actor=membership.user, action="registered", to_status="pending"
    )
    NotificationFactory(recipient=membership.user, title="欢迎加入平台")
    client.force_login(membership.user)

    # When they open their workspace
    page = html(client.get(reverse("accounts:dashboard")))

    # Then it shows the pending badge and what opens after verification
    assert "待审核零部件有限公司" in page
    assert "badge--pending" in page
    assert "Publishing listings and transactions open after verification" in page
    # and their latest notification and the enterprise's history
    assert "欢迎加入平台" in page
    assert "timeline" in page and "Registered" in page


def test_dashboard_of_a_rejected_enterprise_shows_the_reason_and_resubmits(client: Client) -> None:
    # Given the owner of an enterprise rejected with a reason
    enterprise = EnterpriseFactory(status="rejected", review_note="营业执照与信用代码不一致")
    owner = MembershipFactory(enterprise=enterprise)
    client.force_login(owner.user)

    # When they open their workspace
    page = html(client.get(reverse("accounts:dashboard")))

    # Then the admin's reason is shown with a link to the profile and a resubmit button
    assert "营业执照与信用代码不一致" in page
    assert reverse("accounts:profile_edit") in page
    assert f'action="{reverse("accounts:resubmit")}"' in page

    # When they resubmit
    response = client.post(reverse("accounts:resubmit"), follow=True)

    # Then the enterprise is pending again with an event, and the workspace says so
    enterprise.refresh_from_db()
    assert enterprise.status == Enterprise.Status.PENDING
    assert enterprise.events.filter(action=EnterpriseEvent.Action.RESUBMITTED, actor=owner.user).exists()
    assert "resubmitted for verification" in html(response)


def test_resubmitting_a_verified_enterprise_is_refused_with_a_message(
    client: Client, owner: Membership
) -> None:
    client.force_login(owner.user)

    response = client.post(reverse("accounts:resubmit"), follow=True)

    owner.enterprise.refresh_from_db()
    assert owner.enterprise.status == Enterprise.Status.VERIFIED
    assert "cannot become" in html(response)


def test_a_plain_member_cannot_resubmit(client: Client, member: Membership) -> None:
    member.enterprise.status, member.enterprise.review_note = "rejected", "reason"
    member.enterprise.save()
    client.force_login(member.user)

    response = client.post(reverse("accounts:resubmit"))

    assert response.status_code == 403
    member.enterprise.refresh_from_db()
    assert member.enterprise.status == Enterprise.Status.REJECTED


def test_dashboard_of_a_user_without_enterprise_offers_registration(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    page = html(client.get(reverse("accounts:dashboard")))

    assert "not linked to an enterprise" in page
    assert reverse("accounts:register") in page


def test_dashboard_of_staff_counts_pending_enterprises(client: Client, staff: User) -> None:
    PendingEnterpriseFactory.create_batch(2)
    client.force_login(staff)

    page = html(client.get(reverse("accounts:dashboard")))

    assert "2 enterprises are awaiting verification" in page
    assert 'href="/admin/"' in page


# ---------------------------------------------------------------------------------------------------
# Profile and certifications


def test_owner_edits_the_profile_and_an_event_is_written(client: Client, owner: Membership) -> None:
    # Given the owner of a verified enterprise on the profile page
    enterprise = owner.enterprise
    client.force_login(owner.user)
    page = html(client.get(reverse("accounts:profile_edit")))
    assert enterprise.credit_code in page and 'name="credit_code"' not in page  # read-only once verified

    # When they change the address and the segments
    data = profile_data(enterprise, address="芜湖市鸠江区 8 号", segments=["power_battery", "electric_drive"])
    response = client.post(reverse("accounts:profile_edit"), data, follow=True)

    # Then the profile is saved, an event names the changed fields, and the page confirms it
    enterprise.refresh_from_db()
    assert enterprise.address == "芜湖市鸠江区 8 号"
    assert sorted(enterprise.segment_codes) == ["electric_drive", "power_battery"]
    event = enterprise.events.get(action=EnterpriseEvent.Action.PROFILE_UPDATED)
    assert event.actor == owner.user and event.note == "address, segments"
    assert "The profile has been saved." in html(response)


def test_owner_of_a_pending_enterprise_may_still_correct_the_credit_code(client: Client) -> None:
    owner = MembershipFactory(enterprise=PendingEnterpriseFactory())
    client.force_login(owner.user)
    new_code = make_credit_code(8080)

    client.post(
        reverse("accounts:profile_edit"), profile_data(owner.enterprise, credit_code=new_code.lower())
    )

    owner.enterprise.refresh_from_db()
    assert owner.enterprise.credit_code == new_code


def test_profile_errors_are_shown_under_the_field(client: Client, owner: Membership) -> None:
    client.force_login(owner.user)

    response = client.post(
        reverse("accounts:profile_edit"), profile_data(owner.enterprise, name_zh="", segments=[])
    )

    form = response.context["profile_form"]
    assert set(form.errors) == {"name_zh", "segments"}
    assert not owner.enterprise.events.filter(action=EnterpriseEvent.Action.PROFILE_UPDATED).exists()


def test_plain_member_sees_the_profile_read_only_and_may_not_post(client: Client, member: Membership) -> None:
    client.force_login(member.user)

    # When a plain member opens the profile page
    page = html(client.get(reverse("accounts:profile_edit")))
    # Then they see the profile without a form
    assert member.enterprise.name_zh in page
    assert 'name="form" value="profile"' not in page
    assert "Only the owner or an administrator" in page

    # When they post a change anyway
    response = client.post(
        reverse("accounts:profile_edit"), profile_data(member.enterprise, address="nowhere")
    )

    # Then it is forbidden and nothing changed
    assert response.status_code == 403
    member.enterprise.refresh_from_db()
    assert member.enterprise.address != "nowhere"


def test_owner_adds_and_removes_a_certification(client: Client, owner: Membership) -> None:
    client.force_login(owner.user)
    page = html(client.get(reverse("accounts:profile_edit")))
    assert '<datalist id="common-certifications">' in page and '<option value="IATF 16949">' in page

    # When the owner adds an expired certificate
    response = client.post(
        reverse("accounts:profile_edit"),
        {
            "form": "certification",
            "cert-standard": "ISO 9001",
            "cert-number": "Q-123",
            "cert-issuer": "CQC",
            "cert-valid_until": "2020-12-31",
        },
        follow=True,
    )

    # Then it is listed with an "expired" badge
    cert = Certification.objects.get(enterprise=owner.enterprise, standard="ISO 9001")
    assert cert.valid_until == datetime.date(2020, 12, 31)
    assert "Q-123" in html(response) and "badge--expired" in html(response)

    # When they delete it
    client.post(reverse("accounts:certification_delete", args=[cert.pk]))

    # Then it is gone
    assert not Certification.objects.filter(pk=cert.pk).exists()


def test_certification_of_another_enterprise_is_not_found(
    client: Client, owner: Membership, other_owner: Membership
) -> None:
    cert = CertificationFactory(enterprise=other_owner.enterprise)
    client.force_login(owner.user)

    response = client.post(reverse("accounts:certification_delete", args=[cert.pk]))

    assert response.status_code == 404
    assert Certification.objects.filter(pk=cert.pk).exists()


def test_plain_member_may_not_delete_a_certification(client: Client, member: Membership) -> None:
    cert = CertificationFactory(enterprise=member.enterprise)
    client.force_login(member.user)

    assert client.post(reverse("accounts:certification_delete", args=[cert.pk])).status_code == 403
    assert client.get(reverse("accounts:certification_delete", args=[cert.pk])).status_code == 405
    assert Certification.objects.filter(pk=cert.pk).exists()


# ---------------------------------------------------------------------------------------------------
# Members and invitations


def test_invitation_flow_end_to_end(
    client: Client, owner: Membership, django_capture_on_commit_callbacks: Any
) -> None:
    # Given the owner on the members page
    client.force_login(owner.user)
    assert owner.user.email in html(client.get(reverse("accounts:members")))

    # When they invite a colleague
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:members"), {"email": "colleague@example.com", "role": "member"}, follow=True
        )

    # Then the invitation is listed as pending and an e-mail with the link was sent
    assert "colleague@example.com" in html(response)
    invitation = Invitation.objects.get(enterprise=owner.enterprise, email="colleague@example.com")
    assert invitation.status == Invitation.Status.PENDING
    assert [m.to for m in mail.outbox] == [["colleague@example.com"]]
    link = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = link.group(1)

    # When an anonymous visitor opens the link
    client.logout()
    page = html(client.get(path))

    # Then they see the enterprise and the invited e-mail
    assert owner.enterprise.name_zh in page and "colleague@example.com" in page

    # When they set their name and password
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path, {"full_name": "王芳", "password": PASSWORD, "password_confirm": PASSWORD}, follow=True
        )

    # Then they are a member of the enterprise, signed in on their workspace
    new_user = User.objects.get(email="colleague@example.com")
    assert new_user.membership.enterprise == owner.enterprise
    assert new_user.membership.role == Membership.Role.MEMBER
    assert response.redirect_chain[-1][0] == reverse("accounts:dashboard")
    assert response.context["user"] == new_user
    assert owner.enterprise.name_zh in html(response)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED

    # and the used link now explains itself instead of failing
    reopened = client.get(path)
    assert reopened.status_code == 410
    assert "accepted" in html(reopened)


def test_an_unknown_invitation_link_is_a_friendly_404(client: Client) -> None:
    response = client.get(reverse("accounts:invitation_accept", args=["not-a-token"]))

    assert response.status_code == 404
    assert "This invitation link is not valid." in html(response)


def test_invitation_signup_with_a_weak_password_shows_the_error(client: Client, owner: Membership) -> None:
    # Given an invitation link opened by an anonymous visitor
    issued = services.invitation_create(
        enterprise=owner.enterprise, actor=owner.user, email="weak@example.com"
    )
    path = reverse("accounts:invitation_accept", args=[issued.token])

    # When they choose a weak password
    response = client.post(path, {"full_name": "王芳", "password": "123", "password_confirm": "123"})

    # Then the password validators' message is shown under the field and no account is created
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(email="weak@example.com").exists()


def test_signed_in_invitee_joins_with_one_click(client: Client, owner: Membership) -> None:
    person = UserFactory(email="existing@example.com")
    issued = services.invitation_create(enterprise=owner.enterprise, actor=owner.user, email=person.email)
    client.force_login(person)

    response = client.post(reverse("accounts:invitation_accept", args=[issued.token]))

    assert response.status_code == 302 and response["Location"] == reverse("accounts:dashboard")
    person.refresh_from_db()
    assert person.membership.enterprise == owner.enterprise


def test_owner_revokes_an_invitation_and_removes_a_member(
    client: Client, owner: Membership, member: Membership
) -> None:
    issued = services.invitation_create(enterprise=owner.enterprise, actor=owner.user, email="x@example.com")
    client.force_login(owner.user)

    client.post(reverse("accounts:invitation_revoke", args=[issued.invitation.pk]))
    response = client.post(reverse("accounts:member_remove", args=[member.pk]), follow=True)

    issued.invitation.refresh_from_db()
    assert issued.invitation.status == Invitation.Status.REVOKED
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert "has been removed" in html(response)


def test_the_owner_cannot_be_removed(client: Client, owner: Membership) -> None:
    admin = MembershipFactory(enterprise=owner.enterprise, role=Membership.Role.ADMIN)
    client.force_login(admin.user)

    response = client.post(reverse("accounts:member_remove", args=[owner.pk]), follow=True)

    assert Membership.objects.filter(pk=owner.pk).exists()
    assert "The owner cannot be removed." in html(response)


def test_inviting_someone_who_already_belongs_to_an_enterprise_is_a_form_error(
    client: Client, owner: Membership, other_owner: Membership
) -> None:
    client.force_login(owner.user)

    response = client.post(reverse("accounts:members"), {"email": other_owner.user.email, "role": "member"})

    assert "already belongs to an enterprise" in response.context["form"].errors["email"][0]
    assert not Invitation.objects.exists()


def test_plain_member_sees_members_but_may_not_invite(client: Client, member: Membership) -> None:
    client.force_login(member.user)

    page = html(client.get(reverse("accounts:members")))
    assert member.user.email in page
    assert "Invite a colleague" not in page

    response = client.post(reverse("accounts:members"), {"email": "new@example.com", "role": "member"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_member_of_another_enterprise_cannot_remove_or_revoke(
    client: Client, owner: Membership, member: Membership, other_owner: Membership
) -> None:
    # Given a member and a pending invitation of enterprise A, and the owner of enterprise B signed in
    issued = services.invitation_create(enterprise=owner.enterprise, actor=owner.user, email="y@example.com")
    client.force_login(other_owner.user)

    # Then B's owner cannot even find A's member or invitation
    assert client.post(reverse("accounts:member_remove", args=[member.pk])).status_code == 404
    assert client.post(reverse("accounts:invitation_revoke", args=[issued.invitation.pk])).status_code == 404
    assert Membership.objects.filter(pk=member.pk).exists()


# ---------------------------------------------------------------------------------------------------
# Directory and public profiles


@pytest.fixture
def directory_data(db: None) -> dict[str, Enterprise]:
    return {
        "hefei_maker": EnterpriseFactory(
            name_zh="合肥整车有限公司", theme="vehicle_maker", segments=["complete_vehicle"]
        ),
        "suzhou_battery": EnterpriseFactory(
            name_zh="苏州电池有限公司",
            theme="component_maker",
            region=region("320500"),
            segments=["power_battery"],
        ),
        "pending": PendingEnterpriseFactory(name_zh="待审核电池有限公司", theme="component_maker"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"合肥整车有限公司", "苏州电池有限公司"}),
        ({"theme": "vehicle_maker"}, {"合肥整车有限公司"}),
        ({"segment": "power_battery"}, {"苏州电池有限公司"}),
        ({"region": "320000"}, {"苏州电池有限公司"}),  # a province includes its cities
        ({"q": "整车"}, {"合肥整车有限公司"}),
    ],
)
def test_directory_filters_verified_enterprises(
    client: Client, directory_data: dict[str, Enterprise], query: dict[str, str], expected: set[str]
) -> None:
    response = client.get(reverse("accounts:directory"), query)

    page = html(response)
    shown = {e.name_zh for e in directory_data.values() if e.name_zh in page}
    assert shown == expected
    assert f"<strong>{len(expected)}</strong>" in page


def test_directory_runs_a_fixed_number_of_queries(client: Client, django_assert_max_num_queries: Any) -> None:
    # Given 15 verified enterprises, each with segments and a certification
    for enterprise in EnterpriseFactory.create_batch(15, segments=["power_battery", "chips_electronics"]):
        CertificationFactory(enterprise=enterprise)

    # Then the directory page does not run a query per enterprise
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:directory"))
    assert html(response).count('<article class="enterprise-card') == 15


def test_directory_htmx_request_returns_only_the_results(
    client: Client, directory_data: dict[str, Enterprise]
) -> None:
    response = client.get(
        reverse("accounts:directory"), {"theme": "vehicle_maker"}, headers={"HX-Request": "true"}
    )

    page = html(response)
    assert "<html" not in page and "site-header" not in page
    assert "合肥整车有限公司" in page and "苏州电池有限公司" not in page
    assert "HX-Request" in response["Vary"]


def test_directory_page_has_htmx_filters(client: Client) -> None:
    page = html(client.get(reverse("accounts:directory")))

    assert 'hx-get="/enterprises/"' in page and 'hx-target="#directory-results"' in page
    assert 'hx-push-url="true"' in page


def test_directory_ignores_invalid_filters(client: Client, directory_data: dict[str, Enterprise]) -> None:
    response = client.get(reverse("accounts:directory"), {"theme": "bogus", "region": "999999", "page": "x"})

    assert response.status_code == 200
    page = html(response)
    assert "合肥整车有限公司" in page and "苏州电池有限公司" in page
    assert "have been ignored" in page


def test_directory_paginates_and_keeps_the_filters(client: Client) -> None:
    EnterpriseFactory.create_batch(21, theme="aftermarket")

    page_one = html(client.get(reverse("accounts:directory"), {"theme": "aftermarket"}))
    page_two = html(client.get(reverse("accounts:directory"), {"theme": "aftermarket", "page": 2}))

    assert "<strong>21</strong>" in page_one
    assert page_one.count('<article class="enterprise-card') == 20
    assert page_two.count('<article class="enterprise-card') == 1
    assert "?theme=aftermarket&amp;page=2" in page_one


def test_verified_enterprise_profile_is_public(client: Client) -> None:
    enterprise = EnterpriseFactory(description="我们生产电池包。", contact_email="sales@example.com")
    CertificationFactory(enterprise=enterprise, standard="IATF 16949", valid_until=datetime.date(2020, 1, 1))

    page = html(client.get(reverse("accounts:enterprise_detail", args=[enterprise.pk])))

    assert enterprise.name_zh in page and enterprise.name_en in page
    assert "我们生产电池包。" in page and "sales@example.com" in page
    assert "IATF 16949" in page and "badge--expired" in page
    assert "badge--verified" in page


def test_pending_enterprise_profile_is_hidden_from_the_public(
    client: Client, other_owner: Membership, staff: User
) -> None:
    # Given a pending enterprise with a member
    own = MembershipFactory(enterprise=PendingEnterpriseFactory(), role=Membership.Role.MEMBER)
    url = reverse("accounts:enterprise_detail", args=[own.enterprise.pk])

    # Then the public and members of other enterprises get 404
    assert client.get(url).status_code == 404
    client.force_login(other_owner.user)
    assert client.get(url).status_code == 404
    # and its own member and the platform staff see it
    client.force_login(own.user)
    response = client.get(url)
    assert response.status_code == 200 and own.enterprise.name_zh in html(response)
    client.force_login(staff)
    assert client.get(url).status_code == 200


# ---------------------------------------------------------------------------------------------------
# Notifications


def test_inbox_highlights_unread_and_marks_read(client: Client) -> None:
    user = UserFactory()
    unread = NotificationFactory(recipient=user, title="新的匹配")
    NotificationFactory(
        recipient=user, title="已读通知", read_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(user)

    page = html(client.get(reverse("accounts:notifications")))
    assert page.count("notice--unread") == 1 and "新的匹配" in page and "已读通知" in page

    # When the user marks it read with a plain form post
    response = client.post(reverse("accounts:notification_read", args=[unread.pk]))

    # Then it is read and they are back on the inbox
    unread.refresh_from_db()
    assert unread.read_at is not None
    assert response["Location"] == reverse("accounts:notifications")


def test_htmx_mark_read_swaps_the_item_and_the_badge(client: Client) -> None:
    user = UserFactory()
    first, _second = NotificationFactory.create_batch(2, recipient=user)
    client.force_login(user)

    response = client.post(
        reverse("accounts:notification_read", args=[first.pk]), headers={"HX-Request": "true"}
    )

    page = html(response)
    assert f'id="notification-{first.pk}"' in page and "notice--read" in page
    assert 'id="unread-badge"' in page and 'hx-swap-oob="true"' in page
    assert "<html" not in page
    first.refresh_from_db()
    assert first.is_read


def test_mark_all_read(client: Client) -> None:
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    client.force_login(user)

    response = client.post(reverse("accounts:notification_read_all"), follow=True)

    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert "3 notifications marked as read." in html(response)


def test_reading_another_users_notification_is_not_found(client: Client) -> None:
    mine, theirs = UserFactory(), UserFactory()
    notification = NotificationFactory(recipient=theirs)
    client.force_login(mine)

    response = client.post(reverse("accounts:notification_read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_unread_badge_in_the_header(client: Client) -> None:
    user = UserFactory()
    NotificationFactory.create_batch(2, recipient=user)
    client.force_login(user)

    page = html(client.get(reverse("home")))

    assert re.search(r'id="unread-badge"[^>]*>2<', page)


def test_notification_pages_require_sign_in(client: Client) -> None:
    assert client.get(reverse("accounts:notifications"))["Location"].startswith(reverse("accounts:login"))
    assert client.post(reverse("accounts:notification_read_all")).status_code == 302
