"""A small world for the security checks: enterprise A (a component maker), its business partner P (a
vehicle maker), bank K with a financing offer, and platform staff; and an object of every kind whose page
holds a form or takes a file: listings, an order, quotes, a licence request, financing applications, an
announcement and an event. Built with the suite's factories and services.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from accounts import services as accounts
from accounts.models import Enterprise, Membership, User
from accounts.taxonomy import Theme
from financing.services import applications as financing
from listings.models import Listing
from tests.factories import (
    AnnouncementFactory,
    DemandListingFactory,
    EnterpriseFactory,
    EventFactory,
    FundingOfferFactory,
    LicenceRequestFactory,
    ListingFactory,
    MembershipFactory,
    OrderFactory,
    QuoteFactory,
    QuoteRequestFactory,
    StaffFactory,
)
from tests.uploads import pdf

# Files that are not what their names claim: a Windows program and a web page with a script.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"

ANONYMOUS, OWNER, PARTNER, BANK, STAFF = "anonymous", "owner", "partner", "bank", "staff"


@dataclass
class World:
    """The callers by name (anonymous is None) and the objects by name."""

    users: dict[str, User | None]
    objects: dict[str, Any] = field(default_factory=dict)
    invitation_token: str = ""

    def __getitem__(self, key: str) -> Any:
        return self.objects[key]

    def user(self, who: str) -> User:
        user = self.users[who]
        assert user is not None
        return user

    def browser(self, who: str, **extra: Any) -> Client:
        """A signed-in browser (English pages), or an anonymous one."""
        client = Client(**extra)
        client.cookies["django_language"] = "en"
        if self.users[who] is not None:
            client.force_login(self.user(who))
        return client


def _owner(enterprise: Enterprise) -> User:
    user: User = MembershipFactory(
        enterprise=enterprise, role=Membership.Role.OWNER, user__language="en"
    ).user
    return user


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def world(db: None, media: Path) -> World:
    a = EnterpriseFactory(name_en="Enterprise A")
    p = EnterpriseFactory(name_en="Partner P", theme=Theme.VEHICLE_MAKER)
    k = EnterpriseFactory(name_en="Bank K", theme=Theme.FINANCIAL_INSTITUTION, segments=[])
    w = World(
        users={
            ANONYMOUS: None,
            OWNER: _owner(a),
            PARTNER: _owner(p),
            BANK: _owner(k),
            STAFF: StaffFactory(language="en"),
        }
    )
    owner, bank = w.user(OWNER), w.user(BANK)
    published = ListingFactory(enterprise=a, title="方形铝壳电芯 280Ah")
    partner_demand = DemandListingFactory(enterprise=p)
    own_demand = DemandListingFactory(enterprise=a)  # not yet open for quotes
    offer = FundingOfferFactory(enterprise=k)

    def application() -> Any:
        return financing.application_submit(
            actor=owner,
            offer=offer,
            amount=Decimal("3000000"),
            term_months=12,
            purpose="扩充电驱总成产线流动资金",
            consent=True,
            documents=[
                ("business_licence", pdf("营业执照.pdf"), "营业执照.pdf"),
                ("financial_statements", pdf("年报.pdf"), "年报.pdf"),
            ],
        )

    asked = financing.application_start_review(application=application(), actor=bank)
    asked = financing.application_request_info(
        application=asked, actor=bank, question="请提供近两年的财务报表。"
    )
    w.invitation_token = accounts.invitation_create(enterprise=a, actor=owner, email="new@example.com").token
    w.objects.update(
        enterprise=a,
        published=published,
        draft=ListingFactory(enterprise=a, status=Listing.Status.DRAFT),
        own_demand=own_demand,
        partner_supply=ListingFactory(enterprise=p, title="电驱总成"),
        partner_demand=partner_demand,
        order=OrderFactory(listing=published, buyer=p),
        rfq=QuoteRequestFactory(listing=DemandListingFactory(enterprise=a)),
        my_quote=QuoteFactory(request=QuoteRequestFactory(listing=partner_demand), supplier=a),
        licence=LicenceRequestFactory(requester=a),
        offer=offer,
        application=application(),
        application_asked=asked,
        announcement=AnnouncementFactory(),
        event=EventFactory(organiser=w.user(STAFF)),
    )
    QuoteFactory(request=w["rfq"], supplier=p)
    return w
