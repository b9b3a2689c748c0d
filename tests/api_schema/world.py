"""The data the schema tests call the API on: enterprise A (the member caller is its owner), its business
partner P, bank K and platform staff, with an object of every kind the API has a path for.

`World.path_values` tells the tests which values to put into each path parameter, so that most
generated calls reach an existing object (of A, of its partner, or of nobody A knows) instead of a
random id that is always a 404; `World.body_values` does the same for the ids a request body names
(the listing an order is for, the event of a meeting), so that creating something can succeed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts import services as accounts
from accounts.models import Enterprise, Membership, User
from accounts.taxonomy import Theme
from financing.services import applications as financing
from financing.services import messages as financing_messages
from information.services import events, news
from listings.attachments import attachment_add
from listings.choices import Kind
from listings.models import Listing
from matching.models import Match
from orders.models import LicenceRequest
from orders.services import messages as threads
from orders.services import orders, quotes
from stats.tables import TABLES
from tests.factories import (
    AnnouncementFactory,
    CertificationFactory,
    DemandListingFactory,
    EnterpriseFactory,
    EventFactory,
    FinancingApplicationFactory,
    FundingOfferFactory,
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
from tests.uploads import NOT_PRODUCT, PNG, pdf


@dataclass
class World:
    """The callers' tokens by name; the values of each path parameter by the path up to and including it
    (`/api/v1/quotes/{id}`), and of each id a request body names, by the body field's name."""

    tokens: dict[str, str]
    path_values: dict[str, list[Any]] = field(default_factory=dict)
    body_values: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, key: str, *objects: Any) -> None:
        self.path_values.setdefault(f"/api/v1/{key}", []).extend(o.pk for o in objects)

    def add_body(self, name: str, *objects: Any) -> None:
        self.body_values.setdefault(name, []).extend(o.pk for o in objects)


def _owner(enterprise: Enterprise) -> User:
    user: User = MembershipFactory(enterprise=enterprise, role=Membership.Role.OWNER).user
    return user


def build_world() -> World:
    a = EnterpriseFactory(name_en="Enterprise A")
    p = EnterpriseFactory(name_en="Partner P", theme=Theme.VEHICLE_MAKER)
    k = EnterpriseFactory(name_en="Bank K", theme=Theme.FINANCIAL_INSTITUTION)
    owner, partner, bank, staff = _owner(a), _owner(p), _owner(k), StaffFactory()
    w = World(
        tokens={
            "member": Token.objects.create(user=owner).key,
            "staff": Token.objects.create(user=staff).key,
        }
    )

    # Accounts: A's second member, a certification, an invitation, a notification, a saved search; a
    # pending enterprise for staff to review.
    pending = PendingEnterpriseFactory(name_en="Pending enterprise")
    _owner(pending)
    w.add("enterprises/{id}", a, p, pending)
    w.add_body("invitee", p, k)
    w.add_body("institution", k)
    w.add("members/{id}", MembershipFactory(enterprise=a, role=Membership.Role.MEMBER))
    w.add("certifications/{id}", CertificationFactory(enterprise=a))
    invitation = accounts.invitation_create(enterprise=a, actor=owner, email="new@example.com").invitation
    w.add("invitations/{id}", invitation)
    w.add("notifications/{id}", NotificationFactory(recipient=owner), NotificationFactory(recipient=partner))
    w.add("saved-searches/{id}", SavedSearchFactory(user=owner))
    w.path_values["/api/v1/regions/{code}"] = ["340000", "340100", "310000"]
    w.path_values["/api/v1/stats/{figure}"] = [table.slug for table in TABLES]

    # Listings: A's published supply with an attachment, a draft, one under review; P's supply and demand.
    published = ListingFactory(enterprise=a)
    partner_demand = DemandListingFactory(enterprise=p)
    partner_supply = ListingFactory(enterprise=p, title="电驱总成")
    under_review = ListingFactory(enterprise=a, status=Listing.Status.PENDING_REVIEW)
    drawing = attachment_add(listing=published, actor=owner, file=BytesIO(PNG), name="drawing.png")
    listings = [published, ListingFactory(enterprise=a, status=Listing.Status.DRAFT), under_review]
    w.add("listings/{id}", *listings, partner_demand, partner_supply)
    w.add_body("listing", published, partner_supply, partner_demand)
    w.add("listings/{listing_id}", published, partner_demand)
    w.add("listings/{id}/attachments/{attachment_id}", drawing)

    # Matches: approved (both parties see it) and proposed (staff reviews it).
    approved = MatchFactory(
        supply=published,
        demand=partner_demand,
        status=Match.Status.APPROVED,
        reviewed_by=staff,
        reviewed_at=timezone.now(),
    )
    w.add("matches/{id}", approved, MatchFactory(supply=published, demand=DemandListingFactory(enterprise=p)))
    w.add_body("match", approved)

    # Orders: P buys from A (placed, with a message with a file; accepted; shipped), A buys from P.
    def sold() -> Any:
        return OrderFactory(listing=published, buyer=p)

    order = sold()
    message = threads.message_post(
        actor=owner, thread=order, body="图纸见附件", file=BytesIO(PNG), file_name="drawing.png"
    )
    accepted = orders.order_accept(order=sold(), actor=owner)
    shipped = orders.order_ship(order=orders.order_accept(order=sold(), actor=owner), actor=owner)
    bought = OrderFactory(listing=partner_supply, buyer=a)
    w.add("orders/{id}", order, accepted, shipped, bought)
    w.add_body("order", bought)
    w.add("messages/{id}", message)

    # Quotes: A asks for quotes (P quoted), A quotes on P's request (with a file).
    rfq = QuoteRequestFactory(listing=DemandListingFactory(enterprise=a))
    quote = QuoteFactory(request=rfq, supplier=p)
    partner_rfq = QuoteRequestFactory(listing=partner_demand)
    my_quote = QuoteFactory(request=partner_rfq, supplier=a)
    attachment = quotes.quote_add_attachment(
        quote=my_quote, actor=owner, file=BytesIO(PNG), name="drawing.png"
    )
    w.add("quote-requests/{id}", rfq, partner_rfq)
    # P's request nobody quoted on yet, for a new quote; A's demand without a request, to open one.
    w.add_body("request", QuoteRequestFactory(listing=DemandListingFactory(enterprise=p)))
    w.add_body("listing", DemandListingFactory(enterprise=a))
    w.add("quotes/{id}", quote, my_quote)
    w.add("quotes/{id}/attachments/{attachment_id}", attachment)

    # Licence and talent requests, sent and received by A.
    def request(holder: Enterprise, requester: Enterprise, kind: str) -> LicenceRequest:
        extra: dict[str, Any] = {"kind": kind}
        if kind == LicenceRequest.Kind.ENGAGEMENT:
            extra["mode"] = "recruitment"
        return LicenceRequestFactory(listing__enterprise=holder, requester=requester, **extra)

    w.add(
        "licence-requests/{id}",
        request(p, a, LicenceRequest.Kind.LICENCE),
        request(a, p, LicenceRequest.Kind.LICENCE),
    )
    w.add(
        "talent-requests/{id}",
        request(p, a, LicenceRequest.Kind.ENGAGEMENT),
        request(a, p, LicenceRequest.Kind.ENGAGEMENT),
    )
    technology = ListingFactory(
        enterprise=p, kind=Kind.TECHNOLOGY, tech_trl=6, tech_transfer_mode="licence", **NOT_PRODUCT
    )
    w.add("listings/{id}", technology)
    w.add_body("listing", technology)

    # Financing: K's offer; A's applications, submitted (with a document and a message with a file) and
    # under review.
    offer = FundingOfferFactory(enterprise=k)
    submitted = FinancingApplicationFactory(offer=offer, applicant=a, submitted_by=owner)
    document = financing.application_add_document(
        application=submitted, actor=owner, kind="business_licence", file=pdf(), name="licence.pdf"
    )
    note = financing_messages.message_post(
        actor=owner, application=submitted, body="营业执照见附件", file=pdf(), file_name="licence.pdf"
    )
    reviewing = financing.application_start_review(
        application=FinancingApplicationFactory(offer=offer, applicant=a, submitted_by=owner), actor=bank
    )
    w.add("financing/offers/{id}", offer)
    w.add_body("offer", offer)
    w.add("financing/applications/{id}", submitted, reviewing)
    w.add("financing/applications/{id}/documents/{document_id}", document)
    w.add("financing/applications/{id}/messages/{message_id}", note)

    # Information: a live announcement with a file and a draft; an event A and P attend, with a meeting
    # P asked A for; an event nobody registered for yet.
    live = AnnouncementFactory()
    news.announcement_attach(announcement=live, actor=staff, file=pdf(), name="policy.pdf")
    w.add("announcements/{id}", live, AnnouncementFactory(publish_at=None))
    event = EventFactory(organiser=staff)
    for user in (owner, partner, bank):
        events.event_register(event=event, actor=user)
    meeting = events.meeting_request(
        event=event,
        actor=partner,
        invitee=a,
        listing=published,
        proposed_slot=event.starts_at + datetime.timedelta(hours=1),
    )
    w.add("events/{id}", event, EventFactory(organiser=staff))
    w.add_body("event", event)
    w.add("meetings/{id}", meeting)
    return w
