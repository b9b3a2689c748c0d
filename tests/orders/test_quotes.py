"""Requests for quotes and quotes (services): opening, quoting, the cap and the deadline, one revision,
one revised price on request, shortlisting, the award that becomes an accepted order, cancellation,
attachments, what each side may do, and the buyer's comparison.

A vehicle maker (the buyer) opens its battery demand for quotes; three verified battery makers quote;
an outsider and a member of an unverified enterprise try what they may not.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from accounts.models import Enterprise, Membership, Notification, User
from listings.choices import Kind, Side
from listings.models import Listing
from matching.models import Match
from orders.models import Order, OrderEvent, Quote, QuoteAttachment, QuoteEvent, QuoteRequest
from orders.quote_selectors import quote_comparison, quote_requests_visible_to, quotes_visible_to
from orders.services import quotes as svc
from platform_site.errors import ApplicationError, Conflict, NotPermitted, TransitionNotAllowed
from tests.factories import (
    CertificationFactory,
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
    PendingEnterpriseFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

RStatus = QuoteRequest.Status
QStatus = Quote.Status
Action = QuoteEvent.Action
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
TODAY = timezone.localdate


def english(user: User) -> None:
    """Notifications are rendered in the recipient's language; these tests read them in English."""
    user.language = "en"
    user.save(update_fields=["language"])


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@dataclass
class Parties:
    buyer: Enterprise
    buyer_owner: Membership
    buyer_member: Membership
    suppliers: list[Membership]
    outsider: Membership
    unverified: Membership
    staff: User
    demand: Listing

    @property
    def s1(self) -> Membership:
        return self.suppliers[0]

    @property
    def s2(self) -> Membership:
        return self.suppliers[1]

    @property
    def s3(self) -> Membership:
        return self.suppliers[2]

    def open(self, **fields: Any) -> QuoteRequest:
        """The buyer's member opens the demand for quotes (a week, ten quotes unless told)."""
        fields.setdefault("deadline", in_days(7))
        return svc.quote_request_open(actor=self.buyer_member.user, listing=self.demand, **fields)

    def quote(self, rfq: QuoteRequest, supplier: Membership | None = None, **fields: Any) -> Quote:
        """A supplier's quote: 1,000 units at 390 CNY, 30 days, valid a month."""
        terms: dict[str, Any] = {
            "unit_price": Decimal("390.00"),
            "quantity": Decimal("1000"),
            "lead_time_days": 30,
            "valid_until": TODAY() + datetime.timedelta(days=30),
            "terms": "含税含运费，货到付款 30 天。",
        }
        terms.update(fields)
        return svc.quote_submit(actor=(supplier or self.s1).user, request=rfq, **terms)


def make_parties() -> Parties:
    buyer_owner = MembershipFactory(enterprise=EnterpriseFactory(name_en="Nanjing Vehicles Co."))
    buyer = buyer_owner.enterprise
    return Parties(
        buyer=buyer,
        buyer_owner=buyer_owner,
        buyer_member=MembershipFactory(enterprise=buyer, role=Membership.Role.MEMBER),
        suppliers=[MembershipFactory(enterprise=EnterpriseFactory(name_en=f"Cell Maker {n}")) for n in "ABC"],
        outsider=MembershipFactory(),
        unverified=MembershipFactory(enterprise=PendingEnterpriseFactory()),
        staff=StaffFactory(),
        demand=DemandListingFactory(enterprise=buyer, title="采购储能电芯 280Ah", quantity=Decimal("1000")),
    )


@pytest.fixture
def p() -> Parties:
    return make_parties()


@pytest.fixture
def rfq(p: Parties) -> QuoteRequest:
    return p.open()


def notices_of(member: Membership, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=member.user, kind=kind))


def errors_of(call: Callable[[], Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def reload(obj: Any) -> Any:
    obj.refresh_from_db()
    return obj


def pdf(name: str = "报价单.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(settings: Any) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- opening a demand for quotes -------------------------------------------------------------------


def test_the_owner_opens_a_published_demand_for_quotes(p: Parties) -> None:
    rfq = p.open(max_quotes=5, instructions="  请附 IATF 16949 证书。 ")

    assert rfq.status == RStatus.OPEN and rfq.accepting_quotes
    assert rfq.buyer == p.buyer and rfq.opened_by == p.buyer_member.user and rfq.listing == p.demand
    assert rfq.max_quotes == 5 and rfq.instructions == "请附 IATF 16949 证书。"
    event = rfq.events.get()
    assert (event.action, event.to_status, event.actor) == (Action.OPENED, "open", p.buyer_member.user)


def test_a_technology_demand_can_be_opened_too(p: Parties) -> None:
    tech = DemandListingFactory(enterprise=p.buyer, kind=Kind.TECHNOLOGY, quantity=None, unit="")
    rfq = svc.quote_request_open(actor=p.buyer_owner.user, listing=tech, deadline=in_days(3))
    assert rfq.status == RStatus.OPEN


@pytest.mark.parametrize("who", ["outsider", "supplier", "unverified"])
def test_only_the_verified_owner_opens_its_demand(p: Parties, who: str) -> None:
    actor = {"outsider": p.outsider, "supplier": p.s1, "unverified": p.unverified}[who].user
    with pytest.raises(NotPermitted):
        svc.quote_request_open(actor=actor, listing=p.demand, deadline=in_days(7))
    assert not QuoteRequest.objects.exists()


def test_an_unverified_owner_cannot_open_its_own_demand(p: Parties) -> None:
    pending = MembershipFactory(enterprise=PendingEnterpriseFactory())
    demand = DemandListingFactory(enterprise=pending.enterprise)
    with pytest.raises(NotPermitted):
        svc.quote_request_open(actor=pending.user, listing=demand, deadline=in_days(7))


@pytest.mark.parametrize(
    ("side", "kind"),
    [(Side.SUPPLY, Kind.PRODUCT), (Side.DEMAND, Kind.FUNDING), (Side.DEMAND, Kind.TALENT)],
)
def test_only_product_and_technology_demands_take_quotes(p: Parties, side: str, kind: str) -> None:
    factory = DemandListingFactory if side == Side.DEMAND else ListingFactory
    listing = factory(enterprise=p.buyer, kind=kind)
    with pytest.raises(ApplicationError) as caught:
        svc.quote_request_open(actor=p.buyer_owner.user, listing=listing, deadline=in_days(7))
    assert caught.value.status_code == 400 and "listing" in caught.value.fields
    assert not QuoteRequest.objects.exists()


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.CLOSED, Listing.Status.EXPIRED])
def test_an_unpublished_demand_cannot_be_opened(p: Parties, status: str) -> None:
    Listing.objects.filter(pk=p.demand.pk).update(status=status)
    with pytest.raises(TransitionNotAllowed):
        p.open()
    assert not QuoteRequest.objects.exists()


def test_bad_deadline_and_cap_are_field_errors(p: Parties) -> None:
    errors = errors_of(lambda: p.open(deadline=in_days(-1 / 24), max_quotes=0, instructions="x" * 2001))
    assert set(errors) == {"deadline", "max_quotes", "instructions"}
    assert "deadline" in errors_of(lambda: p.open(deadline=in_days(181)))
    assert "max_quotes" in errors_of(lambda: p.open(max_quotes=51))
    assert "deadline" in errors_of(lambda: p.open(deadline=datetime.datetime(2099, 1, 1)))
    assert not QuoteRequest.objects.exists()


def test_one_request_per_listing(p: Parties, rfq: QuoteRequest) -> None:
    with pytest.raises(Conflict) as caught:
        p.open()
    assert caught.value.code == "rfq_exists"
    assert QuoteRequest.objects.count() == 1 and rfq.events.count() == 1


def test_a_cancelled_request_without_quotes_is_reopened_in_its_row(p: Parties, rfq: QuoteRequest) -> None:
    svc.quote_request_cancel(request=rfq, actor=p.buyer_owner.user, reason="规格调整")

    reopened = p.open(deadline=in_days(10), max_quotes=3)

    assert reopened.pk == rfq.pk and reopened.status == RStatus.OPEN and reopened.closed_at is None
    assert reopened.max_quotes == 3
    assert [e.action for e in reopened.events.order_by("id")] == [
        Action.OPENED,
        Action.CANCELLED,
        Action.OPENED,
    ]
    assert reopened.events.order_by("id").last().from_status == "cancelled"  # type: ignore[union-attr]


def test_a_cancelled_request_with_quotes_stays_cancelled(p: Parties, rfq: QuoteRequest) -> None:
    p.quote(rfq)
    svc.quote_request_cancel(request=rfq, actor=p.buyer_owner.user)
    with pytest.raises(Conflict):
        p.open()
    assert reload(rfq).status == RStatus.CANCELLED


# --- submitting a quote ----------------------------------------------------------------------------


def test_a_supplier_quotes_and_the_buyer_is_told(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq, unit_price=Decimal("389.99"), quantity=Decimal("1000.5"))

    assert quote.status == QStatus.SUBMITTED and quote.supplier == p.s1.enterprise
    assert quote.submitted_by == p.s1.user
    assert quote.total == Decimal("390185.00")  # 1000.5 × 389.99 = 390184.995, half up to the fen
    event = quote.events.get()
    assert (event.action, event.to_status, event.request_id) == (Action.SUBMITTED, "submitted", rfq.pk)
    told = notices_of(p.buyer_owner, "quote.submitted")
    assert len(told) == 1 and "Cell Maker A" in told[0].title and "389.99" in told[0].body
    assert told[0].link == f"/rfq/{rfq.pk}/"
    # The buyer's plain member who opened the request hears of it too.
    assert notices_of(p.buyer_member, "quote.submitted")


def test_a_plain_number_is_accepted_as_a_price(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq, unit_price=380, quantity="12.5")
    assert quote.total == Decimal("4750.00")


def test_the_buyer_cannot_quote_on_its_own_request(p: Parties, rfq: QuoteRequest) -> None:
    with pytest.raises(ApplicationError) as caught:
        p.quote(rfq, p.buyer_owner)
    assert caught.value.code == "own_listing" and caught.value.status_code == 400
    assert not Quote.objects.exists()


def test_an_unverified_enterprise_cannot_quote(p: Parties, rfq: QuoteRequest) -> None:
    with pytest.raises(NotPermitted):
        p.quote(rfq, p.unverified)
    assert not Quote.objects.exists()


def test_one_quote_per_supplier(p: Parties, rfq: QuoteRequest) -> None:
    p.quote(rfq)
    with pytest.raises(Conflict) as caught:
        p.quote(rfq, unit_price=Decimal("380"))
    assert caught.value.code == "already_quoted"
    # Another member of the same enterprise is the same supplier.
    colleague = MembershipFactory(enterprise=p.s1.enterprise, role=Membership.Role.MEMBER)
    with pytest.raises(Conflict):
        p.quote(rfq, colleague)
    assert Quote.objects.count() == 1


def test_bad_terms_are_field_errors_and_nothing_is_written(p: Parties, rfq: QuoteRequest) -> None:
    errors = errors_of(
        lambda: p.quote(
            rfq,
            unit_price=Decimal("-1"),
            quantity=Decimal("0"),
            lead_time_days=-3,
            valid_until=TODAY() - datetime.timedelta(days=1),
            terms="x" * 4001,
        )
    )
    assert set(errors) == {"unit_price", "quantity", "lead_time_days", "valid_until", "terms"}
    assert "unit_price" in errors_of(lambda: p.quote(rfq, unit_price=Decimal("1.001")))
    assert "unit_price" in errors_of(lambda: p.quote(rfq, unit_price="abc"))
    assert "quantity" in errors_of(lambda: p.quote(rfq, quantity=Decimal("-5")))
    assert "quantity" in errors_of(lambda: p.quote(rfq, quantity=Decimal("1e15"), unit_price=Decimal("1e6")))
    assert not Quote.objects.exists() and not QuoteEvent.objects.filter(action=Action.SUBMITTED).exists()
    assert not Notification.objects.filter(kind="quote.submitted").exists()


def test_a_closed_or_past_deadline_request_takes_no_quote(p: Parties, rfq: QuoteRequest) -> None:
    QuoteRequest.objects.filter(pk=rfq.pk).update(deadline=in_days(-0.01))
    with pytest.raises(TransitionNotAllowed) as caught:
        p.quote(rfq)  # still "open" until the periodic task runs, but past its deadline
    assert caught.value.code == "quotes_closed"
    svc.quote_requests_close_due()
    with pytest.raises(TransitionNotAllowed):
        p.quote(rfq, p.s2)
    assert not Quote.objects.exists()


def test_a_demand_taken_off_the_catalogue_takes_no_quote(p: Parties, rfq: QuoteRequest) -> None:
    Listing.objects.filter(pk=p.demand.pk).update(status=Listing.Status.CLOSED)
    with pytest.raises(TransitionNotAllowed):
        p.quote(rfq)


def test_the_quote_that_reaches_the_cap_closes_the_request(p: Parties) -> None:
    english(p.buyer_owner.user)
    rfq = p.open(max_quotes=2)
    p.quote(rfq, p.s1)
    assert reload(rfq).status == RStatus.OPEN
    p.quote(rfq, p.s2)

    rfq.refresh_from_db()
    assert rfq.status == RStatus.CLOSED and rfq.closed_at is not None
    closed = rfq.events.get(action=Action.CLOSED)
    assert closed.quote is None and closed.actor == p.s2.user
    told = notices_of(p.buyer_owner, "quote.request_closed")
    assert len(told) == 1 and "2 received" in told[0].title
    with pytest.raises(TransitionNotAllowed):
        p.quote(rfq, p.s3)
    assert rfq.quotes.count() == 2


def test_a_withdrawn_quote_does_not_count_against_the_cap(p: Parties) -> None:
    rfq = p.open(max_quotes=2)
    first = p.quote(rfq, p.s1)
    svc.quote_withdraw(quote=first, actor=p.s1.user)
    p.quote(rfq, p.s2)
    assert reload(rfq).status == RStatus.OPEN
    p.quote(rfq, p.s3)
    assert reload(rfq).status == RStatus.CLOSED


def test_a_quote_from_an_approved_match_moves_the_match_to_quoted(p: Parties, rfq: QuoteRequest) -> None:
    supply = ListingFactory(enterprise=p.s1.enterprise)
    match = MatchFactory(
        supply=supply, demand=p.demand, status=Match.Status.APPROVED, reviewed_at=timezone.now()
    )

    quote = p.quote(rfq, match=match)

    assert quote.match == match and reload(match).quoted_at is not None


def test_a_match_of_another_supplier_is_refused(p: Parties, rfq: QuoteRequest) -> None:
    theirs = MatchFactory(
        supply=ListingFactory(enterprise=p.s2.enterprise),
        demand=p.demand,
        status=Match.Status.APPROVED,
        reviewed_at=timezone.now(),
    )
    proposed = MatchFactory(supply=ListingFactory(enterprise=p.s1.enterprise), demand=p.demand)
    for match in (theirs, proposed):
        with pytest.raises(NotPermitted):
            p.quote(rfq, match=match)
    assert not Quote.objects.exists()


# --- the deadline ----------------------------------------------------------------------------------


def test_requests_past_their_deadline_close_and_the_buyer_is_told(p: Parties, rfq: QuoteRequest) -> None:
    english(p.buyer_owner.user)
    p.quote(rfq)
    later = DemandListingFactory(enterprise=p.buyer)
    still_open = svc.quote_request_open(actor=p.buyer_owner.user, listing=later, deadline=in_days(10))

    assert svc.quote_requests_close_due(now=in_days(1)) == 0
    assert svc.quote_requests_close_due(now=in_days(8)) == 1

    assert reload(rfq).status == RStatus.CLOSED and rfq.closed_at is not None
    assert rfq.events.get(action=Action.CLOSED).actor is None
    told = notices_of(p.buyer_owner, "quote.request_closed")
    assert len(told) == 1 and "1 received" in told[0].title
    # Run again: nothing more to close, nothing told twice; the later request closes when its time comes.
    assert svc.quote_requests_close_due(now=in_days(1)) == 0
    assert reload(still_open).status == RStatus.OPEN


def test_the_periodic_task_closes_due_requests(p: Parties, rfq: QuoteRequest) -> None:
    from orders.tasks import close_quote_requests

    QuoteRequest.objects.filter(pk=rfq.pk).update(deadline=in_days(-1))
    assert close_quote_requests.delay().get() == 1
    assert reload(rfq).status == RStatus.CLOSED


def test_a_closed_request_can_still_be_compared_and_awarded(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    svc.quote_requests_close_due(now=in_days(8))
    svc.quote_shortlist(quote=quote, actor=p.buyer_owner.user)
    order = svc.quote_award(quote=quote, actor=p.buyer_owner.user)
    assert order.status == Order.Status.ACCEPTED and reload(rfq).status == RStatus.AWARDED


# --- one revision ----------------------------------------------------------------------------------


def test_the_supplier_revises_once_before_the_deadline(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)

    revised = svc.quote_revise(
        quote=quote, actor=p.s1.user, unit_price=Decimal("375.50"), lead_time_days=25, terms="含税"
    )

    assert revised.unit_price == Decimal("375.50") and revised.total == Decimal("375500.00")
    assert revised.lead_time_days == 25 and revised.terms == "含税" and revised.revised_at is not None
    event = revised.events.get(action=Action.REVISED)
    assert "390.00 → 375.50" in event.note and event.actor == p.s1.user
    assert notices_of(p.buyer_owner, "quote.revised")
    with pytest.raises(TransitionNotAllowed) as caught:
        svc.quote_revise(quote=quote, actor=p.s1.user, unit_price=Decimal("370"))
    assert caught.value.code == "already_revised"
    assert reload(quote).unit_price == Decimal("375.50")


def test_a_revision_must_change_something_valid(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    assert "__all__" in errors_of(
        lambda: svc.quote_revise(quote=quote, actor=p.s1.user, unit_price=Decimal("390"))
    )
    assert "quantity" in errors_of(
        lambda: svc.quote_revise(quote=quote, actor=p.s1.user, quantity=Decimal("0"))
    )
    past = TODAY() - datetime.timedelta(days=1)
    assert "valid_until" in errors_of(
        lambda: svc.quote_revise(quote=quote, actor=p.s1.user, valid_until=past)
    )
    quote.refresh_from_db()
    assert quote.revised_at is None and quote.quantity == Decimal("1000")
    assert not quote.events.filter(action=Action.REVISED).exists()


def test_no_revision_after_the_deadline_or_once_closed(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    QuoteRequest.objects.filter(pk=rfq.pk).update(deadline=in_days(-0.01))
    with pytest.raises(TransitionNotAllowed):
        svc.quote_revise(quote=quote, actor=p.s1.user, unit_price=Decimal("380"))
    assert reload(quote).revised_at is None


@pytest.mark.parametrize("who", ["buyer", "other_supplier", "outsider", "unverified"])
def test_only_the_supplier_revises(p: Parties, rfq: QuoteRequest, who: str) -> None:
    quote = p.quote(rfq)
    actor = {
        "buyer": p.buyer_owner,
        "other_supplier": p.s2,
        "outsider": p.outsider,
        "unverified": p.unverified,
    }
    with pytest.raises(NotPermitted):
        svc.quote_revise(quote=quote, actor=actor[who].user, unit_price=Decimal("1"))
    assert reload(quote).unit_price == Decimal("390.00")


# --- withdrawal ------------------------------------------------------------------------------------


def test_the_supplier_withdraws_its_quote(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    with pytest.raises(NotPermitted):
        svc.quote_withdraw(quote=quote, actor=p.buyer_owner.user)

    svc.quote_withdraw(quote=quote, actor=p.s1.user, reason="产能不足")

    assert reload(quote).status == QStatus.WITHDRAWN and quote.decided_at is not None
    assert quote.events.get(action=Action.WITHDRAWN).note == "产能不足"
    assert notices_of(p.buyer_owner, "quote.withdrawn")
    with pytest.raises(TransitionNotAllowed):
        svc.quote_withdraw(quote=quote, actor=p.s1.user)
    for call in (
        lambda: svc.quote_revise(quote=quote, actor=p.s1.user, unit_price=Decimal("1")),
        lambda: svc.quote_shortlist(quote=quote, actor=p.buyer_owner.user),
        lambda: svc.quote_award(quote=quote, actor=p.buyer_owner.user),
    ):
        with pytest.raises(TransitionNotAllowed):
            call()


# --- shortlist -------------------------------------------------------------------------------------


def test_the_buyer_shortlists_and_unshortlists(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    for who in (p.s1, p.outsider, p.unverified):
        with pytest.raises(NotPermitted):
            svc.quote_shortlist(quote=quote, actor=who.user)

    svc.quote_shortlist(quote=quote, actor=p.buyer_member.user)
    assert reload(quote).status == QStatus.SHORTLISTED
    told = notices_of(p.s1, "quote.shortlisted")
    assert len(told) == 1 and told[0].link == f"/quotes/{quote.pk}/"
    with pytest.raises(TransitionNotAllowed):
        svc.quote_shortlist(quote=quote, actor=p.buyer_member.user)

    svc.quote_unshortlist(quote=quote, actor=p.buyer_owner.user)
    assert reload(quote).status == QStatus.SUBMITTED
    with pytest.raises(TransitionNotAllowed):
        svc.quote_unshortlist(quote=quote, actor=p.buyer_owner.user)
    assert [e.action for e in quote.events.order_by("id")] == [
        Action.SUBMITTED,
        Action.SHORTLISTED,
        Action.UNSHORTLISTED,
    ]
    assert len(notices_of(p.s1, "quote.shortlisted")) == 1  # taken off: not announced


# --- a revised price on request --------------------------------------------------------------------


def test_the_buyer_asks_once_and_the_supplier_answers_once(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    with pytest.raises(TransitionNotAllowed) as caught:
        svc.quote_reprice(quote=quote, actor=p.s1.user, unit_price=Decimal("380"))
    assert caught.value.code == "reprice_not_requested"
    with pytest.raises(NotPermitted):
        svc.quote_request_reprice(quote=quote, actor=p.s1.user, note="")

    svc.quote_request_reprice(quote=quote, actor=p.buyer_owner.user, note="目标价 370 元")

    assert reload(quote).reprice_requested_at is not None and quote.reprice_note == "目标价 370 元"
    asked = notices_of(p.s1, "quote.reprice_requested")
    assert len(asked) == 1 and asked[0].body == "目标价 370 元"
    with pytest.raises(TransitionNotAllowed):
        svc.quote_request_reprice(quote=quote, actor=p.buyer_owner.user, note="再降一点")
    with pytest.raises(NotPermitted):
        svc.quote_reprice(quote=quote, actor=p.buyer_owner.user, unit_price=Decimal("1"))
    assert "unit_price" in errors_of(lambda: svc.quote_reprice(quote=quote, actor=p.s1.user, unit_price=-1))

    # The answer is allowed after the deadline: the buyer asked for it.
    svc.quote_requests_close_due(now=in_days(8))
    svc.quote_reprice(quote=quote, actor=p.s1.user, unit_price=Decimal("372.00"))

    quote.refresh_from_db()
    assert quote.unit_price == Decimal("372.00") and quote.previous_unit_price == Decimal("390.00")
    assert quote.total == Decimal("372000.00") and quote.repriced_at is not None
    assert quote.events.get(action=Action.REPRICED).note == "390.00 → 372.00"
    assert notices_of(p.buyer_owner, "quote.repriced")
    with pytest.raises(TransitionNotAllowed):
        svc.quote_reprice(quote=quote, actor=p.s1.user, unit_price=Decimal("360"))


# --- the award -------------------------------------------------------------------------------------


def test_the_award_creates_an_accepted_order_and_settles_the_others(p: Parties, rfq: QuoteRequest) -> None:
    winner = p.quote(rfq, p.s1, unit_price=Decimal("380.00"))
    loser = p.quote(rfq, p.s2, unit_price=Decimal("395.00"))
    shortlisted_loser = p.quote(rfq, p.s3, unit_price=Decimal("399.00"))
    svc.quote_shortlist(quote=shortlisted_loser, actor=p.buyer_owner.user)
    withdrawn = p.quote(rfq, MembershipFactory(), unit_price=Decimal("1.00"))
    svc.quote_withdraw(quote=withdrawn, actor=withdrawn.submitted_by)  # type: ignore[arg-type]

    order = svc.quote_award(quote=winner, actor=p.buyer_member.user, delivery_address="南京市江宁区 1 号")

    assert order.status == Order.Status.ACCEPTED and order.accepted_at is not None
    assert (order.buyer, order.seller, order.listing) == (p.buyer, p.s1.enterprise, p.demand)
    assert (
        order.quote == winner and order.unit_price == Decimal("380.00") and order.quantity == Decimal("1000")
    )
    assert order.total == Decimal("380000.00") and order.delivery_address == "南京市江宁区 1 号"
    assert order.events.get().action == OrderEvent.Action.AWARDED
    assert reload(winner).status == QStatus.AWARDED and winner.decided_at is not None
    assert reload(loser).status == QStatus.NOT_SELECTED
    assert reload(shortlisted_loser).status == QStatus.NOT_SELECTED
    assert reload(withdrawn).status == QStatus.WITHDRAWN
    assert reload(rfq).status == RStatus.AWARDED and rfq.closed_at is not None
    # Who was told what
    awarded = notices_of(p.s1, "quote.awarded")
    assert len(awarded) == 1 and f"#{order.pk}" in awarded[0].body
    assert notices_of(p.s2, "quote.not_selected") and notices_of(p.s3, "quote.not_selected")
    assert not notices_of(p.s1, "quote.not_selected")
    assert Notification.objects.filter(kind="quote.not_selected").count() == 2
    assert rfq.events.filter(action=Action.NOT_SELECTED).count() == 2
    assert rfq.events.filter(action=Action.AWARDED, quote__isnull=True).get().from_status == "open"


def test_after_the_award_nothing_else_happens(p: Parties, rfq: QuoteRequest) -> None:
    winner, other = p.quote(rfq, p.s1), p.quote(rfq, p.s2)
    svc.quote_award(quote=winner, actor=p.buyer_owner.user)
    for call in (
        lambda: svc.quote_award(quote=other, actor=p.buyer_owner.user),
        lambda: svc.quote_award(quote=winner, actor=p.buyer_owner.user),
        lambda: svc.quote_withdraw(quote=winner, actor=p.s1.user),
        lambda: svc.quote_request_reprice(quote=winner, actor=p.buyer_owner.user, note=""),
        lambda: svc.quote_request_cancel(request=rfq, actor=p.buyer_owner.user),
        lambda: p.quote(rfq, p.s3),
    ):
        with pytest.raises(TransitionNotAllowed):
            call()
    assert Order.objects.count() == 1
    with pytest.raises(TransitionNotAllowed):
        svc.quote_add_attachment(quote=winner, actor=p.s1.user, file=pdf(), name="x.pdf")


@pytest.mark.parametrize("who", ["supplier", "other_supplier", "outsider", "unverified"])
def test_only_the_buyer_awards(p: Parties, rfq: QuoteRequest, who: str) -> None:
    quote = p.quote(rfq)
    p.quote(rfq, p.s2)
    actor = {"supplier": p.s1, "other_supplier": p.s2, "outsider": p.outsider, "unverified": p.unverified}
    with pytest.raises(NotPermitted):
        svc.quote_award(quote=quote, actor=actor[who].user)
    assert not Order.objects.exists() and reload(quote).status == QStatus.SUBMITTED
    assert reload(rfq).status == RStatus.OPEN


def test_an_award_from_a_match_moves_the_match_to_ordered(p: Parties, rfq: QuoteRequest) -> None:
    supply = ListingFactory(enterprise=p.s1.enterprise)
    match = MatchFactory(
        supply=supply, demand=p.demand, status=Match.Status.APPROVED, reviewed_at=timezone.now()
    )
    quote = p.quote(rfq, match=match)
    order = svc.quote_award(quote=quote, actor=p.buyer_owner.user)
    assert order.match == match and reload(match).ordered_at is not None


def test_an_overlong_delivery_address_is_refused_before_anything_changes(
    p: Parties, rfq: QuoteRequest
) -> None:
    quote = p.quote(rfq)
    assert "delivery_address" in errors_of(
        lambda: svc.quote_award(quote=quote, actor=p.buyer_owner.user, delivery_address="x" * 301)
    )
    assert reload(quote).status == QStatus.SUBMITTED and not Order.objects.exists()


# --- cancellation ----------------------------------------------------------------------------------


def test_the_buyer_cancels_and_the_active_suppliers_are_told(p: Parties, rfq: QuoteRequest) -> None:
    active = p.quote(rfq, p.s1)
    withdrawn = p.quote(rfq, p.s2)
    svc.quote_withdraw(quote=withdrawn, actor=p.s2.user)
    for who in (p.s1, p.outsider, p.unverified):
        with pytest.raises(NotPermitted):
            svc.quote_request_cancel(request=rfq, actor=who.user, reason="x")

    svc.quote_request_cancel(request=rfq, actor=p.buyer_owner.user, reason="项目取消")

    assert reload(rfq).status == RStatus.CANCELLED and rfq.closed_at is not None
    assert rfq.events.get(action=Action.CANCELLED).note == "项目取消"
    assert reload(active).status == QStatus.NOT_SELECTED and reload(withdrawn).status == QStatus.WITHDRAWN
    assert notices_of(p.s1, "quote.not_selected") and not notices_of(p.s2, "quote.not_selected")
    with pytest.raises(TransitionNotAllowed):
        svc.quote_request_cancel(request=rfq, actor=p.buyer_owner.user)
    with pytest.raises(TransitionNotAllowed):
        svc.quote_award(quote=active, actor=p.buyer_owner.user)


def test_a_closed_request_can_be_cancelled(p: Parties, rfq: QuoteRequest) -> None:
    svc.quote_requests_close_due(now=in_days(8))
    svc.quote_request_cancel(request=rfq, actor=p.buyer_owner.user)
    assert reload(rfq).status == RStatus.CANCELLED


# --- attachments -----------------------------------------------------------------------------------


def test_the_supplier_attaches_a_checked_file(p: Parties, rfq: QuoteRequest, settings: Any) -> None:
    quote = p.quote(rfq)

    attachment = svc.quote_add_attachment(quote=quote, actor=p.s1.user, file=pdf(), name="报价单.pdf")

    assert attachment.original_name == "报价单.pdf" and attachment.content_type == "application/pdf"
    assert attachment.size == len(PDF) and attachment.uploaded_by == p.s1.user
    assert attachment.file.name.startswith("quotes/") and attachment.file.name.endswith(".pdf")
    assert "报价单" not in attachment.file.name
    assert [path.read_bytes() for path in stored_files(settings)] == [PDF]


def test_a_wrong_or_refused_file_stores_nothing(p: Parties, rfq: QuoteRequest, settings: Any) -> None:
    quote = p.quote(rfq)
    fake = SimpleUploadedFile("报价单.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert "file" in errors_of(
        lambda: svc.quote_add_attachment(quote=quote, actor=p.s1.user, file=fake, name="x")
    )
    empty = SimpleUploadedFile("empty.pdf", b"")
    assert "file" in errors_of(
        lambda: svc.quote_add_attachment(quote=quote, actor=p.s1.user, file=empty, name="x")
    )
    settings.ORDER_FILE_MAX_BYTES = 10
    assert "file" in errors_of(
        lambda: svc.quote_add_attachment(quote=quote, actor=p.s1.user, file=pdf(), name="x")
    )
    for who in (p.buyer_owner, p.s2, p.outsider):
        with pytest.raises(NotPermitted):
            svc.quote_add_attachment(quote=quote, actor=who.user, file=pdf(), name="x.pdf")
    assert not QuoteAttachment.objects.exists() and stored_files(settings) == []


def test_a_quote_has_a_limited_number_of_attachments(p: Parties, rfq: QuoteRequest, settings: Any) -> None:
    settings.QUOTE_ATTACHMENT_MAX_COUNT = 2
    quote = p.quote(rfq)
    for _ in range(2):
        svc.quote_add_attachment(quote=quote, actor=p.s1.user, file=pdf(), name="a.pdf")
    assert "file" in errors_of(
        lambda: svc.quote_add_attachment(quote=quote, actor=p.s1.user, file=pdf(), name="c")
    )
    assert quote.attachments.count() == 2 and len(stored_files(settings)) == 2


# --- what each side may do -------------------------------------------------------------------------


def test_the_actions_offered_follow_the_state_and_the_side(p: Parties, rfq: QuoteRequest) -> None:
    quote = p.quote(rfq)
    buyer, supplier, outsider = p.buyer.pk, p.s1.enterprise_id, p.outsider.enterprise_id

    assert svc.quote_actions(quote, supplier) == ["revise", "withdraw", "attach"]
    assert svc.quote_actions(quote, buyer) == ["shortlist", "request_reprice", "award"]
    assert svc.quote_actions(quote, outsider) == [] and svc.quote_actions(quote, None) == []
    assert svc.quote_request_actions(rfq, buyer) == ["cancel"]
    assert svc.quote_request_actions(rfq, supplier) == []

    svc.quote_shortlist(quote=quote, actor=p.buyer_owner.user)
    svc.quote_request_reprice(quote=quote, actor=p.buyer_owner.user, note="")
    quote = svc.quote_revise(quote=quote, actor=p.s1.user, lead_time_days=20)
    assert svc.quote_actions(reload(quote), supplier) == ["withdraw", "reprice", "attach"]
    assert svc.quote_actions(quote, buyer) == ["unshortlist", "award"]

    svc.quote_award(quote=quote, actor=p.buyer_owner.user)
    quote = Quote.objects.select_related("request").get(pk=quote.pk)
    assert svc.quote_actions(quote, supplier) == [] and svc.quote_actions(quote, buyer) == []
    assert svc.quote_request_actions(quote.request, buyer) == []


# --- who sees what ---------------------------------------------------------------------------------


def test_only_the_parties_and_staff_see_a_quote(p: Parties, rfq: QuoteRequest) -> None:
    mine, theirs = p.quote(rfq, p.s1), p.quote(rfq, p.s2)
    assert set(quotes_visible_to(p.buyer_member.user)) == {mine, theirs}
    assert set(quotes_visible_to(p.s1.user)) == {mine}
    assert set(quotes_visible_to(p.outsider.user)) == set()
    assert set(quotes_visible_to(p.staff)) == {mine, theirs}
    colleague = MembershipFactory(enterprise=p.s1.enterprise, role=Membership.Role.MEMBER)
    assert set(quotes_visible_to(colleague.user)) == {mine}


def test_open_requests_are_public_to_members_decided_ones_to_the_parties(
    p: Parties, rfq: QuoteRequest
) -> None:
    quote = p.quote(rfq, p.s1)
    assert rfq in quote_requests_visible_to(p.outsider.user)
    assert rfq in quote_requests_visible_to(p.unverified.user)
    svc.quote_award(quote=quote, actor=p.buyer_owner.user)
    assert rfq not in quote_requests_visible_to(p.outsider.user)
    assert rfq in quote_requests_visible_to(p.s1.user) and rfq in quote_requests_visible_to(
        p.buyer_owner.user
    )
    assert rfq in quote_requests_visible_to(p.staff)
    assert not quote_requests_visible_to(UserFactory()).exists()  # no enterprise


# --- the comparison --------------------------------------------------------------------------------


def test_the_comparison_shows_each_quote_side_by_side(
    p: Parties, rfq: QuoteRequest, django_assert_max_num_queries: Any
) -> None:
    CertificationFactory(enterprise=p.s1.enterprise, standard="IATF 16949")
    CertificationFactory(
        enterprise=p.s1.enterprise, standard="ISO 9001", valid_until=TODAY() - datetime.timedelta(days=1)
    )
    CertificationFactory(enterprise=p.s2.enterprise, standard="ISO 14001", valid_until=TODAY())
    supply = ListingFactory(enterprise=p.s1.enterprise)
    MatchFactory(supply=supply, demand=p.demand, score=0.91)
    MatchFactory(supply=ListingFactory(enterprise=p.s1.enterprise), demand=p.demand, score=0.72)
    MatchFactory(
        supply=ListingFactory(enterprise=p.s2.enterprise),
        demand=p.demand,
        score=0.99,
        status=Match.Status.REJECTED,
        reviewed_at=timezone.now(),
    )
    a = p.quote(rfq, p.s1, unit_price=Decimal("395.00"), lead_time_days=20)
    b = p.quote(rfq, p.s2, unit_price=Decimal("380.00"), lead_time_days=45)
    c = p.quote(rfq, p.s3, unit_price=Decimal("1.00"))
    svc.quote_withdraw(quote=c, actor=p.s3.user)
    svc.quote_add_attachment(quote=a, actor=p.s1.user, file=pdf(), name="a.pdf")
    svc.quote_request_reprice(quote=b, actor=p.buyer_owner.user, note="")
    for supplier in [MembershipFactory() for _ in range(3)]:
        p.quote(rfq, supplier)

    with django_assert_max_num_queries(3):
        rows = quote_comparison(rfq)

    by_quote = {row.quote.pk: row for row in rows}
    assert rows[0].quote == b and rows[-1].quote == c  # cheapest total first, the withdrawn one last
    row_a, row_b, row_c = by_quote[a.pk], by_quote[b.pk], by_quote[c.pk]
    assert (
        row_a.supplier == p.s1.enterprise.display_name and row_a.region == p.s1.enterprise.region.display_name
    )
    assert (row_a.unit_price, row_a.quantity, row_a.total) == (
        Decimal("395.00"),
        Decimal("1000"),
        Decimal("395000.00"),
    )
    assert row_a.certifications == ["IATF 16949"] and row_b.certifications == ["ISO 14001"]
    assert (
        row_a.match_score == pytest.approx(0.91) and row_b.match_score is None and row_c.match_score is None
    )
    assert row_a.attachments == 1 and row_b.attachments == 0
    assert row_b.cheapest and not row_a.cheapest and row_a.fastest and not row_c.cheapest
    assert row_b.reprice_requested and not row_b.repriced and not row_a.revised
    assert row_c.status == "withdrawn" and row_c.status_label == "Withdrawn"


# --- races on PostgreSQL ---------------------------------------------------------------------------
# SQLite serialises every write, so these only mean something on PostgreSQL's row locks.


def race(*attempts: Callable[[], Any]) -> list[Any]:
    """Run the attempts in threads released at the same moment; each result or the error it raised."""
    barrier = threading.Barrier(len(attempts))
    results: list[Any] = [None] * len(attempts)

    def run(index: int, attempt: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = attempt()
        except ApplicationError as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


class TestRaces:
    """Threads started together with real transactions: exactly one winner, the cap never passed."""

    pytestmark = [
        pytest.mark.django_db(transaction=True),
        pytest.mark.usefixtures("loaded_regions"),
        pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"),
    ]

    def test_racing_submissions_never_pass_the_cap(self) -> None:
        p = make_parties()
        rfq = p.open(max_quotes=3)
        suppliers = [MembershipFactory() for _ in range(8)]

        results = race(*[lambda s=s: p.quote(rfq, s) for s in suppliers])

        quotes = [r for r in results if isinstance(r, Quote)]
        refused = [r for r in results if isinstance(r, ApplicationError)]
        assert len(quotes) == 3 and len(refused) == 5
        assert {r.code for r in refused} == {"quotes_closed"}
        assert reload(rfq).status == RStatus.CLOSED and rfq.quotes.count() == 3
        assert rfq.events.filter(action=Action.CLOSED).count() == 1

    def test_two_members_of_one_supplier_quote_once(self) -> None:
        p = make_parties()
        rfq = p.open()
        colleague = MembershipFactory(enterprise=p.s1.enterprise, role=Membership.Role.ADMIN)

        results = race(lambda: p.quote(rfq, p.s1), lambda: p.quote(rfq, colleague))

        assert sum(isinstance(r, Quote) for r in results) == 1
        assert [r.code for r in results if isinstance(r, ApplicationError)] == ["already_quoted"]
        assert rfq.quotes.count() == 1

    def test_two_awards_at_once_make_one_order(self) -> None:
        p = make_parties()
        rfq = p.open()
        first, second = p.quote(rfq, p.s1), p.quote(rfq, p.s2)

        results = race(
            lambda: svc.quote_award(quote=first, actor=p.buyer_owner.user),
            lambda: svc.quote_award(quote=second, actor=p.buyer_member.user),
        )

        orders = [r for r in results if isinstance(r, Order)]
        assert len(orders) == 1 and sum(isinstance(r, TransitionNotAllowed) for r in results) == 1
        assert Order.objects.count() == 1
        statuses = sorted(Quote.objects.values_list("status", flat=True))
        assert statuses == [QStatus.AWARDED, QStatus.NOT_SELECTED]

    def test_award_against_withdrawal_has_one_winner(self) -> None:
        p = make_parties()
        rfq = p.open()
        quote = p.quote(rfq, p.s1)

        results = race(
            lambda: svc.quote_award(quote=quote, actor=p.buyer_owner.user),
            lambda: svc.quote_withdraw(quote=quote, actor=p.s1.user),
        )

        assert sum(isinstance(r, TransitionNotAllowed) for r in results) == 1
        quote.refresh_from_db()
        if quote.status == QStatus.AWARDED:
            assert Order.objects.filter(quote=quote).count() == 1
        else:
            assert quote.status == QStatus.WITHDRAWN and not Order.objects.exists()
            assert reload(rfq).status == RStatus.OPEN
