"""Financing applications: the services (applying with consent and documents, every step for every role,
bad input that writes nothing, order-linked financing), the conversation, and who reads what."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Enterprise, Membership, Notification, User
from accounts.taxonomy import Theme
from financing import selectors
from financing.models import ApplicationDocument, ApplicationEvent, ApplicationMessage, FinancingApplication
from financing.services import applications as services
from financing.services import messages as conversation
from listings.choices import Kind
from listings.models import Listing
from matching.models import Match
from orders.models import Order
from platform_site.errors import ApplicationError, Conflict, NotPermitted, TransitionNotAllowed
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    FundingOfferFactory,
    ListingFactory,
    MatchFactory,
    MembershipFactory,
    OrderFactory,
    PendingEnterpriseFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

Status = FinancingApplication.Status
AppKind = FinancingApplication.Kind

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name: str = "licence.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def required_documents() -> list[tuple[str, Any, str]]:
    """The two documents the factory's offer asks for."""
    return [
        ("business_licence", pdf("营业执照.pdf"), "营业执照.pdf"),
        ("financial_statements", pdf("2025年报.pdf"), "2025年报.pdf"),
    ]


# ---------------------------------------------------------------------------------------------------
# The world: a bank with an offer, another bank, an applicant, an outsider, an unverified one, staff


@dataclass
class World:
    bank: Membership  # owner of the bank making the offer
    bank_member: Membership
    other_bank: Membership  # owner of another verified bank
    applicant: Membership  # owner of a verified component maker
    applicant_member: Membership
    other: Membership  # owner of another verified component maker
    unverified: Membership  # owner of a component maker under review
    staff: User
    offer: Listing

    def apply(self, **extra: Any) -> FinancingApplication:
        """An application on the bank's offer by the applicant's member, with the documents asked for."""
        fields: dict[str, Any] = {
            "offer": self.offer,
            "amount": Decimal("3000000"),
            "term_months": 12,
            "purpose": "扩充电驱总成产线流动资金",
            "consent": True,
            "documents": required_documents(),
        }
        fields.update(extra)
        return services.application_submit(actor=self.applicant_member.user, **fields)

    def user(self, role: str) -> User:
        return {
            "applicant": self.applicant_member.user,
            "institution": self.bank_member.user,
            "other": self.other.user,
            "other_bank": self.other_bank.user,
            "unverified": self.unverified.user,
            "staff": self.staff,
        }[role]


def bank(**extra: Any) -> Enterprise:
    return EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION, segments=[], **extra)


@pytest.fixture
def w() -> World:
    hefei_bank = bank(name_en="Hefei Industrial Bank")
    maker = EnterpriseFactory(
        name_en="Wuhu Drive Systems",
        contact_name="王经理",
        contact_email="finance@wuhu-drive.example.com",
        description="电驱总成制造商",
        segments=["electric_drive"],
    )
    return World(
        bank=MembershipFactory(enterprise=hefei_bank, role=Membership.Role.OWNER),
        bank_member=MembershipFactory(enterprise=hefei_bank, role=Membership.Role.MEMBER),
        other_bank=MembershipFactory(
            enterprise=bank(name_en="Anhui Credit Union"), role=Membership.Role.OWNER
        ),
        applicant=MembershipFactory(enterprise=maker, role=Membership.Role.OWNER),
        applicant_member=MembershipFactory(enterprise=maker, role=Membership.Role.MEMBER),
        other=MembershipFactory(
            enterprise=EnterpriseFactory(name_en="Outsider Co."), role=Membership.Role.OWNER
        ),
        unverified=MembershipFactory(enterprise=PendingEnterpriseFactory(), role=Membership.Role.OWNER),
        staff=StaffFactory(),
        offer=FundingOfferFactory(enterprise=hefei_bank),
    )


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def nothing_written() -> bool:
    return (
        not FinancingApplication.objects.exists()
        and not ApplicationDocument.objects.exists()
        and not ApplicationEvent.objects.exists()
        and not Notification.objects.exists()
        and not stored_files()
    )


def fields_of(exc: ValidationError) -> dict[str, list[str]]:
    return dict(exc.message_dict)


# ---------------------------------------------------------------------------------------------------
# Applying


def test_a_member_applies_on_an_offer_with_the_documents_and_the_bank_is_told(w: World) -> None:
    # When the applicant's member applies on the bank's offer with the two documents it asks for
    application = w.apply()

    # Then a submitted application to the bank exists, with consent recorded and the submitter named
    assert application.status == Status.SUBMITTED and application.kind == AppKind.GENERAL
    assert application.applicant == w.applicant.enterprise and application.institution == w.bank.enterprise
    assert application.offer == w.offer and application.submitted_by == w.applicant_member.user
    assert application.consent_at is not None and application.amount == Decimal("3000000.00")
    # And both documents are stored under generated names, with their kinds and original names
    documents = list(application.documents.order_by("kind"))
    assert [(d.kind, d.original_name, d.content_type) for d in documents] == [
        ("business_licence", "营业执照.pdf", "application/pdf"),
        ("financial_statements", "2025年报.pdf", "application/pdf"),
    ]
    assert all(d.file.name.startswith("financing/documents/") and d.size == len(PDF) for d in documents)
    assert len(stored_files()) == 2
    # And the timeline starts, and the bank's managers (not its plain member) are told
    event = application.events.get()
    assert (event.action, event.to_status, event.actor) == ("submitted", "submitted", w.applicant_member.user)
    told = Notification.objects.get(kind="financing.submitted")
    assert told.recipient == w.bank.user
    assert told.link == reverse("financing:application_detail", args=[application.pk])
    assert w.offer.title in told.title and "3,000,000" in told.body


def test_a_member_applies_to_an_institution_directly(w: World) -> None:
    application = w.apply(offer=None, institution=w.other_bank.enterprise, documents=[], term_months=240)

    assert application.institution == w.other_bank.enterprise and application.offer is None
    assert application.term_months == 240 and not application.documents.exists()


def test_consent_is_required_and_nothing_is_written(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        w.apply(consent=False)

    errors = fields_of(caught.value)
    assert set(errors) == {"consent"}
    assert "Hefei Industrial Bank" in errors["consent"][0]
    assert nothing_written()


@pytest.mark.parametrize(
    ("extra", "field", "text"),
    [
        ({"amount": Decimal("999999")}, "amount", "¥1,000,000–10,000,000"),
        ({"amount": Decimal("10000001")}, "amount", "¥1,000,000–10,000,000"),
        ({"amount": Decimal("0")}, "amount", "more than zero"),
        ({"term_months": 5}, "term_months", "6–36 months"),
        ({"term_months": 37}, "term_months", "6–36 months"),
        ({"purpose": "  "}, "purpose", "what the funds are for"),
    ],
)
def test_amount_and_term_outside_the_offer_are_refused_and_nothing_is_written(
    w: World, extra: dict[str, Any], field: str, text: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        w.apply(**extra)

    errors = fields_of(caught.value)
    assert set(errors) == {field}
    assert text in errors[field][0]
    assert nothing_written()


@pytest.mark.parametrize("term", [0, 361])
def test_a_direct_application_takes_a_term_of_1_to_360_months(w: World, term: int) -> None:
    with pytest.raises(ValidationError) as caught:
        w.apply(offer=None, institution=w.bank.enterprise, documents=[], term_months=term)

    assert set(fields_of(caught.value)) == {"term_months"}
    assert nothing_written()


def test_every_bad_field_is_reported_at_once(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        w.apply(consent=False, amount=Decimal("1"), term_months=99, documents=[])

    assert set(fields_of(caught.value)) == {"consent", "amount", "term_months", "documents"}


def test_a_missing_required_document_is_named(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        w.apply(documents=[("business_licence", pdf(), "licence.pdf")])

    errors = fields_of(caught.value)["documents"]
    assert errors == ["This offer asks for: Financial statements (3 years)."]
    assert nothing_written()


@pytest.mark.parametrize(
    ("content", "text"),
    [
        (b"MZ\x90\x00 not a document", "Only PDF, PNG, JPEG, WebP files are accepted"),
        (b"", "The file is empty."),
        (PDF + b"0" * 2048, "too large"),
    ],
    ids=["wrong-type", "empty", "oversize"],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(
    w: World, settings: Any, content: bytes, text: str
) -> None:
    settings.FINANCING_DOCUMENT_MAX_BYTES = 1024
    documents = [*required_documents(), ("invoices", pdf("发票.pdf", content), "发票.pdf")]

    with pytest.raises(ValidationError) as caught:
        w.apply(documents=documents)

    errors = fields_of(caught.value)["documents"]
    assert len(errors) == 1 and errors[0].startswith("发票.pdf: ") and text in errors[0]
    assert nothing_written()


def test_too_many_documents_or_an_unknown_kind_are_refused(w: World, settings: Any) -> None:
    settings.FINANCING_DOCUMENT_MAX_COUNT = 2
    documents = [*required_documents(), ("selfie", pdf(), "me.pdf")]

    with pytest.raises(ValidationError) as caught:
        w.apply(documents=documents)

    errors = " ".join(fields_of(caught.value)["documents"])
    assert "At most 2 documents" in errors and "Unknown kind of document: selfie" in errors
    assert nothing_written()


def test_a_failure_after_the_files_are_stored_deletes_them(w: World, monkeypatch: Any) -> None:
    # Given the event row cannot be written (after both documents are stored)
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_record", broken)

    with pytest.raises(RuntimeError):
        w.apply()

    # Then neither the rows nor the files are kept
    assert nothing_written()


@pytest.mark.parametrize(
    ("offer_terms", "applicant", "text"),
    [
        ({}, {"theme": Theme.VEHICLE_MAKER}, "enterprise types only: Component enterprise"),
        ({"funding_eligible_segments": ",power_battery,"}, {}, "segments only: Power batteries"),
        ({"funding_eligible_provinces": ",310000,"}, {}, "not available in your enterprise's province"),
    ],
)
def test_an_offer_restricted_to_others_refuses_the_applicant(
    w: World, offer_terms: dict[str, Any], applicant: dict[str, Any], text: str
) -> None:
    Listing.objects.filter(pk=w.offer.pk).update(**offer_terms)
    enterprise = w.applicant_member.user.membership.enterprise
    for field, value in applicant.items():
        setattr(enterprise, field, value)
    enterprise.save()

    with pytest.raises(ValidationError) as caught:
        w.apply()

    assert text in " ".join(fields_of(caught.value)["offer"])
    assert nothing_written()


def test_eligible_segments_and_provinces_admit_the_applicant(w: World) -> None:
    Listing.objects.filter(pk=w.offer.pk).update(
        funding_eligible_segments=",electric_drive,power_battery,", funding_eligible_provinces=",340000,"
    )

    assert w.apply().status == Status.SUBMITTED


def test_one_cannot_apply_to_ones_own_institution(w: World) -> None:
    with pytest.raises(ApplicationError) as caught:
        services.application_submit(
            actor=w.bank_member.user,
            offer=w.offer,
            amount=Decimal("2000000"),
            term_months=12,
            purpose="自用",
            consent=True,
            documents=required_documents(),
        )

    assert caught.value.status_code == 400 and "offer" in caught.value.fields
    assert nothing_written()


@pytest.mark.parametrize(
    "institution",
    ["component_maker", "pending_bank", "none"],
)
def test_a_direct_application_goes_to_a_verified_financial_institution(w: World, institution: str) -> None:
    target = {
        "component_maker": w.other.enterprise,
        "pending_bank": bank(status=Enterprise.Status.PENDING),
        "none": None,
    }[institution]

    with pytest.raises(ValidationError) as caught:
        w.apply(offer=None, institution=target, documents=[])

    assert set(fields_of(caught.value)) == {"institution"}


def test_only_financing_offers_of_banks_take_applications(w: World) -> None:
    product = ListingFactory(enterprise=w.bank.enterprise)
    not_a_bank = FundingOfferFactory(enterprise=w.other.enterprise)

    for offer in (product, not_a_bank):
        with pytest.raises(ApplicationError) as caught:
            w.apply(offer=offer)
        assert caught.value.fields.keys() == {"offer"}
    Listing.objects.filter(pk=w.offer.pk).update(status=Listing.Status.CLOSED)
    with pytest.raises(TransitionNotAllowed):
        w.apply()
    assert nothing_written()


@pytest.mark.parametrize("who", ["unverified", "staff"])
def test_only_members_of_verified_enterprises_apply(w: World, who: str) -> None:
    with pytest.raises(NotPermitted):
        services.application_submit(
            actor=w.user(who),
            offer=w.offer,
            amount=Decimal("3000000"),
            term_months=12,
            purpose="流动资金",
            consent=True,
            documents=required_documents(),
        )
    assert nothing_written()


def approved_match(w: World, demand: Listing) -> Match:
    return MatchFactory(
        supply=w.offer,
        demand=demand,
        status=Match.Status.APPROVED,
        reviewed_by=w.staff,
        reviewed_at=timezone.now(),
    )


def test_an_application_from_an_approved_match_moves_its_funnel(w: World) -> None:
    need = DemandListingFactory(enterprise=w.applicant.enterprise, title="融资需求：产线扩建")
    match = approved_match(w, need)

    w.apply(match=match)

    match.refresh_from_db()
    assert match.quoted_at is not None


def test_a_match_of_another_enterprise_is_refused(w: World) -> None:
    match = approved_match(w, DemandListingFactory())

    with pytest.raises(NotPermitted):
        w.apply(match=match)
    assert nothing_written()


# ---------------------------------------------------------------------------------------------------
# Order-linked financing


def sold_order(w: World, status: str = Order.Status.ACCEPTED, **extra: Any) -> Order:
    """An order the applicant sold: 200 units at 400 CNY = 80,000 CNY."""
    listing = ListingFactory(enterprise=w.applicant.enterprise)
    return OrderFactory(listing=listing, status=status, accepted_at=timezone.now(), **extra)


def order_application(w: World, order: Order, **extra: Any) -> FinancingApplication:
    fields: dict[str, Any] = {
        "offer": None,
        "institution": w.bank.enterprise,
        "order": order,
        "kind": AppKind.ORDER,
        "amount": Decimal("80000"),
        "term_months": 6,
        "documents": [],
    }
    fields.update(extra)
    return w.apply(**fields)


def test_a_supplier_finances_an_accepted_order_up_to_its_value(w: World) -> None:
    order = sold_order(w)

    application = order_application(w, order)

    assert application.order == order and application.kind == AppKind.ORDER
    facts = selectors.order_facts(application)
    assert facts is not None and (facts.id, facts.total, facts.status) == (
        order.pk,
        Decimal("80000.00"),
        "accepted",
    )


def test_order_financing_above_the_order_value_is_refused(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        order_application(w, sold_order(w), amount=Decimal("80000.01"))

    assert fields_of(caught.value)["amount"] == ["At most the order's value, ¥80,000."]
    assert not FinancingApplication.objects.exists()


def test_only_the_orders_seller_finances_it(w: World) -> None:
    bought = OrderFactory(buyer=w.applicant.enterprise, status=Order.Status.ACCEPTED)

    with pytest.raises(ValidationError) as caught:
        order_application(w, bought)

    assert fields_of(caught.value)["order"] == ["Only the order's seller (the supplier) can finance it."]


@pytest.mark.parametrize(
    ("kind", "status", "allowed"),
    [
        (AppKind.ORDER, Order.Status.PLACED, False),
        (AppKind.ORDER, Order.Status.CANCELLED, False),
        (AppKind.ORDER, Order.Status.SHIPPED, True),
        (AppKind.RECEIVABLES, Order.Status.ACCEPTED, False),
        (AppKind.RECEIVABLES, Order.Status.SHIPPED, True),
        (AppKind.RECEIVABLES, Order.Status.COMPLETED, True),
    ],
)
def test_the_order_must_have_come_far_enough(w: World, kind: str, status: str, allowed: bool) -> None:
    order = sold_order(w, status=status)

    if allowed:
        assert order_application(w, order, kind=kind).status == Status.SUBMITTED
    else:
        with pytest.raises(ValidationError) as caught:
            order_application(w, order, kind=kind)
        assert set(fields_of(caught.value)) == {"order"}


def test_order_kinds_need_an_order_and_a_general_application_takes_none(w: World) -> None:
    with pytest.raises(ValidationError) as caught:
        order_application(w, None)
    assert set(fields_of(caught.value)) == {"order"}

    with pytest.raises(ValidationError) as caught:
        order_application(w, sold_order(w), kind=AppKind.GENERAL)
    assert set(fields_of(caught.value)) == {"order"}


def test_an_order_backs_one_live_application_at_a_time(w: World) -> None:
    order = sold_order(w)
    first = order_application(w, order)

    with pytest.raises(Conflict):
        order_application(w, order, institution=w.other_bank.enterprise)

    services.application_decline(application=first, actor=w.bank.user, reason="额度已满")
    assert order_application(w, order, institution=w.other_bank.enterprise).status == Status.SUBMITTED


# ---------------------------------------------------------------------------------------------------
# Every step for every role


def at(w: World, status: str) -> FinancingApplication:
    """An application brought to `status` by the services."""
    application = w.apply()
    bank_user = w.bank.user
    if status in (Status.UNDER_REVIEW, Status.APPROVED, Status.DISBURSED):
        services.application_start_review(application=application, actor=bank_user)
    if status in (Status.APPROVED, Status.DISBURSED):
        services.application_approve(
            application=application,
            actor=bank_user,
            amount=Decimal("2500000"),
            rate=Decimal("4.35"),
            term_months=12,
        )
    if status == Status.DISBURSED:
        services.application_disburse(application=application, actor=bank_user)
    application.refresh_from_db()
    return application


STEPS: dict[str, tuple[str, str, Any, dict[str, Any], str]] = {
    # step: (from status, who may take it, service, arguments, status after)
    "start_review": ("submitted", "institution", services.application_start_review, {}, "under_review"),
    "request_info": (
        "under_review",
        "institution",
        services.application_request_info,
        {"question": "请补充近三个月银行流水"},
        "under_review",
    ),
    "approve": (
        "under_review",
        "institution",
        services.application_approve,
        {"amount": Decimal("2000000"), "rate": Decimal("4.2"), "term_months": 12, "conditions": "需担保"},
        "approved",
    ),
    "decline": ("submitted", "institution", services.application_decline, {"reason": "资质不足"}, "declined"),
    "disburse": ("approved", "institution", services.application_disburse, {}, "disbursed"),
    "withdraw": (
        "under_review",
        "applicant",
        services.application_withdraw,
        {"reason": "已获他行贷款"},
        "withdrawn",
    ),
}
ROLES = ["applicant", "institution", "other", "other_bank", "unverified", "staff"]
CASES = [(step, role) for step in STEPS for role in ROLES]


@pytest.mark.parametrize(("step", "role"), CASES, ids=[f"{s}-{r}" for s, r in CASES])
def test_each_step_is_taken_only_by_its_side(w: World, step: str, role: str) -> None:
    start, allowed, service, arguments, after = STEPS[step]
    application = at(w, start)
    events = application.events.count()

    if role == allowed:
        result = service(application=application, actor=w.user(role), **arguments)
        assert result.status == after
        assert application.events.count() == events + 1
        assert application.events.order_by("-id").first().actor == w.user(role)
    else:
        with pytest.raises(NotPermitted):
            service(application=application, actor=w.user(role), **arguments)
        application.refresh_from_db()
        assert application.status == start and application.events.count() == events


@pytest.mark.parametrize(
    ("step", "status"),
    [
        ("start_review", "under_review"),
        ("approve", "submitted"),  # review first
        ("approve", "approved"),
        ("decline", "approved"),
        ("disburse", "under_review"),
        ("disburse", "disbursed"),
        ("withdraw", "approved"),
        ("request_info", "approved"),
    ],
)
def test_a_step_the_status_does_not_allow_is_a_conflict(w: World, step: str, status: str) -> None:
    _start, allowed, service, arguments, _after = STEPS[step]
    application = at(w, status)

    with pytest.raises(TransitionNotAllowed):
        service(application=application, actor=w.user(allowed), **arguments)
    application.refresh_from_db()
    assert application.status == status


def test_the_review_and_the_decision_are_told_to_the_applicant(w: World) -> None:
    application = at(w, Status.APPROVED)

    kinds = set(Notification.objects.filter(recipient=w.applicant_member.user).values_list("kind", flat=True))
    assert kinds == {"financing.review_started", "financing.approved"}
    approved = Notification.objects.get(kind="financing.approved", recipient=w.applicant.user)
    assert "2,500,000" in approved.body and "4.35%" in approved.body
    assert application.approved_amount == Decimal("2500000.00") and application.decided_by == w.bank.user


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"amount": Decimal("3000000.01")}, "amount"),  # more than asked for
        ({"amount": Decimal("0")}, "amount"),
        ({"rate": Decimal("100.01")}, "rate"),
        ({"rate": Decimal("-1")}, "rate"),
        ({"term_months": 0}, "term_months"),
        ({"term_months": 361}, "term_months"),
    ],
)
def test_approval_terms_are_checked(w: World, arguments: dict[str, Any], field: str) -> None:
    application = at(w, Status.UNDER_REVIEW)
    terms: dict[str, Any] = {"amount": Decimal("2000000"), "rate": Decimal("4"), "term_months": 12}
    terms.update(arguments)

    with pytest.raises(ValidationError) as caught:
        services.application_approve(application=application, actor=w.bank.user, **terms)

    assert set(fields_of(caught.value)) == {field}
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW and application.approved_amount is None


def test_a_decline_needs_a_reason_the_applicant_reads(w: World) -> None:
    application = at(w, Status.UNDER_REVIEW)
    with pytest.raises(ValidationError):
        services.application_decline(application=application, actor=w.bank.user, reason=" ")

    services.application_decline(application=application, actor=w.bank.user, reason="负债率过高")

    application.refresh_from_db()
    assert application.status == Status.DECLINED and application.decline_reason == "负债率过高"
    assert (
        "负债率过高" in Notification.objects.get(kind="financing.declined", recipient=w.applicant.user).body
    )


def test_disbursement_defaults_to_the_approved_amount_and_never_exceeds_it(w: World) -> None:
    application = at(w, Status.APPROVED)
    with pytest.raises(ValidationError) as caught:
        services.application_disburse(
            application=application, actor=w.bank.user, amount=Decimal("2500000.01")
        )
    assert set(fields_of(caught.value)) == {"amount"}

    services.application_disburse(application=application, actor=w.bank.user, note="放款凭证 LN-2026-001")

    application.refresh_from_db()
    assert application.status == Status.DISBURSED and application.disbursed_amount == Decimal("2500000.00")
    assert application.events.order_by("-id").first().note == "放款凭证 LN-2026-001"


def test_a_partial_disbursement(w: World) -> None:
    application = at(w, Status.APPROVED)

    services.application_disburse(application=application, actor=w.bank.user, amount=Decimal("1000000"))

    application.refresh_from_db()
    assert application.disbursed_amount == Decimal("1000000.00")


def test_the_applicant_withdraws_before_a_decision_and_the_bank_is_told(w: World) -> None:
    application = w.apply()

    services.application_withdraw(application=application, actor=w.applicant.user, reason="不再需要")

    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    told = Notification.objects.filter(kind="financing.withdrawn").values_list("recipient", flat=True)
    assert set(told) == {w.bank.user.pk}


# ---------------------------------------------------------------------------------------------------
# More information, documents and the conversation


def test_the_bank_asks_and_the_applicant_answers_in_the_conversation(w: World) -> None:
    application = at(w, Status.UNDER_REVIEW)

    services.application_request_info(
        application=application, actor=w.bank_member.user, question="请补充银行流水"
    )

    application.refresh_from_db()
    assert application.info_request == "请补充银行流水" and services.is_open_question(application)
    assert services.application_actions(application, w.applicant.enterprise_id) == [
        "answer_info",
        "add_document",
        "withdraw",
    ]
    question = ApplicationMessage.objects.get()
    assert (question.body, question.sender_enterprise) == ("请补充银行流水", w.bank.enterprise)
    assert Notification.objects.filter(kind="financing.info_requested", recipient=w.applicant.user).exists()

    services.application_answer_info(
        application=application,
        actor=w.applicant.user,
        answer="已上传近三个月流水",
        files=[pdf("流水1.pdf"), SimpleUploadedFile("流水2.png", PNG)],
    )

    application.refresh_from_db()
    assert application.info_answered_at is not None and not services.is_open_question(application)
    answers = list(ApplicationMessage.objects.filter(sender_enterprise=w.applicant.enterprise))
    assert [(m.body, m.file_name) for m in answers] == [
        ("已上传近三个月流水", "流水1.pdf"),
        ("", "流水2.png"),
    ]
    assert [e.action for e in selectors.application_events(application)][-2:] == [
        "info_requested",
        "info_answered",
    ]
    assert Notification.objects.filter(kind="financing.info_answered", recipient=w.bank.user).exists()


def test_an_answer_needs_an_open_question_and_some_content(w: World) -> None:
    application = at(w, Status.UNDER_REVIEW)
    with pytest.raises(TransitionNotAllowed):
        services.application_answer_info(application=application, actor=w.applicant.user, answer="多余的回答")

    services.application_request_info(application=application, actor=w.bank.user, question="经营情况？")
    with pytest.raises(ValidationError) as caught:
        services.application_answer_info(application=application, actor=w.applicant.user, answer=" ")
    assert set(fields_of(caught.value)) == {"answer"}
    with pytest.raises(ValidationError) as caught:
        services.application_answer_info(
            application=application,
            actor=w.applicant.user,
            answer="见附件",
            files=[pdf("x.pdf", b"plain text")],
        )
    assert set(fields_of(caught.value)) == {"files"}
    assert ApplicationMessage.objects.count() == 1 and len(stored_files()) == 2  # the question, the documents
    with pytest.raises(NotPermitted):
        services.application_answer_info(application=application, actor=w.bank.user, answer="自问自答")


def test_the_applicant_adds_a_document_before_the_decision(w: World) -> None:
    application = at(w, Status.UNDER_REVIEW)

    document = services.application_add_document(
        application=application,
        actor=w.applicant_member.user,
        kind="tax_records",
        file=pdf(),
        name="完税证明.pdf",
    )

    assert (document.kind, document.original_name) == ("tax_records", "完税证明.pdf")
    assert application.events.order_by("-id").first().action == "document_added"
    assert Notification.objects.filter(kind="financing.document_added", recipient=w.bank.user).exists()


def test_a_document_is_refused_after_the_decision_from_others_and_with_bad_content(w: World) -> None:
    application = at(w, Status.UNDER_REVIEW)
    before = len(stored_files())

    with pytest.raises(ValidationError):
        services.application_add_document(
            application=application,
            actor=w.applicant.user,
            kind="tax_records",
            file=pdf(content=b"<html>"),
            name="x",
        )
    with pytest.raises(ValidationError):
        services.application_add_document(
            application=application, actor=w.applicant.user, kind="passport", file=pdf(), name="x.pdf"
        )
    for who in ("institution", "other", "other_bank", "staff"):
        with pytest.raises(NotPermitted):
            services.application_add_document(
                application=application, actor=w.user(who), kind="tax_records", file=pdf(), name="x.pdf"
            )
    services.application_decline(application=application, actor=w.bank.user, reason="不符合条件")
    with pytest.raises(TransitionNotAllowed):
        services.application_add_document(
            application=application, actor=w.applicant.user, kind="tax_records", file=pdf(), name="late.pdf"
        )

    assert application.documents.count() == 2 and len(stored_files()) == before


def test_both_sides_write_in_the_conversation_and_the_other_side_is_told(w: World) -> None:
    application = w.apply()

    conversation.message_post(
        actor=w.applicant_member.user, application=application, body="请问审批需要多久？"
    )
    conversation.message_post(
        actor=w.bank_member.user,
        application=application,
        body="",
        file=pdf("材料清单.pdf"),
        file_name="材料清单.pdf",
    )

    rows = list(selectors.application_messages(application))
    assert [(m.sender_enterprise, m.body, m.file_name) for m in rows] == [
        (w.applicant.enterprise, "请问审批需要多久？", ""),
        (w.bank.enterprise, "", "材料清单.pdf"),
    ]
    to_bank = Notification.objects.get(kind="financing.message", recipient=w.bank.user)
    assert "请问审批需要多久？" in to_bank.body and to_bank.link.endswith("#thread")
    assert Notification.objects.filter(kind="financing.message", recipient=w.applicant_member.user).exists()


@pytest.mark.parametrize("who", ["other", "other_bank", "unverified", "staff"])
def test_only_the_two_sides_write_in_the_conversation(w: World, who: str) -> None:
    application = w.apply()

    with pytest.raises(NotPermitted):
        conversation.message_post(actor=w.user(who), application=application, body="打扰一下")
    assert not ApplicationMessage.objects.exists()


def test_an_empty_message_or_a_bad_file_writes_nothing(w: World) -> None:
    application = w.apply()
    before = len(stored_files())

    with pytest.raises(ValidationError):
        conversation.message_post(actor=w.applicant.user, application=application, body="  ")
    with pytest.raises(ValidationError):
        conversation.message_post(
            actor=w.applicant.user,
            application=application,
            file=pdf("a.pdf", b"#!/bin/sh"),
            file_name="a.pdf",
        )

    assert not ApplicationMessage.objects.exists() and len(stored_files()) == before


# ---------------------------------------------------------------------------------------------------
# Who reads what


@pytest.mark.parametrize(
    ("who", "sees"),
    [("applicant", True), ("institution", True), ("staff", True), ("other", False), ("other_bank", False)],
)
def test_only_the_two_sides_and_staff_see_an_application(w: World, who: str, sees: bool) -> None:
    application = w.apply()

    assert selectors.applications_visible_to(w.user(who)).filter(pk=application.pk).exists() is sees
    profile = selectors.applicant_profile(application, w.user(who))
    assert (profile is not None) is sees


def test_the_institution_reads_the_applicants_profile(w: World) -> None:
    application = w.apply()

    profile = selectors.applicant_profile(application, w.bank_member.user)

    assert profile is not None and profile.contact_email == "finance@wuhu-drive.example.com"
    assert profile.segment_codes == ["electric_drive"]


def test_actions_follow_the_side_and_the_status(w: World) -> None:
    application = w.apply()
    bank_id, applicant_id = w.bank.enterprise_id, w.applicant.enterprise_id

    assert services.application_actions(application, bank_id) == ["start_review", "request_info", "decline"]
    assert services.application_actions(application, applicant_id) == ["add_document", "withdraw"]
    assert services.application_actions(application, w.other.enterprise_id) == []
    assert services.application_actions(application, None) == []
    approved = at(w, Status.APPROVED)
    assert services.application_actions(approved, bank_id) == ["disburse"]
    assert services.application_actions(approved, applicant_id) == []


def test_the_institutions_pipeline_counts_and_ages(w: World) -> None:
    old = w.apply()
    FinancingApplication.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=9)
    )
    at(w, Status.UNDER_REVIEW)
    at(w, Status.DISBURSED)

    stages, closed = selectors.institution_pipeline(w.bank.enterprise_id)

    submitted = stages[0]
    assert (submitted.status, submitted.count, submitted.amount) == ("submitted", 1, Decimal("3000000.00"))
    assert submitted.applications[0].age_days == 9
    assert [s.count for s in stages] == [1, 1, 0] and [s.count for s in closed] == [1, 0, 0]
    assert selectors.institution_pipeline(w.other_bank.enterprise_id)[0][0].count == 0


def test_a_funding_offer_of_a_bank_is_a_funding_listing(w: World) -> None:
    # The factory's offer is what the services expect: a published funding supply of a bank.
    assert (w.offer.kind, w.offer.side, w.offer.status) == (Kind.FUNDING, "supply", "published")


def test_the_seller_of_an_accepted_order_is_offered_financing_on_its_page(client: Any) -> None:
    from orders.models import Order
    from tests.factories import OrderFactory

    seller = MembershipFactory()
    order = OrderFactory(listing__enterprise=seller.enterprise, status=Order.Status.PLACED)
    client.force_login(seller.user)
    assert "/financing/apply/?order=" not in client.get(f"/orders/{order.pk}/").content.decode()
    Order.objects.filter(pk=order.pk).update(status=Order.Status.ACCEPTED)
    assert f"/financing/apply/?order={order.pk}" in client.get(f"/orders/{order.pk}/").content.decode()
    client.force_login(MembershipFactory(enterprise=order.buyer).user)  # the buyer is not offered it
    assert "/financing/apply/?order=" not in client.get(f"/orders/{order.pk}/").content.decode()
