"""Platform admins review listings in the Django admin: approve, or reject with a reason."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.utils import timezone

from accounts.models import Membership, Notification, User
from listings.models import Listing, ListingEvent
from tests.factories import ListingFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/listings/listing/"
Status = Listing.Status


@pytest.fixture
def admin_client(staff: User) -> Client:
    staff.is_superuser = True
    staff.save()
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(staff)
    return client


def pending(owner: Membership, **fields: Any) -> Listing:
    defaults = {"status": Status.PENDING_REVIEW, "published_at": None, "submitted_at": timezone.now()}
    return ListingFactory(enterprise=owner.enterprise, created_by=owner.user, **(defaults | fields))


def test_the_review_queue_lists_pending_listings_oldest_first(
    admin_client: Client, owner: Membership
) -> None:
    newer = pending(owner, title="较新提交的电芯")
    older = pending(owner, title="较早提交的电芯", submitted_at=timezone.now() - datetime.timedelta(days=2))
    ListingFactory(title="已经发布的电芯")

    page = admin_client.get(CHANGELIST, {"status__exact": "pending_review"}).content.decode()

    assert older.title in page and newer.title in page and "已经发布的电芯" not in page
    assert page.index(older.title) < page.index(newer.title)
    assert owner.enterprise.name_zh in page


def test_search_by_enterprise_name(admin_client: Client, owner: Membership, other_owner: Membership) -> None:
    ListingFactory(enterprise=owner.enterprise, title="我的电芯")
    ListingFactory(enterprise=other_owner.enterprise, title="别家的电芯")
    page = admin_client.get(CHANGELIST, {"q": owner.enterprise.name_zh}).content.decode()
    assert "我的电芯" in page and "别家的电芯" not in page


def test_approve_action_publishes_and_notifies_the_owner(
    admin_client: Client, owner: Membership, staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    # Given two listings under review and one already published
    listings = [pending(owner), pending(owner)]
    published = ListingFactory(enterprise=owner.enterprise)
    ids = [listing.pk for listing in listings] + [published.pk]

    # When the admin approves all three from the change list
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "approve_selected", ACTION_CHECKBOX_NAME: ids}, follow=True
        )

    # Then the two are published by this admin, with an event each, and the owner is told
    page = response.content.decode()
    assert "2 listings published." in page
    for listing in listings:
        listing.refresh_from_db()
        assert listing.status == Status.PUBLISHED and listing.reviewed_by == staff
        assert listing.events.filter(action=ListingEvent.Action.APPROVED, actor=staff).exists()
    assert Notification.objects.filter(recipient=owner.user, kind="listing.approved").count() == 2
    # and the published one is reported, not changed
    assert f"{published.title}: A listing that is Published cannot become Published." in page
    assert not published.events.exists()


def test_an_expired_validity_is_reported_and_not_approved(admin_client: Client, owner: Membership) -> None:
    stale = pending(owner, valid_until=timezone.localdate() - datetime.timedelta(days=1))
    response = admin_client.post(
        CHANGELIST, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [stale.pk]}, follow=True
    )
    assert "validity date has passed" in response.content.decode()
    stale.refresh_from_db()
    assert stale.status == Status.PENDING_REVIEW


def test_reject_action_asks_for_a_reason_and_writes_it(admin_client: Client, owner: Membership) -> None:
    listing = pending(owner, title="需要驳回的电芯")

    # When the admin chooses "reject", a reason is asked for and nothing changes yet
    form = admin_client.post(CHANGELIST, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [listing.pk]})
    page = form.content.decode()
    assert form.status_code == 200 and 'name="reason"' in page and "需要驳回的电芯" in page
    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW

    # An empty reason is not accepted either
    admin_client.post(
        CHANGELIST, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [listing.pk], "reason": ""}
    )
    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW

    # When the admin gives the reason
    response = admin_client.post(
        CHANGELIST,
        {"action": "reject_selected", ACTION_CHECKBOX_NAME: [listing.pk], "reason": "价格与规格不符"},
        follow=True,
    )

    # Then the listing is rejected with that reason, recorded in its history, and the owner is told why
    assert "1 listing rejected." in response.content.decode()
    listing.refresh_from_db()
    assert listing.status == Status.REJECTED and listing.review_note == "价格与规格不符"
    assert listing.events.get(action=ListingEvent.Action.REJECTED).note == "价格与规格不符"
    notice = Notification.objects.get(recipient=owner.user, kind="listing.rejected")
    assert "价格与规格不符" in notice.body


def test_rejecting_a_published_listing_is_refused(admin_client: Client, owner: Membership) -> None:
    published = ListingFactory(enterprise=owner.enterprise)
    response = admin_client.post(
        CHANGELIST,
        {"action": "reject_selected", ACTION_CHECKBOX_NAME: [published.pk], "reason": "x"},
        follow=True,
    )
    assert "cannot become Rejected" in response.content.decode()
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_a_listing_is_read_only_in_the_admin(admin_client: Client, owner: Membership) -> None:
    listing = pending(owner, title="只读的电芯")
    url = f"{CHANGELIST}{listing.pk}/change/"

    # The change page shows the listing and its review fields, without a form to save them
    page = admin_client.get(url).content.decode()
    assert "只读的电芯" in page and 'name="_save"' not in page and 'name="status"' not in page

    # A forged POST changes nothing
    response = admin_client.post(url, {"status": "published", "title": "改过的标题"})
    assert response.status_code == 403
    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW and listing.title == "只读的电芯"
    # and listings are never added in the admin
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_change_page_shows_certifications_attachments_and_history(
    admin_client: Client, owner: Membership
) -> None:
    listing = ListingFactory(enterprise=owner.enterprise, certifications=["ISO 9001"])
    ListingEvent.objects.create(listing=listing, actor=owner.user, action="created", note="首次创建")
    page = admin_client.get(f"{CHANGELIST}{listing.pk}/change/").content.decode()
    assert "ISO 9001" in page and "首次创建" in page


def test_members_cannot_open_the_admin(client: Client, owner: Membership) -> None:
    client.force_login(owner.user)
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_saved_searches_are_listed_read_only(admin_client: Client, owner: Membership) -> None:
    saved = SavedSearchFactory(user=owner.user, name="电池搜索", filters={"kind": "product"})
    page = admin_client.get("/admin/listings/savedsearch/").content.decode()
    assert "电池搜索" in page and str(owner.user) in page
    change = admin_client.get(f"/admin/listings/savedsearch/{saved.pk}/change/").content.decode()
    assert 'name="query"' not in change and 'name="notify"' in change
    assert admin_client.get("/admin/listings/savedsearch/add/").status_code == 403
