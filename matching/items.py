"""What the engine matches: a listing as plain data, with no ORM, so that scoring is pure and fast.

`Item` is built from a `Listing` (`items_from_listings`, the platform) or from a record of the labelled
benchmark (`matching.evaluation`), and the engine never sees where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Item:
    """One supply or demand listing, as the engine scores it.

    Prices are CNY per unit (supply: offered; demand: budget); for talent, annual salary per person;
    for technology, the fee. `certifications` are those held and valid (supply) or mandatory (demand),
    as written; the engine canonicalises spellings. `deadline_days` is days from now (demand).
    """

    key: int | str
    side: str  # supply | demand
    kind: str  # product | technology | talent | funding
    title: str
    description: str = ""
    segment: str = ""
    category: str = ""
    region: str = ""  # GB/T 2260 code of the city (or province), "" when unknown
    theme: str = ""  # the enterprise's theme
    verified: bool = True
    quantity: float | None = None
    unit: str = ""
    price_min: float | None = None
    price_max: float | None = None
    lead_time_days: int | None = None
    deadline_days: int | None = None
    certifications: tuple[str, ...] = field(default=())
    trl: int | None = None
    transfer_mode: str = ""  # license | assignment | co_development | service | ""
    headcount: int | None = None
    skills: str = ""
    amount: float | None = None
    term_months: int | None = None
    instrument: str = ""
    amount_max: float | None = None
    term_max_months: int | None = None
    eligible_themes: tuple[str, ...] = field(default=())
    eligible_segments: tuple[str, ...] = field(default=())
    eligible_provinces: tuple[str, ...] = field(default=())
    # Who published it (the enterprise): an enterprise is never matched with itself. "" when unknown.
    owner: str = ""
    # The search tokens the catalogue already stores (listings.search.index), space-separated; the
    # engine tokenises the text itself when they are empty.
    title_tokens: str = ""
    body_tokens: str = ""

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.category}\n{self.description}\n{self.skills}"
