"""factory_boy factories for the whole suite."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.credit_code import ALPHABET, check_character
from accounts.models import (
    Certification,
    Enterprise,
    EnterpriseSegment,
    Membership,
    Notification,
    Region,
    User,
)
from accounts.taxonomy import Segment, Theme
from financing.models import FinancingApplication
from information.models import Announcement, Event, EventRegistration, MeetingRequest
from listings.choices import Kind, Side
from listings.models import Listing, ListingCertification, SavedSearch
from listings.search.index import index_listing
from matching.models import Match
from orders.models import LicenceRequest, Order, Quote, QuoteRequest

PASSWORD = "Chainmatch-Test-2026!"


def make_credit_code(n: int) -> str:
    """A valid unified social credit code, distinct for each n."""
    rng = random.Random(n)
    body = "91" + "340100" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="zh_CN")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        if create:
            instance.save()


class StaffFactory(UserFactory):
    is_staff = True
    email = factory.Sequence(lambda n: f"admin{n}@example.gov.cn")


def region(code: str = "340100") -> Region:
    """A region loaded by the data migration (Hefei by default)."""
    return Region.objects.get(code=code)


class EnterpriseFactory(DjangoModelFactory[Enterprise]):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name_zh = factory.Faker("company", locale="zh_CN")
    name_en = factory.Sequence(lambda n: f"Test Automotive Co. {n}")
    credit_code = factory.Sequence(make_credit_code)
    theme = Theme.COMPONENT_MAKER
    region = factory.LazyFunction(region)
    status = Enterprise.Status.VERIFIED

    @factory.post_generation
    def segments(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create:
            for segment in extracted if extracted is not None else ["power_battery"]:
                EnterpriseSegment.objects.create(enterprise=self, segment=segment)


class PendingEnterpriseFactory(EnterpriseFactory):
    status = Enterprise.Status.PENDING


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    role = Membership.Role.OWNER


class CertificationFactory(DjangoModelFactory[Certification]):
    class Meta:
        model = Certification

    enterprise = factory.SubFactory(EnterpriseFactory)
    standard = "IATF 16949"
    number = factory.Sequence(lambda n: f"IATF-{n:07d}")
    issuer = "TÜV SÜD"


class NotificationFactory(DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test"
    title = factory.Sequence(lambda n: f"Notification {n}")


class ListingFactory(DjangoModelFactory[Listing]):
    """A published product supply of a verified component maker, indexed for search like a real one."""

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    enterprise = factory.SubFactory(EnterpriseFactory)
    side = Side.SUPPLY
    kind = Kind.PRODUCT
    title = factory.Sequence(lambda n: f"方形铝壳电芯 280Ah 第{n}批")
    description = "磷酸铁锂电芯，循环寿命 6000 次，适用于储能与商用车。"
    segment = Segment.POWER_BATTERY
    category = "电芯"
    region = factory.LazyFunction(region)
    language = "zh"
    quantity = Decimal("10000")
    unit = "件"
    min_order_quantity = Decimal("100")
    price_min = Decimal("380.00")
    price_max = Decimal("420.00")
    lead_time_days = 30
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    status = Listing.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[Listing], *args: Any, **kwargs: Any) -> Listing:
        listing = model_class(*args, **kwargs)
        listing.province_id = listing.region.province_code
        index_listing(listing, [])
        listing.save()
        return listing

    @factory.post_generation
    def certifications(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        """`certifications=["IATF 16949", "ISO 26262*"]`; a trailing * makes it mandatory."""
        if create and extracted:
            for name in extracted:
                ListingCertification.objects.create(
                    listing=self, standard=name.rstrip("*"), mandatory=name.endswith("*")
                )
            index_listing(self, [name.rstrip("*") for name in extracted])
            self.save(update_fields=["search_title", "search_body"])


class DemandListingFactory(ListingFactory):
    """A published product demand of a verified vehicle maker."""

    enterprise = factory.SubFactory(EnterpriseFactory, theme=Theme.VEHICLE_MAKER)
    side = Side.DEMAND
    title = factory.Sequence(lambda n: f"采购动力电池包 第{n}批")
    min_order_quantity = None
    lead_time_days = None
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))


class SavedSearchFactory(DjangoModelFactory[SavedSearch]):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Saved search {n}")
    query = "电池"
    filters = factory.LazyFunction(dict)


class MatchFactory(DjangoModelFactory[Match]):
    """A proposed match of a supply with a demand of two different enterprises."""

    class Meta:
        model = Match

    supply = factory.SubFactory(ListingFactory)
    demand = factory.SubFactory(DemandListingFactory)
    score = 0.8
    algorithm_version = "1.0"
    breakdown = factory.LazyFunction(
        lambda: [
            {
                "feature": "region",
                "value": 1.0,
                "weight": 0.06,
                "reason_zh": "同城",
                "reason_en": "same city",
                "miss": "",
            }
        ]
    )


class OrderFactory(DjangoModelFactory[Order]):
    """A placed order of 200 units at 400 CNY on a published product supply, by another enterprise."""

    class Meta:
        model = Order

    listing = factory.SubFactory(ListingFactory)
    buyer = factory.SubFactory(EnterpriseFactory, theme=Theme.VEHICLE_MAKER)
    seller = factory.SelfAttribute("listing.enterprise")
    quantity = Decimal("200")
    unit = factory.SelfAttribute("listing.unit")
    unit_price = Decimal("400.00")
    total = factory.LazyAttribute(lambda o: (o.quantity * o.unit_price).quantize(Decimal("0.01")))
    delivery_region = factory.LazyFunction(region)
    delivery_address = "合肥市经济技术开发区紫云路 1 号"
    status = Order.Status.PLACED


class QuoteRequestFactory(DjangoModelFactory[QuoteRequest]):
    """A demand listing open for quotes for another week."""

    class Meta:
        model = QuoteRequest

    listing = factory.SubFactory(DemandListingFactory)
    buyer = factory.SelfAttribute("listing.enterprise")
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    max_quotes = 10


class QuoteFactory(DjangoModelFactory[Quote]):
    """A supplier's quote: 1,000 units at 390 CNY, 30 days' lead time."""

    class Meta:
        model = Quote

    request = factory.SubFactory(QuoteRequestFactory)
    supplier = factory.SubFactory(EnterpriseFactory)
    unit_price = Decimal("390.00")
    quantity = Decimal("1000")
    total = factory.LazyAttribute(lambda o: (o.quantity * o.unit_price).quantize(Decimal("0.01")))
    lead_time_days = 30
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class LicenceRequestFactory(DjangoModelFactory[LicenceRequest]):
    """A request for a licence on a published technology supply of a research institute."""

    class Meta:
        model = LicenceRequest

    kind = LicenceRequest.Kind.LICENCE
    listing = factory.SubFactory(
        ListingFactory,
        kind=Kind.TECHNOLOGY,
        enterprise=factory.SubFactory(EnterpriseFactory, theme=Theme.RESEARCH_INSTITUTE),
        title=factory.Sequence(lambda n: f"固态电解质专利许可 {n}"),
        quantity=None,
        unit="",
        min_order_quantity=None,
        price_min=None,
        price_max=None,
        lead_time_days=None,
        tech_trl=6,
        tech_transfer_mode="licence",
    )
    requester = factory.SubFactory(EnterpriseFactory)
    holder = factory.SelfAttribute("listing.enterprise")
    mode = "licence"
    proposed_fee = Decimal("500000.00")
    field_of_use = "乘用车动力电池"
    term_months = 36


class FundingOfferFactory(ListingFactory):
    """A published financing offer of a bank: supply-chain loans of 1-10 million CNY for 6-36 months at
    3.5-6%, for component makers in every segment and province, decided in about 10 days."""

    enterprise = factory.SubFactory(EnterpriseFactory, theme=Theme.FINANCIAL_INSTITUTION)
    kind = Kind.FUNDING
    title = factory.Sequence(lambda n: f"汽车零部件供应链金融贷款 {n}")
    category = "供应链金融"
    quantity = None
    unit = ""
    min_order_quantity = None
    price_min = None
    price_max = None
    lead_time_days = None
    funding_instrument = "supply_chain_finance"
    funding_amount = Decimal("1000000")
    funding_amount_max = Decimal("10000000")
    funding_term_months = 6
    funding_term_max_months = 36
    funding_rate_min = Decimal("3.50")
    funding_rate_max = Decimal("6.00")
    funding_eligible_themes = ",component_maker,"
    funding_required_documents = ",business_licence,financial_statements,"
    funding_decision_days = 10


class FinancingApplicationFactory(DjangoModelFactory[FinancingApplication]):
    """A component maker's application for 3 million CNY over 12 months on a bank's offer."""

    class Meta:
        model = FinancingApplication

    offer = factory.SubFactory(FundingOfferFactory)
    institution = factory.SelfAttribute("offer.enterprise")
    applicant = factory.SubFactory(EnterpriseFactory)
    amount = Decimal("3000000")
    term_months = 12
    purpose = "扩充电驱总成产线流动资金"
    consent_at = factory.LazyFunction(timezone.now)


class AnnouncementFactory(DjangoModelFactory[Announcement]):
    """A policy published an hour ago, in Chinese and English."""

    class Meta:
        model = Announcement

    category = Announcement.Category.POLICY
    title_zh = factory.Sequence(lambda n: f"关于支持汽车产业链供需对接的若干措施（第{n}号）")
    title_en = factory.Sequence(
        lambda n: f"Measures to support supply-demand matchmaking in the automotive chain (No. {n})"
    )
    body_zh = "<p>对平台撮合成交的本省配套项目给予奖励。</p>"
    body_en = "<p>Local supply deals made through the platform are rewarded.</p>"
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class EventFactory(DjangoModelFactory[Event]):
    """A matchmaking conference in Hefei in two weeks, for 50 enterprises."""

    class Meta:
        model = Event

    title_zh = factory.Sequence(lambda n: f"新能源汽车产业链供需对接会（第{n}场）")
    title_en = factory.Sequence(lambda n: f"NEV industry-chain matchmaking conference No. {n}")
    description_zh = "<p>整车企业与零部件企业现场对接。</p>"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    place = "合肥滨湖国际会展中心"
    capacity = 50
    published_at = factory.LazyFunction(timezone.now)


class EventRegistrationFactory(DjangoModelFactory[EventRegistration]):
    """A verified enterprise registered for an event, with one person attending."""

    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)


class MeetingRequestFactory(DjangoModelFactory[MeetingRequest]):
    """One attendee's request to another for a meeting an hour into the event, waiting for an answer.
    The two enterprises should be registered for the event (EventRegistrationFactory)."""

    class Meta:
        model = MeetingRequest

    event = factory.SubFactory(EventFactory)
    requester = factory.SubFactory(EnterpriseFactory)
    invitee = factory.SubFactory(EnterpriseFactory)
    message = "想了解贵司的电池需求"
    proposed_slot = factory.LazyAttribute(lambda o: o.event.starts_at + datetime.timedelta(hours=1))
