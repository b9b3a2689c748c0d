"""The features of many pairs at once, as numpy arrays: how the engine ranks its candidates fast.

A full rematch scores millions of candidate pairs and keeps a tenth of them; building ten `Feature`
objects per pair cost 35 us, most of a rematch. So the engine ranks the candidates with the arrays
here and builds the explained features (matching.features, the reference) only for the pairs it keeps.
Both give the same score: tests/matching/test_columns.py checks every candidate pair of the
development set. A change to a feature function must be made here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from accounts.regions import EARTH_RADIUS_KM
from matching.features import _THEME_FIT, AMOUNT_MILD, EXCLUDE, MILD, TERM_MILD, eligible
from matching.items import Item
from matching.profile import Profile, certificate_satisfied
from matching.weights import CANDIDATE_CATEGORY, CANDIDATE_TEXT, MIN_SIMILARITY, PENALTY, WEIGHTS

NAN = np.nan


def _number(value: float | int | None) -> float:
    return NAN if value is None else float(value)


@dataclass
class Columns:
    """Per-item attributes as arrays, one row per engine row."""

    price_min: np.ndarray
    price_max: np.ndarray
    lead: np.ndarray
    deadline: np.ndarray
    quantity: np.ndarray  # headcount first for talent
    trl: np.ndarray
    amount: np.ndarray  # demand: needed; supply: the offer's lowest (or only) amount
    term: np.ndarray
    amount_max: np.ndarray  # supply: the offer's highest amount, NaN when it states one amount
    term_max: np.ndarray
    # Supply: the codes a financing offer is limited to (frozensets), and whether it is limited at all.
    eligible_themes: np.ndarray
    eligible_segments: np.ndarray
    eligible_provinces: np.ndarray
    limited: np.ndarray
    verified: np.ndarray
    theme: np.ndarray  # object: the theme string
    kind: np.ndarray  # object
    segment: np.ndarray  # object
    category: np.ndarray  # object: normalised category
    category_terms: np.ndarray  # object: frozenset of alias keys
    category_english: np.ndarray
    mode: np.ndarray  # object: transfer mode
    instrument: np.ndarray  # object
    owner: np.ndarray  # object: the publishing enterprise, "" when unknown
    province: np.ndarray  # object
    city: np.ndarray  # object
    yrd: np.ndarray
    lat: np.ndarray
    lon: np.ndarray

    @classmethod
    def of(cls, items: Sequence[Item], profiles: Sequence[Profile]) -> Columns:
        def floats(values: list[float | int | None]) -> np.ndarray:
            return np.asarray([_number(v) for v in values], dtype=np.float64)

        def objects(values: Sequence[object]) -> np.ndarray:
            return np.asarray(values, dtype=object)

        def sets(values: list[tuple[str, ...]]) -> np.ndarray:
            found = np.empty(len(values), dtype=object)  # filled one by one: numpy would unpack tuples
            for row, codes in enumerate(values):
                found[row] = frozenset(codes)
            return found

        quantity = [i.headcount if i.kind == "talent" and i.headcount else i.quantity for i in items]
        return cls(
            price_min=floats([i.price_min for i in items]),
            price_max=floats([i.price_max for i in items]),
            lead=floats([i.lead_time_days for i in items]),
            deadline=floats([i.deadline_days for i in items]),
            quantity=floats(quantity),
            trl=floats([i.trl for i in items]),
            amount=floats([i.amount for i in items]),
            term=floats([i.term_months for i in items]),
            amount_max=floats([i.amount_max for i in items]),
            term_max=floats([i.term_max_months for i in items]),
            eligible_themes=sets([i.eligible_themes for i in items]),
            eligible_segments=sets([i.eligible_segments for i in items]),
            eligible_provinces=sets([i.eligible_provinces for i in items]),
            limited=np.asarray(
                [bool(i.eligible_themes or i.eligible_segments or i.eligible_provinces) for i in items],
                dtype=bool,
            ),
            verified=np.asarray([i.verified for i in items], dtype=bool),
            theme=objects([i.theme for i in items]),
            kind=objects([i.kind for i in items]),
            segment=objects([i.segment for i in items]),
            category=objects([p.category for p in profiles]),
            category_terms=objects([p.category_terms for p in profiles]),
            category_english=np.asarray([p.category_english for p in profiles], dtype=bool),
            mode=objects([i.transfer_mode for i in items]),
            instrument=objects([i.instrument for i in items]),
            owner=objects([i.owner for i in items]),
            province=objects([p.place.province for p in profiles]),
            city=objects([p.place.city for p in profiles]),
            yrd=np.asarray([p.place.in_yrd for p in profiles], dtype=bool),
            lat=floats([p.place.lat for p in profiles]),
            lon=floats([p.place.lon for p in profiles]),
        )

    def extend(self, other: Columns) -> Columns:
        return Columns(
            **{
                name: np.concatenate([getattr(self, name), getattr(other, name)])
                for name in self.__dataclass_fields__
            }
        )


class _Sum:
    """The weighted mean and penalty of many pairs, feature by feature."""

    def __init__(self, n: int) -> None:
        self.total = np.zeros(n)
        self.weight = np.zeros(n)
        self.factor = np.ones(n)
        self.excluded = np.zeros(n, dtype=bool)

    def add(self, name: str, value: np.ndarray, present: np.ndarray | None = None) -> None:
        w = WEIGHTS[name] if present is None else np.where(present, WEIGHTS[name], 0.0)
        self.total += w * np.where(np.isnan(value), 0.0, value)
        self.weight += w

    def miss(self, mild: np.ndarray | None = None, severe: np.ndarray | None = None) -> None:
        if mild is not None:
            self.factor *= np.where(mild, PENALTY[MILD], 1.0)
        if severe is not None:
            self.factor *= np.where(severe, PENALTY["severe"], 1.0)


def _graded_low(ratio: np.ndarray, ok: float, mild: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ok, mild, severe masks where lower is better."""
    return ratio <= ok, (ratio > ok) & (ratio <= mild), ratio > mild


def _graded_high(ratio: np.ndarray, ok: float, mild: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return ratio >= ok, (ratio < ok) & (ratio >= mild), ratio < mild


def pair_scores(
    columns: Columns,
    profiles: Sequence[Profile],
    demands: np.ndarray,
    supplies: np.ndarray,
    text: np.ndarray,
    category: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The score of each (demand row, supply row) pair, and whether it misses a hard constraint."""
    c, d, s = columns, demands, supplies
    n = len(d)
    out = _Sum(n)
    kind = c.kind[d]
    out.add("text", np.clip(text, 0.0, 1.0))
    terms = c.category_terms[d]
    same_terms = (
        (c.category_english[d] != c.category_english[s])
        & (terms == c.category_terms[s])
        & np.asarray([bool(t) for t in terms], dtype=bool)
    )
    same_category = ((c.category[d] == c.category[s]) & (c.category[d] != "")) | same_terms
    same_segment = c.segment[d] == c.segment[s]
    out.add(
        "category",
        np.where(same_category, 1.0, np.clip(category, 0.0, 1.0) * np.where(same_segment, 1.0, 0.8)),
    )
    out.excluded |= (c.owner[d] != "") & (c.owner[d] == c.owner[s])  # an enterprise with itself
    out.excluded |= ~same_category & (CANDIDATE_TEXT * text + CANDIDATE_CATEGORY * category < MIN_SIMILARITY)
    out.add("verified", c.verified[s].astype(np.float64))
    theme = np.asarray([_THEME_FIT.get(k, {}).get(t, 0.5) for k, t in zip(kind, c.theme[s], strict=True)])
    out.add("theme", theme, c.theme[s] != "")
    _region(out, c, profiles, d, s)
    _sets(out, profiles, d, s)

    # Quantity, for products and talent.
    needed, offered = c.quantity[d], c.quantity[s]
    present = np.isin(kind, ("product", "talent")) & (needed > 0) & (offered > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = offered / needed
    ok, mild, severe = _graded_high(ratio, 1.0, 0.5)
    out.add("quantity", np.where(ok, 1.0, np.where(mild, 0.5 * ratio, 0.0)), present)
    out.miss(mild & present, severe & present)

    # Price, for every kind but funding.
    bmin, bmax, pmin, pmax = c.price_min[d], c.price_max[d], c.price_min[s], c.price_max[s]
    present = (kind != "funding") & ~np.isnan(bmax) & ~np.isnan(pmin)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(bmax != 0, pmin / bmax, np.inf)
    ok, mild, severe = _graded_low(ratio, 1.0, 1.2)
    low, top = np.where(np.isnan(bmin), 0.0, bmin), np.where(np.isnan(pmax), pmin, pmax)
    overlap = np.maximum(0.0, np.minimum(bmax, top) - np.maximum(low, pmin))
    span = np.maximum(np.maximum(top - pmin, bmax - low), 1e-9)
    share = np.where((top > pmin) | (bmax > low), np.minimum(1.0, overlap / span), 1.0)
    out.add("price", np.where(ok, 0.7 + 0.3 * share, np.where(mild, 0.25, 0.0)), present)
    out.miss(mild & present, severe & present)

    # Time.
    deadline, lead = c.deadline[d], c.lead[s]
    present = (deadline > 0) & ~np.isnan(lead)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok, mild, severe = _graded_low(lead / deadline, 1.0, 1.5)
    out.add("time", np.where(ok, 1.0, np.where(mild, 0.25, 0.0)), present)
    out.miss(mild & present, severe & present)

    # Technology: readiness level and transfer mode.
    technology = kind == "technology"
    gap = c.trl[s] - c.trl[d]
    present = technology & ~np.isnan(gap)
    ok, mild = gap >= 0, gap == -1
    out.add("trl", np.where(ok, 1.0, np.where(mild, 0.25, 0.0)), present)
    out.miss(mild & present, present & ~ok & ~mild)
    present = technology & (c.mode[d] != "") & (c.mode[s] != "")
    same = c.mode[d] == c.mode[s]
    out.add("transfer_mode", np.where(same, 1.0, 0.3), present)
    out.miss(present & ~same)

    # Funding: amount and term within the offer's range, instrument, eligibility.
    funding = kind == "funding"
    for name, needed, low, high, mild_at in (
        ("amount", c.amount[d], c.amount[s], c.amount_max[s], AMOUNT_MILD),
        ("term", c.term[d], c.term[s], c.term_max[s], TERM_MILD),
    ):
        # features.offer_range: one value stated alone is the ceiling.
        floor, ceiling = np.where(np.isnan(high), NAN, low), np.where(np.isnan(high), low, high)
        present = funding & (needed > 0) & (ceiling > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            over, under = ceiling / needed, needed / floor
        above = over < 1.0
        below = ~above & (floor > 0) & (under < 1.0)
        ratio = np.where(above, over, under)
        mild = (above | below) & (ratio >= mild_at)
        severe = (above | below) & ~(ratio >= mild_at)
        out.add(name, np.where(mild, 0.5, np.where(severe, 0.0, 1.0)), present)
        out.miss(mild & present, severe & present)
    present = funding & (c.instrument[d] != "") & (c.instrument[s] != "")
    same = c.instrument[d] == c.instrument[s]
    out.add("instrument", same.astype(np.float64), present)
    out.excluded |= present & ~same
    _eligibility(out, c, funding & c.limited[s], d, s)

    scores = np.round(np.clip(out.total / out.weight * out.factor, 0.0, 1.0), 6)
    return scores, out.excluded


def _region(out: _Sum, c: Columns, profiles: Sequence[Profile], d: np.ndarray, s: np.ndarray) -> None:
    same_city = (c.city[s] != "") & (c.city[s] == c.city[d])
    same_province = (c.province[s] != "") & (c.province[s] == c.province[d])
    both_yrd = c.yrd[s] & c.yrd[d]
    known = ~(np.isnan(c.lat[d]) | np.isnan(c.lon[d]) | np.isnan(c.lat[s]) | np.isnan(c.lon[s]))
    lat1, lon1, lat2, lon2 = (np.radians(np.nan_to_num(a)) for a in (c.lat[d], c.lon[d], c.lat[s], c.lon[s]))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))  # accounts.regions.haversine_km, over arrays
    value = np.select(
        [same_city, same_province, both_yrd, known],
        [1.0, 0.8, 0.6, np.maximum(0.0, 0.5 * (1 - km / 2500))],
        0.3,
    )
    mild = np.zeros(len(d), dtype=bool)
    for i in np.flatnonzero([profiles[row].preference is not None for row in d]):
        preference = profiles[d[i]].preference
        assert preference is not None  # noqa: S101 - filtered above
        if preference.met_by(profiles[s[i]].place):
            value[i] = max(value[i], 0.9)
        else:
            value[i] *= 0.5
            mild[i] = True
    out.add("region", value)
    out.miss(mild)


def _eligibility(out: _Sum, c: Columns, limited: np.ndarray, d: np.ndarray, s: np.ndarray) -> None:
    """features.eligibility_fit: only offers limited to some themes, segments or provinces, in Python
    (few pairs); the demand's enterprise not among them excludes the pair."""
    met = np.ones(len(d), dtype=bool)
    for i in np.flatnonzero(limited):
        dr, sr = d[i], s[i]
        met[i] = (
            eligible(c.theme[dr], c.eligible_themes[sr])
            and eligible(c.segment[dr], c.eligible_segments[sr])
            and eligible(c.province[dr], c.eligible_provinces[sr])
        )
    out.add("eligibility", met.astype(np.float64), limited)
    out.excluded |= limited & ~met


def _sets(out: _Sum, profiles: Sequence[Profile], d: np.ndarray, s: np.ndarray) -> None:
    """Certificates and variants: set comparisons, in Python, only where the buyer states them."""
    certification = np.empty(len(d))
    variant = np.full(len(d), NAN)
    for i, (dr, sr) in enumerate(zip(d.tolist(), s.tolist(), strict=True)):
        dp, sp = profiles[dr], profiles[sr]
        required, nice, held = dp.certificates, dp.nice_to_have, sp.certificates
        if not required and not nice:
            certification[i] = 0.7 if held else 0.5
        elif not all(certificate_satisfied(r, held) for r in required):
            out.excluded[i] = True
            certification[i] = 0.0
        else:
            bonus = sum(1 for n in nice if certificate_satisfied(n, held))
            certification[i] = 0.7 + 0.3 * (bonus / len(nice) if nice else 1.0)
        if dp.specs:
            offered = sp.specs
            if any(dim in offered and not values & offered[dim] for dim, values in dp.specs.items()):
                out.excluded[i] = True
                variant[i] = 0.0
            else:
                variant[i] = 1.0 if all(dim in offered for dim in dp.specs) else 0.6
    out.add("certification", certification)
    out.add("variant", variant, ~np.isnan(variant))


__all__ = ["EXCLUDE", "Columns", "pair_scores"]
