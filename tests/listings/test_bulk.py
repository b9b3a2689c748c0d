"""Bulk import and export of listings through the API: CSV and XLSX, all or nothing, errors by row."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from accounts.models import Membership, Notification, User
from listings.bulk import COLUMNS
from listings.choices import Kind
from listings.models import Listing, ListingEvent
from listings.patents import check_character
from tests.conftest import client_for
from tests.factories import DemandListingFactory, ListingFactory, MembershipFactory, PendingEnterpriseFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/listings/"
IMPORT = f"{URL}import/"
PATENT = f"ZL202010123456.{check_character('202010123456')}"

HEADER = [
    "side", "kind", "title", "segment", "category", "region", "quantity", "unit", "price_min", "price_max",
    "price_negotiable", "lead_time_days", "certifications", "tech_patents", "tech_trl", "tech_transfer_mode",
    "talent_headcount", "talent_skills",
]  # fmt: skip


def row(**values: Any) -> list[Any]:
    """A data row in HEADER's order; the cells not given are empty."""
    assert set(values) <= set(HEADER)
    return [values.get(name, "") for name in HEADER]


PRODUCT_ROW = row(
    side="supply", kind="product", title="方形磷酸铁锂电芯 280Ah", segment="power_battery", category="电芯",
    region="340100", quantity="50000", unit="件", price_min="380", price_max="420", price_negotiable="no",
    lead_time_days="30", certifications="IATF 16949; UN38.3",
)  # fmt: skip
TECHNOLOGY_ROW = row(
    side="supply", kind="technology", title="SiC 电机控制器技术许可", segment="electric_drive",
    category="电机控制器", region="340200", price_negotiable="yes", tech_patents=PATENT, tech_trl="7",
    tech_transfer_mode="licence",
)  # fmt: skip
TALENT_ROW = row(
    side="supply", kind="talent", title="电池测试工程师外派", segment="power_battery", category="电池工程师",
    region="340100", talent_headcount="5", talent_skills="BMS, 热管理",
)  # fmt: skip


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post_import(
    user: User, content: bytes, name: str = "listings.csv", *, language: str = "zh-hans", **data: Any
) -> Any:
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client_for(user).post(
        IMPORT, {"file": file, **data}, format="multipart", HTTP_ACCEPT_LANGUAGE=language
    )


def error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- the template ----------------------------------------------------------------------------------


def test_the_csv_template_has_the_layout_and_only_commented_examples(member: Membership) -> None:
    response = client_for(member.user).get(f"{URL}import-template/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="chainmatch-listings-template.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"\xef\xbb\xbf")  # a BOM, so that Excel reads the Chinese right
    header, *examples = read_csv(response.content)
    assert header == list(COLUMNS)
    assert len(examples) == 4
    assert all(row[0].startswith("#") for row in examples)  # the first cell marks a comment
    assert {dict(zip(header, row, strict=True))["kind"] for row in examples} == set(Kind.values)


def test_importing_the_template_as_it_is_imports_nothing(member: Membership) -> None:
    template = client_for(member.user).get(f"{URL}import-template/csv/").content
    response = post_import(member.user, template, "template.csv")
    assert response.status_code == 400
    body = error(response)
    assert body["code"] == "import_rejected"
    assert list(body["fields"]) == ["file"] and body["fields"]["file"]
    assert not Listing.objects.exists()


def test_importing_the_template_says_there_are_no_listings(member: Membership) -> None:
    template = client_for(member.user).get(f"{URL}import-template/csv/").content
    response = post_import(member.user, template, "template.csv", language="en")
    assert response.status_code == 400
    assert "no listings" in error(response)["message"]


def test_the_xlsx_template_has_instructions_and_imports_nothing(member: Membership) -> None:
    response = client_for(member.user).get(f"{URL}import-template/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["listings", "instructions"]
    rows = list(workbook["listings"].iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMNS) and len(rows) == 5
    imported = post_import(member.user, response.content, "template.xlsx")
    assert imported.status_code == 400 and error(imported)["code"] == "import_rejected"
    assert not Listing.objects.exists()


def test_the_template_is_for_signed_in_users(api: APIClient, member: Membership) -> None:
    assert api.get(f"{URL}import-template/csv/").status_code == 401
    assert client_for(member.user).get(f"{URL}import-template/pdf/").status_code == 404


# --- import ----------------------------------------------------------------------------------------


def test_importing_three_kinds_creates_three_drafts(member: Membership, staff: User) -> None:
    content = csv_bytes([HEADER, PRODUCT_ROW, TECHNOLOGY_ROW, TALENT_ROW])
    response = post_import(member.user, content)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] == 3 and len(body["ids"]) == 3

    listings = {x.kind: x for x in Listing.objects.filter(pk__in=body["ids"])}
    assert set(listings) == {"product", "technology", "talent"}
    assert {x.status for x in listings.values()} == {"draft"}
    assert {x.enterprise_id for x in listings.values()} == {member.enterprise_id}
    assert {x.created_by_id for x in listings.values()} == {member.user.pk}
    product = listings["product"]
    assert (product.price_min, product.price_max, product.lead_time_days) == (
        Decimal("380"),
        Decimal("420"),
        30,
    )
    assert product.province_id == "340000" and product.language == "zh"
    assert sorted(c.standard for c in product.certifications.all()) == ["IATF 16949", "UN38.3"]
    assert product.valid_until == timezone.localdate() + datetime.timedelta(days=90)
    technology = listings["technology"]
    assert technology.patent_numbers == [PATENT] and technology.tech_trl == 7
    assert technology.price_negotiable is True
    assert listings["talent"].skills == ["BMS", "热管理"]
    assert set(ListingEvent.objects.values_list("action", "to_status")) == {("imported", "draft")}
    assert ListingEvent.objects.count() == 3
    # Drafts: nobody reviews them yet
    assert not Notification.objects.filter(recipient=staff).exists()
    # They are the member's enterprise's, not the catalogue's
    assert client_for(member.user).get(URL, {"mine": "true"}).json()["count"] == 3
    assert APIClient().get(URL).json()["count"] == 0


def test_importing_with_submit_sends_them_to_review_with_one_notification(
    member: Membership, staff: User
) -> None:
    bystander = MembershipFactory().user  # a member elsewhere, not staff: hears nothing
    content = csv_bytes([HEADER, PRODUCT_ROW, TECHNOLOGY_ROW, TALENT_ROW])
    response = post_import(member.user, content, submit="true")
    assert response.status_code == 201, response.content
    listings = Listing.objects.filter(pk__in=response.json()["ids"])
    assert {x.status for x in listings} == {"pending_review"}
    assert all(x.submitted_at is not None for x in listings)
    [notification] = Notification.objects.all()
    assert notification.recipient == staff and notification.kind == "listing.imported"
    assert "3" in notification.title and member.enterprise.name_zh in notification.title
    assert not Notification.objects.filter(recipient=bystander).exists()
    queue = client_for(staff).get(URL, {"status": "pending_review"}).json()
    assert queue["count"] == 3


def test_one_bad_row_imports_nothing_and_is_reported_by_spreadsheet_row(member: Membership) -> None:
    bad = [*PRODUCT_ROW]
    bad[HEADER.index("price_min")], bad[HEADER.index("price_max")] = "500", "400"
    comment = ["# a note the member left", *[""] * (len(HEADER) - 1)]
    content = csv_bytes([HEADER, PRODUCT_ROW, comment, TECHNOLOGY_ROW, bad, TALENT_ROW])
    response = post_import(member.user, content, submit="true")
    assert response.status_code == 400, response.content
    body = error(response)
    assert body["code"] == "import_rejected"
    # Header is row 1, so the bad row is the spreadsheet's row 5
    assert list(body["fields"]) == ["rows"]
    assert list(body["fields"]["rows"]) == ["5"]
    assert body["fields"]["rows"]["5"]["price_max"][0]
    assert not Listing.objects.exists() and not ListingEvent.objects.exists()
    assert not Notification.objects.exists()


def test_every_bad_row_and_cell_is_reported(member: Membership) -> None:
    unreadable = [*PRODUCT_ROW]
    unreadable[HEADER.index("price_min")] = "三百八"
    unreadable[HEADER.index("lead_time_days")] = "2.5"
    wrong_patent = [*TECHNOLOGY_ROW]
    wrong_patent[HEADER.index("tech_patents")] = PATENT[:-1] + ("0" if PATENT[-1] != "0" else "1")
    wrong_patent[HEADER.index("region")] = "火星"
    funding = [*TALENT_ROW]
    funding[HEADER.index("kind")] = "funding"
    response = post_import(
        member.user,
        csv_bytes([HEADER, unreadable, PRODUCT_ROW, wrong_patent, funding]),
        language="en",
    )
    assert response.status_code == 400
    rows = error(response)["fields"]["rows"]
    assert set(rows) == {"2", "4", "5"}
    assert set(rows["2"]) == {"price_min", "lead_time_days"}
    assert rows["2"]["price_min"] == ["Enter a number."]
    assert "region" in rows["4"] and "火星" in rows["4"]["region"][0]
    assert "kind" in rows["5"]  # a component maker offers no funding
    assert error(response)["message"] == "3 rows have errors; nothing was imported."
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ([*HEADER, "colour"], "colour"),
        ([name for name in HEADER if name != "region"], "region"),
        (["标题", "价格"], "side"),
    ],
    ids=["unknown-column", "missing-column", "not-our-layout"],
)
def test_a_header_that_does_not_match_is_a_file_error(
    member: Membership, header: list[str], problem: str
) -> None:
    response = post_import(member.user, csv_bytes([header, PRODUCT_ROW]), language="en")
    assert response.status_code == 400
    body = error(response)
    assert body["code"] == "import_rejected"
    assert list(body["fields"]) == ["file"]
    assert problem in " ".join(body["fields"]["file"])
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", b""),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook"),
    ],
    ids=["empty", "binary", "damaged-xlsx"],
)
def test_an_unreadable_file_is_a_file_error(member: Membership, name: str, content: bytes) -> None:
    response = post_import(member.user, content, name)
    assert response.status_code == 400
    assert error(response)["fields"]["file"]
    assert not Listing.objects.exists()


def test_too_many_rows_is_a_file_error(member: Membership, settings: Any) -> None:
    settings.LISTING_IMPORT_MAX_ROWS = 2
    response = post_import(member.user, csv_bytes([HEADER, PRODUCT_ROW, TECHNOLOGY_ROW, TALENT_ROW]))
    assert response.status_code == 400 and error(response)["fields"]["file"]
    assert not Listing.objects.exists()


def test_an_xlsx_file_with_typed_cells_imports(member: Membership) -> None:
    valid_until = timezone.localdate() + datetime.timedelta(days=60)
    product = row(
        side="supply", kind="product", title="方形磷酸铁锂电芯 280Ah", segment="power_battery",
        category="电芯", region=340100, quantity=50000, unit="件", price_min=380.5, price_max=420,
        price_negotiable=False, lead_time_days=30, certifications="IATF 16949",
    )  # fmt: skip
    technology = row(
        side="supply", kind="technology", title="SiC 电机控制器技术许可", segment="electric_drive",
        category="电机控制器", region="340200", price_negotiable=True, tech_patents=PATENT, tech_trl=7,
        tech_transfer_mode="licence",
    )  # fmt: skip
    blank = [None if cell == "" else cell for cell in technology]
    rows: list[list[Any]] = [[*HEADER, "valid_until"], [*product, valid_until], [*blank, None]]
    response = post_import(member.user, xlsx_bytes(rows), "listings.xlsx")
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 2
    product = Listing.objects.get(kind="product")
    assert (product.region_id, product.quantity, product.price_min) == (
        "340100",
        Decimal("50000"),
        Decimal("380.5"),
    )
    assert product.valid_until == valid_until and product.price_negotiable is False
    assert Listing.objects.get(kind="technology").tech_trl == 7


def test_a_bad_xlsx_row_is_reported_by_its_row_number(member: Membership) -> None:
    rows: list[list[Any]] = [HEADER, PRODUCT_ROW, [], [*PRODUCT_ROW[: HEADER.index("tech_trl")], 12]]
    response = post_import(member.user, xlsx_bytes(rows), "listings.xlsx")
    assert response.status_code == 400
    rows_errors = error(response)["fields"]["rows"]
    assert list(rows_errors) == ["4"] and "tech_trl" in rows_errors["4"]


def test_a_gbk_encoded_csv_imports(member: Membership) -> None:
    content = csv_bytes([HEADER, PRODUCT_ROW, TALENT_ROW], encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    response = post_import(member.user, content)
    assert response.status_code == 201, response.content
    assert sorted(Listing.objects.values_list("title", flat=True)) == sorted([PRODUCT_ROW[2], TALENT_ROW[2]])
    assert Listing.objects.get(kind="talent").skills == ["BMS", "热管理"]


def test_labels_are_accepted_in_cells(member: Membership) -> None:
    rows = [
        HEADER,
        row(
            side="供应", kind="产品", title="方形磷酸铁锂电芯 280Ah", segment="动力电池", category="电芯",
            region="合肥市", quantity="100", unit="件", price_negotiable="是",
        ),
        row(
            side="Supply", kind="Technology", title="SiC inverter licence",
            segment="Electric drive and control", category="inverter", region="Wuhu", price_negotiable="yes",
            tech_transfer_mode="Licence", tech_trl="6",
        ),
        row(
            side="需求", kind="技术", title="寻求线控制动技术合作", segment="底盘车身与内外饰",
            category="制动系统", region="340100", price_negotiable="✓", tech_transfer_mode="合作开发",
        ),
    ]  # fmt: skip
    response = post_import(member.user, csv_bytes(rows))
    assert response.status_code == 201, response.content
    found = {
        x.title: (x.side, x.kind, x.segment, x.region_id, x.tech_transfer_mode) for x in Listing.objects.all()
    }
    assert found == {
        "方形磷酸铁锂电芯 280Ah": ("supply", "product", "power_battery", "340100", ""),
        "SiC inverter licence": ("supply", "technology", "electric_drive", "340200", "licence"),
        "寻求线控制动技术合作": ("demand", "technology", "chassis_body", "340100", "co_development"),
    }
    assert Listing.objects.get(title="SiC inverter licence").language == "en"


def test_an_unknown_label_names_the_codes(member: Membership) -> None:
    row = [*PRODUCT_ROW]
    row[HEADER.index("segment")] = "面包"
    response = post_import(member.user, csv_bytes([HEADER, row]))
    assert response.status_code == 400
    [message] = error(response)["fields"]["rows"]["2"]["segment"]
    assert "面包" in message and "power_battery" in message


def test_dates_as_excel_writes_them_are_accepted(member: Membership) -> None:
    valid_until = timezone.localdate() + datetime.timedelta(days=100)
    excel_style = f"{valid_until.year}/{valid_until.month}/{valid_until.day}"
    response = post_import(member.user, csv_bytes([[*HEADER, "valid_until"], [*PRODUCT_ROW, excel_style]]))
    assert response.status_code == 201, response.content
    assert Listing.objects.get().valid_until == valid_until


def test_who_may_import(api: APIClient, staff: User) -> None:
    content = csv_bytes([HEADER, PRODUCT_ROW])
    file = SimpleUploadedFile("listings.csv", content)
    assert api.post(IMPORT, {"file": file}, format="multipart").status_code == 401
    pending = MembershipFactory(enterprise=PendingEnterpriseFactory())
    response = post_import(pending.user, content)
    assert response.status_code == 403 and error(response)["code"] == "enterprise_not_verified"
    response = post_import(staff, content)
    assert response.status_code == 403 and error(response)["code"] == "no_enterprise"
    assert not Listing.objects.exists()


def test_an_import_without_a_file_is_a_400(member: Membership) -> None:
    response = client_for(member.user).post(IMPORT, {}, format="multipart")
    assert response.status_code == 400 and "file" in error(response)["fields"]


# --- export ----------------------------------------------------------------------------------------


@pytest.fixture
def own_listings(owner: Membership, other_owner: Membership) -> list[Listing]:
    """Listings of the owner's enterprise in several statuses and kinds, and one of another enterprise."""
    deadline = timezone.localdate() + datetime.timedelta(days=45)
    own = [
        ListingFactory(
            enterprise=owner.enterprise, title="方形铝壳电芯 280Ah", certifications=["IATF 16949"]
        ),
        ListingFactory(enterprise=owner.enterprise, title="电芯 草稿", status="draft", published_at=None),
        DemandListingFactory(
            enterprise=owner.enterprise,
            title="采购 BMS 主板",
            deadline=deadline,
            certifications=["ISO 26262*"],
        ),
        ListingFactory(
            enterprise=owner.enterprise,
            title="SiC 电机控制器技术许可",
            kind=Kind.TECHNOLOGY,
            quantity=None,
            unit="",
            min_order_quantity=None,
            price_min=None,
            price_max=None,
            price_negotiable=True,
            lead_time_days=None,
            tech_patents=PATENT,
            tech_trl=7,
            tech_transfer_mode="licence",
        ),
        ListingFactory(
            enterprise=owner.enterprise,
            title="电池测试工程师外派",
            kind=Kind.TALENT,
            quantity=None,
            unit="",
            min_order_quantity=None,
            price_min=None,
            price_max=None,
            lead_time_days=None,
            talent_headcount=5,
            talent_skills="BMS, 热管理",
            talent_salary_min=Decimal("15000"),
            talent_salary_max=Decimal("25000"),
            talent_work_region_id="320100",
        ),
    ]
    ListingFactory(enterprise=other_owner.enterprise, title="别家的电芯")
    return own


def test_csv_export_has_only_own_listings(owner: Membership, own_listings: list[Listing]) -> None:
    response = client_for(owner.user).get(f"{URL}export/csv/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-listings.csv"'
    header, *rows = read_csv(response.content)
    assert header[:3] == ["id", "status", "published_at"] and header[3:] == list(COLUMNS)
    by_title = {row[header.index("title")]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_title) == {x.title for x in own_listings}
    assert {int(r["id"]) for r in by_title.values()} == {x.pk for x in own_listings}
    product = by_title["方形铝壳电芯 280Ah"]
    assert (product["status"], product["price_min"], product["quantity"]) == ("published", "380", "10000")
    assert product["certifications"] == "IATF 16949"
    assert by_title["采购 BMS 主板"]["certifications"] == "ISO 26262*"
    assert by_title["SiC 电机控制器技术许可"]["tech_patents"] == PATENT
    assert by_title["电池测试工程师外派"]["talent_work_region"] == "320100"


def test_export_follows_the_list_filters(owner: Membership, own_listings: list[Listing]) -> None:
    response = client_for(owner.user).get(f"{URL}export/csv/", {"status": "draft"})
    header, *rows = read_csv(response.content)
    assert [row[header.index("title")] for row in rows] == ["电芯 草稿"]


def test_export_is_for_members(api: APIClient, staff: User, own_listings: list[Listing]) -> None:
    assert api.get(f"{URL}export/csv/").status_code == 401
    response = client_for(staff).get(f"{URL}export/csv/")
    assert response.status_code == 403 and error(response)["code"] == "no_enterprise"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_again_as_new_drafts(
    owner: Membership, own_listings: list[Listing], file_format: str
) -> None:
    exported = client_for(owner.user).get(f"{URL}export/{file_format}/")
    assert exported.status_code == 200
    if file_format == "xlsx":
        sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
        assert sheet.max_row == len(own_listings) + 1
    before = set(Listing.objects.values_list("pk", flat=True))
    response = post_import(owner.user, exported.content, f"my-listings.{file_format}")
    assert response.status_code == 201, response.content
    assert response.json()["created"] == len(own_listings)
    new = Listing.objects.exclude(pk__in=before)
    assert {x.status for x in new} == {"draft"}
    assert sorted(x.title for x in new) == sorted(x.title for x in own_listings)

    def fields(listing: Listing) -> tuple[Any, ...]:
        certs = sorted((c.standard, c.mandatory) for c in listing.certifications.all())
        return (
            listing.side, listing.kind, listing.segment, listing.region_id, listing.price_min,
            listing.price_max, listing.quantity, listing.deadline, listing.valid_until, listing.tech_patents,
            listing.tech_trl, listing.talent_work_region_id, listing.talent_salary_max, certs,
        )  # fmt: skip

    originals = {x.title: fields(x) for x in own_listings}
    assert {x.title: fields(x) for x in new} == originals


def test_text_that_looks_like_a_formula_stays_text_in_xlsx(owner: Membership) -> None:
    ListingFactory(enterprise=owner.enterprise, title='=HYPERLINK("http://example.com","电芯")')
    exported = client_for(owner.user).get(f"{URL}export/xlsx/")
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert title.data_type == "s"
    response = post_import(owner.user, exported.content, "my-listings.xlsx")
    assert response.status_code == 201, response.content
    assert Listing.objects.filter(title__startswith="=HYPERLINK").count() == 2


def test_an_exported_title_starting_with_a_hash_is_not_a_comment(owner: Membership) -> None:
    ListingFactory(enterprise=owner.enterprise, title="#1 热销 方形铝壳电芯")
    ListingFactory(enterprise=owner.enterprise, title="方形铝壳电芯 314Ah")
    exported = client_for(owner.user).get(f"{URL}export/csv/")
    response = post_import(owner.user, exported.content)
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 2
