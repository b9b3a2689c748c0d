"""A financing offer's terms on its funding supply listing: the rules, the API, the form, the detail page
and bulk import and export, as an institution that publishes offers meets them."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from accounts.taxonomy import Theme
from listings import services
from listings.choices import Kind, Side
from listings.models import Listing
from listings.validation import OFFER_TERM_FIELDS
from tests.conftest import client_for
from tests.factories import (
    DemandListingFactory,
    EnterpriseFactory,
    FundingOfferFactory,
    MembershipFactory,
    region,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/listings/"
OFFER = {
    "side": "supply",
    "kind": "funding",
    "title": "汽车零部件供应链金融贷款",
    "segment": "complete_vehicle",
    "category": "供应链金融",
    "region": "340100",
    "funding_instrument": "supply_chain_finance",
    "funding_amount": "1000000",
    "funding_amount_max": "10000000",
    "funding_term_months": 6,
    "funding_term_max_months": 36,
    "funding_rate_min": "3.50",
    "funding_rate_max": "6.00",
    "funding_eligible_themes": ["component_maker"],
    "funding_eligible_segments": ["electric_drive", "power_battery"],
    "funding_eligible_provinces": ["340000", "320000"],
    "funding_required_documents": ["financial_statements", "business_licence"],
    "funding_decision_days": 10,
}
# A valid value of each offer term, to put on a listing that must not carry it.
TERM_VALUES: dict[str, Any] = {
    "funding_amount_max": Decimal("10000000"),
    "funding_term_max_months": 36,
    "funding_rate_min": Decimal("3.5"),
    "funding_rate_max": Decimal("6"),
    "funding_eligible_themes": ["component_maker"],
    "funding_eligible_segments": ["power_battery"],
    "funding_eligible_provinces": ["340000"],
    "funding_required_documents": ["business_licence"],
    "funding_decision_days": 10,
}


@pytest.fixture
def bank(db: None) -> Membership:
    """The owner of a verified bank, which publishes financing offers."""
    enterprise = EnterpriseFactory(theme=Theme.FINANCIAL_INSTITUTION, segments=["complete_vehicle"])
    return MembershipFactory(enterprise=enterprise, role=Membership.Role.OWNER)


def offer_fields(**overrides: Any) -> dict[str, Any]:
    """OFFER as keyword arguments of the listing services."""
    fields = {k: v for k, v in OFFER.items() if k not in ("side", "kind")}
    fields["region_id"] = fields.pop("region")
    for name in ("funding_amount", "funding_amount_max", "funding_rate_min", "funding_rate_max"):
        fields[name] = Decimal(fields[name])
    return fields | overrides


def create_offer(bank: Membership, **overrides: Any) -> Listing:
    fields = offer_fields(**overrides)
    where = region(fields.pop("region_id"))
    return services.listing_create(
        actor=bank.user, side=Side.SUPPLY, kind=Kind.FUNDING, region=where, **fields
    )


def field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    return body["error"]


# ---------------------------------------------------------------------------------------------------
# The rules


def test_an_offer_with_every_term_is_saved_with_its_lists_as_codes(bank: Membership) -> None:
    # when the bank creates an offer with its terms, the lists in any order
    offer = create_offer(bank)
    # then they are stored between commas in their table's order and read back as lists
    offer.refresh_from_db()
    assert offer.funding_eligible_segments == ",power_battery,electric_drive,"
    assert offer.eligible_segments == ["power_battery", "electric_drive"]
    assert offer.eligible_provinces == ["320000", "340000"]
    assert offer.required_documents == ["business_licence", "financial_statements"]
    assert (offer.funding_amount_max, offer.funding_rate_max) == (Decimal("10000000"), Decimal("6"))
    assert offer.funding_decision_days == 10


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"funding_amount_max": Decimal("500000")}, "funding_amount_max", "less than the lowest, ¥1,000,000"),
        ({"funding_amount_max": Decimal("0")}, "funding_amount_max", "more than zero"),
        ({"funding_term_max_months": 3}, "funding_term_max_months", "shorter than the shortest, 6 months"),
        ({"funding_term_max_months": 361}, "funding_term_max_months", "less than or equal to 360"),
        ({"funding_rate_max": Decimal("3")}, "funding_rate_max", "lower than the lowest, 3.50%"),
        ({"funding_rate_min": Decimal("-1")}, "funding_rate_min", "between 0 and 100"),
        ({"funding_rate_max": Decimal("120")}, "funding_rate_max", "between 0 and 100"),
        ({"funding_decision_days": 400}, "funding_decision_days", "less than or equal to 365"),
        ({"funding_decision_days": -1}, "funding_decision_days", "greater than or equal to 0"),
        ({"funding_eligible_themes": ["bank"]}, "funding_eligible_themes", "Unknown code bank"),
        ({"funding_eligible_segments": ["engines"]}, "funding_eligible_segments", "Unknown code engines"),
        # A city is not a province: eligibility is by province.
        ({"funding_eligible_provinces": ["340100"]}, "funding_eligible_provinces", "province code 340100"),
        ({"funding_required_documents": ["passport"]}, "funding_required_documents", "Unknown code passport"),
    ],
)
def test_each_term_rule_names_its_field_and_nothing_is_written(
    bank: Membership, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        create_offer(bank, **overrides)
    errors = field_errors(exc)
    assert list(errors) == [field], errors
    assert message in " ".join(errors[field])
    assert not Listing.objects.exists()


def test_a_fixed_offer_needs_no_upper_bounds_and_an_offer_may_be_open_to_all(bank: Membership) -> None:
    offer = create_offer(
        bank,
        funding_amount_max=None,
        funding_term_max_months=None,
        funding_rate_max=None,
        funding_eligible_themes=[],
        funding_eligible_segments=[],
        funding_eligible_provinces=[],
    )
    offer.refresh_from_db()
    assert offer.funding_eligible_themes == "" and offer.eligible_provinces == []


@pytest.mark.parametrize("field", OFFER_TERM_FIELDS)
def test_a_funding_demand_may_not_state_an_offer_term(owner: Membership, field: str) -> None:
    # given a component maker publishing what it needs: an amount, a term, an instrument
    with pytest.raises(ValidationError) as exc:
        services.listing_create(
            actor=owner.user,
            side=Side.DEMAND,
            kind=Kind.FUNDING,
            title="电驱产线流动资金贷款需求",
            segment="electric_drive",
            category="流动资金贷款",
            region=region(),
            funding_amount=Decimal("3000000"),
            funding_term_months=12,
            funding_instrument="loan",
            **{field: TERM_VALUES[field]},
        )
    # then the offer's term is refused under its own name
    assert list(field_errors(exc)) == [field]
    assert "Only a financing offer" in field_errors(exc)[field][0]


def test_a_product_may_not_carry_offer_terms(owner: Membership) -> None:
    with pytest.raises(ValidationError) as exc:
        services.listing_create(
            actor=owner.user,
            side=Side.SUPPLY,
            kind=Kind.PRODUCT,
            title="方形铝壳电芯",
            segment="power_battery",
            category="电芯",
            region=region(),
            price_min=Decimal("380"),
            funding_rate_min=Decimal("4"),
            funding_eligible_segments=["power_battery"],
        )
    assert set(field_errors(exc)) == {"funding_rate_min", "funding_eligible_segments"}
    assert "Only for" in field_errors(exc)["funding_rate_min"][0]


def test_rates_and_eligibility_send_a_published_offer_back_to_review_amounts_do_not(
    bank: Membership,
) -> None:
    offer = FundingOfferFactory(enterprise=bank.enterprise)
    # a longer decision time, a higher ceiling, another document: commercial terms, changed at once
    offer = services.listing_update(
        listing=offer,
        actor=bank.user,
        funding_amount_max=Decimal("20000000"),
        funding_decision_days=14,
        funding_required_documents=",business_licence,tax_records,",
    )
    assert offer.status == Listing.Status.PUBLISHED
    # the same eligibility again, in another order, is no change
    offer = services.listing_update(
        listing=offer, actor=bank.user, funding_eligible_themes=",component_maker,"
    )
    assert offer.status == Listing.Status.PUBLISHED
    # a new rate is judged again
    offer = services.listing_update(listing=offer, actor=bank.user, funding_rate_min=Decimal("2.9"))
    assert offer.status == Listing.Status.PENDING_REVIEW


def test_new_eligibility_sends_a_published_offer_back_to_review(bank: Membership) -> None:
    offer = FundingOfferFactory(enterprise=bank.enterprise)
    offer = services.listing_update(listing=offer, actor=bank.user, funding_eligible_provinces=["340000"])
    assert offer.status == Listing.Status.PENDING_REVIEW
    assert offer.events.last().note == "funding_eligible_provinces"


# ---------------------------------------------------------------------------------------------------
# The listings API


def test_the_api_takes_and_gives_the_lists_as_lists(bank: Membership) -> None:
    response = client_for(bank.user).post(URL, OFFER, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["funding_eligible_segments"] == ["power_battery", "electric_drive"]
    assert body["funding_eligible_provinces"] == ["320000", "340000"]
    assert body["funding_required_documents"] == ["business_licence", "financial_statements"]
    assert (body["funding_amount_max"], body["funding_rate_min"]) == ("10000000.00", "3.50")
    assert body["funding_decision_days"] == 10


def test_the_same_codes_in_another_order_are_no_change_through_the_api(bank: Membership) -> None:
    offer = FundingOfferFactory(enterprise=bank.enterprise, funding_eligible_provinces=",320000,340000,")
    response = client_for(bank.user).patch(
        f"{URL}{offer.pk}/", {"funding_eligible_provinces": ["340000", "320000"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    assert not offer.events.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"funding_eligible_themes": ["bank"]}, "funding_eligible_themes"),
        ({"funding_eligible_provinces": ["999999"]}, "funding_eligible_provinces"),
        ({"funding_required_documents": "business_licence"}, "funding_required_documents"),  # not a list
        ({"funding_rate_max": "150"}, "funding_rate_max"),
        ({"funding_amount_max": "100"}, "funding_amount_max"),
    ],
)
def test_the_api_refuses_bad_terms_with_400_naming_the_field(
    bank: Membership, overrides: dict[str, Any], field: str
) -> None:
    response = client_for(bank.user).post(URL, {**OFFER, **overrides}, format="json")
    assert response.status_code == 400, response.content
    assert field in error(response)["fields"]
    assert not Listing.objects.exists()


def test_the_api_refuses_offer_terms_on_a_demand(owner: Membership) -> None:
    demand = {
        "side": "demand",
        "kind": "funding",
        "title": "电驱产线流动资金贷款需求",
        "segment": "electric_drive",
        "category": "流动资金贷款",
        "region": "340100",
        "funding_amount": "3000000",
        "funding_term_months": 12,
        "funding_instrument": "loan",
        "funding_rate_max": "5",
        "funding_eligible_segments": ["electric_drive"],
    }
    response = client_for(owner.user).post(URL, demand, format="json")
    assert response.status_code == 400
    assert set(error(response)["fields"]) == {"funding_rate_max", "funding_eligible_segments"}


# ---------------------------------------------------------------------------------------------------
# The form and the pages


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})


def offer_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form": "listing",
        "title": "汽车零部件供应链金融贷款",
        "category": "供应链金融",
        "segment": "complete_vehicle",
        "region": "340100",
        "description": "线上申请，T+1 放款。",
        "funding_instrument": "supply_chain_finance",
        "funding_amount": "1000000",
        "funding_amount_max": "10000000",
        "funding_term_months": "6",
        "funding_term_max_months": "36",
        "funding_rate_min": "3.5",
        "funding_rate_max": "6",
        "funding_decision_days": "10",
        "funding_eligible_themes": ["component_maker"],
        "funding_eligible_segments": ["power_battery", "electric_drive"],
        "funding_eligible_provinces": ["340000"],
        "funding_required_documents": ["business_licence", "financial_statements"],
        "lead_time_days": "",
        "valid_until": "",
        "language": "",
        "certifications": "",
        "action": "draft",
    }
    return data | overrides


def test_the_offer_form_has_the_terms_and_the_demand_form_does_not(
    client: Client, bank: Membership, owner: Membership
) -> None:
    client.force_login(bank.user)
    page = client.get(reverse("listings:create", args=["supply", "funding"])).content.decode()
    for name in OFFER_TERM_FIELDS:
        assert f'name="{name}"' in page, name
    assert "Who may apply" in page and "Amount up to (CNY)" in page
    assert 'type="checkbox" name="funding_eligible_segments" value="power_battery"' in page
    client.force_login(owner.user)
    demand = client.get(reverse("listings:create", args=["demand", "funding"])).content.decode()
    assert 'name="funding_amount"' in demand
    assert not any(f'name="{name}"' in demand for name in OFFER_TERM_FIELDS)


def test_the_form_saves_the_terms_and_shows_them_again_for_editing(client: Client, bank: Membership) -> None:
    client.force_login(bank.user)
    response = client.post(reverse("listings:create", args=["supply", "funding"]), offer_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    offer = Listing.objects.get()
    assert offer.funding_eligible_segments == ",power_battery,electric_drive,"
    assert offer.funding_required_documents == ",business_licence,financial_statements,"
    assert (offer.funding_term_max_months, offer.funding_rate_min) == (36, Decimal("3.5"))
    page = client.get(reverse("listings:edit", args=[offer.pk])).content.decode()
    ticked = re.findall(r'name="(funding_[a-z_]+)" value="([a-z_0-9]+)"[^>]* checked', page)
    assert sorted(ticked) == [
        ("funding_eligible_provinces", "340000"),
        ("funding_eligible_segments", "electric_drive"),
        ("funding_eligible_segments", "power_battery"),
        ("funding_eligible_themes", "component_maker"),
        ("funding_required_documents", "business_licence"),
        ("funding_required_documents", "financial_statements"),
    ]


def test_a_form_with_a_bad_range_shows_the_error_under_the_field(client: Client, bank: Membership) -> None:
    client.force_login(bank.user)
    response = client.post(
        reverse("listings:create", args=["supply", "funding"]), offer_form(funding_rate_max="2")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_funding_rate_max_error"' in page and "lower than the lowest" in page
    assert not Listing.objects.exists()


def test_the_detail_page_states_the_offer_terms(client: Client) -> None:
    offer = FundingOfferFactory(
        funding_eligible_segments=",power_battery,", funding_eligible_provinces=",340000,"
    )
    page = client.get(reverse("listings:detail", args=[offer.pk])).content.decode()
    for text in (
        "¥1,000,000–10,000,000",
        "6–36 months",
        "3.5–6.0% a year",
        "Component enterprise",
        "Power batteries",
        "Anhui",
        "Business licence, Financial statements (3 years)",
        "10 days",
    ):
        assert text in page, text


def test_an_offer_open_to_all_says_so_one_amount_is_a_ceiling_a_demand_needs_it(client: Client) -> None:
    # an offer stating one amount and one term lends up to them
    offer = FundingOfferFactory(
        funding_eligible_themes="",
        funding_required_documents="",
        funding_amount=Decimal("50000000"),
        funding_amount_max=None,
        funding_term_max_months=None,
    )
    page = client.get(reverse("listings:detail", args=[offer.pk])).content.decode()
    assert "Every type of enterprise" in page and "Anywhere in China" in page
    assert "up to ¥50,000,000" in page and "up to 6 months" in page
    demand = DemandListingFactory(
        kind=Kind.FUNDING,
        title="电驱产线流动资金贷款需求",
        quantity=None,
        unit="",
        price_min=None,
        price_max=None,
        funding_amount=Decimal("3000000"),
        funding_term_months=12,
        funding_instrument="loan",
    )
    page = client.get(reverse("listings:detail", args=[demand.pk])).content.decode()
    assert "¥3,000,000" in page and "Every type of enterprise" not in page


# ---------------------------------------------------------------------------------------------------
# Bulk import and export

IMPORT_HEADER = [
    "side", "kind", "title", "segment", "category", "region", "funding_instrument", "funding_amount",
    "funding_amount_max", "funding_term_months", "funding_term_max_months", "funding_rate_min",
    "funding_rate_max", "funding_eligible_themes", "funding_eligible_segments", "funding_eligible_provinces",
    "funding_required_documents", "funding_decision_days",
]  # fmt: skip


def csv_file(rows: list[list[str]]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([IMPORT_HEADER, *rows])
    return SimpleUploadedFile("offers.csv", buffer.getvalue().encode(), content_type="text/csv")


def test_import_reads_the_lists_by_code_or_name_and_export_writes_codes(bank: Membership) -> None:
    row = [
        "supply", "funding", "设备融资租赁", "electric_drive", "融资租赁", "340100", "lease", "2000000",
        "30000000", "24", "60", "4.2", "7.5", "Component enterprise; vehicle_maker", "electric_drive",
        "安徽省, Jiangsu", "business_licence, 发票", "15",
    ]  # fmt: skip
    api = client_for(bank.user)
    response = api.post(f"{URL}import/", {"file": csv_file([row])}, format="multipart")
    assert response.status_code == 201, response.content
    offer = Listing.objects.get()
    assert offer.funding_eligible_themes == ",vehicle_maker,component_maker,"
    assert offer.funding_eligible_provinces == ",320000,340000,"
    assert offer.funding_required_documents == ",business_licence,invoices,"
    assert (offer.funding_amount_max, offer.funding_decision_days) == (Decimal("30000000"), 15)
    exported = api.get(f"{URL}export/csv/")
    header, line = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    cells = dict(zip(header, line, strict=True))
    assert cells["funding_eligible_themes"] == "vehicle_maker, component_maker"
    assert cells["funding_required_documents"] == "business_licence, invoices"
    assert (cells["funding_rate_min"], cells["funding_term_max_months"]) == ("4.2", "60")


def test_import_reports_an_unknown_code_by_row_and_column(bank: Membership) -> None:
    row = [
        "supply", "funding", "设备融资租赁", "electric_drive", "融资租赁", "340100", "lease", "2000000",
        "", "24", "", "", "", "", "", "", "passport", "",
    ]  # fmt: skip
    response = client_for(bank.user).post(f"{URL}import/", {"file": csv_file([row])}, format="multipart")
    assert response.status_code == 400
    assert "funding_required_documents" in error(response)["fields"]["rows"]["2"]
    assert not Listing.objects.exists()
