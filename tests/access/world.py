"""The world the access matrix calls every route on: enterprise A with an owner, an administrator and a
plain member, and an object of every kind in the statuses its actions need; another enterprise B;
A's business partner P (the other side of A's orders, quotes, requests, meetings) and bank K (the
institution of A's financing applications); a pending enterprise; platform staff.

The world is built once per test module and each test runs in a savepoint rolled back after it
(tests/test_access.py), so it is built with the same factories and services as the rest of the suite
but only a few times per run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts import services as accounts
from accounts.models import Enterprise, Membership, User
from accounts.taxonomy import Theme
from financing.services import applications as financing
from financing.services import messages as financing_messages
from information.services import news
from listings.attachments import attachment_add
from listings.choices import Kind
from listings.models import Listing
from matching.models import Match
from orders.models import LicenceRequest
from orders.services import messages as threads
from orders.services import orders, quotes
from tests.factories import (
    AnnouncementFactory,
    CertificationFactory,
    DemandListingFactory,
    EnterpriseFactory,
    EventFactory,
    EventRegistrationFactory,
    FinancingApplicationFactory,
    FundingOfferFactory,
    LicenceRequestFactory,
    ListingFactory,
    MatchFactory,
    MeetingRequestFactory,
    MembershipFactory,
    NotificationFactory,
    OrderFactory,
    PendingEnterpriseFactory,
    QuoteFactory,
    QuoteRequestFactory,
    SavedSearchFactory,
    StaffFactory,
)
from tests.uploads import NOT_PRODUCT, PNG, pdf, png

# The four callers of every cell, then the ones that are only ever the allowed caller of a row.
ANONYMOUS, OTHER, MEMBER, STAFF = "anonymous", "other", "member", "staff"
CALLERS = (ANONYMOUS, OTHER, MEMBER, STAFF)
OWNER, ADMIN, PARTNER, BANK = "owner", "admin", "partner", "bank"
REJECTED = "rejected"  # the owner of an enterprise whose verification was refused


@dataclass
class World:
    """The callers by name (anonymous is None) and the objects by name."""

    users: dict[str, User | None]
    objects: dict[str, Any] = field(default_factory=dict)
    # The one-time token of A's pending invitation (only its hash is stored).
    invitation_token: str = ""

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]

    def pk(self, key: str) -> int:
        return int(self.objects[key].pk)


def _owner(enterprise: Enterprise) -> Membership:
    return MembershipFactory(enterprise=enterprise, role=Membership.Role.OWNER)


def build_world() -> World:
    """Everything every row of the table needs, owned by A unless said otherwise."""
    a = EnterpriseFactory(name_en="Enterprise A")
    owner = _owner(a)
    p = EnterpriseFactory(name_en="Partner P", theme=Theme.VEHICLE_MAKER)
    k = EnterpriseFactory(name_en="Bank K", theme=Theme.FINANCIAL_INSTITUTION)
    w = World(
        users={
            ANONYMOUS: None,
            OWNER: owner.user,
            ADMIN: MembershipFactory(enterprise=a, role=Membership.Role.ADMIN).user,
            MEMBER: MembershipFactory(enterprise=a, role=Membership.Role.MEMBER).user,
            OTHER: _owner(EnterpriseFactory(name_en="Enterprise B")).user,
            STAFF: StaffFactory(),
            PARTNER: _owner(p).user,
            BANK: _owner(k).user,
            REJECTED: _owner(
                EnterpriseFactory(status=Enterprise.Status.REJECTED, review_note="资料不全")
            ).user,
        }
    )
    for user in w.users.values():
        if user is not None:
            Token.objects.get_or_create(user=user)
    w.objects.update(enterprise=a, partner=p, bank=k, member=Membership.objects.get(user=w.users[MEMBER]))
    _accounts(w)
    _listings(w)
    _orders(w)
    _quotes(w)
    _licences(w)
    _financing(w)
    _information(w)
    return w


def _accounts(w: World) -> None:
    a = w["enterprise"]
    pending = PendingEnterpriseFactory(name_en="Pending enterprise")
    _owner(pending)
    issued = accounts.invitation_create(enterprise=a, actor=w.users[OWNER], email="new@example.com")
    w.invitation_token = issued.token
    w.objects.update(
        pending=pending,
        certification=CertificationFactory(enterprise=a),
        invitation=issued.invitation,
        notification=NotificationFactory(recipient=w.users[OWNER]),
        saved_search=SavedSearchFactory(user=w.users[OWNER]),
    )


def _listings(w: World) -> None:
    a, p = w["enterprise"], w["partner"]
    published = ListingFactory(enterprise=a, title="方形铝壳电芯 280Ah")
    w.objects.update(
        published=published,
        draft=ListingFactory(enterprise=a, status=Listing.Status.DRAFT),
        under_review=ListingFactory(enterprise=a, status=Listing.Status.PENDING_REVIEW),
        # A demand of A that nobody has asked quotes for yet, to open a request on.
        demand=DemandListingFactory(enterprise=a),
        partner_supply=ListingFactory(enterprise=p, title="电驱总成"),
        partner_demand=DemandListingFactory(enterprise=p),
        partner_talent=ListingFactory(
            enterprise=p,
            kind=Kind.TALENT,
            title="电池测试工程师外派",
            talent_headcount=5,
            talent_skills="BMS, 热管理",
            **NOT_PRODUCT,
        ),
        drawing=attachment_add(
            listing=published, actor=w.users[OWNER], file=BytesIO(PNG), name="drawing.png", confidential=True
        ),
    )
    # Matches of A's supply with P's demand: one approved (A and P see it), one proposed (staff only).
    w.objects["approved_match"] = MatchFactory(
        supply=published,
        demand=w["partner_demand"],
        status=Match.Status.APPROVED,
        reviewed_by=w.users[STAFF],
        reviewed_at=timezone.now(),
    )
    w.objects["proposed_match"] = MatchFactory(supply=published, demand=DemandListingFactory(enterprise=p))


def _orders(w: World) -> None:
    """Orders A sold to P in each status a seller's or answering step needs, and orders A bought from P
    (placed, shipped); the placed order sold has a message with a file."""
    a, p = w["enterprise"], w["partner"]
    owner, partner = w.users[OWNER], w.users[PARTNER]
    assert owner is not None and partner is not None

    def sold() -> Any:
        return OrderFactory(listing=w["published"], buyer=p)

    accepted = orders.order_accept(order=sold(), actor=owner)
    shipped = orders.order_ship(order=orders.order_accept(order=sold(), actor=owner), actor=owner)
    cancelling = orders.order_request_cancellation(
        order=orders.order_accept(order=sold(), actor=owner), actor=partner, reason="需求取消"
    )
    bought_shipped = OrderFactory(listing=w["partner_supply"], buyer=a)
    orders.order_accept(order=bought_shipped, actor=partner)
    orders.order_ship(order=bought_shipped, actor=partner)
    order = sold()
    message = threads.message_post(
        actor=owner, thread=order, body="图纸见附件", file=BytesIO(PNG), file_name="drawing.png"
    )
    w.objects.update(
        order=order,
        order_message=message,
        order_accepted=accepted,
        order_shipped=shipped,
        order_cancelling=cancelling,
        order_bought=OrderFactory(listing=w["partner_supply"], buyer=a),
        order_bought_shipped=bought_shipped,
    )


def _quotes(w: World) -> None:
    """A asks for quotes on its demand (P quoted twice over: one submitted, one shortlisted, one asked to
    reprice); A quotes on P's demand (with a file), once plainly and once asked to reprice."""
    a, p = w["enterprise"], w["partner"]
    owner, partner = w.users[OWNER], w.users[PARTNER]
    assert owner is not None and partner is not None
    rfq = QuoteRequestFactory(listing=DemandListingFactory(enterprise=a))
    quote = QuoteFactory(request=rfq, supplier=p)
    shortlisted = quotes.quote_shortlist(
        quote=QuoteFactory(request=rfq, supplier=EnterpriseFactory()), actor=owner
    )
    partner_rfq = QuoteRequestFactory(listing=w["partner_demand"])
    my_quote = QuoteFactory(request=partner_rfq, supplier=a)
    attachment = quotes.quote_add_attachment(quote=my_quote, actor=owner, file=png(), name="drawing.png")
    second_rfq = QuoteRequestFactory(listing=DemandListingFactory(enterprise=p))
    reprice_asked = quotes.quote_request_reprice(
        quote=QuoteFactory(request=second_rfq, supplier=a), actor=partner, note="请再优惠"
    )
    w.objects.update(
        # P's request nobody quoted on yet, for a new quote.
        open_rfq=QuoteRequestFactory(listing=DemandListingFactory(enterprise=p)),
        rfq=rfq,
        quote=quote,
        quote_shortlisted=shortlisted,
        partner_rfq=partner_rfq,
        my_quote=my_quote,
        quote_attachment=attachment,
        my_quote_reprice=reprice_asked,
    )


def _licences(w: World) -> None:
    """Licence and talent requests A sent to P and received from P, all waiting for an answer."""
    a, p = w["enterprise"], w["partner"]

    def request(holder: Enterprise, requester: Enterprise, kind: str) -> LicenceRequest:
        extra: dict[str, Any] = {"kind": kind}
        if kind == LicenceRequest.Kind.ENGAGEMENT:
            extra["mode"] = "recruitment"
        return LicenceRequestFactory(listing__enterprise=holder, requester=requester, **extra)

    w.objects.update(
        licence=request(p, a, LicenceRequest.Kind.LICENCE),
        licence_received=request(a, p, LicenceRequest.Kind.LICENCE),
        talent=request(p, a, LicenceRequest.Kind.ENGAGEMENT),
        talent_received=request(a, p, LicenceRequest.Kind.ENGAGEMENT),
        technology=ListingFactory(
            enterprise=p,
            kind=Kind.TECHNOLOGY,
            title="固态电解质专利",
            tech_trl=6,
            tech_transfer_mode="licence",
            **NOT_PRODUCT,
        ),
    )


def _financing(w: World) -> None:
    """Applications of A to bank K on K's offer: submitted (with a document and a message with a file),
    under review, asked for information, approved."""
    a, k = w["enterprise"], w["bank"]
    owner, bank = w.users[OWNER], w.users[BANK]
    assert owner is not None and bank is not None
    offer = FundingOfferFactory(enterprise=k)

    def application() -> Any:
        return FinancingApplicationFactory(offer=offer, applicant=a, submitted_by=owner)

    submitted = application()
    document = financing.application_add_document(
        application=submitted, actor=owner, kind="business_licence", file=pdf(), name="licence.pdf"
    )
    message = financing_messages.message_post(
        actor=owner, application=submitted, body="营业执照见附件", file=png(), file_name="licence.png"
    )
    reviewing = financing.application_start_review(application=application(), actor=bank)
    asked = financing.application_request_info(
        application=financing.application_start_review(application=application(), actor=bank),
        actor=bank,
        question="请提供近两年的财务报表。",
    )
    approved = financing.application_approve(
        application=financing.application_start_review(application=application(), actor=bank),
        actor=bank,
        amount=Decimal("2000000"),
        rate=Decimal("4.20"),
        term_months=12,
    )
    w.objects.update(
        offer=offer,
        application=submitted,
        application_document=document,
        application_message=message,
        application_reviewing=reviewing,
        application_asked=asked,
        application_approved=approved,
    )


def _information(w: World) -> None:
    """A live announcement with a file and a draft; a published event A, P, K and a third enterprise
    attend (P asked A for a meeting, A asked K), another A has not registered for, an unpublished one."""
    staff = w.users[STAFF]
    assert staff is not None
    live = AnnouncementFactory()
    attachment = news.announcement_attach(announcement=live, actor=staff, file=pdf(), name="policy.pdf")
    event = EventFactory(organiser=staff)
    slot = event.starts_at + datetime.timedelta(hours=1)
    third = EnterpriseFactory(name_en="Third attendee")
    for enterprise in (w["enterprise"], w["partner"], w["bank"], third):
        EventRegistrationFactory(event=event, enterprise=enterprise)
    meeting_in = MeetingRequestFactory(
        event=event,
        requester=w["partner"],
        invitee=w["enterprise"],
        listing=w["published"],
        proposed_slot=slot,
    )
    meeting_out = MeetingRequestFactory(
        event=event,
        requester=w["enterprise"],
        invitee=w["bank"],
        listing=w["offer"],
        proposed_slot=slot + datetime.timedelta(hours=1),
    )
    w.objects.update(
        announcement=live,
        announcement_draft=AnnouncementFactory(publish_at=None),
        announcement_attachment=attachment,
        event=event,
        # An attendee A has not asked for a meeting yet.
        attendee=third,
        event_open=EventFactory(organiser=staff),
        event_draft=EventFactory(published_at=None, organiser=staff),
        meeting_in=meeting_in,
        meeting_out=meeting_out,
    )
