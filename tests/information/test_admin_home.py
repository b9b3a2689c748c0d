"""The admin home shows the office's work queues: enterprises awaiting verification, listings awaiting
review, matches awaiting review, each with its count, the age of its oldest item and a link to the
admin change list of exactly those items."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from accounts.models import Enterprise, EnterpriseEvent, User
from listings.models import Listing
from matching.models import Match
from platform_site.admin_home import work_queues
from tests.factories import ListingFactory, MatchFactory, PendingEnterpriseFactory, StaffFactory

pytestmark = pytest.mark.django_db


def ago(**delta: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def set_created(obj: Any, when: datetime.datetime) -> None:
    type(obj).objects.filter(pk=obj.pk).update(created_at=when)


@pytest.fixture
def queues(db: None) -> None:
    """2 enterprises (oldest 4 days), 3 listings (oldest 2 days), 2 matches (oldest 5 days) waiting;
    others that do not wait."""
    set_created(PendingEnterpriseFactory(), ago(days=4, hours=1))
    set_created(PendingEnterpriseFactory(), ago(hours=3))
    PendingEnterpriseFactory(status=Enterprise.Status.VERIFIED)  # verified: not waiting

    for hours in (49, 20, 1):
        ListingFactory(status=Listing.Status.PENDING_REVIEW, published_at=None, submitted_at=ago(hours=hours))
    ListingFactory()  # published

    set_created(MatchFactory(), ago(days=5, hours=2))
    MatchFactory()
    set_created(MatchFactory(stale=True), ago(days=30))  # stale: out of the queue
    set_created(MatchFactory(status=Match.Status.APPROVED, reviewed_at=ago(days=39)), ago(days=40))


@pytest.fixture
def admin(db: None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(StaffFactory(is_superuser=True))
    return client


def rows(html: str) -> dict[str, dict[str, str]]:
    """{queue key: {"url", "title", "count", "age"}} from the admin home's table."""
    found = {}
    pattern = (
        r'<tr data-queue="(?P<key>\w+)">\s*<th scope="row"><a href="(?P<url>[^"]+)">(?P<title>[^<]+)</a></th>'
        r'\s*<td class="queue-count">(?P<count>\d+)</td>\s*<td class="queue-age">(?P<age>[^<]*)</td>'
    )
    for match in re.finditer(pattern, html):
        found[match["key"]] = {
            k: match[k].replace("&amp;", "&").replace("\xa0", " ") for k in ("url", "title", "count", "age")
        }
    return found


def test_the_admin_home_shows_the_three_queues_with_counts_ages_and_links(
    admin: Client, queues: None
) -> None:
    response = admin.get("/admin/")
    assert response.status_code == 200
    table = rows(response.content.decode())
    assert list(table) == ["enterprises", "listings", "matches"]
    assert table["enterprises"]["title"] == "Enterprises awaiting verification"
    assert (table["enterprises"]["count"], table["enterprises"]["age"]) == ("2", "4 days, 1 hour")
    assert (table["listings"]["count"], table["listings"]["age"]) == ("3", "2 days, 1 hour")
    assert (table["matches"]["count"], table["matches"]["age"]) == ("2", "5 days, 2 hours")
    assert table["enterprises"]["url"] == "/admin/accounts/enterprise/?status__exact=pending"
    assert table["listings"]["url"] == "/admin/listings/listing/?status__exact=pending_review"
    assert table["matches"]["url"] == "/admin/matching/match/?review=pending"


def test_the_links_open_change_lists_of_exactly_the_queued_items(admin: Client, queues: None) -> None:
    table = rows(admin.get("/admin/").content.decode())
    for key, count in (("enterprises", 2), ("listings", 3), ("matches", 2)):
        page = admin.get(table[key]["url"])
        assert page.status_code == 200
        assert page.context["cl"].result_count == count, key


def test_empty_queues_show_zero_and_no_age(admin: Client) -> None:
    table = rows(admin.get("/admin/").content.decode())
    assert {key: (row["count"], row["age"]) for key, row in table.items()} == {
        "enterprises": ("0", "—"),
        "listings": ("0", "—"),
        "matches": ("0", "—"),
    }


def test_the_admin_home_works_in_chinese_too(queues: None) -> None:
    client = Client(headers={"Accept-Language": "zh-hans"})
    client.force_login(StaffFactory(is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 200 and '<html lang="zh-hans"' in response.content.decode()
    table = rows(response.content.decode())
    assert [row["count"] for row in table.values()] == ["2", "3", "2"]
    assert table["matches"]["age"].startswith("5")  # "5天，2小时"


def test_a_resubmitted_enterprise_waits_since_its_resubmission(db: None) -> None:
    enterprise = PendingEnterpriseFactory()
    set_created(enterprise, ago(days=60))
    EnterpriseEvent.objects.create(
        enterprise=enterprise,
        action=EnterpriseEvent.Action.RESUBMITTED,
        from_status="rejected",
        to_status="pending",
        created_at=ago(days=2),
    )
    staff = StaffFactory(is_superuser=True)
    [queue] = [q for q in work_queues(staff) if q.key == "enterprises"]
    assert queue.count == 1
    assert queue.oldest_age is not None and datetime.timedelta(
        days=2
    ) <= queue.oldest_age < datetime.timedelta(days=3)


def test_staff_see_only_the_queues_they_may_open(queues: None) -> None:
    reviewer: User = StaffFactory()
    reviewer.user_permissions.add(Permission.objects.get(codename="view_listing"))
    reviewer = User.objects.get(pk=reviewer.pk)  # fresh permission cache
    assert [q.key for q in work_queues(reviewer)] == ["listings"]
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(reviewer)
    assert list(rows(client.get("/admin/").content.decode())) == ["listings"]


def test_the_queues_take_three_queries(queues: None, django_assert_num_queries: Any) -> None:
    staff = StaffFactory(is_superuser=True)
    with django_assert_num_queries(3):
        work_queues(staff)
