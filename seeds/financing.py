"""The demo's financing: the product terms of the launch catalogue's financing offers, and applications
in every status, made through `financing.services.applications` as members would make them.

- `seed_offer_terms()` gives each published launch offer the terms its text promises: amount and term
  ranges (the launch entry's amount and term become the ceiling), a rate or fee range, who may apply,
  the documents asked for and a typical decision time, varying by instrument. Run it before the
  catalogue is matched: the matching engine reads the terms.
- `seed_financing_applications()` fills the pipeline of financial_institution@…: a fresh application
  to review, the component maker's three (one under review with an open question, one approved and
  waiting for the funds, one disbursed), receivables financing of the component maker's shipped order,
  and others' declined and withdrawn ones; and the aftermarket login applies for its funding need.
  Run it after `seeds.business` (which makes the orders).

Deterministic: the same catalogue gets the same terms and the same applications.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Enterprise, Membership, Notification, User
from accounts.taxonomy import Segment, Theme
from financing.models import ApplicationEvent, FinancingApplication
from financing.services import applications as services
from listings.choices import FinancingDocument, Kind, Side, codes_field
from listings.models import Listing
from listings.validation import OFFER_TERM_FIELDS, CertificationInput, validate_listing
from orders.models import Order
from seeds import listing_texts
from seeds.demo import DEMO_DOMAIN

Status = FinancingApplication.Status
Doc = FinancingDocument
ANHUI, JIANGSU, ZHEJIANG, SHANGHAI, HENAN = "340000", "320000", "330000", "310000", "410000"
YANGTZE_DELTA = (ANHUI, JIANGSU, ZHEJIANG, SHANGHAI)


@dataclass(frozen=True)
class Terms:
    """An offer's product terms; the launch entry's amount and term are the ceilings."""

    amount_min: int
    term_min: int
    rate: tuple[str, str] | None  # annual %, None for equity
    decision_days: int
    documents: tuple[str, ...]
    themes: tuple[str, ...] = ()  # empty: every theme
    segments: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    amount_max: int | None = None  # None: the launch entry's amount
    term_max: int | None = None  # None: the launch entry's term


# The launch catalogue's ten offers (seeds/listing_texts.py SUPPLY_FUNDING), by title, as their texts
# describe them: a dealer's floor plan decides in a week, an equity round in two months.
OFFER_TERMS: dict[str, Terms] = {
    "汽车经销商新能源车型库存融资": Terms(
        1_000_000, 3, ("4.20", "6.50"), 7,
        (Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS, Doc.ORDER_CONTRACT, Doc.BANK_STATEMENTS),
        themes=(Theme.AFTERMARKET, Theme.VEHICLE_MAKER),
        segments=(Segment.COMPLETE_VEHICLE, Segment.AFTERMARKET_SERVICES),
        provinces=YANGTZE_DELTA,
    ),
    "电驱动产业链设备融资租赁": Terms(
        2_000_000, 24, ("4.80", "7.20"), 15,
        (Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS, Doc.ORDER_CONTRACT),
        themes=(Theme.COMPONENT_MAKER,),
        provinces=(ANHUI, JIANGSU),
        term_max=60,
    ),
    "动力电池企业科技信用贷": Terms(
        1_000_000, 12, ("3.45", "5.50"), 10,
        (Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS, Doc.TAX_RECORDS),
        themes=(Theme.COMPONENT_MAKER, Theme.RESEARCH_INSTITUTE),
        provinces=(ANHUI,),
    ),
    "汽车芯片企业股权投资（A 轮至 B 轮）": Terms(
        30_000_000, 36, None, 60,
        (Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS, Doc.BUSINESS_PLAN),
        themes=(Theme.COMPONENT_MAKER, Theme.UNIVERSITY, Theme.RESEARCH_INSTITUTE),
        segments=(Segment.CHIPS_ELECTRONICS, Segment.INTELLIGENT_CONNECTED),
        term_max=84,
    ),
    "主机厂一级供应商应收账款保理": Terms(
        500_000, 1, ("3.80", "5.80"), 3,
        (Doc.BUSINESS_LICENCE, Doc.ORDER_CONTRACT, Doc.INVOICES),
        themes=(Theme.COMPONENT_MAKER,),
        provinces=YANGTZE_DELTA,
    ),
    "Green loans for charging and hydrogen infrastructure": Terms(
        5_000_000, 24, ("3.20", "4.60"), 20,
        (Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS, Doc.BUSINESS_PLAN, Doc.COLLATERAL),
        segments=(Segment.CHARGING_HYDROGEN, Segment.POWER_BATTERY),
        provinces=YANGTZE_DELTA,
        term_max=96,
    ),
    "智能网联企业知识产权质押融资": Terms(
        1_000_000, 6, ("3.60", "5.20"), 15,
        (Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS, Doc.COLLATERAL),
        themes=(Theme.COMPONENT_MAKER, Theme.UNIVERSITY, Theme.RESEARCH_INSTITUTE),
        segments=(Segment.INTELLIGENT_CONNECTED, Segment.CHIPS_ELECTRONICS, Segment.ELECTRIC_DRIVE),
        provinces=(ANHUI,),
    ),
    "轻量化材料项目融资担保": Terms(
        1_000_000, 12, ("1.00", "2.00"), 15,
        (Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS, Doc.TAX_RECORDS, Doc.COLLATERAL),
        themes=(Theme.COMPONENT_MAKER,),
        provinces=(ANHUI, JIANGSU),
        term_max=36,
    ),
    "汽车后市场连锁门店经营贷": Terms(
        500_000, 6, ("4.35", "6.80"), 7,
        (Doc.BUSINESS_LICENCE, Doc.BANK_STATEMENTS, Doc.TAX_RECORDS),
        themes=(Theme.AFTERMARKET,),
        segments=(Segment.AFTERMARKET_SERVICES,),
        amount_max=10_000_000,
    ),
    "新能源商用车融资租赁（以租代购）": Terms(
        500_000, 24, ("5.50", "8.00"), 10,
        (Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS, Doc.BANK_STATEMENTS),
        provinces=(*YANGTZE_DELTA, HENAN),
    ),
}  # fmt: skip


def _login(theme: str) -> User | None:
    return User.objects.filter(email=f"{theme}@{DEMO_DOMAIN}").select_related("membership").first()


# ---------------------------------------------------------------------------------------------------
# Offer terms


def offer_fields(listing: Listing, terms: Terms) -> dict[str, object]:
    """The listing's offer-term fields for these terms (its amount and term become the ceilings)."""
    ceiling = Decimal(terms.amount_max) if terms.amount_max is not None else listing.funding_amount
    longest = terms.term_max if terms.term_max is not None else listing.funding_term_months
    assert ceiling is not None and longest is not None  # noqa: S101 - a launch offer states both
    return {
        "funding_amount": min(Decimal(terms.amount_min), ceiling),
        "funding_amount_max": ceiling,
        "funding_term_months": min(terms.term_min, longest),
        "funding_term_max_months": longest,
        "funding_rate_min": Decimal(terms.rate[0]) if terms.rate else None,
        "funding_rate_max": Decimal(terms.rate[1]) if terms.rate else None,
        "funding_eligible_themes": codes_field(terms.themes),
        "funding_eligible_segments": codes_field(terms.segments),
        "funding_eligible_provinces": codes_field(terms.provinces),
        "funding_required_documents": codes_field(terms.documents),
        "funding_decision_days": terms.decision_days,
    }


def seed_offer_terms() -> int:
    """Terms on the published launch offers that have none yet; returns how many offers got them.

    Each is checked by `validate_listing`, the rules of the form and the API, before it is written.
    """
    titles = {entry.title for entry in listing_texts.SUPPLY_FUNDING}
    assert set(OFFER_TERMS) == titles, "every launch offer has its terms"  # noqa: S101
    offers = list(
        Listing.objects.filter(
            side=Side.SUPPLY,
            kind=Kind.FUNDING,
            status=Listing.Status.PUBLISHED,
            title__in=titles,
            funding_amount_max__isnull=True,
            funding_rate_min__isnull=True,
            funding_decision_days__isnull=True,
        )
        .select_related("enterprise", "region")
        .prefetch_related("certifications")
        .order_by("pk")
    )
    for offer in offers:
        for field, value in offer_fields(offer, OFFER_TERMS[offer.title]).items():
            setattr(offer, field, value)
        held = [CertificationInput(c.standard, c.mandatory) for c in offer.certifications.all()]
        validate_listing(offer, held, changed=OFFER_TERM_FIELDS)
    Listing.objects.bulk_update(offers, ["funding_amount", "funding_term_months", *OFFER_TERM_FIELDS])
    return len(offers)


# ---------------------------------------------------------------------------------------------------
# Applications


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying it stands in for a document (ASCII: the base fonts have no Chinese)."""
    text = f"Chainmatch demo: {title}".replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# What each kind of document is called when an applicant uploads it.
DOCUMENT_NAMES: dict[str, str] = {
    Doc.BUSINESS_LICENCE: "营业执照.pdf",
    Doc.FINANCIAL_STATEMENTS: "近三年审计报告.pdf",
    Doc.TAX_RECORDS: "纳税证明.pdf",
    Doc.BANK_STATEMENTS: "近六个月银行流水.pdf",
    Doc.ORDER_CONTRACT: "购销合同.pdf",
    Doc.INVOICES: "增值税发票.pdf",
    Doc.BUSINESS_PLAN: "商业计划书.pdf",
    Doc.COLLATERAL: "抵押物权属证明.pdf",
}


def _documents(codes: Iterable[str]) -> list[services.Document]:
    return [
        (code, io.BytesIO(demo_pdf(str(FinancingDocument(code).label))), DOCUMENT_NAMES[code])
        for code in codes
    ]


def _round(value: Decimal, step: int) -> Decimal:
    """To a round figure, as people ask for money: 2,345,678 -> 2,300,000 with a step of 100,000."""
    return (value / step).quantize(Decimal(1)) * step


def _within(offer: Listing, share: str) -> tuple[Decimal, int]:
    """An amount and term inside the offer's ranges: `share` of the way from its floor to its ceiling."""
    low = offer.funding_amount or Decimal(0)
    high = offer.funding_amount_max or low
    amount = _round(low + (high - low) * Decimal(share), 100_000)
    shortest = offer.funding_term_months or 12
    longest = offer.funding_term_max_months or shortest
    term = shortest + round((longest - shortest) * float(share))
    # Terms are asked for in whole years where the range allows.
    if term >= 12 and shortest <= term - term % 12:
        term -= term % 12
    return min(max(amount, low), high), term


def _apply(
    actor: User, offer: Listing, purpose: str, share: str = "0.3", **kwargs: object
) -> FinancingApplication:
    amount, term = _within(offer, share)
    return services.application_submit(
        actor=actor,
        offer=offer,
        amount=amount,
        term_months=term,
        purpose=purpose,
        consent=True,
        documents=_documents(offer.required_documents),
        **kwargs,  # type: ignore[arg-type]
    )


def _offers_for(institution_id: int, applicant: Enterprise) -> list[Listing]:
    """The institution's published offers the applicant is eligible for, by pk."""
    offers = Listing.objects.filter(
        enterprise_id=institution_id, side=Side.SUPPLY, kind=Kind.FUNDING, status=Listing.Status.PUBLISHED
    ).select_related("enterprise")
    return [o for o in offers.order_by("pk") if not services.eligibility_errors(o, applicant)]


def _other_applicants(offer: Listing, *, besides: set[int], count: int) -> list[User]:
    """Owners of verified enterprises (not the demo logins') eligible for the offer."""
    memberships = (
        Membership.objects.filter(role=Membership.Role.OWNER, enterprise__status=Enterprise.Status.VERIFIED)
        .exclude(enterprise_id__in=besides)
        .exclude(enterprise__theme=Theme.FINANCIAL_INSTITUTION)
        .select_related("user", "enterprise__region")
        .prefetch_related("enterprise__segment_links")
        .order_by("enterprise_id")
    )
    found = []
    for membership in memberships.iterator(chunk_size=200):
        if not services.eligibility_errors(offer, membership.enterprise):
            found.append(membership.user)
            if len(found) == count:
                break
    return found


def _login_enterprises() -> set[int]:
    emails = [f"{theme}@{DEMO_DOMAIN}" for theme in Theme.values]
    return set(Membership.objects.filter(user__email__in=emails).values_list("enterprise_id", flat=True))


def _backdate(application: FinancingApplication, days: float) -> None:
    """Spread the application's trail over the last `days` days, so that the pipeline shows ages."""
    now = timezone.now()
    events = list(application.events.order_by("pk"))
    start = now - datetime.timedelta(days=days)
    step = datetime.timedelta(days=days) / (len(events) + 1)
    for n, event in enumerate(events):
        event.created_at = start + step * n
    ApplicationEvent.objects.bulk_update(events, ["created_at"])
    moments = {event.action: event.created_at for event in events}
    fields = {"created_at": start, "updated_at": events[-1].created_at if events else start}
    for field, action in (
        ("info_requested_at", ApplicationEvent.Action.INFO_REQUESTED),
        ("decided_at", ApplicationEvent.Action.APPROVED),
        ("decided_at", ApplicationEvent.Action.DECLINED),
        ("disbursed_at", ApplicationEvent.Action.DISBURSED),
    ):
        if action in moments:
            fields[field] = moments[action]
    FinancingApplication.objects.filter(pk=application.pk).update(**fields)
    application.messages.filter(created_at__gte=start).update(
        created_at=fields.get("info_requested_at", fields["updated_at"])
    )


def _direct(actor: User, institution: Enterprise, purpose: str) -> FinancingApplication:
    """An application to the institution itself, on none of its offers (a working-capital loan)."""
    return services.application_submit(
        actor=actor,
        institution=institution,
        amount=Decimal("3000000"),
        term_months=12,
        purpose=purpose,
        consent=True,
        documents=_documents([Doc.BUSINESS_LICENCE, Doc.FINANCIAL_STATEMENTS]),
    )


def _approve(
    application: FinancingApplication, bank: User, *, share: str, rate: Decimal | None, conditions: str
) -> FinancingApplication:
    services.application_start_review(application=application, actor=bank)
    return services.application_approve(
        application=application,
        actor=bank,
        amount=min(_round(application.amount * Decimal(share), 100_000), application.amount),
        rate=rate if rate is not None else Decimal("4.35"),  # the one-year loan prime rate, about
        term_months=application.term_months,
        conditions=conditions,
    )


def _seed_component_maker(bank: User, components: User) -> list[FinancingApplication]:
    """The component maker's three with the institution login: one under review with an open question,
    one approved and waiting for the funds, one disbursed. Approvals go to offers with a rate (a loan,
    lease or guarantee rather than equity), or straight to the institution when it has too few."""
    maker, institution = components.membership.enterprise, bank.membership.enterprise
    offers = _offers_for(institution.pk, maker)
    rated = [o for o in offers if o.funding_rate_min is not None]
    approved_on = rated[0] if rated else None
    disbursed_on = rated[1] if len(rated) > 1 else None
    unused = [o for o in offers if o not in (approved_on, disbursed_on)]
    candidates = unused or offers
    asking_on = candidates[0] if candidates else None

    asking = (
        _apply(components, asking_on, "新一代产品研发与产能建设，已获两家主机厂定点。", "0.25")
        if asking_on is not None
        else _direct(components, institution, "新一代产品研发与产能建设，已获两家主机厂定点。")
    )
    services.application_start_review(application=asking, actor=bank)
    services.application_request_info(
        application=asking,
        actor=bank,
        question="请补充近六个月的银行流水，并说明主要客户（主机厂）的账期。",
    )
    _backdate(asking, 6)

    purpose = "扩产项目设备款，已与设备厂签订购销合同。"
    approved = (
        _apply(components, approved_on, purpose, "0.1")
        if approved_on is not None
        else _direct(components, institution, purpose)
    )
    _approve(
        approved,
        bank,
        share="1",
        rate=approved_on.funding_rate_min if approved_on is not None else None,
        conditions="以设备抵押，放款前签署借款合同与抵押合同。",
    )
    _backdate(approved, 12)

    purpose = "原材料备货周转，订单已排产至第四季度。"
    disbursed = (
        _apply(components, disbursed_on, purpose, "0.1")
        if disbursed_on is not None
        else _direct(components, institution, purpose)
    )
    _approve(
        disbursed,
        bank,
        share="0.8",
        rate=disbursed_on.funding_rate_max if disbursed_on is not None else Decimal("4.80"),
        conditions="核心企业确权后放款。",
    )
    services.application_disburse(application=disbursed, actor=bank, note="已放款至企业基本户。")
    _backdate(disbursed, 30)
    return [asking, approved, disbursed]


def _seed_others(bank: User) -> list[FinancingApplication]:
    """Other enterprises' applications to the institution login's offers: a fresh one to review, one
    declined, one withdrawn."""
    offers = list(
        Listing.objects.filter(
            enterprise_id=bank.membership.enterprise_id,
            side=Side.SUPPLY,
            kind=Kind.FUNDING,
            status=Listing.Status.PUBLISHED,
        )
        .select_related("enterprise")
        .order_by("pk")
    )
    taken = _login_enterprises()
    made: list[FinancingApplication] = []
    steps = (
        ("submitted", "补充流动资金，支付上游货款。", "0.05", 1),
        ("declined", "新建检测实验室与中试线。", "0.3", 20),
        ("withdrawn", "研发投入与人员扩充。", "0.1", 9),
    )
    for n, (status, purpose, share, days) in enumerate(steps):
        # Each on another offer where the institution has several, by someone eligible for it.
        for offer in offers[n:] + offers[:n]:
            found = _other_applicants(offer, besides=taken, count=1)
            if found:
                break
        else:
            continue
        other = found[0]
        taken.add(other.membership.enterprise_id)
        application = _apply(other, offer, purpose, share)
        if status == "declined":
            services.application_start_review(application=application, actor=bank)
            services.application_decline(
                application=application,
                actor=bank,
                reason="资产负债率超过 75%，暂不符合本产品的授信条件。",
            )
        elif status == "withdrawn":
            services.application_withdraw(application=application, actor=other, reason="已获得其他银行授信。")
        _backdate(application, days)
        made.append(application)
    return made


def _seed_order_financing(bank: User, components: User) -> FinancingApplication | None:
    """Receivables financing of the component maker's shipped order (an order accepted and sent)."""
    order = (
        Order.objects.filter(
            seller_id=components.membership.enterprise_id,
            status__in=services.ORDER_STATUSES[FinancingApplication.Kind.RECEIVABLES],
        )
        .order_by("pk")
        .first()
    )
    if order is None or order.financing_applications.exists():
        return None
    application = services.application_submit(
        actor=components,
        institution=bank.membership.enterprise,
        order=order,
        kind=FinancingApplication.Kind.RECEIVABLES,
        amount=_round(order.total * Decimal("0.8"), 1000),
        term_months=3,
        purpose="订单已发货，主机厂账期 90 天，申请应收账款融资以支付原材料款。",
        consent=True,
        documents=_documents([Doc.BUSINESS_LICENCE, Doc.ORDER_CONTRACT, Doc.INVOICES]),
    )
    services.application_start_review(application=application, actor=bank)
    _backdate(application, 3)
    return application


def _seed_aftermarket_need(aftermarket: User) -> FinancingApplication | None:
    """The aftermarket login applies for an offer that fits its funding need, if it published one."""
    enterprise = aftermarket.membership.enterprise
    need = (
        Listing.objects.filter(
            enterprise=enterprise, side=Side.DEMAND, kind=Kind.FUNDING, status=Listing.Status.PUBLISHED
        )
        .order_by("pk")
        .first()
    )
    if need is None or need.funding_amount is None or need.funding_term_months is None:
        return None
    offers = (
        Listing.objects.filter(side=Side.SUPPLY, kind=Kind.FUNDING, status=Listing.Status.PUBLISHED)
        .exclude(enterprise=enterprise)
        .filter(enterprise__theme=Theme.FINANCIAL_INSTITUTION, enterprise__status=Enterprise.Status.VERIFIED)
        .select_related("enterprise")
        .order_by("pk")
    )

    # The best fit first: the instrument asked for, then an offer for the need's segment.
    def fit(offer: Listing) -> tuple[bool, bool]:
        other_instrument = offer.funding_instrument != need.funding_instrument
        return other_instrument, need.segment not in offer.eligible_segments

    for offer in sorted(offers, key=fit):
        if services.eligibility_errors(offer, enterprise) or services.offer_errors(
            offer, need.funding_amount, need.funding_term_months
        ):
            continue
        application = services.application_submit(
            actor=aftermarket,
            offer=offer,
            amount=need.funding_amount,
            term_months=need.funding_term_months,
            purpose=f"{need.title}：{need.description[:300]}",
            consent=True,
            documents=_documents(offer.required_documents),
        )
        _backdate(application, 2)
        return application
    return None


def seed_financing_applications() -> dict[str, int]:
    """Applications in every status around the demo logins; nothing when the logins are missing or
    already have applications. Their notices land in the inboxes as delivered: the demo e-mails nobody.
    """
    bank = _login(Theme.FINANCIAL_INSTITUTION)
    components = _login(Theme.COMPONENT_MAKER)
    aftermarket = _login(Theme.AFTERMARKET)
    if (
        bank is None
        or components is None
        or FinancingApplication.objects.filter(institution__memberships__user=bank).exists()
    ):
        return {"applications": 0}
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        made = _seed_component_maker(bank, components) + _seed_others(bank)
        order_financing = _seed_order_financing(bank, components)
        need = _seed_aftermarket_need(aftermarket) if aftermarket is not None else None
    Notification.objects.filter(pk__gt=before, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return {"applications": len(made) + bool(order_financing) + bool(need)}
