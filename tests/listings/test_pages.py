"""The server-rendered pages of listings, as a visitor, a buyer, a publishing member and an admin use them."""

from __future__ import annotations

import csv
import datetime
import io
import re
import struct
import zlib
from decimal import Decimal
from typing import Any

import factory
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from accounts.taxonomy import Segment, Theme
from listings.attachments import attachment_add
from listings.choices import Kind, Side
from listings.models import Listing, ListingAttachment, ListingEvent, SavedSearch
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    ListingFactory,
    MembershipFactory,
    PendingEnterpriseFactory,
    SavedSearchFactory,
    region,
)

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("listings:catalogue")
Status = Listing.Status


@pytest.fixture
def client() -> Client:
    """A browser asking for English: assertions on page text hold whatever the zh-hans catalogue says."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def zh_client() -> Client:
    """A browser that sends no language preference: the platform's default, Chinese."""
    return Client()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Uploaded attachments go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def html(response: Any) -> str:
    return response.content.decode()


def png_bytes() -> bytes:
    """A valid 2x2 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TechnologyListingFactory(ListingFactory):
    """A published technology supply (a licence of a patented BMS algorithm)."""

    kind = Kind.TECHNOLOGY
    title = factory.Sequence(lambda n: f"电池管理算法专利许可 {n}")
    quantity = None
    unit = ""
    min_order_quantity = None
    tech_trl = 7
    tech_transfer_mode = "licence"
    tech_field = "储能与商用车"
    tech_patents = "ZL202010123456.X"


class TalentListingFactory(ListingFactory):
    """A published talent supply: engineers for secondment, priced by monthly salary."""

    kind = Kind.TALENT
    title = factory.Sequence(lambda n: f"电池测试工程师外派 {n}")
    quantity = None
    unit = ""
    min_order_quantity = None
    price_min = None
    price_max = None
    talent_headcount = 5
    talent_skills = "BMS, 热管理"
    talent_salary_min = Decimal("15000")
    talent_salary_max = Decimal("25000")


class FundingListingFactory(ListingFactory):
    """A published funding offer of a financial institution."""

    enterprise = factory.SubFactory(EnterpriseFactory, theme=Theme.FINANCIAL_INSTITUTION)
    kind = Kind.FUNDING
    title = factory.Sequence(lambda n: f"供应链金融 {n}")
    quantity = None
    unit = ""
    min_order_quantity = None
    price_min = None
    price_max = None
    funding_amount = Decimal("5000000")
    funding_term_months = 12
    funding_instrument = "supply_chain_finance"


def product_form(**overrides: Any) -> dict[str, Any]:
    """What the new product supply form posts when filled in properly."""
    data = {
        "form": "listing",
        "title": "方形磷酸铁锂电芯 280Ah",
        "category": "电芯",
        "segment": Segment.POWER_BATTERY,
        "region": "340100",
        "description": "循环寿命 6000 次。",
        "price_min": "380",
        "price_max": "420",
        "quantity": "50000",
        "unit": "件",
        "min_order_quantity": "500",
        "lead_time_days": "30",
        "valid_until": "",
        "language": "",
        "certifications": "IATF 16949\nUN38.3",
        "action": "draft",
    }
    return data | overrides


# ---------------------------------------------------------------------------------------------------
# Catalogue


def test_catalogue_shows_published_listings_not_drafts_or_expired(client: Client) -> None:
    # Given a published listing, a draft, one under review and one past its validity date
    ListingFactory(title="已发布的电芯 A")
    ListingFactory(title="草稿中的电芯", status=Status.DRAFT, published_at=None)
    ListingFactory(title="审核中的电芯", status=Status.PENDING_REVIEW, published_at=None)
    ListingFactory(title="过期的电芯", valid_until=timezone.localdate() - datetime.timedelta(days=1))

    # When an anonymous visitor opens the catalogue
    page = html(client.get(CATALOGUE))

    # Then only the published, valid listing is shown and counted
    assert "已发布的电芯 A" in page
    assert "草稿中的电芯" not in page and "审核中的电芯" not in page and "过期的电芯" not in page
    assert re.search(r"<strong>1</strong>\s*listing found", page)


def test_a_broad_search_says_more_listings_match_than_are_shown(client: Client, settings: Any) -> None:
    # Given a result limit of 2 and three battery listings
    settings.LISTING_SEARCH_RESULT_LIMIT = 2
    for n in range(3):
        ListingFactory(title=f"动力电池包 {n}", category="电池包")

    # When a visitor searches for 电池
    page = html(client.get(CATALOGUE, {"q": "电池"}))

    # Then the page says more match and suggests narrowing the search
    assert re.search(r"More than <strong>2</strong> listings found", page)
    assert "Add a word or a filter" in page


def test_search_in_chinese_with_chinese_facet_labels(zh_client: Client) -> None:
    # Given a battery pack and a subframe
    ListingFactory(title="动力电池包 CTP 方案", category="电池包")
    ListingFactory(
        title="铝合金副车架", category="副车架", description="一体化压铸。", segment=Segment.CHASSIS_BODY
    )

    # When a visitor (Chinese, the default) searches for 电池
    page = html(zh_client.get(CATALOGUE, {"q": "电池"}))

    # Then the battery pack is found, the subframe is not, and the facets count the results in Chinese
    assert "动力电池包 CTP 方案" in page and "铝合金副车架" not in page
    assert re.search(r'facet__label">动力电池</span><span class="facet__count">1<', page)
    assert "底盘车身与内外饰" not in page  # the subframe's segment has no result here
    assert '<html lang="zh-hans">' in page


def test_search_and_facets_in_english_through_the_language_cookie(zh_client: Client) -> None:
    # Given a Chinese battery pack listing and a visitor who chose English
    ListingFactory(title="动力电池包 CTP 方案", category="电池包")
    DemandListingFactory(
        title="采购线束", category="线束", description="高压线束。", segment=Segment.ELECTRIC_DRIVE
    )
    zh_client.cookies["django_language"] = "en"

    # When they search in English
    page = html(zh_client.get(CATALOGUE, {"q": "battery"}))

    # Then the Chinese listing is found through the alias, with English facet labels and counts
    assert '<html lang="en">' in page
    assert "动力电池包 CTP 方案" in page and "采购线束" not in page
    assert re.search(r'facet__label">Power batteries</span><span class="facet__count">1<', page)
    assert re.search(r'facet__label">Supply</span><span class="facet__count">1<', page)


def test_the_language_switch_turns_the_catalogue_english(zh_client: Client) -> None:
    ListingFactory(segment=Segment.POWER_BATTERY)
    assert "动力电池" in html(zh_client.get(CATALOGUE))
    zh_client.post(reverse("set_language"), {"language": "en", "next": CATALOGUE})
    page = html(zh_client.get(CATALOGUE))
    assert "Power batteries" in page and "动力电池" not in page


def test_facet_links_keep_the_other_filters_and_selected_ones_can_be_removed(client: Client) -> None:
    # Given supply and demand listings in two segments
    ListingFactory(segment=Segment.POWER_BATTERY)
    ListingFactory(segment=Segment.ELECTRIC_DRIVE)
    DemandListingFactory(segment=Segment.POWER_BATTERY)

    # When the buyer has searched and picked "supply"
    page = html(client.get(CATALOGUE, {"q": "电芯", "side": "supply"}))

    # Then a segment link adds the segment and keeps the text and the side
    assert f'href="{CATALOGUE}?q=%E7%94%B5%E8%8A%AF&amp;side=supply&amp;segment=electric_drive"' in page
    # and the selected side links to the same search without it (the facet and the chip)
    assert f'href="{CATALOGUE}?q=%E7%94%B5%E8%8A%AF"' in page
    assert "is-selected" in page and "Side: Supply" in page
    # and only supply listings are listed
    assert re.search(r"<strong>2</strong>\s*listings found", page)


def test_an_htmx_facet_click_gets_only_the_catalogue_body(client: Client) -> None:
    ListingFactory(title="电芯 htmx")
    response = client.get(CATALOGUE, {"side": "supply"}, headers={"HX-Request": "true"})
    page = html(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="catalogue"') and "<html" not in page
    assert "电芯 htmx" in page
    assert "HX-Request" in response["Vary"]
    # and the full page wires the facets to htmx
    full = html(client.get(CATALOGUE))
    assert 'hx-target="this"' in full and 'hx-get="' in full


@pytest.mark.parametrize(
    "params",
    [
        {"price_min": "abc"},
        {"side": "sideways"},
        {"kind": ["product", "nonsense"]},
        {"enterprise": "1e30"},
        {"page": "zz"},
        {"page": "999"},
        {"sort": "cheapest"},
        {"province": "999999"},
        {"q": "电" * 300},
        {"price_band": "free"},
    ],
)
def test_invalid_filter_values_are_reported_and_ignored(client: Client, params: dict[str, Any]) -> None:
    # Given a published listing
    ListingFactory(title="仍然可见的电芯")
    # When the catalogue gets a value it cannot use
    response = client.get(CATALOGUE, params)
    # Then the page still works and lists what it can
    assert response.status_code == 200
    page = html(response)
    assert "仍然可见的电芯" in page
    if "page" not in params:
        assert "Some filters were not understood and have been ignored" in page


@pytest.mark.parametrize(
    "params", [{"tech_trl_min": "1e30"}, {"price_min": "1e30"}, {"funding_amount_max": "-1e30"}]
)
def test_extreme_numbers_are_ignored_rather_than_fail(client: Client, params: dict[str, str]) -> None:
    ListingFactory()
    response = client.get(CATALOGUE, params)
    # Out of the filters' bounds: ignored with a notice, like any value the filters do not understand.
    assert response.status_code == 200
    assert "Some filters were not understood and have been ignored" in html(response)


def test_catalogue_cards_do_not_run_a_query_per_card(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    def add(n: int) -> None:
        for listing in ListingFactory.create_batch(n, certifications=["IATF 16949", "ISO 9001"]):
            ListingAttachment.objects.create(
                listing=listing,
                file=f"listings/{listing.pk}/a.png",
                original_name="a.png",
                content_type="image/png",
                file_kind="image",
                size=10,
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CATALOGUE).status_code == 200
        return len(captured)

    # Given 2 listings with certifications and images, then 20
    add(2)
    few = queries()
    add(18)
    # Then the page runs as many queries for 20 cards as for 2, and a fixed, small number
    assert queries() == few
    with django_assert_max_num_queries(14):
        page = html(client.get(CATALOGUE, {"q": "电芯", "segment": "power_battery"}))
    assert page.count('class="listing-card"') == 20


def test_cards_show_price_enterprise_region_and_key_facts(client: Client) -> None:
    supply = ListingFactory(title="带价格的电芯", certifications=["IATF 16949"])
    ListingFactory(title="面议的电芯", price_min=None, price_max=None, price_negotiable=True)
    TalentListingFactory(title="外派工程师")
    FundingListingFactory(title="供应链金融产品")
    DemandListingFactory(title="采购电芯", certifications=["ISO 26262*"])

    page = html(client.get(CATALOGUE))

    card = page[page.index("带价格的电芯") :]
    card = card[: card.index("</article>")]
    assert "¥380–420" in card and "/件" in card
    assert "MOQ" in card and "100 件" in card and "30 days" in card
    assert "IATF 16949" in card
    assert reverse("accounts:enterprise_detail", args=[supply.enterprise_id]) in page
    assert supply.enterprise.name_en in page  # English UI shows the English name
    assert "Hefei, Anhui" in card
    negotiable = page[page.index("面议的电芯") :]
    assert "Negotiable" in negotiable[: negotiable.index("</article>")]
    talent = page[page.index("外派工程师") :]
    assert "¥15,000–25,000" in talent[: talent.index("</article>")] and "5 people" in talent
    funding = page[page.index("供应链金融产品") :]
    assert "¥5,000,000" in funding[: funding.index("</article>")] and "12 months" in funding
    demand = page[page.index("采购电芯") :]
    demand = demand[: demand.index("</article>")]
    assert "Budget" in demand and "Needed by" in demand and "cert-tag--mandatory" in demand


def test_the_card_thumbnail_is_the_first_public_image(client: Client, owner: Membership) -> None:
    listing = ListingFactory(enterprise=owner.enterprise)
    secret = attachment_add(
        listing=listing,
        actor=owner.user,
        file=io.BytesIO(png_bytes()),
        name="secret.png",
        confidential=True,
    )
    public = attachment_add(listing=listing, actor=owner.user, file=io.BytesIO(png_bytes()), name="p.png")
    page = html(client.get(CATALOGUE))
    assert reverse("listings:attachment", args=[listing.pk, public.pk]) in page
    assert reverse("listings:attachment", args=[listing.pk, secret.pk]) not in page


def test_empty_catalogue_says_so(client: Client) -> None:
    page = html(client.get(CATALOGUE, {"q": "不存在的东西"}))
    assert "No published listing matches this search." in page
    assert "Clear the filters" in page


def test_sort_by_price(client: Client) -> None:
    ListingFactory(title="贵的电芯", price_min=900, price_max=1000)
    ListingFactory(title="便宜的电芯", price_min=10, price_max=20)
    page = html(client.get(CATALOGUE, {"sort": "price"}))
    assert page.index("便宜的电芯") < page.index("贵的电芯")
    page = html(client.get(CATALOGUE, {"sort": "-price"}))
    assert page.index("贵的电芯") < page.index("便宜的电芯")
    assert '<option value="-price" selected>' in page


def test_catalogue_pages_by_twenty(client: Client) -> None:
    ListingFactory.create_batch(21)
    first = html(client.get(CATALOGUE))
    assert first.count('class="listing-card"') == 20 and 'rel="next"' in first
    assert html(client.get(CATALOGUE, {"page": 2})).count('class="listing-card"') == 1


# ---------------------------------------------------------------------------------------------------
# Saved searches


def test_a_member_saves_the_current_search_and_runs_it_again(client: Client, member: Membership) -> None:
    login(client, member.user)
    # The catalogue offers the form to members
    page = html(client.get(CATALOGUE, {"q": "电池", "kind": "product"}))
    assert f'action="{reverse("listings:saved_search_new")}"' in page
    # When the member saves the search (with an invalid filter, which is not kept)
    response = client.post(
        reverse("listings:saved_search_new"),
        {"params": "q=电池&kind=product&price_min=abc&page=3", "name": "电池产品", "notify": "on"},
        follow=True,
    )
    # Then it is saved with its filters and the member is back on the same search
    saved = SavedSearch.objects.get(user=member.user)
    assert saved.name == "电池产品" and saved.query == "电池" and saved.filters == {"kind": "product"}
    assert saved.notify is True
    assert response.redirect_chain[-1][0] == f"{CATALOGUE}?q=%E7%94%B5%E6%B1%A0&kind=product"
    assert "Search 电池产品 saved." in html(response)
    # and the saved searches page runs it again with the same parameters
    page = html(client.get(reverse("listings:saved_searches")))
    assert "电池产品" in page and "Kind: Product" in page
    assert f'href="{CATALOGUE}?kind=product&amp;q=%E7%94%B5%E6%B1%A0"' in page


def test_saving_a_search_needs_a_name(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    response = client.post(reverse("listings:saved_search_new"), {"params": "q=x", "name": ""}, follow=True)
    assert "Give the search a name." in html(response)
    assert not SavedSearch.objects.exists()


def test_visitors_are_invited_to_sign_in_to_save_a_search(client: Client) -> None:
    page = html(client.get(CATALOGUE, {"q": "电池"}))
    assert reverse("listings:saved_search_new") not in page
    assert "to save this search" in page
    response = client.post(reverse("listings:saved_search_new"), {"params": "q=x", "name": "x"})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_saved_search_is_deleted_by_its_user_only(
    client: Client, owner: Membership, other_owner: Membership
) -> None:
    mine = SavedSearchFactory(user=owner.user, name="我的搜索")
    theirs = SavedSearchFactory(user=other_owner.user)
    login(client, owner.user)
    assert client.post(reverse("listings:saved_search_delete", args=[theirs.pk])).status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    client.post(reverse("listings:saved_search_delete", args=[mine.pk]))
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


# ---------------------------------------------------------------------------------------------------
# Listing detail


def test_detail_of_a_published_listing_is_public(client: Client) -> None:
    listing = TechnologyListingFactory(certifications=["IATF 16949"])
    page = html(client.get(reverse("listings:detail", args=[listing.pk])))
    assert listing.title in page
    assert "TRL 7 / 9" in page and "Licence" in page and "ZL202010123456.X" in page
    assert "IATF 16949" in page and listing.enterprise.name_en in page and "Verified" in page
    # Visitors get no owner or staff buttons
    assert reverse("listings:edit", args=[listing.pk]) not in page
    assert reverse("listings:approve", args=[listing.pk]) not in page
    assert "History" not in page


def test_a_demand_marks_mandatory_certifications(client: Client) -> None:
    listing = DemandListingFactory(certifications=["ISO 26262*", "ISO 9001"])
    page = html(client.get(reverse("listings:detail", args=[listing.pk])))
    assert "Certifications required" in page
    assert re.search(r"ISO 26262 <strong>\(mandatory\)</strong>", page)
    assert not re.search(r"ISO 9001 <strong>", page)


def test_a_draft_is_a_404_for_another_enterprise_and_visitors(
    client: Client, owner: Membership, other_owner: Membership, staff: User
) -> None:
    draft = ListingFactory(enterprise=owner.enterprise, status=Status.DRAFT, published_at=None)
    url = reverse("listings:detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert login(Client(), other_owner.user).get(url).status_code == 404
    owner_page = html(login(Client(headers={"Accept-Language": "en"}), owner.user).get(url))
    assert "Status: Draft" in owner_page and reverse("listings:submit", args=[draft.pk]) in owner_page
    assert login(Client(), staff).get(url).status_code == 200


def test_a_confidential_attachment_is_hidden_from_other_enterprises(
    client: Client, owner: Membership, other_owner: Membership
) -> None:
    # Given a published listing with a public photo and a confidential drawing
    listing = ListingFactory(enterprise=owner.enterprise)
    photo = attachment_add(listing=listing, actor=owner.user, file=io.BytesIO(png_bytes()), name="photo.png")
    drawing = attachment_add(
        listing=listing, actor=owner.user, file=io.BytesIO(PDF), name="图纸.pdf", confidential=True
    )
    url = reverse("listings:detail", args=[listing.pk])
    drawing_url = reverse("listings:attachment", args=[listing.pk, drawing.pk])

    # Then another enterprise sees the photo but neither the drawing nor its link, and cannot download it
    login(client, other_owner.user)
    page = html(client.get(url))
    assert reverse("listings:attachment", args=[listing.pk, photo.pk]) in page
    assert "图纸.pdf" not in page and drawing_url not in page
    assert client.get(drawing_url).status_code == 404
    # and the owner sees it, marked confidential, and downloads it
    owner_client = login(Client(headers={"Accept-Language": "en"}), owner.user)
    page = html(owner_client.get(url))
    assert "图纸.pdf" in page and "badge--confidential" in page
    response = owner_client.get(drawing_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_detail_shows_similar_listings(client: Client) -> None:
    listing = ListingFactory(category="电芯")
    similar = ListingFactory(title="同类电芯", category="电芯")
    ListingFactory(title="别的领域", segment=Segment.CHASSIS_BODY)
    page = html(client.get(reverse("listings:detail", args=[listing.pk])))
    assert "Similar listings" in page and similar.title in page and "别的领域" not in page


# ---------------------------------------------------------------------------------------------------
# Create and edit


def test_choosing_a_kind_offers_only_what_the_theme_may_publish(client: Client, owner: Membership) -> None:
    login(client, owner.user)  # a component maker: no funding offers, any kind of demand
    page = html(client.get(reverse("listings:create_choose")))
    assert reverse("listings:create", args=["supply", "product"]) in page
    assert reverse("listings:create", args=["supply", "funding"]) not in page
    assert reverse("listings:create", args=["demand", "funding"]) in page
    assert client.get(reverse("listings:create", args=["supply", "funding"])).status_code == 404
    assert client.get(reverse("listings:create", args=["sideways", "product"])).status_code == 404


def test_the_form_has_only_the_fields_of_its_side_and_kind(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    supply = html(client.get(reverse("listings:create", args=["supply", "product"])))
    assert 'name="price_min"' in supply and 'name="lead_time_days"' in supply
    assert 'name="min_order_quantity"' in supply
    assert 'name="deadline"' not in supply and 'name="tech_trl"' not in supply
    assert 'value="draft"' in supply and 'value="submit"' in supply
    demand = html(client.get(reverse("listings:create", args=["demand", "product"])))
    assert 'name="deadline"' in demand and "Budget from (CNY)" in demand
    assert 'name="lead_time_days"' not in demand and 'name="min_order_quantity"' not in demand
    talent = html(client.get(reverse("listings:create", args=["demand", "talent"])))
    assert 'name="talent_headcount"' in talent and 'name="price_min"' not in talent


def test_create_form_errors_are_shown_under_the_fields(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    response = client.post(
        reverse("listings:create", args=["supply", "product"]),
        product_form(price_min="500", price_max="100", certifications="IATF 16949 *"),
    )
    page = html(response)
    assert response.status_code == 200
    # The service's errors sit under their fields: the price order and the mandatory mark on a supply
    price_error = re.search(r'id="id_price_max_error"><li>([^<]+)</li>', page)
    assert price_error and "Must not be less than 500" in price_error.group(1)
    assert re.search(r'id="id_certifications_error"><li>Only a demand can make', page)
    # and the database's name for the same rule is not shown on top
    assert "Please correct the fields marked below." in page and "listing_price_ordered" not in page
    assert not Listing.objects.exists()


def test_a_missing_required_detail_is_reported_under_its_field(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    response = client.post(
        reverse("listings:create", args=["demand", "technology"]),
        {
            "title": "寻求 SiC 电驱技术",
            "category": "电机控制器",
            "segment": Segment.ELECTRIC_DRIVE,
            "region": "340100",
            "price_negotiable": "on",
            "tech_transfer_mode": "",
            "action": "draft",
        },
    )
    assert re.search(r'id="id_tech_transfer_mode_error"', html(response))
    assert not Listing.objects.exists()


def test_a_member_of_an_unverified_enterprise_is_told_why_they_cannot_publish(client: Client) -> None:
    pending = MembershipFactory(enterprise=PendingEnterpriseFactory())
    login(client, pending.user)
    for url in (
        reverse("listings:create_choose"),
        reverse("listings:create", args=["supply", "product"]),
        reverse("listings:import"),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Publishing opens after verification" in html(response)
    response = client.post(reverse("listings:create", args=["supply", "product"]), product_form())
    assert response.status_code == 403 and not Listing.objects.exists()


def test_people_without_an_enterprise_are_sent_to_the_workspace(client: Client, staff: User) -> None:
    assert reverse("accounts:login") in client.get(reverse("listings:mine"))["Location"]
    login(client, staff)
    assert client.get(reverse("listings:create_choose"))["Location"] == reverse("accounts:dashboard")


def test_save_as_draft_then_attach_files(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    # When the member saves a new listing as a draft
    response = client.post(reverse("listings:create", args=["supply", "product"]), product_form())
    listing = Listing.objects.get()
    # Then it is a draft of the enterprise with its certifications, and the edit page asks for files
    assert listing.status == Status.DRAFT and listing.enterprise == owner.enterprise
    assert listing.price_min == Decimal("380") and listing.lead_time_days == 30
    assert {c.standard for c in listing.certifications.all()} == {"IATF 16949", "UN38.3"}
    assert response["Location"] == reverse("listings:edit", args=[listing.pk]) + "#attachments"
    edit_url = reverse("listings:edit", args=[listing.pk])

    # When a text file pretending to be an image is uploaded, the error is under the file field
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    page = html(client.post(edit_url, {"form": "attachment", "attachment-file": fake}))
    assert re.search(r'id="id_attachment-file_error"><li>Only PDF, PNG, JPEG, WebP files', page)
    assert not listing.attachments.exists()

    # When a real image is uploaded as confidential, it is attached and listed
    image = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    client.post(edit_url, {"form": "attachment", "attachment-file": image, "attachment-confidential": "on"})
    attachment = listing.attachments.get()
    assert attachment.confidential and attachment.original_name == "photo.png"
    assert "photo.png" in html(client.get(edit_url))

    # When it is removed, it is gone
    client.post(reverse("listings:attachment_delete", args=[listing.pk, attachment.pk]))
    assert not listing.attachments.exists()


def test_the_journey_from_form_to_catalogue_to_closed(
    client: Client, owner: Membership, staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, owner.user)
    # Given the member saves and submits a new listing
    response = client.post(
        reverse("listings:create", args=["supply", "product"]),
        product_form(title="旅程电芯 314Ah", action="submit"),
        follow=True,
    )
    listing = Listing.objects.get(title="旅程电芯 314Ah")
    assert listing.status == Status.PENDING_REVIEW
    assert response.redirect_chain[-1][0] == reverse("listings:detail", args=[listing.pk])
    assert "Submitted for review" in html(response)
    assert "旅程电芯" not in html(Client().get(CATALOGUE))

    # When the platform admin approves it in the admin
    admin = login(Client(), staff)
    staff.is_superuser = True
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            "/admin/listings/listing/", {"action": "approve_selected", ACTION_CHECKBOX_NAME: [listing.pk]}
        )

    # Then it is in the catalogue for everyone
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED
    assert "旅程电芯 314Ah" in html(Client().get(CATALOGUE, {"q": "电芯"}))

    # When the owner closes it from its page
    page = html(client.get(reverse("listings:detail", args=[listing.pk])))
    assert reverse("listings:close", args=[listing.pk]) in page
    client.post(reverse("listings:close", args=[listing.pk]))

    # Then it is closed, gone from the catalogue, and its history tells the whole story
    listing.refresh_from_db()
    assert listing.status == Status.CLOSED
    assert "旅程电芯" not in html(Client().get(CATALOGUE))
    page = html(client.get(reverse("listings:detail", args=[listing.pk])))
    for action in ("Created", "Submitted for review", "Approved and published", "Closed"):
        assert action in page
    assert reverse("listings:edit", args=[listing.pk]) not in page  # closed: nothing to edit


def test_another_enterprise_cannot_edit_submit_close_or_delete(
    client: Client, owner: Membership, other_owner: Membership
) -> None:
    published = ListingFactory(enterprise=owner.enterprise, title="别人的电芯")
    draft = ListingFactory(enterprise=owner.enterprise, status=Status.DRAFT, published_at=None)
    login(client, other_owner.user)
    assert client.get(reverse("listings:edit", args=[published.pk])).status_code == 404
    assert (
        client.post(reverse("listings:edit", args=[published.pk]), product_form(title="改了")).status_code
        == 404
    )
    assert client.post(reverse("listings:close", args=[published.pk])).status_code == 404
    assert client.post(reverse("listings:submit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("listings:delete", args=[draft.pk])).status_code == 404
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.title == "别人的电芯" and published.status == Status.PUBLISHED
    assert draft.status == Status.DRAFT
    assert not ListingEvent.objects.exists()


def test_buttons_are_post_only(client: Client, owner: Membership) -> None:
    listing = ListingFactory(enterprise=owner.enterprise)
    login(client, owner.user)
    assert client.get(reverse("listings:close", args=[listing.pk])).status_code == 405
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED


def test_a_plain_member_deletes_a_draft(client: Client, member: Membership) -> None:
    draft = ListingFactory(enterprise=member.enterprise, status=Status.DRAFT, published_at=None)
    login(client, member.user)
    response = client.post(reverse("listings:delete", args=[draft.pk]), follow=True)
    assert not Listing.objects.filter(pk=draft.pk).exists()
    assert response.redirect_chain[-1][0] == reverse("listings:mine")


def test_deleting_a_published_listing_is_refused_with_a_message(client: Client, owner: Membership) -> None:
    listing = ListingFactory(enterprise=owner.enterprise)
    login(client, owner.user)
    response = client.post(reverse("listings:delete", args=[listing.pk]), follow=True)
    assert "Only a draft can be deleted" in html(response)
    assert Listing.objects.filter(pk=listing.pk).exists()


def test_editing_a_published_title_sends_it_back_to_review(client: Client, owner: Membership) -> None:
    listing = ListingFactory(enterprise=owner.enterprise, title="原来的标题 280Ah")
    login(client, owner.user)
    url = reverse("listings:edit", args=[listing.pk])
    page = html(client.get(url))
    assert "This listing is published" in page and "Title" in page and "Certifications" in page
    assert 'value="原来的标题 280Ah"' in page

    # A price change keeps it published
    data = product_form(
        title="原来的标题 280Ah",
        description=listing.description,
        price_min="390",
        min_order_quantity="100",
        quantity="10000",
        certifications="",
        valid_until=listing.valid_until.isoformat(),
        language="zh",
        action="save",
    )
    client.post(url, data)
    listing.refresh_from_db()
    assert listing.status == Status.PUBLISHED and listing.price_min == Decimal("390")

    # A new title sends it back to review, and the owner is told
    response = client.post(url, data | {"title": "新的标题 280Ah"}, follow=True)
    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW and listing.title == "新的标题 280Ah"
    assert "back in the review queue" in html(response)


def test_a_rejected_listing_shows_the_reason_and_can_be_resubmitted(
    client: Client, owner: Membership
) -> None:
    listing = ListingFactory(
        enterprise=owner.enterprise, status=Status.REJECTED, published_at=None, review_note="价格不清楚"
    )
    login(client, owner.user)
    page = html(client.get(reverse("listings:detail", args=[listing.pk])))
    assert "价格不清楚" in page and reverse("listings:submit", args=[listing.pk]) in page
    client.post(reverse("listings:submit", args=[listing.pk]))
    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW


# ---------------------------------------------------------------------------------------------------
# Staff review on the page


def test_staff_approve_and_reject_from_the_listing_page(client: Client, staff: User) -> None:
    first = ListingFactory(status=Status.PENDING_REVIEW, published_at=None)
    second = ListingFactory(status=Status.PENDING_REVIEW, published_at=None)
    login(client, staff)
    page = html(client.get(reverse("listings:detail", args=[first.pk])))
    assert reverse("listings:approve", args=[first.pk]) in page and 'name="reason"' in page

    client.post(reverse("listings:approve", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == Status.PUBLISHED and first.reviewed_by == staff

    # A rejection without a reason is refused; with one, the reason is kept for the owner
    response = client.post(reverse("listings:reject", args=[second.pk]), {"reason": " "}, follow=True)
    assert "Give the owner a reason" in html(response)
    second.refresh_from_db()
    assert second.status == Status.PENDING_REVIEW
    client.post(reverse("listings:reject", args=[second.pk]), {"reason": "图片与描述不符"})
    second.refresh_from_db()
    assert second.status == Status.REJECTED and second.review_note == "图片与描述不符"


def test_members_cannot_use_the_review_buttons(client: Client, owner: Membership) -> None:
    listing = ListingFactory(enterprise=owner.enterprise, status=Status.PENDING_REVIEW, published_at=None)
    login(client, owner.user)
    assert client.post(reverse("listings:approve", args=[listing.pk])).status_code == 403
    assert client.post(reverse("listings:reject", args=[listing.pk]), {"reason": "x"}).status_code == 403
    listing.refresh_from_db()
    assert listing.status == Status.PENDING_REVIEW


# ---------------------------------------------------------------------------------------------------
# My listings, export, import


def test_my_listings_has_every_status_with_counts(
    client: Client, owner: Membership, other_owner: Membership
) -> None:
    ListingFactory(enterprise=owner.enterprise, title="我的已发布")
    ListingFactory(enterprise=owner.enterprise, title="我的草稿", status=Status.DRAFT, published_at=None)
    ListingFactory(
        enterprise=owner.enterprise,
        title="我的被拒",
        status=Status.REJECTED,
        published_at=None,
        review_note="缺图",
    )
    ListingFactory(enterprise=other_owner.enterprise, title="别家的")
    login(client, owner.user)

    page = html(client.get(reverse("listings:mine")))
    assert "我的已发布" in page and "我的草稿" in page and "我的被拒" in page and "缺图" in page
    assert "别家的" not in page
    assert re.search(r'All <span class="tabs__count">3</span>', page)
    assert re.search(r'Draft <span class="tabs__count">1</span>', page)
    assert re.search(r'Closed <span class="tabs__count">0</span>', page)

    drafts = html(client.get(reverse("listings:mine"), {"status": "draft"}))
    assert "我的草稿" in drafts and "我的已发布" not in drafts
    assert reverse("listings:delete", args=[Listing.objects.get(title="我的草稿").pk]) in drafts
    assert reverse("listings:create_choose") in page and reverse("listings:import") in page


def test_export_downloads_own_listings_as_csv(
    client: Client, owner: Membership, other_owner: Membership
) -> None:
    ListingFactory(enterprise=owner.enterprise, title="导出电芯", certifications=["IATF 16949"])
    ListingFactory(enterprise=owner.enterprise, title="导出草稿", status=Status.DRAFT, published_at=None)
    ListingFactory(enterprise=other_owner.enterprise, title="别家的电芯")
    login(client, owner.user)

    response = client.get(reverse("listings:export", args=["csv"]))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["title"] for row in rows} == {"导出电芯", "导出草稿"}
    assert {row["status"] for row in rows} == {"published", "draft"}
    assert next(r for r in rows if r["title"] == "导出电芯")["certifications"] == "IATF 16949"
    # one status only, and XLSX
    only = client.get(reverse("listings:export", args=["csv"]), {"status": "draft"}).content
    assert "导出电芯" not in only.decode("utf-8-sig")
    xlsx = client.get(reverse("listings:export", args=["xlsx"]))
    assert xlsx.content.startswith(b"PK\x03\x04")
    assert client.get(reverse("listings:export", args=["pdf"])).status_code == 404


def csv_upload(rows: list[dict[str, str]]) -> SimpleUploadedFile:
    columns = ["side", "kind", "title", "segment", "category", "region", "price_min", "price_max", "unit"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("listings.csv", buffer.getvalue().encode("utf-8"), content_type="text/csv")


GOOD_ROW = {
    "side": "supply",
    "kind": "product",
    "title": "导入的电芯 280Ah",
    "segment": "power_battery",
    "category": "电芯",
    "region": "340100",
    "price_min": "380",
    "price_max": "420",
    "unit": "件",
}


def test_import_reports_row_errors_and_imports_nothing(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    bad = GOOD_ROW | {"title": "坏的一行", "segment": "rockets", "price_min": "500", "price_max": "100"}
    response = client.post(reverse("listings:import"), {"file": csv_upload([GOOD_ROW, bad])})
    page = html(response)
    assert response.status_code == 200
    assert "1 row has errors; nothing was imported." in page
    # The table gives the row as the spreadsheet numbers it, the column and the problem
    table = page[page.index('class="table import-errors"') :]
    assert re.search(r'<td class="mono">3</td>\s*<td>[^<]*<span class="subtle mono">segment</span>', table)
    assert "rockets" in table
    assert not Listing.objects.exists()


def test_import_reports_a_wrong_file(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    upload = SimpleUploadedFile("x.csv", b"foo,bar\n1,2\n", content_type="text/csv")
    page = html(client.post(reverse("listings:import"), {"file": upload}))
    assert "The header row does not match the template." in page and "Unknown columns: foo, bar." in page
    assert not Listing.objects.exists()


def test_import_creates_drafts_or_submits_them(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    response = client.post(reverse("listings:import"), {"file": csv_upload([GOOD_ROW])}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("listings:mine")
    assert "1 listing imported as a draft." in html(response)
    assert Listing.objects.get().status == Status.DRAFT

    second = GOOD_ROW | {"title": "第二个导入的电芯"}
    client.post(reverse("listings:import"), {"file": csv_upload([second]), "submit": "on"})
    assert Listing.objects.get(title="第二个导入的电芯").status == Status.PENDING_REVIEW


def test_import_templates_download(client: Client, owner: Membership) -> None:
    login(client, owner.user)
    page = html(client.get(reverse("listings:import")))
    assert reverse("listings:import_template", args=["csv"]) in page
    response = client.get(reverse("listings:import_template", args=["csv"]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["side", "kind", "title"]
    assert client.get(reverse("listings:import_template", args=["xlsx"])).content.startswith(b"PK")


# ---------------------------------------------------------------------------------------------------
# Navigation and home


def test_navigation_links_to_the_catalogue_and_my_listings(client: Client, owner: Membership) -> None:
    page = html(client.get(reverse("home")))
    assert f'href="{CATALOGUE}"' in page and reverse("listings:mine") not in page
    login(client, owner.user)
    page = html(client.get(reverse("accounts:dashboard")))
    assert reverse("listings:mine") in page and reverse("listings:saved_searches") in page


def test_home_counts_published_supply_and_demand_and_searches_the_catalogue(client: Client) -> None:
    ListingFactory.create_batch(2)
    DemandListingFactory()
    ListingFactory(status=Status.DRAFT, published_at=None)
    page = html(client.get(reverse("home")))
    assert re.search(r'stat__value">2<.*?Supply listings', page, re.S)
    assert re.search(r'stat__value">1<.*?Demand listings', page, re.S)
    assert f'action="{CATALOGUE}"' in page


def test_region_filter_chip_names_the_province(client: Client) -> None:
    ListingFactory(region=region("320500"))
    page = html(client.get(CATALOGUE, {"province": "320000"}))
    assert "Province: Jiangsu" in page


def test_side_and_kind_constants_are_the_urls_of_the_form() -> None:
    # The create URLs are built from the choice codes; keep them stable for bookmarks.
    assert reverse("listings:create", args=[Side.DEMAND, Kind.TALENT]) == "/my/listings/new/demand/talent/"


def test_the_sort_shown_is_the_sort_applied(client: Client) -> None:
    # A search of punctuation only has no words to rank by, so it lists the newest first, and says so.
    ListingFactory(title="较早的电芯", published_at=timezone.now() - datetime.timedelta(days=3))
    ListingFactory(title="最新的电芯")
    page = html(client.get(CATALOGUE, {"q": "，。!!"}))
    assert page.index("最新的电芯") < page.index("较早的电芯")
    assert '<option value="newest" selected>' in page
    assert '<option value="relevance" selected>' in html(client.get(CATALOGUE, {"q": "电芯"}))
