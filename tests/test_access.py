"""The access matrix: every endpoint refuses anonymous callers, other enterprises and too small a role.

Each case names who must be refused and how: 401 for anonymous API calls, 404 for objects a caller must
not know exist (another enterprise's), 403 for what the caller may see but not do. Each case also names
one caller who is allowed, so that a case cannot pass by refusing everybody. Later issues add their
endpoints to CASES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import Certification, Enterprise, Invitation, Membership, Notification, User
from financing.models import ApplicationMessage, FinancingApplication
from listings.attachments import attachment_add
from listings.models import Listing, ListingAttachment, SavedSearch
from matching.models import Match
from orders.models import LicenceRequest, Message, Order, Quote
from tests.conftest import client_for
from tests.factories import (
    CertificationFactory,
    DemandListingFactory,
    EnterpriseFactory,
    FinancingApplicationFactory,
    LicenceRequestFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
    NotificationFactory,
    OrderFactory,
    PendingEnterpriseFactory,
    QuoteFactory,
    QuoteRequestFactory,
    SavedSearchFactory,
    StaffFactory,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.django_db


@dataclass
class World:
    """Enterprise A (owner, admin, member) with objects; enterprise B (owner); a pending enterprise; staff."""

    owner: Membership
    admin: Membership
    member: Membership
    other: Membership
    staff: User
    objects: dict[str, Any] = field(default_factory=dict)

    def user(self, who: str) -> User | None:
        return {
            "anonymous": None,
            "owner": self.owner.user,
            "admin": self.admin.user,
            "member": self.member.user,
            "other": self.other.user,
            "staff": self.staff,
        }[who]


@pytest.fixture
def world(settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path
    a = EnterpriseFactory()
    w = World(
        owner=MembershipFactory(enterprise=a, role=Membership.Role.OWNER),
        admin=MembershipFactory(enterprise=a, role=Membership.Role.ADMIN),
        member=MembershipFactory(enterprise=a, role=Membership.Role.MEMBER),
        other=MembershipFactory(enterprise=EnterpriseFactory(), role=Membership.Role.OWNER),
        staff=StaffFactory(),
    )
    pending = PendingEnterpriseFactory()
    MembershipFactory(enterprise=pending)
    w.objects = {
        "enterprise": a,
        "pending": pending,
        "certification": CertificationFactory(enterprise=a),
        "invitation": services.invitation_create(
            enterprise=a, actor=w.owner.user, email="new@example.com"
        ).invitation,
        "notification": NotificationFactory(recipient=w.owner.user),
        "member": w.member,
        "draft": ListingFactory(enterprise=a, status=Listing.Status.DRAFT),
        "published": ListingFactory(enterprise=a),
        "under_review": ListingFactory(enterprise=a, status=Listing.Status.PENDING_REVIEW),
        "saved_search": SavedSearchFactory(user=w.owner.user),
    }
    # Matches of A's published supply with demands of a third enterprise: one approved (A sees it), one
    # proposed (only staff see it).
    buyer = EnterpriseFactory()
    w.objects["approved_match"] = MatchFactory(
        supply=w.objects["published"],
        demand=DemandListingFactory(enterprise=buyer),
        status=Match.Status.APPROVED,
        reviewed_by=w.staff,
        reviewed_at=timezone.now(),
    )
    w.objects["proposed_match"] = MatchFactory(
        supply=w.objects["published"], demand=DemandListingFactory(enterprise=buyer)
    )
    # Business: A received an order on its listing, asked for quotes on its demand (one quote came), and
    # requested a licence from an institute; the order has a message.
    w.objects["order"] = OrderFactory(listing=w.objects["published"], buyer=buyer)
    w.objects["rfq"] = QuoteRequestFactory(listing=DemandListingFactory(enterprise=a))
    w.objects["quote"] = QuoteFactory(request=w.objects["rfq"], supplier=EnterpriseFactory())
    w.objects["licence"] = LicenceRequestFactory(requester=a)
    # A financing application of A to a bank (which B, another enterprise, must not see).
    w.objects["application"] = FinancingApplicationFactory(applicant=a)
    Message.objects.create(order=w.objects["order"], sender_enterprise=a, body="何时发货？")
    from io import BytesIO

    w.objects["drawing"] = attachment_add(
        listing=w.objects["published"],
        actor=w.owner.user,
        file=BytesIO(PNG),
        name="drawing.png",
        confidential=True,
    )
    return w


@dataclass(frozen=True)
class Case:
    """One endpoint and action, who is refused with which status, and one caller who is allowed."""

    name: str
    method: str
    path: Callable[[World], str]
    refused: dict[str, int]
    allowed: tuple[str, int]
    data: dict[str, Any] | None = None


def obj(key: str, template: str) -> Callable[[World], str]:
    return lambda w: template.format(id=w.objects[key].pk)


def fixed(path: str) -> Callable[[World], str]:
    return lambda w: path


def attachment_path(w: World) -> str:
    return f"/api/v1/listings/{w.objects['published'].pk}/attachments/{w.objects['drawing'].pk}/"


ANON_OTHER_MEMBER = {"anonymous": 401, "other": 404, "member": 403}

CASES = [
    Case("me", "get", fixed("/api/v1/auth/me/"), {"anonymous": 401}, ("member", 200)),
    Case("own enterprise", "get", fixed("/api/v1/enterprises/me/"), {"anonymous": 401}, ("member", 200)),
    Case(
        "edit own enterprise",
        "patch",
        fixed("/api/v1/enterprises/me/"),
        {"anonymous": 401, "member": 403},
        ("admin", 200),
        {"address": "合肥"},
    ),
    Case(
        "resubmit own enterprise",
        "post",
        fixed("/api/v1/enterprises/me/resubmit/"),
        {"anonymous": 401, "member": 403},
        ("owner", 409),  # allowed to ask; a verified enterprise has nothing to resubmit
    ),
    Case(
        "pending enterprise detail",
        "get",
        obj("pending", "/api/v1/enterprises/{id}/"),
        {"anonymous": 404, "other": 404, "member": 404},
        ("staff", 200),
    ),
    Case(
        "verify",
        "post",
        obj("pending", "/api/v1/enterprises/{id}/verify/"),
        {"anonymous": 401, "other": 403, "owner": 403},
        ("staff", 200),
    ),
    Case(
        "reject",
        "post",
        obj("pending", "/api/v1/enterprises/{id}/reject/"),
        {"anonymous": 401, "other": 403, "owner": 403},
        ("staff", 200),
        {"reason": "资料不全"},
    ),
    Case("certification list", "get", fixed("/api/v1/certifications/"), {"anonymous": 401}, ("member", 200)),
    Case(
        "certification detail",
        "get",
        obj("certification", "/api/v1/certifications/{id}/"),
        {"anonymous": 401, "other": 404},
        ("member", 200),
    ),
    Case(
        "certification create",
        "post",
        fixed("/api/v1/certifications/"),
        {"anonymous": 401, "member": 403},
        ("admin", 201),
        {"standard": "ISO 9001"},
    ),
    Case(
        "certification delete",
        "delete",
        obj("certification", "/api/v1/certifications/{id}/"),
        ANON_OTHER_MEMBER,
        ("owner", 204),
    ),
    Case(
        "member detail",
        "get",
        obj("member", "/api/v1/members/{id}/"),
        {"anonymous": 401, "other": 404},
        ("member", 200),
    ),
    Case(
        "member remove", "delete", obj("member", "/api/v1/members/{id}/"), ANON_OTHER_MEMBER, ("admin", 204)
    ),
    Case(
        "invitation list",
        "get",
        fixed("/api/v1/invitations/"),
        {"anonymous": 401, "member": 403},
        ("admin", 200),
    ),
    Case(
        "invitation create",
        "post",
        fixed("/api/v1/invitations/"),
        {"anonymous": 401, "member": 403},
        ("owner", 201),
        {"email": "colleague@example.com", "role": "member"},
    ),
    Case(
        "invitation detail",
        "get",
        obj("invitation", "/api/v1/invitations/{id}/"),
        ANON_OTHER_MEMBER,
        ("admin", 200),
    ),
    Case(
        "invitation revoke",
        "delete",
        obj("invitation", "/api/v1/invitations/{id}/"),
        ANON_OTHER_MEMBER,
        ("owner", 200),
    ),
    Case("notification list", "get", fixed("/api/v1/notifications/"), {"anonymous": 401}, ("member", 200)),
    Case(
        "notification detail",
        "get",
        obj("notification", "/api/v1/notifications/{id}/"),
        {"anonymous": 401, "other": 404, "member": 404},
        ("owner", 200),
    ),
    Case(
        "notification read",
        "post",
        obj("notification", "/api/v1/notifications/{id}/read/"),
        {"anonymous": 401, "other": 404, "member": 404},
        ("owner", 200),
    ),
    Case(
        "notification read all",
        "post",
        fixed("/api/v1/notifications/read-all/"),
        {"anonymous": 401},
        ("member", 200),
    ),
    Case("token revoke", "delete", fixed("/api/v1/auth/token/"), {"anonymous": 401}, ("member", 204)),
    # Listings: the catalogue is public; drafts are another enterprise's secret (404); a published
    # listing is visible to all but changed only by its enterprise (403).
    Case("catalogue", "get", fixed("/api/v1/listings/"), {}, ("anonymous", 200)),
    Case("my listings", "get", fixed("/api/v1/listings/?mine=true"), {"anonymous": 401}, ("member", 200)),
    Case("draft detail", "get", obj("draft", "/api/v1/listings/{id}/"), {"anonymous": 404, "other": 404},
         ("member", 200)),
    Case("draft edit", "patch", obj("draft", "/api/v1/listings/{id}/"), {"anonymous": 401, "other": 404},
         ("member", 200), {"price_min": "390.00"}),
    Case("draft submit", "post", obj("draft", "/api/v1/listings/{id}/submit/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("draft delete", "delete", obj("draft", "/api/v1/listings/{id}/"), {"anonymous": 401, "other": 404},
         ("member", 204)),
    Case("published edit", "patch", obj("published", "/api/v1/listings/{id}/"),
         {"anonymous": 401, "other": 403}, ("member", 200), {"price_min": "390.00"}),
    Case("published close", "post", obj("published", "/api/v1/listings/{id}/close/"),
         {"anonymous": 401, "other": 403}, ("member", 200)),
    Case("approve listing", "post", obj("under_review", "/api/v1/listings/{id}/approve/"),
         {"anonymous": 401, "other": 403, "owner": 403}, ("staff", 200)),
    Case("reject listing", "post", obj("under_review", "/api/v1/listings/{id}/reject/"),
         {"anonymous": 401, "other": 403, "owner": 403}, ("staff", 200), {"reason": "描述不清"}),
    Case("confidential attachment", "get",
         lambda w: attachment_path(w) + "download/",
         {"anonymous": 404, "other": 404}, ("member", 200)),
    Case("attachment delete", "delete",
         attachment_path,
         {"anonymous": 401, "other": 404}, ("member", 204)),
    Case("export", "get", fixed("/api/v1/listings/export/csv/"), {"anonymous": 401}, ("member", 200)),
    Case("saved searches", "get", fixed("/api/v1/saved-searches/"), {"anonymous": 401}, ("member", 200)),
    Case("saved search detail", "get", obj("saved_search", "/api/v1/saved-searches/{id}/"),
         {"anonymous": 401, "other": 404, "member": 404}, ("owner", 200)),
    Case("saved search delete", "delete", obj("saved_search", "/api/v1/saved-searches/{id}/"),
         {"anonymous": 401, "other": 404, "member": 404}, ("owner", 204)),
    # Matches: a member sees the approved matches of the enterprise's listings (another enterprise: 404)
    # and records contact; reviewing is for staff only (403 before anything is looked up).
    Case("match list", "get", fixed("/api/v1/matches/"), {"anonymous": 401}, ("member", 200)),
    Case("match detail", "get", obj("approved_match", "/api/v1/matches/{id}/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("proposed match detail", "get", obj("proposed_match", "/api/v1/matches/{id}/"),
         {"anonymous": 401, "other": 404, "owner": 404}, ("staff", 200)),
    Case("match contact", "post", obj("approved_match", "/api/v1/matches/{id}/contact/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("approve match", "post", obj("proposed_match", "/api/v1/matches/{id}/approve/"),
         {"anonymous": 401, "other": 403, "owner": 403}, ("staff", 200)),
    Case("reject match", "post", obj("proposed_match", "/api/v1/matches/{id}/reject/"),
         {"anonymous": 401, "other": 403, "owner": 403}, ("staff", 200), {"note": "不匹配"}),
    Case("approve matches above", "post", fixed("/api/v1/matches/approve-above/"),
         {"anonymous": 401, "owner": 403}, ("staff", 200), {"min_score": 0.5}),
    Case("listing matches", "get", obj("published", "/api/v1/listings/{id}/matches/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    # Orders, quotes, licence requests and their threads: only the two parties see them (anyone else:
    # 404); staff read them but take no party's step (403).
    Case("order list", "get", fixed("/api/v1/orders/"), {"anonymous": 401}, ("member", 200)),
    Case("order detail", "get", obj("order", "/api/v1/orders/{id}/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("order accept", "post", obj("order", "/api/v1/orders/{id}/accept/"),
         {"anonymous": 401, "other": 404, "staff": 403}, ("member", 200)),
    Case("order reject", "post", obj("order", "/api/v1/orders/{id}/reject/"),
         {"anonymous": 401, "other": 404, "staff": 403}, ("member", 200), {"reason": "产能已满"}),
    Case("order thread", "get", obj("order", "/api/v1/orders/{id}/messages/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("order message", "post", obj("order", "/api/v1/orders/{id}/messages/"),
         {"anonymous": 401, "other": 404, "staff": 403}, ("member", 201), {"body": "已排产"}),
    Case("quote comparison", "get", obj("rfq", "/api/v1/quote-requests/{id}/quotes/"),
         {"anonymous": 401, "other": 403}, ("member", 200)),
    Case("quote detail", "get", obj("quote", "/api/v1/quotes/{id}/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("quote shortlist", "post", obj("quote", "/api/v1/quotes/{id}/shortlist/"),
         {"anonymous": 401, "other": 404, "staff": 403}, ("member", 200)),
    Case("quote thread", "get", obj("quote", "/api/v1/quotes/{id}/messages/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("licence request detail", "get", obj("licence", "/api/v1/licence-requests/{id}/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("licence request withdraw", "post", obj("licence", "/api/v1/licence-requests/{id}/withdraw/"),
         {"anonymous": 401, "other": 404, "staff": 403}, ("member", 200)),
    Case("licence request thread", "get", obj("licence", "/api/v1/licence-requests/{id}/messages/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    # Financing applications: only the applicant and the institution see them, their documents and their
    # conversation (anyone else: 404); staff read them but take no step (403).
    Case("financing application detail", "get", obj("application", "/api/v1/financing/applications/{id}/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("financing application withdraw", "post",
         obj("application", "/api/v1/financing/applications/{id}/withdraw/"),
         {"anonymous": 401, "other": 404, "staff": 403}, ("member", 200)),
    Case("financing application documents", "get",
         obj("application", "/api/v1/financing/applications/{id}/documents/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("financing application thread", "get",
         obj("application", "/api/v1/financing/applications/{id}/messages/"),
         {"anonymous": 401, "other": 404}, ("member", 200)),
    Case("financing application message", "post",
         obj("application", "/api/v1/financing/applications/{id}/messages/"),
         {"anonymous": 401, "other": 404, "staff": 403}, ("member", 201), {"body": "请问需要哪些材料？"}),
]  # fmt: skip


def state() -> tuple[Any, ...]:
    """Everything an endpoint here could change: a refused call must leave it as it was."""
    return (
        sorted(Enterprise.objects.values_list("id", "status", "address", "review_note")),
        sorted(Certification.objects.values_list("id", "standard")),
        sorted(Membership.objects.values_list("id", "role")),
        sorted(Invitation.objects.values_list("id", "email", "status")),
        sorted(Notification.objects.values_list("id", "read_at")),
        sorted(Listing.objects.values_list("id", "status", "price_min", "review_note")),
        sorted(ListingAttachment.objects.values_list("id", "confidential")),
        sorted(SavedSearch.objects.values_list("id", "name")),
        sorted(Match.objects.values_list("id", "status", "review_note", "contacted_at")),
        sorted(Order.objects.values_list("id", "status")),
        sorted(Quote.objects.values_list("id", "status")),
        sorted(LicenceRequest.objects.values_list("id", "status")),
        Message.objects.count(),
        sorted(FinancingApplication.objects.values_list("id", "status")),
        ApplicationMessage.objects.count(),
    )


def call(world: World, case: Case, who: str) -> Any:
    user = world.user(who)
    client = client_for(user) if user is not None else APIClient()
    return getattr(client, case.method)(case.path(world), case.data, format="json")


REFUSALS = [(case, who, status) for case in CASES for who, status in case.refused.items()]


@pytest.mark.parametrize(
    ("case", "who", "status"), REFUSALS, ids=[f"{c.name}-{who}" for c, who, _ in REFUSALS]
)
def test_refused(world: World, case: Case, who: str, status: int) -> None:
    before = state()
    response = call(world, case, who)
    assert response.status_code == status, response.content
    assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert state() == before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_allowed(world: World, case: Case) -> None:
    who, status = case.allowed
    response = call(world, case, who)
    assert response.status_code == status, response.content
