"""The statistics page: headline figures and charts for everyone, the fuller set for staff, in both
languages; and the SVG charts themselves."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import User
from matching.models import Match
from orders.models import Order
from stats.charts import Chart, Series, bar_chart, compact, line_chart, nice_scale, percent
from tests.factories import DemandListingFactory, ListingFactory, MatchFactory, OrderFactory, region

URL = "/stats/"
SVG = "{http://www.w3.org/2000/svg}"


def parse(chart: Chart) -> ET.Element:
    """The chart's SVG as XML: it must be well-formed (our own drawing, not untrusted input)."""
    return ET.fromstring(str(chart.svg))  # noqa: S314


@pytest.fixture
def data(db: None) -> None:
    supply = ListingFactory()
    demand = DemandListingFactory(region=region("320500"))
    MatchFactory(supply=supply, demand=demand, status=Match.Status.APPROVED, reviewed_at=supply.published_at)
    OrderFactory(listing=supply, total=Decimal("1200.00"), status=Order.Status.ACCEPTED)


def page(language: str, user: User | None = None) -> str:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_headlines_and_every_public_chart_in_english(data: None) -> None:
    html = page("en")

    assert "Verified enterprises" in html and "Published listings" in html
    assert "50.0% supply (launch: 83.7%)" in html
    for chart_id in ("chart-enterprises-theme", "chart-supply-share", "chart-funnel", "chart-orders-month",
                     "chart-financing", "chart-gaps-segment"):  # fmt: skip
        assert f'id="{chart_id}"' in html
    assert html.count('role="img"') == 11
    assert "Power batteries" in html
    # Staff-only parts are absent, and so are the staff CSV links.
    assert "chart-localisation-segment" not in html
    assert "Chain gaps to act on" not in html
    assert "/api/v1/stats/chain-gaps.csv" not in html
    assert "/api/v1/stats/listings-by-kind.csv" in html
    # Charts are drawn on the server: no chart script, nothing from another host.
    assert "<canvas" not in html and "cdn" not in html.lower()


def test_the_page_reads_in_chinese(data: None) -> None:
    html = page("zh-hans")

    assert '<html lang="zh-hans">' in html
    assert "动力电池" in html and "整车企业" in html
    assert "Power batteries" not in html


def test_staff_see_the_funnel_by_segment_localisation_and_the_gap_table(data: None, staff: User) -> None:
    html = page("en", staff)

    assert 'id="chart-localisation-segment"' in html
    assert "Match funnel by segment" in html
    assert "Chain gaps to act on" in html
    assert "Jiangsu" in html and "电芯" in html
    assert "/api/v1/stats/chain-gaps.csv" in html


def test_the_page_renders_on_an_empty_platform(db: None) -> None:
    html = page("en")

    assert "No data yet." in html


def test_the_nav_links_to_the_statistics(db: None) -> None:
    html = page("en")

    assert f'href="{URL}" aria-current="page">Statistics</a>' in html


# ---------------------------------------------------------------------------------------------------
# Charts


def test_a_bar_chart_is_accessible_svg_with_its_data_as_a_table() -> None:
    chart = bar_chart(
        chart_id="c1",
        title="Enterprises by theme",
        categories=["整车企业", "<script>"],
        series=[Series("Registered", [10, 4]), Series("Verified", [8, None])],
        category_head="Theme",
    )

    root = parse(chart)  # well-formed XML, the category escaped
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Enterprises by theme"
    assert (
        root.find(f"{SVG}desc").text == "Registered: highest 10 (整车企业). Verified: highest 8 (整车企业)."
    )
    assert len(root.findall(f".//{SVG}rect")) == 3  # no bar for a missing value
    assert "<script>" not in str(chart.svg)
    assert chart.headers == ["Theme", "Registered", "Verified"]
    assert chart.rows == [["整车企业", "10", "8"], ["<script>", "4", "–"]]


def test_a_line_chart_draws_a_point_per_month_and_a_reference_line() -> None:
    chart = line_chart(
        chart_id="c2",
        title="Supply share",
        categories=["2025-01", "2025-02", "2025-03"],
        series=[Series("Supply share", [1.0, 0.6667, 0.6])],
        fmt=percent,
        scale_max=1.0,
        reference=(0.837, "Launch: 83.7%"),
    )

    root = parse(chart)
    assert len(root.findall(f".//{SVG}circle")) == 3
    assert len(root.findall(f".//{SVG}polyline")) == 1
    assert "Launch: 83.7%" in str(chart.svg)
    assert chart.rows[1] == ["2025-02", "66.7%"]


def test_charts_without_data_still_draw() -> None:
    for chart in (
        line_chart(chart_id="e1", title="Empty", categories=[], series=[Series("x", [])]),
        line_chart(chart_id="e2", title="One", categories=["2025-01"], series=[Series("x", [0])]),
        bar_chart(chart_id="e3", title="Zeros", categories=["a"], series=[Series("x", [0])]),
    ):
        parse(chart)


def test_numbers_for_axes() -> None:
    assert [nice_scale(v) for v in (0, 7, 13, 180, 2400, 23_000)] == [
        (1.0, 1.0),
        (8, 2),
        (15, 5),
        (200, 50),
        (2500, 500),
        (25_000, 5000),
    ]
    from django.utils import translation

    with translation.override("en"):
        assert compact(2_500_000) == "2.5M"
    with translation.override("zh-hans"):
        assert compact(2_500_000) == "250万"
