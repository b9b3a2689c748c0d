"""The listings API as an integrator uses it: drafts, edits, moderation, the catalogue, search, facets."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Membership, Notification, User
from accounts.taxonomy import Segment, Theme
from listings import services
from listings.choices import Kind
from listings.models import Listing, ListingAttachment, ListingEvent
from listings.patents import check_character
from tests.conftest import client_for
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MembershipFactory,
    PendingEnterpriseFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/listings/"
PATENT_DIGITS = "202010123456"
PATENT = f"ZL{PATENT_DIGITS}.{check_character(PATENT_DIGITS)}"
WRONG_CHECK = next(c for c in "0123456789X" if c != check_character(PATENT_DIGITS))

PRODUCT = {
    "side": "supply",
    "kind": "product",
    "title": "方形磷酸铁锂电芯 280Ah",
    "description": "循环寿命 6000 次，适用于储能与商用车。",
    "segment": "power_battery",
    "category": "电芯",
    "region": "340100",
    "quantity": "50000",
    "unit": "件",
    "min_order_quantity": "500",
    "price_min": "380.00",
    "price_max": "420.00",
    "lead_time_days": 30,
    "certifications": [{"standard": "IATF 16949"}, {"standard": "UN38.3"}],
}
TECHNOLOGY = {
    "side": "supply",
    "kind": "technology",
    "title": "SiC 电机控制器技术许可",
    "description": "800V 平台碳化硅逆变器设计，含专利许可。",
    "segment": "electric_drive",
    "category": "电机控制器",
    "region": "340200",
    "price_negotiable": True,
    "tech_patents": [PATENT],
    "tech_trl": 7,
    "tech_transfer_mode": "licence",
    "tech_field": "新能源乘用车电驱",
}
TALENT = {
    "side": "supply",
    "kind": "talent",
    "title": "电池测试工程师外派",
    "segment": "power_battery",
    "category": "电池工程师",
    "region": "340100",
    "talent_headcount": 5,
    "talent_skills": "BMS, 热管理, cell testing",
    "talent_experience_years": 3,
    "talent_salary_min": "15000",
    "talent_salary_max": "25000",
    "talent_work_region": "320100",
}
FUNDING = {
    "side": "supply",
    "kind": "funding",
    "title": "汽车零部件供应链金融",
    "segment": "complete_vehicle",
    "category": "供应链金融",
    "region": "340100",
    "funding_amount": "5000000",
    "funding_term_months": 12,
    "funding_instrument": "supply_chain_finance",
}
DEMAND = {
    "side": "demand",
    "kind": "product",
    "title": "采购高压线束 800V",
    "segment": "chassis_body",
    "category": "线束",
    "region": "340100",
    "quantity": "2000",
    "unit": "套",
    "price_max": "1200",
}


def error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


@pytest.fixture
def bank_member(db: None) -> Membership:
    """A member of a verified financial institution, the only theme that offers funding."""
    bank = EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION, segments=["complete_vehicle"])
    return MembershipFactory(enterprise=bank, role=Membership.Role.MEMBER)


@pytest.fixture
def mine(owner: Membership) -> Listing:
    """A published listing of the owner's enterprise."""
    return ListingFactory(enterprise=owner.enterprise, created_by=owner.user, title="方形铝壳电芯 自有")


@pytest.fixture
def draft(member: Membership) -> Listing:
    response = client_for(member.user).post(URL, PRODUCT, format="json")
    assert response.status_code == 201, response.content
    return Listing.objects.get(pk=response.json()["id"])


# --- create ----------------------------------------------------------------------------------------


def test_a_member_creates_a_product_draft(member: Membership) -> None:
    response = client_for(member.user).post(URL, PRODUCT, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["enterprise"]["id"] == member.enterprise_id
    assert body["region"]["code"] == "340100" and body["province"]["code"] == "340000"
    assert [c["standard"] for c in body["certifications"]] == ["IATF 16949", "UN38.3"]
    assert body["price_min"] == "380.00" and body["lead_time_days"] == 30
    assert body["language"] == "zh"
    assert body["valid_until"] == (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    listing = Listing.objects.get(pk=body["id"])
    assert listing.created_by == member.user and listing.status == Listing.Status.DRAFT
    assert list(listing.events.values_list("action", "actor", "to_status")) == [
        ("created", member.user.pk, "draft")
    ]
    # A draft is not in the public catalogue
    assert body["title"] not in titles(APIClient().get(URL))


def test_a_member_creates_a_technology_draft_with_a_valid_patent(member: Membership) -> None:
    response = client_for(member.user).post(URL, TECHNOLOGY, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "technology" and body["status"] == "draft"
    assert body["tech_patents"] == [PATENT]
    assert body["tech_trl"] == 7 and body["tech_transfer_mode"] == "licence"
    assert body["price_negotiable"] is True and body["price_min"] is None
    assert Listing.objects.get(pk=body["id"]).patent_numbers == [PATENT]


def test_a_member_creates_a_talent_draft(member: Membership) -> None:
    response = client_for(member.user).post(URL, TALENT, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "talent"
    assert body["talent_headcount"] == 5
    assert body["talent_work_region"]["code"] == "320100"
    assert body["talent_salary_max"] == "25000.00"
    assert Listing.objects.get(pk=body["id"]).skills == ["BMS", "热管理", "cell testing"]


def test_a_financial_institution_creates_a_funding_draft(bank_member: Membership) -> None:
    response = client_for(bank_member.user).post(URL, FUNDING, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "funding" and body["enterprise"]["theme"] == "financial_institution"
    assert body["funding_amount"] == "5000000.00" and body["funding_instrument"] == "supply_chain_finance"
    assert Listing.objects.filter(enterprise=bank_member.enterprise, status="draft").count() == 1


def test_a_demand_draft_takes_a_deadline(member: Membership) -> None:
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client_for(member.user).post(URL, {**DEMAND, "deadline": deadline}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["deadline"] == deadline and response.json()["side"] == "demand"


@pytest.mark.parametrize(
    ("payload", "change", "field"),
    [
        (PRODUCT, {"price_min": "500", "price_max": "400"}, "price_max"),
        (PRODUCT, {"price_min": "-1"}, "price_min"),
        (TECHNOLOGY, {"tech_trl": 10}, "tech_trl"),
        (TECHNOLOGY, {"tech_patents": [f"ZL{PATENT_DIGITS}.{WRONG_CHECK}"]}, "tech_patents"),
        (TECHNOLOGY, {"tech_patents": ["not-a-patent"]}, "tech_patents"),
        (FUNDING, {}, "kind"),  # a component maker may not offer funding
        (DEMAND, {"lead_time_days": 20}, "lead_time_days"),
        (PRODUCT, {"deadline": "2099-01-01"}, "deadline"),
        (TECHNOLOGY, {"tech_transfer_mode": ""}, "tech_transfer_mode"),
        (TALENT, {"talent_headcount": None}, "talent_headcount"),
        (TALENT, {"talent_skills": ""}, "talent_skills"),
        (TALENT, {"price_min": "100"}, "price_min"),
        (PRODUCT, {"tech_trl": 5}, "tech_trl"),
        (PRODUCT, {"price_min": None, "price_max": None}, "price_min"),
        (PRODUCT, {"quantity": "10", "min_order_quantity": "100"}, "min_order_quantity"),
        (PRODUCT, {"region": "999999"}, "region"),
        (PRODUCT, {"segment": "bakery"}, "segment"),
        (PRODUCT, {"side": "sideways"}, "side"),
        (PRODUCT, {"title": "电芯"}, "title"),
        (PRODUCT, {"valid_until": "2001-01-01"}, "valid_until"),
        (PRODUCT, {"certifications": [{"standard": "IATF 16949", "mandatory": True}]}, "certifications"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    member: Membership, payload: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    response = client_for(member.user).post(URL, {**payload, **change}, format="json")
    assert response.status_code == 400, response.content
    body = error(response)
    assert body["code"] == "invalid"
    assert field in body["fields"], body
    assert all(isinstance(m, str) and m for m in body["fields"][field])
    assert not Listing.objects.exists() and not ListingEvent.objects.exists()


@pytest.mark.parametrize(
    ("payload", "change", "field"),
    [
        (PRODUCT, {"price_min": "500", "price_max": "400"}, "price_max"),
        (PRODUCT, {"price_min": "-1"}, "price_min"),
        (PRODUCT, {"quantity": "10", "min_order_quantity": "100"}, "min_order_quantity"),
        (DEMAND, {"lead_time_days": 20}, "lead_time_days"),
        (PRODUCT, {"tech_trl": 5}, "tech_trl"),
    ],
)
def test_a_broken_rule_is_reported_on_its_field_only(
    member: Membership, payload: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    response = client_for(member.user).post(
        URL, {**payload, **change}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    fields = error(response)["fields"]
    assert set(fields) == {field}, fields
    assert not any("Constraint" in message for message in fields[field])


def test_missing_required_fields_are_all_named(member: Membership) -> None:
    response = client_for(member.user).post(URL, {}, format="json")
    assert response.status_code == 400
    assert {"side", "kind", "title", "segment", "category", "region"} <= set(error(response)["fields"])


def test_the_patent_error_says_which_check_character_is_right(member: Membership) -> None:
    wrong = f"ZL{PATENT_DIGITS}.{WRONG_CHECK}"
    response = client_for(member.user).post(
        URL, {**TECHNOLOGY, "tech_patents": [wrong]}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    [message] = error(response)["fields"]["tech_patents"]
    assert wrong in message and check_character(PATENT_DIGITS) in message


def test_the_theme_rule_error_names_the_allowed_kinds(member: Membership) -> None:
    response = client_for(member.user).post(URL, FUNDING, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    [message] = error(response)["fields"]["kind"]
    assert "Funding" in message and "Product" in message


def test_several_errors_are_reported_at_once(member: Membership) -> None:
    response = client_for(member.user).post(
        URL, {**DEMAND, "lead_time_days": 5, "price_min": "-5", "price_max": "-10"}, format="json"
    )
    assert response.status_code == 400
    assert {"lead_time_days", "price_min", "price_max"} <= set(error(response)["fields"])


def test_a_pending_enterprise_member_may_not_create(db: None) -> None:
    pending = MembershipFactory(enterprise=PendingEnterpriseFactory(), role=Membership.Role.OWNER)
    response = client_for(pending.user).post(URL, PRODUCT, format="json")
    assert response.status_code == 403
    assert error(response)["code"] == "enterprise_not_verified"
    assert not Listing.objects.exists()


def test_anonymous_and_enterpriseless_users_may_not_create(api: APIClient, staff: User) -> None:
    assert api.post(URL, PRODUCT, format="json").status_code == 401
    # A platform admin has no enterprise to publish for
    response = client_for(staff).post(URL, PRODUCT, format="json")
    assert response.status_code == 403 and error(response)["code"] == "no_enterprise"
    assert not Listing.objects.exists()


# --- edit ------------------------------------------------------------------------------------------


def test_editing_a_draft_keeps_it_a_draft_and_records_the_fields(member: Membership, draft: Listing) -> None:
    response = client_for(member.user).patch(
        f"{URL}{draft.pk}/", {"title": "方形磷酸铁锂电芯 314Ah", "price_max": "450"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "方形磷酸铁锂电芯 314Ah" and response.json()["status"] == "draft"
    event = draft.events.first()
    assert event is not None and event.action == "updated" and event.note == "price_max, title"
    draft.refresh_from_db()
    assert draft.price_max == Decimal("450")


def test_a_material_edit_sends_a_published_listing_back_to_review(
    owner: Membership, mine: Listing, staff: User
) -> None:
    response = client_for(owner.user).patch(
        f"{URL}{mine.pk}/", {"title": "方形铝壳电芯 314Ah 新版"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "pending_review"
    mine.refresh_from_db()
    assert mine.status == Listing.Status.PENDING_REVIEW and mine.submitted_at is not None
    event = mine.events.get()
    assert (event.action, event.from_status, event.to_status) == (
        "returned_to_review",
        "published",
        "pending_review",
    )
    assert event.actor == owner.user and event.note == "title"
    assert Notification.objects.filter(recipient=staff, kind="listing.returned_to_review").count() == 1
    # Out of the catalogue until approved again
    assert "方形铝壳电芯 314Ah 新版" not in titles(APIClient().get(URL))


def test_a_price_change_keeps_a_listing_published(owner: Membership, mine: Listing, staff: User) -> None:
    response = client_for(owner.user).patch(
        f"{URL}{mine.pk}/", {"price_min": "360", "price_max": "400", "lead_time_days": 20}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published" and response.json()["price_min"] == "360.00"
    mine.refresh_from_db()
    assert mine.status == Listing.Status.PUBLISHED and mine.price_min == Decimal("360")
    assert list(mine.events.values_list("action", flat=True)) == ["updated"]
    assert not Notification.objects.filter(recipient=staff).exists()
    assert mine.title in titles(APIClient().get(URL))


def test_an_edit_that_changes_nothing_records_nothing(owner: Membership, mine: Listing) -> None:
    response = client_for(owner.user).patch(f"{URL}{mine.pk}/", {"title": mine.title}, format="json")
    assert response.status_code == 200
    assert not mine.events.exists()


def test_a_bad_edit_is_a_400_and_changes_nothing(owner: Membership, mine: Listing) -> None:
    response = client_for(owner.user).patch(f"{URL}{mine.pk}/", {"price_max": "1"}, format="json")
    assert response.status_code == 400 and "price_max" in error(response)["fields"]
    mine.refresh_from_db()
    assert mine.price_max == Decimal("420.00") and mine.status == "published"
    assert not mine.events.exists()


def test_side_and_kind_cannot_be_changed_by_an_edit(member: Membership, draft: Listing) -> None:
    response = client_for(member.user).patch(
        f"{URL}{draft.pk}/", {"side": "demand", "kind": "talent"}, format="json"
    )
    # Unknown fields are ignored by the update serializer; the listing stays what it was
    assert response.status_code == 200
    draft.refresh_from_db()
    assert (draft.side, draft.kind) == ("supply", "product")


# --- moderation ------------------------------------------------------------------------------------


def test_submit_approve_publish(member: Membership, owner: Membership, draft: Listing, staff: User) -> None:
    client = client_for(member.user)
    submitted = client.post(f"{URL}{draft.pk}/submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "pending_review" and submitted.json()["submitted_at"]
    assert Notification.objects.filter(recipient=staff, kind="listing.submitted").count() == 1
    # Not yet public
    assert APIClient().get(f"{URL}{draft.pk}/").status_code == 404

    approved = client_for(staff).post(f"{URL}{draft.pk}/approve/", {"note": "资料齐全"}, format="json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "published" and approved.json()["published_at"]

    draft.refresh_from_db()
    assert draft.reviewed_by == staff and draft.review_note == "资料齐全"
    assert list(draft.events.order_by("id").values_list("action", flat=True)) == [
        "created",
        "submitted",
        "approved",
    ]
    # The owner (a manager) and the author both hear of it
    approved_to = set(
        Notification.objects.filter(kind="listing.approved").values_list("recipient", flat=True)
    )
    assert approved_to == {owner.user.pk, member.user.pk}
    # In the anonymous catalogue, without the moderator's note
    anonymous = APIClient()
    assert PRODUCT["title"] in titles(anonymous.get(URL))
    detail = anonymous.get(f"{URL}{draft.pk}/").json()
    assert detail["status"] == "published" and "review_note" not in detail
    assert client.get(f"{URL}{draft.pk}/").json()["review_note"] == "资料齐全"


def test_reject_needs_a_reason(member: Membership, owner: Membership, draft: Listing, staff: User) -> None:
    client_for(member.user).post(f"{URL}{draft.pk}/submit/")
    admin = client_for(staff)
    for body in ({}, {"reason": "   "}):
        response = admin.post(f"{URL}{draft.pk}/reject/", body, format="json")
        assert response.status_code == 400 and "reason" in error(response)["fields"]
    draft.refresh_from_db()
    assert draft.status == Listing.Status.PENDING_REVIEW

    response = admin.post(f"{URL}{draft.pk}/reject/", {"reason": "缺少检测报告"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "rejected" and response.json()["review_note"] == "缺少检测报告"
    event = draft.events.first()
    assert event is not None and (event.action, event.note) == ("rejected", "缺少检测报告")
    rejection = Notification.objects.get(kind="listing.rejected", recipient=owner.user)
    assert "缺少检测报告" in rejection.body
    # The owner edits and submits again; the old note is cleared
    resubmitted = client_for(member.user).post(f"{URL}{draft.pk}/submit/")
    assert resubmitted.status_code == 200 and resubmitted.json()["review_note"] == ""


def test_non_staff_cannot_approve_or_reject(member: Membership, owner: Membership, draft: Listing) -> None:
    client_for(member.user).post(f"{URL}{draft.pk}/submit/")
    for client in (client_for(owner.user), client_for(member.user)):
        response = client.post(f"{URL}{draft.pk}/approve/")
        assert response.status_code == 403 and error(response)["code"] == "permission_denied"
        response = client.post(f"{URL}{draft.pk}/reject/", {"reason": "no"}, format="json")
        assert response.status_code == 403
    assert APIClient().post(f"{URL}{draft.pk}/approve/").status_code == 401
    draft.refresh_from_db()
    assert draft.status == Listing.Status.PENDING_REVIEW
    assert not draft.events.filter(action__in=["approved", "rejected"]).exists()


def test_approving_a_draft_is_a_409(draft: Listing, staff: User) -> None:
    response = client_for(staff).post(f"{URL}{draft.pk}/approve/")
    assert response.status_code == 409 and error(response)["code"] == "transition_not_allowed"
    draft.refresh_from_db()
    assert draft.status == Listing.Status.DRAFT


def test_the_owner_closes_a_published_listing(owner: Membership, mine: Listing) -> None:
    response = client_for(owner.user).post(f"{URL}{mine.pk}/close/", {"note": "已售罄"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    mine.refresh_from_db()
    assert mine.closed_at is not None
    event = mine.events.get()
    assert (event.action, event.from_status, event.note) == ("closed", "published", "已售罄")
    assert mine.title not in titles(APIClient().get(URL))
    # Closing is final
    again = client_for(owner.user).post(f"{URL}{mine.pk}/submit/")
    assert again.status_code == 409
    edit = client_for(owner.user).patch(f"{URL}{mine.pk}/", {"price_min": "1"}, format="json")
    assert edit.status_code == 409


# --- another enterprise ----------------------------------------------------------------------------


def test_another_enterprise_cannot_change_a_published_listing(other_owner: Membership, mine: Listing) -> None:
    client = client_for(other_owner.user)
    before = Listing.objects.values().get(pk=mine.pk)
    responses = [
        client.patch(f"{URL}{mine.pk}/", {"title": "抢注的标题"}, format="json"),
        client.put(f"{URL}{mine.pk}/", {**PRODUCT}, format="json"),
        client.post(f"{URL}{mine.pk}/close/"),
        client.post(f"{URL}{mine.pk}/submit/"),
        client.delete(f"{URL}{mine.pk}/"),
    ]
    for response in responses:
        assert response.status_code == 403, response.content
        assert error(response)["code"] == "permission_denied"
    assert Listing.objects.values().get(pk=mine.pk) == before
    assert not mine.events.exists()


def test_another_enterprise_gets_404_for_a_draft(other_owner: Membership, draft: Listing) -> None:
    client = client_for(other_owner.user)
    for response in (
        client.get(f"{URL}{draft.pk}/"),
        client.patch(f"{URL}{draft.pk}/", {"title": "抢注的标题"}, format="json"),
        client.post(f"{URL}{draft.pk}/submit/"),
        client.post(f"{URL}{draft.pk}/close/"),
        client.delete(f"{URL}{draft.pk}/"),
    ):
        assert response.status_code == 404, response.content
        assert error(response)["code"] == "not_found"
    assert APIClient().get(f"{URL}{draft.pk}/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == Listing.Status.DRAFT and draft.title == PRODUCT["title"]


def test_anonymous_cannot_write(api: APIClient, mine: Listing) -> None:
    for response in (
        api.patch(f"{URL}{mine.pk}/", {"title": "匿名修改"}, format="json"),
        api.post(f"{URL}{mine.pk}/close/"),
        api.post(f"{URL}{mine.pk}/submit/"),
        api.delete(f"{URL}{mine.pk}/"),
    ):
        assert response.status_code == 401
    mine.refresh_from_db()
    assert mine.status == "published" and mine.title == "方形铝壳电芯 自有"


# --- lists -----------------------------------------------------------------------------------------


def test_mine_lists_own_listings_in_every_status(
    member: Membership, draft: Listing, mine: Listing, other_owner: Membership
) -> None:
    ListingFactory(enterprise=other_owner.enterprise, title="别家的电芯")
    DemandListingFactory(enterprise=other_owner.enterprise, status="draft", title="别家的草稿")
    own = titles(client_for(member.user).get(URL, {"mine": "true"}))
    assert sorted(own) == sorted([draft.title, mine.title])
    # Without mine: the public catalogue, without the draft
    catalogue = titles(client_for(member.user).get(URL))
    assert draft.title not in catalogue and "别家的电芯" in catalogue


def test_mine_needs_an_enterprise(staff: User) -> None:
    response = client_for(staff).get(URL, {"mine": "true"})
    assert response.status_code == 403 and error(response)["code"] == "no_enterprise"


def test_mine_asks_an_anonymous_client_to_authenticate(api: APIClient, mine: Listing) -> None:
    response = api.get(URL, {"mine": "true"})
    assert response.status_code == 401
    assert error(response)["code"] == "not_authenticated"


def test_staff_lists_the_review_queue(member: Membership, draft: Listing, mine: Listing, staff: User) -> None:
    client_for(member.user).post(f"{URL}{draft.pk}/submit/")
    DemandListingFactory(status="draft", title="别家的草稿")
    queue = titles(client_for(staff).get(URL, {"status": "pending_review"}))
    assert queue == [draft.title]
    # Others asking for the queue see only the catalogue, i.e. nothing under review
    assert titles(client_for(member.user).get(URL, {"status": "pending_review"})) == []
    assert titles(APIClient().get(URL, {"status": "pending_review"})) == []


def test_expired_by_date_listings_are_not_in_the_catalogue(db: None) -> None:
    ListingFactory(title="过期的电芯", valid_until=timezone.localdate() - datetime.timedelta(days=1))
    ListingFactory(title="有效的电芯")
    assert titles(APIClient().get(URL)) == ["有效的电芯"]


# --- search, facets, sort --------------------------------------------------------------------------


@pytest.fixture
def catalogue(db: None) -> None:
    ListingFactory(
        title="动力电池包 CTP 方案",
        category="电池包",
        price_min=Decimal("90000"),
        price_max=Decimal("98000"),
    )
    ListingFactory(
        title="BMS 电池管理系统",
        description="主从架构，支持 ISO 26262 ASIL-C。",
        category="电池管理系统",
        segment=Segment.CHIPS_ELECTRONICS,
        price_min=Decimal("800"),
        price_max=Decimal("1200"),
        certifications=["ISO 26262"],
    )
    ListingFactory(
        title="铝合金副车架",
        description="一体化压铸，减重 30%。",
        category="副车架",
        segment=Segment.CHASSIS_BODY,
        region=region("320100"),
        price_min=Decimal("1500"),
        price_max=Decimal("1800"),
    )
    DemandListingFactory(
        title="寻求线控制动技术合作",
        description="面向 L3 自动驾驶。",
        kind=Kind.TECHNOLOGY,
        segment=Segment.CHASSIS_BODY,
        category="制动系统",
        quantity=None,
        unit="",
        price_min=None,
        price_max=None,
        price_negotiable=True,
        tech_transfer_mode="co_development",
    )


def test_search_in_chinese(catalogue: None) -> None:
    found = titles(APIClient().get(URL, {"q": "电池"}))
    assert sorted(found) == ["BMS 电池管理系统", "动力电池包 CTP 方案"]


def test_search_with_an_english_alias(catalogue: None) -> None:
    assert titles(APIClient().get(URL, {"q": "battery management"})) == ["BMS 电池管理系统"]
    assert titles(APIClient().get(URL, {"q": "aluminium alloy"})) == ["铝合金副车架"]
    assert titles(APIClient().get(URL, {"q": "brake-by-wire"})) == ["寻求线控制动技术合作"]


def test_search_combines_with_filters(catalogue: None) -> None:
    assert titles(APIClient().get(URL, {"q": "电池", "segment": "chips_electronics"})) == ["BMS 电池管理系统"]
    assert titles(APIClient().get(URL, {"q": "电池", "side": "demand"})) == []


def test_facets_count_the_catalogue(catalogue: None) -> None:
    DemandListingFactory(status="draft", title="草稿不计数")
    response = APIClient().get(f"{URL}facets/")
    assert response.status_code == 200, response.content
    body = response.json()
    counts = {name: {v["value"]: v["count"] for v in values} for name, values in body.items()}
    assert counts["side"] == {"supply": 3, "demand": 1}
    assert counts["kind"] == {"product": 3, "technology": 1}
    assert counts["segment"] == {"power_battery": 1, "chips_electronics": 1, "chassis_body": 2}
    assert counts["province"] == {"340000": 3, "320000": 1}
    assert counts["certification"] == {"ISO 26262": 1}
    assert counts["price_band"] == {"10k-100k": 1, "100-1k": 1, "1k-10k": 1, "negotiable": 1}
    assert {v["label"] for v in body["segment"]} >= {"动力电池"}


def test_facets_ignore_their_own_selection_and_honour_others(catalogue: None) -> None:
    body = APIClient().get(f"{URL}facets/", {"segment": "chassis_body", "q": "副车架"}).json()
    segment = {v["value"]: (v["count"], v["selected"]) for v in body["segment"]}
    assert segment == {"chassis_body": (1, True)}
    side = {v["value"]: v["count"] for v in body["side"]}
    assert side == {"supply": 1}


def test_cached_facets_follow_every_change_of_the_catalogue(db: None) -> None:
    # Given a catalogue with one battery listing whose facets were counted (and cached)
    battery = ListingFactory(segment=Segment.POWER_BATTERY)
    assert segment_counts() == {"power_battery": 1}

    # When another is published, then the first one is closed by its owner
    ListingFactory(segment=Segment.POWER_BATTERY)
    after_publishing = segment_counts()
    owner = MembershipFactory(enterprise=battery.enterprise).user
    services.listing_close(listing=battery, actor=owner)

    # Then each count reflects the change at once
    assert after_publishing == {"power_battery": 2}
    assert segment_counts() == {"power_battery": 1}


def segment_counts() -> dict[str, int]:
    body = APIClient().get(f"{URL}facets/", {"q": "电池"}).json()
    return {v["value"]: v["count"] for v in body["segment"]}


def test_facets_reject_a_bad_parameter(catalogue: None) -> None:
    assert APIClient().get(URL, {"kind": "spaceship"}).status_code == 400
    response = APIClient().get(f"{URL}facets/", {"kind": "spaceship"})
    assert response.status_code == 400
    assert "kind" in error(response)["fields"]


def test_sort_by_price(catalogue: None) -> None:
    lowest_first = titles(APIClient().get(URL, {"sort": "price", "side": "supply"}))
    assert lowest_first == ["BMS 电池管理系统", "铝合金副车架", "动力电池包 CTP 方案"]
    highest_first = titles(APIClient().get(URL, {"sort": "-price", "side": "supply"}))
    assert highest_first == ["动力电池包 CTP 方案", "铝合金副车架", "BMS 电池管理系统"]


def test_sort_by_price_puts_unpriced_listings_last_on_every_database(db: None) -> None:
    ListingFactory(title="区间 100-200", price_min=Decimal("100"), price_max=Decimal("200"))
    ListingFactory(title="起价 500", price_min=Decimal("500"), price_max=None)
    ListingFactory(title="面议", price_min=None, price_max=None, price_negotiable=True)
    assert titles(APIClient().get(URL, {"sort": "price"})) == ["区间 100-200", "起价 500", "面议"]
    assert titles(APIClient().get(URL, {"sort": "-price"})) == ["起价 500", "区间 100-200", "面议"]


def test_a_bad_filter_is_a_400_in_the_error_shape(catalogue: None) -> None:
    response = APIClient().get(URL, {"sort": "cheapest"})
    assert response.status_code == 400
    assert "sort" in error(response)["fields"]


# A member costs one query per confidential-attachment grant (approved matches, orders).
@pytest.mark.parametrize(("who", "limit"), [("anonymous", 5), ("member", 8), ("no enterprise", 7)])
def test_the_list_runs_a_bounded_number_of_queries(
    owner: Membership, who: str, limit: int, django_assert_max_num_queries: Any
) -> None:
    for n in range(10):
        listing = ListingFactory(certifications=["IATF 16949", "ISO 9001"])
        ListingAttachment.objects.create(
            listing=listing,
            file=f"listings/{listing.pk}/x{n}.png",
            original_name="photo.png",
            content_type="image/png",
            file_kind="image",
            size=10,
            confidential=bool(n % 2),
        )
    for _ in range(5):
        DemandListingFactory(enterprise=EnterpriseFactory(theme=Theme.UNIVERSITY, region=region("320100")))
    for _ in range(5):
        ListingFactory(
            kind=Kind.TALENT,
            quantity=None,
            unit="",
            min_order_quantity=None,
            price_min=None,
            price_max=None,
            talent_headcount=2,
            talent_skills="BMS",
            talent_work_region=region("320100"),
        )
    client = {
        "anonymous": APIClient(),
        "member": client_for(owner.user),
        "no enterprise": client_for(UserFactory()),  # e.g. a removed member
    }[who]
    with django_assert_max_num_queries(limit):
        response = client.get(URL)
    assert response.json()["count"] == 20 and len(response.json()["results"]) == 20
    regions = {item["enterprise"]["region"] for item in response.json()["results"]}
    assert regions == {"安徽省 合肥市", "江苏省 南京市"}


# --- delete ----------------------------------------------------------------------------------------


def test_deleting_a_draft(member: Membership, draft: Listing) -> None:
    response = client_for(member.user).delete(f"{URL}{draft.pk}/")
    assert response.status_code == 204
    assert not Listing.objects.filter(pk=draft.pk).exists()
    assert not ListingEvent.objects.filter(listing_id=draft.pk).exists()


def test_deleting_a_published_listing_is_a_409(owner: Membership, mine: Listing) -> None:
    response = client_for(owner.user).delete(f"{URL}{mine.pk}/")
    assert response.status_code == 409
    assert error(response)["code"] == "transition_not_allowed"
    mine.refresh_from_db()
    assert mine.status == Listing.Status.PUBLISHED


# ---------------------------------------------------------------------------------------------------
# The result window: a broad search counts up to a limit and ranks the newest matches


def battery_listings(*, exact_item_age_days: int, cabinets: int) -> None:
    """The exact item "电池", published days ago, and storage cabinets mentioning 电池, one per day."""
    now = timezone.now()
    ListingFactory(
        title="电池", category="电池", published_at=now - datetime.timedelta(days=exact_item_age_days)
    )
    for day in range(cabinets):
        ListingFactory(
            title=f"储能柜 {day}",
            description="内置电池模组。",
            category="储能",
            published_at=now - datetime.timedelta(days=day),
        )


def test_a_broad_search_counts_up_to_the_limit_and_says_there_are_more(db: None, settings: Any) -> None:
    # Given a result limit of 3 and five battery listings, the oldest of them the exact item
    settings.LISTING_SEARCH_RESULT_LIMIT = 3
    battery_listings(exact_item_age_days=30, cabinets=4)

    # When anyone searches for 电池
    response = APIClient().get(URL, {"q": "电池"})

    # Then the count stops at the limit, says more match, and only the newest matches are ranked
    assert titles(response) == ["储能柜 0", "储能柜 1", "储能柜 2"]
    assert response.json()["count"] == 3 and response.json()["count_capped"] is True
    # and a narrower search is counted exactly again
    narrower = APIClient().get(URL, {"q": "电池", "category": "电池"})
    assert titles(narrower) == ["电池"]
    assert narrower.json()["count"] == 1 and narrower.json()["count_capped"] is False


def test_within_the_window_the_exact_item_still_ranks_first(db: None, settings: Any) -> None:
    settings.LISTING_SEARCH_RESULT_LIMIT = 3
    battery_listings(exact_item_age_days=2, cabinets=2)

    response = APIClient().get(URL, {"q": "电池"})

    assert titles(response)[0] == "电池"
    assert response.json()["count"] == 3 and response.json()["count_capped"] is False
