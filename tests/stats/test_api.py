"""The statistics API: the public part for anyone, the full set for staff, each table as CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, User
from matching.models import Match
from orders.models import Order
from stats.serializers import StatsSerializer
from stats.tables import STAFF_ONLY, TABLES
from tests.conftest import client_for
from tests.factories import DemandListingFactory, ListingFactory, MatchFactory, OrderFactory, region

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/"
PUBLIC_TABLES = [table.slug for table in TABLES if not table.staff_only]
STAFF_TABLES = [table.slug for table in TABLES if table.staff_only]


@pytest.fixture
def data(db: None) -> None:
    """A little of everything: listings, a gap, an approved match, an accepted order."""
    supply = ListingFactory()
    demand = DemandListingFactory(region=region("320500"))
    MatchFactory(supply=supply, demand=demand, status=Match.Status.APPROVED, reviewed_at=supply.published_at)
    OrderFactory(listing=supply, total=Decimal("1200.00"), status=Order.Status.ACCEPTED)


def parse_csv(response: Any) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_anyone_reads_the_public_figures_without_the_staff_parts(data: None) -> None:
    response = APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    assert body["audience"] == "public"
    assert body["listings"]["published"] == 2 and body["listings"]["supply_share"] == 0.5
    assert body["orders"]["value"] == "1200.00"
    assert body["localisation"]["rate"] == 1.0
    assert body["chain_gaps"]["without_local_supply"] == 1
    for section, keys in STAFF_ONLY.items():
        assert not keys & set(body[section]), section
    assert {item["figure"] for item in body["downloads"]} == set(PUBLIC_TABLES)
    assert body["downloads"][0]["csv"].startswith("http://testserver/api/v1/stats/")
    assert StatsSerializer(data=body).is_valid(), StatsSerializer(data=body).errors


def test_staff_read_the_full_set(data: None, staff: User) -> None:
    body = client_for(staff).get(URL, HTTP_ACCEPT_LANGUAGE="en").json()

    assert body["audience"] == "staff"
    for section, keys in STAFF_ONLY.items():
        assert keys <= set(body[section]), section
    assert body["chain_gaps"]["table"][0]["province"] == "320000"
    assert body["funnel"]["rejected"] == 0
    assert {item["figure"] for item in body["downloads"]} == {table.slug for table in TABLES}
    serializer = StatsSerializer(data=body)
    assert serializer.is_valid(), serializer.errors


def test_a_member_of_an_enterprise_sees_the_public_part(data: None, owner: Membership) -> None:
    body = client_for(owner.user).get(URL).json()

    assert body["audience"] == "public"
    assert "table" not in body["chain_gaps"]


def test_labels_follow_the_language_and_codes_do_not(data: None) -> None:
    english = APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert english["enterprises"]["by_segment"][1]["segment"] == "power_battery"
    assert english["enterprises"]["by_segment"][1]["segment_label"] == "Power batteries"
    assert chinese["enterprises"]["by_segment"][1]["segment_label"] == "动力电池"
    assert english["funnel"]["steps"][0]["step_label"] == "Proposed"


@pytest.mark.parametrize("slug", PUBLIC_TABLES)
def test_every_public_table_downloads_as_csv_that_parses(data: None, slug: str) -> None:
    client = APIClient()
    as_json = client.get(f"{URL}{slug}/", HTTP_ACCEPT_LANGUAGE="en").json()

    response = client.get(f"{URL}{slug}.csv", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="chainmatch-{slug}-')
    rows = parse_csv(response)
    assert list(rows[0]) == as_json["columns"] if rows else True
    assert len(rows) == len(as_json["rows"])
    assert rows == [{k: "" if v is None else str(v) for k, v in row.items()} for row in as_json["rows"]]
    # The same through ?format=csv.
    assert (
        client.get(f"{URL}{slug}/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en").content == response.content
    )


def test_the_funnel_csv_holds_the_counts(data: None) -> None:
    rows = parse_csv(APIClient().get(f"{URL}match-funnel.csv", HTTP_ACCEPT_LANGUAGE="en"))

    assert [(row["step"], row["step_label"], row["count"]) for row in rows] == [
        ("proposed", "Proposed", "1"),
        ("approved", "Approved", "1"),
        ("contacted", "Contacted", "0"),
        ("quoted", "Quoted", "0"),
        ("ordered", "Ordered", "0"),
    ]


def test_chinese_text_survives_the_csv(data: None, staff: User) -> None:
    rows = parse_csv(client_for(staff).get(f"{URL}chain-gaps.csv", HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert rows == [
        {
            "segment": "power_battery",
            "segment_label": "动力电池",
            "category": "电芯",
            "province": "320000",
            "province_name_zh": "江苏省",
            "province_name_en": "Jiangsu",
            "demands": "1",
            "supply_elsewhere": "1",
            "supplying_provinces": "1",
        }
    ]


@pytest.mark.parametrize("slug", STAFF_TABLES)
def test_staff_tables_are_refused_to_others(data: None, slug: str, owner: Membership, staff: User) -> None:
    anonymous = APIClient().get(f"{URL}{slug}.csv")
    member = client_for(owner.user).get(f"{URL}{slug}/", {"format": "csv"})

    assert anonymous.status_code == 401
    assert member.status_code == 403
    # The refusal is the API's JSON error, not a CSV.
    assert member.json()["error"]["code"] == "permission_denied"
    assert client_for(staff).get(f"{URL}{slug}.csv").status_code == 200


def test_an_unknown_figure_is_404(data: None) -> None:
    response = APIClient().get(f"{URL}no-such-table.csv")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_schema_documents_the_figures_and_the_csv() -> None:
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()

    assert "/api/v1/stats/" in schema["paths"]
    table = schema["paths"]["/api/v1/stats/{figure}/"]["get"]
    assert "text/csv" in table["responses"]["200"]["content"]
    assert "/api/v1/stats/{figure}.csv" in schema["paths"]
    assert "chain_gaps" in schema["components"]["schemas"]["Stats"]["properties"]
