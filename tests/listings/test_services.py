"""Listing services: the lifecycle table, theme rules, validation, material edits, expiry, alerts."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Membership, Notification, User
from accounts.taxonomy import Segment, Theme
from listings import saved_searches, services
from listings.choices import Instrument, Kind, Side, TransferMode
from listings.models import Listing, ListingEvent, SavedSearchHit
from listings.patents import check_character
from listings.rules import ALLOWED_KINDS, allowed_kinds
from listings.signals import listing_published, listing_withdrawn
from listings.validation import CertificationInput
from platform_site.errors import NotPermitted, TransitionNotAllowed
from tests.factories import (
    EnterpriseFactory,
    ListingFactory,
    MembershipFactory,
    PendingEnterpriseFactory,
    SavedSearchFactory,
    region,
)

pytestmark = pytest.mark.django_db
Status = Listing.Status
TODAY = timezone.localdate


def product_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "side": Side.SUPPLY,
        "kind": Kind.PRODUCT,
        "title": "高压线束总成 800V",
        "description": "适用于 800V 平台的高压线束，耐温 150℃。",
        "segment": Segment.ELECTRIC_DRIVE,
        "category": "高压线束",
        "region": region("340100"),
        "quantity": Decimal("5000"),
        "unit": "套",
        "min_order_quantity": Decimal("100"),
        "price_min": Decimal("800"),
        "price_max": Decimal("1200"),
        "lead_time_days": 21,
    }
    fields.update(overrides)
    return fields


def errors_of(call: Callable[[], Any]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# --- create ------------------------------------------------------------------------------------------


def test_a_member_creates_a_draft_with_derived_fields(member: Membership) -> None:
    listing = services.listing_create(
        actor=member.user, certifications=[CertificationInput("IATF 16949")], **product_fields()
    )

    assert listing.status == Status.DRAFT
    assert listing.enterprise == member.enterprise
    assert listing.province_id == "340000"
    assert listing.language == "zh"
    assert listing.valid_until == TODAY() + datetime.timedelta(days=90)
    assert " synharness " in listing.search_title
    assert [c.standard for c in listing.certifications.all()] == ["IATF 16949"]
    assert listing.events.get().action == ListingEvent.Action.CREATED


def test_a_pending_enterprise_cannot_publish() -> None:
    membership = MembershipFactory(enterprise=PendingEnterpriseFactory())
    with pytest.raises(NotPermitted) as caught:
        services.listing_create(actor=membership.user, **product_fields())
    assert caught.value.code == "enterprise_not_verified"
    assert not Listing.objects.exists()


def test_every_field_error_is_reported_at_once(member: Membership) -> None:
    errors = errors_of(
        lambda: services.listing_create(
            actor=member.user,
            **product_fields(
                price_min=Decimal("-1"),
                price_max=Decimal("-5"),
                quantity=Decimal("10"),
                min_order_quantity=Decimal("50"),
                title="",
                deadline=TODAY(),
            ),
        )
    )
    assert set(errors) >= {"price_min", "price_max", "min_order_quantity", "title", "deadline"}
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price_min": None, "price_max": None}, "price_min"),  # neither a price nor negotiable
        ({"quantity": Decimal("0")}, "quantity"),
        ({"unit": ""}, "unit"),
        ({"valid_until": TODAY() - datetime.timedelta(days=1)}, "valid_until"),
        ({"valid_until": TODAY() + datetime.timedelta(days=400)}, "valid_until"),
        ({"tech_trl": 5}, "tech_trl"),  # technology details on a product
        ({"funding_amount": Decimal("100")}, "funding_amount"),
    ],
)
def test_invalid_products_are_refused_on_the_field(
    member: Membership, overrides: dict[str, Any], field: str
) -> None:
    assert field in errors_of(
        lambda: services.listing_create(actor=member.user, **product_fields(**overrides))
    )


def test_a_negotiable_product_needs_no_price(member: Membership) -> None:
    listing = services.listing_create(
        actor=member.user, **product_fields(price_min=None, price_max=None, price_negotiable=True)
    )
    assert listing.price_negotiable


def test_technology_patents_are_checked(member: Membership) -> None:
    digits = "202310123456"
    good = f"ZL{digits}.{check_character(digits)}"
    wrong = f"ZL{digits}.{'1' if check_character(digits) != '1' else '2'}"
    fields = product_fields(
        kind=Kind.TECHNOLOGY,
        quantity=None,
        unit="",
        min_order_quantity=None,
        tech_trl=6,
        tech_transfer_mode=TransferMode.LICENCE,
    )

    errors = errors_of(
        lambda: services.listing_create(actor=member.user, tech_patents=f"{good}\n{wrong}", **fields)
    )
    assert errors["tech_patents"] == [
        f"{wrong}: wrong check character, it should be {check_character(digits)}."
    ]

    listing = services.listing_create(actor=member.user, tech_patents=f"{good}\nCN112345678A", **fields)
    assert listing.patent_numbers == [good, "CN112345678A"]


def test_mandatory_certifications_belong_to_demands(member: Membership) -> None:
    errors = errors_of(
        lambda: services.listing_create(
            actor=member.user,
            certifications=[CertificationInput("ISO 26262", mandatory=True)],
            **product_fields(),
        )
    )
    assert "certifications" in errors


# --- theme rules -------------------------------------------------------------------------------------


def test_the_theme_table_covers_every_theme_and_side() -> None:
    assert set(ALLOWED_KINDS) == {(theme, side) for theme in Theme.values for side in Side.values}


@pytest.mark.parametrize(
    ("theme", "side", "kinds"),
    [
        (Theme.FINANCIAL_INSTITUTION, Side.SUPPLY, [Kind.FUNDING]),
        (Theme.UNIVERSITY, Side.SUPPLY, [Kind.TECHNOLOGY, Kind.TALENT]),
        (Theme.RESEARCH_INSTITUTE, Side.SUPPLY, [Kind.TECHNOLOGY, Kind.TALENT]),
        (Theme.COMPONENT_MAKER, Side.SUPPLY, [Kind.PRODUCT, Kind.TECHNOLOGY, Kind.TALENT]),
        (Theme.VEHICLE_MAKER, Side.DEMAND, [Kind.PRODUCT, Kind.TECHNOLOGY, Kind.TALENT, Kind.FUNDING]),
    ],
)
def test_allowed_kinds(theme: str, side: str, kinds: list[str]) -> None:
    assert allowed_kinds(theme, side) == kinds


def test_only_financial_institutions_offer_funding(member: Membership) -> None:
    funding = {
        "kind": Kind.FUNDING,
        "quantity": None,
        "unit": "",
        "min_order_quantity": None,
        "price_min": None,
        "price_max": None,
        "funding_amount": Decimal("5000000"),
        "funding_term_months": 12,
        "funding_instrument": Instrument.LOAN,
    }
    errors = errors_of(lambda: services.listing_create(actor=member.user, **product_fields(**funding)))
    assert list(errors) == ["kind"]

    bank = MembershipFactory(enterprise=EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION))
    listing = services.listing_create(actor=bank.user, **product_fields(**funding))
    assert listing.kind == Kind.FUNDING


def test_universities_do_not_sell_products() -> None:
    university = MembershipFactory(enterprise=EnterpriseFactory(theme=Theme.UNIVERSITY))
    errors = errors_of(lambda: services.listing_create(actor=university.user, **product_fields()))
    assert "kind" in errors


# --- lifecycle table ---------------------------------------------------------------------------------

OWNER_ACTIONS: dict[str, Callable[..., Listing]] = {
    "submit": lambda listing, owner, staff: services.listing_submit(listing=listing, actor=owner),
    "close": lambda listing, owner, staff: services.listing_close(listing=listing, actor=owner),
    "approve": lambda listing, owner, staff: services.listing_approve(listing=listing, actor=staff),
    "reject": lambda listing, owner, staff: services.listing_reject(
        listing=listing, actor=staff, reason="图片不清晰"
    ),
}
RESULT = {
    "submit": Status.PENDING_REVIEW,
    "close": Status.CLOSED,
    "approve": Status.PUBLISHED,
    "reject": Status.REJECTED,
}
ALLOWED = {
    (Status.DRAFT, "submit"),
    (Status.PENDING_REVIEW, "approve"),
    (Status.PENDING_REVIEW, "reject"),
    (Status.PENDING_REVIEW, "close"),
    (Status.REJECTED, "submit"),
    (Status.REJECTED, "close"),
    (Status.PUBLISHED, "close"),
    (Status.EXPIRED, "submit"),
    (Status.EXPIRED, "close"),
}


@pytest.mark.parametrize("from_status", Status.values)
@pytest.mark.parametrize("action", list(OWNER_ACTIONS))
def test_lifecycle_table(member: Membership, staff: User, from_status: str, action: str) -> None:
    listing = ListingFactory(
        enterprise=member.enterprise,
        status=from_status,
        review_note="reason" if from_status == Status.REJECTED else "",
    )

    if (from_status, action) in ALLOWED:
        result = OWNER_ACTIONS[action](listing, member.user, staff)
        listing.refresh_from_db()
        assert listing.status == result.status == RESULT[action]
        event = listing.events.get()
        assert (event.from_status, event.to_status) == (from_status, RESULT[action])
    else:
        with pytest.raises(TransitionNotAllowed):
            OWNER_ACTIONS[action](listing, member.user, staff)
        listing.refresh_from_db()
        assert listing.status == from_status
        assert not listing.events.exists()


def test_the_table_in_the_model_matches_the_tested_one() -> None:
    table = {(f, t) for f, targets in Listing.TRANSITIONS.items() for t in targets}
    assert {(f, RESULT[a]) for f, a in ALLOWED} | {
        (Status.PUBLISHED, Status.EXPIRED),
        (Status.PUBLISHED, Status.PENDING_REVIEW),
    } == table


def test_only_staff_review(member: Membership) -> None:
    listing = ListingFactory(enterprise=member.enterprise, status=Status.PENDING_REVIEW)
    with pytest.raises(NotPermitted):
        services.listing_approve(listing=listing, actor=member.user)
    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW


def test_another_enterprise_cannot_act_on_a_listing(member: Membership, other_owner: Membership) -> None:
    listing = ListingFactory(enterprise=member.enterprise, status=Status.DRAFT)
    for call in (
        lambda: services.listing_submit(listing=listing, actor=other_owner.user),
        lambda: services.listing_close(listing=listing, actor=other_owner.user),
        lambda: services.listing_update(listing=listing, actor=other_owner.user, title="被别人改了"),
        lambda: services.listing_delete(listing=listing, actor=other_owner.user),
    ):
        with pytest.raises(NotPermitted):
            call()
    listing.refresh_from_db()
    assert (listing.status, listing.title) == (Status.DRAFT, listing.title)
    assert not listing.events.exists()


def test_reject_needs_a_reason_and_tells_the_owner(owner: Membership, staff: User) -> None:
    listing = ListingFactory(enterprise=owner.enterprise, status=Status.PENDING_REVIEW, created_by=owner.user)
    assert "reason" in errors_of(lambda: services.listing_reject(listing=listing, actor=staff, reason="  "))

    services.listing_reject(listing=listing, actor=staff, reason="价格与描述不符")

    notice = Notification.objects.get(recipient=owner.user, kind="listing.rejected")
    assert "价格与描述不符" in notice.body


def test_submitting_tells_the_admins_and_approving_publishes(
    owner: Membership, staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    listing = services.listing_create(actor=owner.user, **product_fields())
    services.listing_submit(listing=listing, actor=owner.user)
    assert Notification.objects.filter(recipient=staff, kind="listing.submitted").exists()

    published: list[int] = []

    def receiver(sender: Any, listing_id: int, **kwargs: Any) -> None:
        published.append(listing_id)

    listing_published.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.listing_approve(listing=listing, actor=staff)
    finally:
        listing_published.disconnect(receiver)

    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED and listing.published_at is not None
    assert published == [listing.pk]
    assert Notification.objects.filter(recipient=owner.user, kind="listing.approved").exists()


def test_an_approval_after_validity_is_refused(owner: Membership, staff: User) -> None:
    listing = ListingFactory(
        enterprise=owner.enterprise,
        status=Status.PENDING_REVIEW,
        valid_until=TODAY() - datetime.timedelta(days=1),
    )
    with pytest.raises(TransitionNotAllowed):
        services.listing_approve(listing=listing, actor=staff)


def test_only_drafts_are_deleted(member: Membership) -> None:
    draft = ListingFactory(enterprise=member.enterprise, status=Status.DRAFT)
    published = ListingFactory(enterprise=member.enterprise)
    services.listing_delete(listing=draft, actor=member.user)
    with pytest.raises(TransitionNotAllowed):
        services.listing_delete(listing=published, actor=member.user)
    assert list(Listing.objects.all()) == [published]


# --- edits -------------------------------------------------------------------------------------------


def test_a_material_edit_sends_a_published_listing_back_to_review(
    member: Membership, staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    listing = ListingFactory(enterprise=member.enterprise)
    withdrawn: list[str] = []

    def receiver(sender: Any, listing_id: int, status: str, **kwargs: Any) -> None:
        withdrawn.append(status)

    listing_withdrawn.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.listing_update(listing=listing, actor=member.user, title="磷酸铁锂电芯 314Ah 储能专用")
    finally:
        listing_withdrawn.disconnect(receiver)

    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW
    assert "314ah" in listing.search_title
    event = listing.events.get()
    assert (event.action, event.note) == (ListingEvent.Action.RETURNED_TO_REVIEW, "title")
    assert withdrawn == [Status.PENDING_REVIEW]
    assert Notification.objects.filter(recipient=staff, kind="listing.returned_to_review").exists()


def test_commercial_terms_change_without_review(member: Membership) -> None:
    listing = ListingFactory(enterprise=member.enterprise)
    services.listing_update(
        listing=listing, actor=member.user, price_min=Decimal("360"), quantity=Decimal("8000")
    )
    listing.refresh_from_db()
    assert (listing.status, listing.price_min) == (Status.PUBLISHED, Decimal("360"))
    assert listing.events.get().action == ListingEvent.Action.UPDATED


def test_changing_certifications_is_material(member: Membership) -> None:
    listing = ListingFactory(enterprise=member.enterprise, certifications=["ISO 9001"])
    services.listing_update(
        listing=listing, actor=member.user, certifications=[CertificationInput("IATF 16949")]
    )
    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW
    assert [c.standard for c in listing.certifications.all()] == ["IATF 16949"]


def test_an_edit_that_changes_nothing_writes_nothing(member: Membership) -> None:
    listing = ListingFactory(enterprise=member.enterprise)
    services.listing_update(listing=listing, actor=member.user, title=listing.title)
    assert not listing.events.exists()


def test_a_closed_listing_cannot_be_edited(member: Membership) -> None:
    listing = ListingFactory(enterprise=member.enterprise, status=Status.CLOSED)
    with pytest.raises(TransitionNotAllowed):
        services.listing_update(listing=listing, actor=member.user, price_min=Decimal("1"))


# --- expiry ------------------------------------------------------------------------------------------


def test_expiry_warns_a_week_ahead_once_and_then_expires(owner: Membership) -> None:
    listing = ListingFactory(
        enterprise=owner.enterprise, created_by=owner.user, valid_until=TODAY() + datetime.timedelta(days=6)
    )
    later = ListingFactory(enterprise=owner.enterprise, valid_until=TODAY() + datetime.timedelta(days=30))

    assert services.listings_warn_expiring() == 1
    assert services.listings_warn_expiring() == 0  # warned once
    assert Notification.objects.filter(recipient=owner.user, kind="listing.expiring").count() == 1

    assert services.listings_expire(today=TODAY() + datetime.timedelta(days=7)) == 1
    listing.refresh_from_db()
    later.refresh_from_db()
    assert (listing.status, later.status) == (Status.EXPIRED, Status.PUBLISHED)
    assert listing.events.filter(action=ListingEvent.Action.EXPIRED).exists()
    assert Notification.objects.filter(recipient=owner.user, kind="listing.expired").exists()


def test_a_new_validity_date_earns_a_new_warning(owner: Membership) -> None:
    listing = ListingFactory(enterprise=owner.enterprise, valid_until=TODAY() + datetime.timedelta(days=3))
    services.listings_warn_expiring()
    services.listing_update(
        listing=listing, actor=owner.user, valid_until=TODAY() + datetime.timedelta(days=5)
    )
    assert services.listings_warn_expiring() == 1


def test_an_expired_listing_leaves_the_catalogue_before_the_task_runs() -> None:
    from listings.selectors import listing_catalogue

    ListingFactory(valid_until=TODAY() - datetime.timedelta(days=1))
    assert not listing_catalogue().exists()


# --- saved searches ----------------------------------------------------------------------------------


def test_a_saved_search_is_told_once_about_a_matching_listing(
    member: Membership, other_owner: Membership
) -> None:
    saved = saved_searches.saved_search_create(
        user=other_owner.user, name="电池采购", query="battery", filters={"segment": ["power_battery"]}
    )
    SavedSearchFactory(user=other_owner.user, query="激光雷达")  # does not match
    listing = ListingFactory(enterprise=member.enterprise)  # 电芯, power battery

    assert saved_searches.saved_searches_notify(listing_id=listing.pk) == 1
    assert saved_searches.saved_searches_notify(listing_id=listing.pk) == 0  # a redelivered task
    assert SavedSearchHit.objects.get().saved_search == saved
    notice = Notification.objects.get(recipient=other_owner.user, kind="listing.saved_search_match")
    assert "电池采购" in notice.title


def test_own_listings_do_not_alert_own_saved_searches(member: Membership) -> None:
    SavedSearchFactory(user=member.user, query="电芯")
    listing = ListingFactory(enterprise=member.enterprise)
    assert saved_searches.saved_searches_notify(listing_id=listing.pk) == 0


def test_saved_search_filters_are_validated(member: Membership) -> None:
    assert "filters" in errors_of(
        lambda: saved_searches.saved_search_create(
            user=member.user, name="x", filters={"segment": ["nonsense"]}
        )
    )
    assert "filters" in errors_of(
        lambda: saved_searches.saved_search_create(user=member.user, name="x", filters={"drop_table": "1"})
    )
