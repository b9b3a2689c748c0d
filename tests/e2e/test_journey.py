"""The whole business journey in a real browser, once in Chinese and once in English.

A vehicle maker registers and the platform office verifies it; a battery maker publishes a supply and the
vehicle maker a demand; the office approves both, the engine proposes a match and the office approves it;
the vehicle maker orders from the match, the battery maker accepts and ships, the vehicle maker confirms
receipt; the battery maker finances the completed order and a bank approves the application.

Each person has a browser of their own and goes only through the pages, as they would: the office
through the staff pages and the Django admin it works in. Every text the test looks for is read through
the translation catalogue in the journey's language (`Words`), so the Chinese journey fails on a string
that is left untranslated on the way.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from accounts.models import Enterprise, Membership
from accounts.taxonomy import Segment, Theme
from financing.models import FinancingApplication
from listings.choices import Kind
from listings.models import Listing
from orders.models import Order
from platform_site.formats import money
from tests.e2e.conftest import Stage
from tests.factories import PASSWORD, EnterpriseFactory, MembershipFactory, StaffFactory, make_credit_code

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("loaded_regions")]

HEFEI = "340100"


class Words:
    """The interface's words in one language, as the user reads them."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, text: Any, **params: Any) -> str:
        with translation.override(self.language):
            said = translation.gettext(text) if isinstance(text, str) else str(text)
        if isinstance(text, str) and self.language != "en":
            assert said != text, f"untranslated in {self.language}: {text!r}"
        return said % params if params else said

    def n(self, singular: str, plural: str, count: int, **params: Any) -> str:
        with translation.override(self.language):
            said = translation.ngettext(singular, plural, count)
        return said % {"n": count, **params}

    def name(self, enterprise: Enterprise) -> str:
        """An enterprise's name as the pages show it in this language."""
        with translation.override(self.language):
            return enterprise.display_name


@dataclass(frozen=True)
class Script:
    """What the people of one journey type in: names, titles and descriptions in their language."""

    language: str
    buyer_person: str
    buyer_address: str
    buyer_zh: str
    buyer_en: str
    seller_zh: str
    seller_en: str
    bank_zh: str
    bank_en: str
    supply_title: str
    supply_description: str
    demand_title: str
    demand_description: str
    category: str
    unit: str
    credit_seed: int


SCRIPTS = {
    "zh-hans": Script(
        language="zh-hans",
        buyer_person="王采购",
        buyer_address="合肥市包河区花园大道 1 号",
        buyer_zh="合肥星驰新能源汽车有限公司",
        buyer_en="Hefei Xingchi New Energy Vehicle Co., Ltd.",
        seller_zh="安徽恒能动力电池有限公司",
        seller_en="Anhui Hengneng Power Battery Co., Ltd.",
        bank_zh="徽商银行合肥科技支行",
        bank_en="Huishang Bank Hefei Technology Sub-branch",
        supply_title="280Ah 磷酸铁锂方形电芯",
        supply_description="磷酸铁锂方形铝壳电芯 280Ah，循环寿命 6000 次，适用于储能与商用车，已批量供货。",
        demand_title="采购 280Ah 磷酸铁锂方形电芯",
        demand_description="储能柜项目需采购 280Ah 磷酸铁锂方形电芯，年用量 1000 只，要求三年质保。",
        category="电芯",
        unit="只",
        credit_seed=71001,
    ),
    "en": Script(
        language="en",
        buyer_person="Wang Caigou",
        buyer_address="1 Huayuan Avenue, Baohe District, Hefei",
        buyer_zh="芜湖远航汽车有限公司",
        buyer_en="Wuhu Yuanhang Motors Co., Ltd.",
        seller_zh="滁州锐能电池科技有限公司",
        seller_en="Chuzhou Ruineng Battery Technology Co., Ltd.",
        bank_zh="合肥科技农村商业银行",
        bank_en="Hefei Science and Technology Rural Commercial Bank",
        supply_title="280Ah LFP prismatic battery cell",
        supply_description=(
            "Lithium iron phosphate prismatic aluminium-case cell, 280Ah, 6000 cycles, for energy storage "
            "and commercial vehicles, in volume production."
        ),
        demand_title="Purchase 280Ah LFP prismatic battery cells",
        demand_description=(
            "Our energy storage cabinet project needs 280Ah lithium iron phosphate prismatic cells, "
            "1000 a year, with a three-year warranty."
        ),
        category="battery cell",
        unit="pcs",
        credit_seed=71002,
    ),
}


@dataclass
class Cast:
    """The people of the journey who exist before it starts, and the enterprises it creates."""

    admin_email: str
    seller_email: str
    bank_email: str
    seller: Enterprise
    bank: Enterprise


def cast(script: Script) -> Cast:
    """A platform administrator, a verified battery maker and a verified bank, each with its owner."""
    admin = StaffFactory(is_superuser=True)
    seller = EnterpriseFactory(
        name_zh=script.seller_zh, name_en=script.seller_en, theme=Theme.COMPONENT_MAKER
    )
    bank = EnterpriseFactory(
        name_zh=script.bank_zh,
        name_en=script.bank_en,
        theme=Theme.FINANCIAL_INSTITUTION,
        segments=["power_battery"],
    )
    seller_owner = MembershipFactory(enterprise=seller, role=Membership.Role.OWNER)
    bank_owner = MembershipFactory(enterprise=bank, role=Membership.Role.OWNER)
    return Cast(
        admin_email=admin.email,
        seller_email=seller_owner.user.email,
        bank_email=bank_owner.user.email,
        seller=seller,
        bank=bank,
    )


# ---------------------------------------------------------------------------------------------------
# What every person does the same way


def arrive(page: Page, t: Words) -> None:
    """Open the home page and, for English, switch the interface with the language switcher."""
    page.goto("/")
    if t.language == "en":
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", t.language)


def sign_in(page: Page, t: Words, email: str) -> None:
    arrive(page, t)
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t("Sign in"), exact=True).click()
    page.get_by_label(t("E-mail"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t("Sign in"), exact=True).click()
    expect(page.get_by_role("button", name=t("Sign out"))).to_be_visible()


def nav(page: Page, t: Words, label: str) -> None:
    page.get_by_role("navigation", name=t("Main")).get_by_role("link", name=t(label), exact=True).click()


def flash(page: Page, text: str) -> None:
    """The message the page shows after an action."""
    expect(page.get_by_role("status").filter(has_text=text)).to_be_visible()


def admin_flash(page: Page, text: str) -> None:
    expect(page.locator(".messagelist")).to_contain_text(text)


def badge(page: Page, t: Words, status: Any) -> None:
    """The status badge in the page's heading."""
    expect(page.get_by_role("heading", level=1)).to_contain_text(t(status))


def open_admin_queue(page: Page, t: Words, queue: str, waiting: int) -> None:
    """From the admin home, the office's work queue of `queue`, which shows how many items wait."""
    page.goto("/admin/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=t(queue), exact=True))
    expect(row.locator(".queue-count")).to_have_text(str(waiting))
    row.get_by_role("link", name=t(queue), exact=True).click()


def run_admin_action(page: Page, t: Words, rows: list[str], action: str) -> None:
    """Tick the change list's rows whose link reads each text, choose the action and run it."""
    for text in rows:
        link = page.get_by_role("link", name=text, exact=True)
        page.get_by_role("row").filter(has=link).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(action)
    # Django 6 labels the button "Run", 5.2 "Go": found by its name, which both give it.
    page.locator(".actions button[name=index]").click()


def fill_listing(page: Page, script: Script, *, title: str, description: str, quantity: str) -> None:
    """The listing form's fields, by their names."""
    form = page.locator("form.card__body")
    form.locator("[name=title]").fill(title)
    form.locator("[name=category]").fill(script.category)
    form.locator("[name=segment]").select_option("power_battery")
    form.locator("[name=region]").select_option(HEFEI)
    form.locator("[name=description]").fill(description)
    form.locator("[name=price_min]").fill("380")
    form.locator("[name=price_max]").fill("420")
    form.locator("[name=quantity]").fill(quantity)
    form.locator("[name=unit]").fill(script.unit)


def publish(page: Page, t: Words, side_heading: str) -> None:
    """Choose the side and the product kind on the "new listing" page."""
    nav(page, t, "My listings")
    page.get_by_role("link", name=t("New listing")).click()
    side = page.get_by_role("region", name=t(side_heading))
    side.get_by_role("link", name=t(Kind.PRODUCT.label)).click()


def submit_listing(page: Page, t: Words) -> None:
    page.get_by_role("button", name=t("Save and submit for review")).click()
    flash(page, t("Submitted for review. You will be notified of the decision."))
    pending = t("Status: %(status)s", status=t(Listing.Status.PENDING_REVIEW.label))
    expect(page.get_by_role("heading", name=pending)).to_be_visible()


def order_number(page: Page) -> int:
    found = re.search(r"/orders/(\d+)/$", page.url)
    assert found, page.url
    return int(found.group(1))


# ---------------------------------------------------------------------------------------------------
# The journey


def journey(stage: Stage, script: Script) -> None:
    t = Words(script.language)
    people = cast(script)
    today = timezone.localdate()

    # 1. A vehicle maker registers its enterprise and is signed in, pending verification.
    buyer = stage.person("buyer")
    arrive(buyer, t)
    buyer.get_by_role("link", name=t("Register enterprise")).first.click()
    expect(buyer.get_by_role("heading", level=1)).to_have_text(t("Register your enterprise"))
    buyer.get_by_label(t("E-mail"), exact=True).fill(f"purchasing-{script.credit_seed}@example.com")
    buyer.get_by_label(t("Full name"), exact=True).fill(script.buyer_person)
    buyer.get_by_label(t("Password"), exact=True).fill(PASSWORD)
    buyer.get_by_label(t("Confirm password"), exact=True).fill(PASSWORD)
    buyer.get_by_label(t("Enterprise name (Chinese)")).fill(script.buyer_zh)
    buyer.get_by_label(t("Enterprise name (English)")).fill(script.buyer_en)
    buyer.get_by_label(t("Unified social credit code")).fill(make_credit_code(script.credit_seed))
    buyer.get_by_label(t("Enterprise type")).select_option(Theme.VEHICLE_MAKER.value)
    buyer.get_by_role("checkbox", name=t(Segment.COMPLETE_VEHICLE.label)).check()
    buyer.get_by_label(t("Region"), exact=True).select_option(HEFEI)
    buyer.get_by_label(t("Address")).fill(script.buyer_address)
    buyer.get_by_label(t("Contact person")).fill(script.buyer_person)
    buyer.get_by_role("button", name=t("Register and submit for verification")).click()
    registered = t(
        "%(name)s is registered and pending verification by the platform office. "
        "You will be notified of the decision.",
        name=script.buyer_zh,
    )
    flash(buyer, registered)
    expect(buyer.locator(".badge--pending")).to_have_text(t(Enterprise.Status.PENDING.label))

    # 2. The platform office verifies it from the admin's work queue.
    admin = stage.person("admin")
    sign_in(admin, t, people.admin_email)
    admin.get_by_role("link", name=t("Review pending enterprises")).click()
    expect(admin.get_by_role("row").filter(has_text=script.buyer_zh)).to_be_visible()
    run_admin_action(admin, t, [script.buyer_zh], "verify_selected")
    admin_flash(admin, t("%(n)d enterprise(s) verified.", n=1))

    buyer.reload()
    expect(buyer.locator(".badge--verified").first).to_have_text(t(Enterprise.Status.VERIFIED.label))

    # 3. The battery maker publishes a supply and the vehicle maker a demand, both submitted for review.
    seller = stage.person("seller")
    sign_in(seller, t, people.seller_email)
    publish(seller, t, "What you offer")
    fill_listing(
        seller, script, title=script.supply_title, description=script.supply_description, quantity="5000"
    )
    seller.locator("[name=min_order_quantity]").fill("100")
    seller.locator("[name=lead_time_days]").fill("20")
    submit_listing(seller, t)

    publish(buyer, t, "What you look for")
    fill_listing(
        buyer, script, title=script.demand_title, description=script.demand_description, quantity="1000"
    )
    buyer.locator("[name=deadline]").fill((today + datetime.timedelta(days=60)).isoformat())
    submit_listing(buyer, t)

    # 4. The office approves both; publishing them has the engine propose a match.
    open_admin_queue(admin, t, "Listings awaiting review", waiting=2)
    run_admin_action(admin, t, [script.supply_title, script.demand_title], "approve_selected")
    admin_flash(admin, t.n("%(n)d listing published.", "%(n)d listings published.", 2))
    nav(seller, t, "My listings")
    own = seller.get_by_role("row").filter(
        has=seller.get_by_role("link", name=script.supply_title, exact=True)
    )
    expect(own).to_contain_text(t(Listing.Status.PUBLISHED.label))

    # 5. The office approves the match from the matches' review queue.
    open_admin_queue(admin, t, "Matches awaiting review", waiting=1)
    row = admin.get_by_role("row").filter(has_text=script.supply_title).filter(has_text=script.demand_title)
    row.locator(".field-score_cell a").click()
    admin.get_by_role("button", name=t("Approve"), exact=True).click()
    admin_flash(admin, t("The match is approved; both enterprises are told."))

    # 6. The vehicle maker finds the match and orders from it.
    nav(buyer, t, "My matches")
    match = buyer.locator("article.match-card").filter(has_text=script.supply_title)
    expect(match).to_contain_text(t.name(people.seller))
    expect(match).to_contain_text(script.demand_title)
    expect(match).to_contain_text(t("Why it matches"))
    match.get_by_role("link", name=t("Place an order")).click()
    expect(buyer.get_by_role("heading", level=1)).to_have_text(t("Place an order"))
    expect(
        buyer.get_by_text(
            t("From your approved match with your demand “%(title)s”.", title=script.demand_title)
        )
    ).to_be_visible()
    expect(buyer.get_by_label(t("Quantity"), exact=True)).to_have_value(re.compile(r"^1000(\.0*)?$"))
    buyer.get_by_label(t("Unit price (CNY)")).fill("400")
    buyer.get_by_role("button", name=t("Review totals")).click()
    total = money(Decimal("400") * 1000)
    expect(buyer.get_by_role("status").filter(has_text=t("Review your order"))).to_contain_text(f"¥{total}")
    buyer.get_by_role("button", name=t("Place order")).click()
    number = order_number(buyer)
    flash(buyer, t("Order #%(number)s is placed; the seller has been told.", number=number))
    badge(buyer, t, Order.Status.PLACED.label)
    expect(buyer.get_by_text(t("from an approved match"))).to_be_visible()

    # 7. The battery maker accepts the order and ships it.
    nav(seller, t, "Business")
    seller.get_by_role("link", name=f"#{number}", exact=True).click()
    seller.get_by_role("button", name=t("Accept the order")).click()
    flash(seller, t("The order is accepted; its quantity is reserved."))
    badge(seller, t, Order.Status.ACCEPTED.label)
    seller.get_by_label(t("Carrier and tracking number")).fill("SF Express SF1234567890")
    seller.get_by_role("button", name=t("Mark shipped")).click()
    flash(seller, t("The order is marked shipped."))
    badge(seller, t, Order.Status.SHIPPED.label)

    # 8. The vehicle maker confirms receipt, which completes the order.
    nav(buyer, t, "Business")
    order_row = buyer.get_by_role("row").filter(has=buyer.get_by_role("link", name=f"#{number}", exact=True))
    expect(order_row).to_contain_text(t(Order.Status.SHIPPED.label))
    order_row.get_by_role("link", name=f"#{number}", exact=True).click()
    buyer.get_by_role("button", name=t("Confirm receipt")).click()
    flash(buyer, t("Receipt confirmed; the order is completed."))
    badge(buyer, t, Order.Status.COMPLETED.label)

    # 9. The battery maker applies to the bank for receivables financing on the completed order.
    seller.reload()
    badge(seller, t, Order.Status.COMPLETED.label)
    seller.get_by_role("link", name=t("Apply for financing")).click()
    expect(seller.get_by_role("heading", level=1)).to_have_text(t("Apply for order financing"))
    seller.get_by_label(t("Financial institution"), exact=True).select_option(label=t.name(people.bank))
    expect(seller.get_by_label(t("Kind of financing"), exact=True)).to_have_value(
        FinancingApplication.Kind.RECEIVABLES
    )
    expect(seller.get_by_label(t("Amount (CNY)"), exact=True)).to_have_value("400000.00")
    seller.get_by_label(t("Term (months)"), exact=True).fill("6")
    seller.locator("[name=consent]").check()
    seller.get_by_role("button", name=t("Submit the application")).click()
    found = re.search(r"/financing/applications/(\d+)/$", seller.url)
    assert found, seller.url
    application = int(found.group(1))
    flash(
        seller,
        t(
            "Your application #%(number)s is sent; %(institution)s has been told.",
            number=application,
            institution=t.name(people.bank),
        ),
    )
    badge(seller, t, FinancingApplication.Status.SUBMITTED.label)

    # 10. The bank reviews and approves it from its financing workspace.
    bank = stage.person("bank")
    sign_in(bank, t, people.bank_email)
    nav(bank, t, "Business")
    bank.get_by_role("link", name=t("Financing"), exact=True).click()
    bank.get_by_role("link", name=t("Open the financing workspace")).click()
    bank.get_by_role("link", name=f"#{application} {t.name(people.seller)}", exact=True).click()
    expect(bank.get_by_role("heading", level=1)).to_contain_text(f"#{application}")
    bank.get_by_role("button", name=t("Start the review")).click()
    flash(bank, t("Review started; the applicant has been told."))
    badge(bank, t, FinancingApplication.Status.UNDER_REVIEW.label)
    bank.get_by_label(t("Annual rate or fee (%)")).fill("3.85")
    bank.get_by_role("button", name=t("Approve"), exact=True).click()
    flash(bank, t("Application approved; the applicant has been told."))
    badge(bank, t, FinancingApplication.Status.APPROVED.label)

    # 11. The battery maker sees the approval and its terms.
    seller.reload()
    badge(seller, t, FinancingApplication.Status.APPROVED.label)
    terms = seller.get_by_role("main")
    expect(terms).to_contain_text(t("Approved amount"))
    expect(terms).to_contain_text(f"¥{total}")
    expect(terms).to_contain_text("3.85%")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_whole_journey_from_registration_to_approved_financing(stage: Stage, language: str) -> None:
    journey(stage, SCRIPTS[language])
