"""The vocabulary of listings: sides, kinds, and the choices of the kind-specific details."""

from django.db import models

from accounts.taxonomy import bilingual


class Side(models.TextChoices):
    """Whether an enterprise offers something or looks for it."""

    SUPPLY = "supply", bilingual("供应", "Supply")
    DEMAND = "demand", bilingual("需求", "Demand")


class Kind(models.TextChoices):
    """What is offered or sought."""

    PRODUCT = "product", bilingual("产品", "Product")
    TECHNOLOGY = "technology", bilingual("技术", "Technology")
    TALENT = "talent", bilingual("人才", "Talent")
    FUNDING = "funding", bilingual("资金", "Funding")


class TransferMode(models.TextChoices):
    """How a technology changes hands."""

    LICENCE = "licence", bilingual("许可", "Licence")
    ASSIGNMENT = "assignment", bilingual("转让", "Assignment")
    CO_DEVELOPMENT = "co_development", bilingual("合作开发", "Co-development")
    TECHNICAL_SERVICE = "technical_service", bilingual("技术服务", "Technical service")


class Instrument(models.TextChoices):
    """The financing instrument of a funding listing."""

    LOAN = "loan", bilingual("贷款", "Loan")
    EQUITY = "equity", bilingual("股权投资", "Equity")
    LEASE = "lease", bilingual("融资租赁", "Lease")
    GUARANTEE = "guarantee", bilingual("担保", "Guarantee")
    SUPPLY_CHAIN_FINANCE = "supply_chain_finance", bilingual("供应链金融", "Supply-chain finance")


class FinancingDocument(models.TextChoices):
    """Documents a financing offer may ask applicants for."""

    BUSINESS_LICENCE = "business_licence", bilingual("营业执照", "Business licence")
    FINANCIAL_STATEMENTS = (
        "financial_statements",
        bilingual("近三年财务报表", "Financial statements (3 years)"),
    )
    TAX_RECORDS = "tax_records", bilingual("纳税记录", "Tax records")
    BANK_STATEMENTS = "bank_statements", bilingual("银行流水", "Bank statements")
    ORDER_CONTRACT = "order_contract", bilingual("订单或购销合同", "Order or purchase contract")
    INVOICES = "invoices", bilingual("发票", "Invoices")
    BUSINESS_PLAN = "business_plan", bilingual("商业计划书", "Business plan")
    COLLATERAL = "collateral", bilingual("抵质押物证明", "Collateral documents")


def codes_field(codes: list[str] | tuple[str, ...]) -> str:
    """Codes as an eligibility column stores them: between commas, so `__contains=",x,"` finds one."""
    return f",{','.join(codes)}," if codes else ""


class TextLanguage(models.TextChoices):
    """The language a listing is written in (detected when the author does not say)."""

    ZH = "zh", bilingual("中文", "Chinese")
    EN = "en", bilingual("英文", "English")
    MIXED = "mixed", bilingual("中英混合", "Chinese and English")


class PriceBand(models.TextChoices):
    """Bands of the lowest stated price (CNY) for the catalogue's price facet."""

    UNDER_100 = "lt100", bilingual("100 元以下", "Under ¥100")
    TO_1K = "100-1k", bilingual("100–1,000 元", "¥100–1,000")
    TO_10K = "1k-10k", bilingual("1,000–10,000 元", "¥1,000–10,000")
    TO_100K = "10k-100k", bilingual("1–10 万元", "¥10,000–100,000")
    TO_1M = "100k-1m", bilingual("10–100 万元", "¥100,000–1,000,000")
    OVER_1M = "gte1m", bilingual("100 万元以上", "¥1,000,000 and over")
    NEGOTIABLE = "negotiable", bilingual("面议", "Negotiable")


# Lower bounds of the bands, in order; the last band with a bound not above the price applies.
PRICE_BAND_BOUNDS: tuple[tuple[str, int], ...] = (
    (PriceBand.UNDER_100, 0),
    (PriceBand.TO_1K, 100),
    (PriceBand.TO_10K, 1_000),
    (PriceBand.TO_100K, 10_000),
    (PriceBand.TO_1M, 100_000),
    (PriceBand.OVER_1M, 1_000_000),
)
