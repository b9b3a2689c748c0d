"""The demo's business: orders, a request for quotes, licence and talent requests between the demo logins'
enterprises, made through the services as members would make them, so that every business page of
`make run` has something to show and something to answer.

- The vehicle maker ordered three times from the component maker: one order awaits the component
  maker's answer, one is shipped and awaits the vehicle maker's confirmation of receipt, one is completed.
- A buyer of the launch catalogue asks for quotes on a product demand; the component maker and another
  supplier have quoted.
- The vehicle maker asks the university for a licence (awaiting its answer); the component maker engaged
  the research institute's battery team (accepted).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Enterprise, Membership, Notification, User
from accounts.taxonomy import Theme
from listings.choices import Kind, Side
from listings.models import Listing
from orders.models import EngagementMode, Order
from orders.services import licences, messages, orders, quotes
from orders.services.orders import OrderTerms, default_unit_price
from seeds.demo import DEMO_DOMAIN


def _login(theme: str) -> User | None:
    return User.objects.filter(email=f"{theme}@{DEMO_DOMAIN}").first()


def _published(enterprise_id: int, side: str, kind: str) -> list[Listing]:
    return list(
        Listing.objects.filter(
            enterprise_id=enterprise_id, side=side, kind=kind, status=Listing.Status.PUBLISHED
        )
        .select_related("enterprise", "region")
        .order_by("pk")
    )


def _order(buyer: User, listing: Listing, quantity: Decimal, note: str = "") -> Order:
    price = default_unit_price(listing) or listing.price_min or listing.price_max or Decimal("1")
    enterprise = buyer.membership.enterprise
    terms = OrderTerms(
        quantity=max(quantity, listing.min_order_quantity or Decimal("1")),
        unit_price=price,
        delivery_region=enterprise.region,
        delivery_address=enterprise.address or f"{enterprise.region.name_zh}经济技术开发区",
        requested_delivery_date=timezone.localdate() + datetime.timedelta(days=45),
        note=note,
    )
    return orders.order_place(actor=buyer, listing=listing, terms=terms)


def _seed_orders(vehicle: User, components: User) -> int:
    supplies = [
        s for s in _published(components.membership.enterprise_id, Side.SUPPLY, Kind.PRODUCT) if s.quantity
    ]
    if len(supplies) < 3:
        return 0
    waiting = _order(vehicle, supplies[0], Decimal("2000"), "新车型 2025 年第三季度投产，请确认交期。")
    messages.message_post(actor=vehicle, thread=waiting, body="请确认首批 2000 套能否在 45 天内交付。")
    shipped = _order(vehicle, supplies[1], Decimal("5000"))
    orders.order_accept(order=shipped, actor=components)
    orders.order_ship(order=shipped, actor=components, note="德邦物流 DPK2025091800123")
    done = _order(vehicle, supplies[2], Decimal("1200"))
    orders.order_accept(order=done, actor=components)
    orders.order_ship(order=done, actor=components, note="自有车队配送")
    orders.order_mark_delivered(order=done, actor=components)
    orders.order_confirm_receipt(order=done, actor=vehicle, note="已验收入库")
    return 3


def _other_supplier(*, besides: set[int]) -> User | None:
    """The owner of a verified component maker other than these enterprises."""
    membership = (
        Membership.objects.filter(
            role=Membership.Role.OWNER,
            enterprise__status=Enterprise.Status.VERIFIED,
            enterprise__theme=Theme.COMPONENT_MAKER,
        )
        .exclude(enterprise_id__in=besides | _login_enterprises())
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _login_enterprises() -> set[int]:
    emails = [f"{theme}@{DEMO_DOMAIN}" for theme in Theme.values]
    return set(Membership.objects.filter(user__email__in=emails).values_list("enterprise_id", flat=True))


def _seed_quotes(components: User) -> int:
    mine = components.membership.enterprise_id
    demand = (
        Listing.objects.filter(
            side=Side.DEMAND, kind=Kind.PRODUCT, status=Listing.Status.PUBLISHED, quantity__isnull=False
        )
        .exclude(enterprise_id__in=_login_enterprises())
        .order_by("pk")
        .first()
    )
    buyer = (
        Membership.objects.filter(enterprise_id=demand.enterprise_id, role=Membership.Role.OWNER).first()
        if demand
        else None
    )
    if demand is None or buyer is None:
        return 0
    rfq = quotes.quote_request_open(
        actor=buyer.user,
        listing=demand,
        deadline=timezone.now() + datetime.timedelta(days=14),
        max_quotes=5,
        instructions="请注明含税单价、交货期与质保条款。",
    )
    budget = demand.price_max or demand.price_min or Decimal("1000")
    quantity = demand.quantity or Decimal("1")
    suppliers = [components, _other_supplier(besides={mine, demand.enterprise_id})]
    for n, supplier in enumerate(s for s in suppliers if s is not None):
        quotes.quote_submit(
            actor=supplier,
            request=rfq,
            unit_price=(budget * Decimal(("0.92", "0.97")[n % 2])).quantize(Decimal("0.01")),
            quantity=quantity,
            lead_time_days=(30, 21)[n % 2],
            valid_until=timezone.localdate() + datetime.timedelta(days=30),
            terms="含 13% 增值税，送货到厂，质保 24 个月。",
        )
    return rfq.quotes.count()


def _seed_requests(vehicle: User, components: User) -> int:
    made = 0
    university = _login(Theme.UNIVERSITY)
    technology = (
        _published(university.membership.enterprise_id, Side.SUPPLY, Kind.TECHNOLOGY) if university else []
    )
    if technology:
        licences.licence_request_create(
            actor=vehicle,
            listing=technology[0],
            mode=technology[0].tech_transfer_mode or "licence",
            proposed_fee=Decimal("450000"),
            field_of_use="乘用车线控转向",
            term_months=36,
            message="希望在新平台车型上使用，可先签 3 年普通许可。",
        )
        made += 1
    institute = _login(Theme.RESEARCH_INSTITUTE)
    talent = _published(institute.membership.enterprise_id, Side.SUPPLY, Kind.TALENT) if institute else []
    if talent and institute is not None:
        request = licences.licence_request_create(
            actor=components,
            listing=talent[0],
            mode=EngagementMode.PROJECT,
            proposed_fee=Decimal("180000"),
            term_months=6,
            headcount=min(2, talent[0].talent_headcount or 1),
            start_date=timezone.localdate() + datetime.timedelta(days=14),
            message="产线爬坡期需要电池工艺专家驻场。",
        )
        licences.licence_request_accept(
            request=request, actor=institute, agreed_terms="驻场 6 个月，按月结算。"
        )
        made += 1
    return made


def seed_demo_business() -> dict[str, int]:
    """Orders, quotes and requests of the demo logins (nothing when they or their listings are missing).

    Their notices land in the inboxes as delivered: the demo e-mails nobody.
    """
    vehicle, components = _login(Theme.VEHICLE_MAKER), _login(Theme.COMPONENT_MAKER)
    if (
        vehicle is None
        or components is None
        or Order.objects.filter(buyer__memberships__user=vehicle).exists()
    ):
        return {"orders": 0, "quotes": 0, "requests": 0}
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made = {
        "orders": _seed_orders(vehicle, components),
        "quotes": _seed_quotes(components),
        "requests": _seed_requests(vehicle, components),
    }
    Notification.objects.filter(pk__gt=before, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return made
