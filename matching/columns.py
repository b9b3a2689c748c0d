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
from matching.features import (
    _THEME_FIT,
    AMOUNT_MILD,
    EXCLUDE,
    MILD,
    TERM_MILD,
    certification_fit,
    eligible,
    variant_fit,
)
from matching.items import Item
from matching.profile import Profile
from matching.weights import MIN_SIMILARITY, PENALTY, WEIGHTS, candidate_similarity

NAN = np.nan
_KINDS = tuple(_THEME_FIT)
# Two SetCodes numbers in one integer (demand * _PAIR + supply): far more than there are distinct sets.
_PAIR = 1 << 31


def _kind_code(kind: str) -> int:
    return _KINDS.index(kind) if kind in _KINDS else len(_KINDS)


def _number(value: float | int | None) -> float:
    return NAN if value is None else float(value)


class SetCodes:
    """Numbers for the distinct certificate sets and variants of listings (a few hundred among 100,000),
    so that each distinct pair of them is compared once, by the feature functions themselves."""

    def __init__(self) -> None:
        self._certificates: dict[tuple[frozenset[str], frozenset[str]], int] = {}
        self._variants: dict[frozenset[tuple[str, frozenset[str]]], int] = {}
        self._certificate_sets: list[tuple[frozenset[str], frozenset[str]]] = []
        self._variant_specs: list[dict[str, frozenset[str]]] = []
        self._fits: dict[tuple[str, int, int], tuple[float, bool]] = {}

    def certificates(self, p: Profile) -> int:
        """The number of a profile's certificates (held, or required) with those it would like."""
        key = (p.certificates, p.nice_to_have)
        if key not in self._certificates:
            self._certificates[key] = len(self._certificate_sets)
            self._certificate_sets.append(key)
        return self._certificates[key]

    def variants(self, p: Profile) -> int:
        key = frozenset(p.specs.items())
        if key not in self._variants:
            self._variants[key] = len(self._variant_specs)
            self._variant_specs.append(p.specs)
        return self._variants[key]

    def certification(self, demand: int, supply: int) -> tuple[float, bool]:
        """features.certification_fit of a demand's and a supply's certificates: value, excluded."""
        key = ("certification", demand, supply)
        if key not in self._fits:
            required, nice = self._certificate_sets[demand]
            found = certification_fit(required, nice, self._certificate_sets[supply][0])
            self._fits[key] = (found.value, found.miss == EXCLUDE)
        return self._fits[key]

    def variant(self, demand: int, supply: int) -> tuple[float, bool]:
        """features.variant_fit of a demand's and a supply's variants: value (NaN: none), excluded."""
        key = ("variant", demand, supply)
        if key not in self._fits:
            found = variant_fit(self._variant_specs[demand], self._variant_specs[supply])
            self._fits[key] = (NAN, False) if found is None else (found.value, found.miss == EXCLUDE)
        return self._fits[key]


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
    kind_code: np.ndarray  # the kind's place in _KINDS (the last for any other)
    # As a supplier: features.theme_fit's value for a demand of each kind of _KINDS (and any other).
    theme_fit: np.ndarray  # rows x (len(_KINDS) + 1)
    segment: np.ndarray  # object
    category: np.ndarray  # object: normalised category
    category_terms: np.ndarray  # object: frozenset of alias keys
    has_terms: np.ndarray  # bool: the category names an industry term
    category_english: np.ndarray
    # Bool: a supply holds a certificate (a demand: requires one); a demand states certificates or
    # variants, which matching.features.certification_fit and variant_fit compare set by set.
    certified: np.ndarray
    states_sets: np.ndarray
    certificate_codes: np.ndarray  # SetCodes.certificates
    variant_codes: np.ndarray  # SetCodes.variants
    mode: np.ndarray  # object: transfer mode
    instrument: np.ndarray  # object
    owner: np.ndarray  # object: the publishing enterprise, "" when unknown
    province: np.ndarray  # object
    city: np.ndarray  # object
    yrd: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    # A buyer's regional preference (matching.profile.Preference): "" (none), "yrd", "province" or
    # "city", and the province and city it names.
    prefers: np.ndarray  # object
    prefers_province: np.ndarray  # object
    prefers_city: np.ndarray  # object
    codes: SetCodes  # shared by the rows of one engine, added ones too

    @classmethod
    def of(cls, items: Sequence[Item], profiles: Sequence[Profile], codes: SetCodes | None = None) -> Columns:
        codes = codes if codes is not None else SetCodes()

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
            kind_code=np.asarray([_kind_code(i.kind) for i in items], dtype=np.int64),
            theme_fit=np.asarray(
                [[_THEME_FIT.get(kind, {}).get(i.theme, 0.5) for kind in (*_KINDS, "")] for i in items],
                dtype=np.float64,
            ).reshape(len(items), len(_KINDS) + 1),
            segment=objects([i.segment for i in items]),
            category=objects([p.category for p in profiles]),
            category_terms=objects([p.category_terms for p in profiles]),
            has_terms=np.asarray([bool(p.category_terms) for p in profiles], dtype=bool),
            category_english=np.asarray([p.category_english for p in profiles], dtype=bool),
            certified=np.asarray([bool(p.certificates) for p in profiles], dtype=bool),
            states_sets=np.asarray(
                [bool(p.certificates or p.nice_to_have or p.specs) for p in profiles], dtype=bool
            ),
            certificate_codes=np.asarray([codes.certificates(p) for p in profiles], dtype=np.int64),
            variant_codes=np.asarray([codes.variants(p) for p in profiles], dtype=np.int64),
            mode=objects([i.transfer_mode for i in items]),
            instrument=objects([i.instrument for i in items]),
            owner=objects([i.owner for i in items]),
            province=objects([p.place.province for p in profiles]),
            city=objects([p.place.city for p in profiles]),
            yrd=np.asarray([p.place.in_yrd for p in profiles], dtype=bool),
            lat=floats([p.place.lat for p in profiles]),
            lon=floats([p.place.lon for p in profiles]),
            prefers=objects([p.preference.level if p.preference else "" for p in profiles]),
            prefers_province=objects([p.preference.province if p.preference else "" for p in profiles]),
            prefers_city=objects([p.preference.city if p.preference else "" for p in profiles]),
            codes=codes,
        )

    def extend(self, other: Columns) -> Columns:
        """These rows and then the other's, numbered by the same SetCodes."""
        if other.codes is not self.codes:
            raise ValueError("columns to extend must share their SetCodes")
        arrays = (name for name in self.__dataclass_fields__ if name != "codes")
        return Columns(
            **{name: np.concatenate([getattr(self, name), getattr(other, name)]) for name in arrays},
            codes=self.codes,
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
    same_terms = (
        (c.category_english[d] != c.category_english[s])
        & c.has_terms[d]
        & (c.category_terms[d] == c.category_terms[s])
    )
    same_category = ((c.category[d] == c.category[s]) & (c.category[d] != "")) | same_terms
    same_segment = c.segment[d] == c.segment[s]
    out.add(
        "category",
        np.where(same_category, 1.0, np.clip(category, 0.0, 1.0) * np.where(same_segment, 1.0, 0.8)),
    )
    out.excluded |= (c.owner[d] != "") & (c.owner[d] == c.owner[s])  # an enterprise with itself
    out.excluded |= ~same_category & (candidate_similarity(text, category) < MIN_SIMILARITY)
    out.add("verified", c.verified[s].astype(np.float64))
    theme = c.theme_fit[s, c.kind_code[d]]
    out.add("theme", theme, c.theme[s] != "")
    _region(out, c, d, s)
    _sets(out, c, d, s)

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


def _region(out: _Sum, c: Columns, d: np.ndarray, s: np.ndarray) -> None:
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
    # Preference.met_by, over arrays.
    level = c.prefers[d]
    met = np.select(
        [level == "yrd", level == "province", level == "city"],
        [
            c.yrd[s],
            (c.province[s] != "") & (c.province[s] == c.prefers_province[d]),
            (c.city[s] != "") & (c.city[s] == c.prefers_city[d]),
        ],
        False,
    )
    prefers = level != ""
    value = np.where(prefers & met, np.maximum(value, 0.9), np.where(prefers, value * 0.5, value))
    out.add("region", value)
    out.miss(prefers & ~met)


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


def _sets(out: _Sum, c: Columns, d: np.ndarray, s: np.ndarray) -> None:
    """Certificates and variants: set comparisons, once per distinct pair of sets (SetCodes), only
    where the buyer states them."""
    certification = np.where(c.certified[s], 0.7, 0.5)  # the buyer asks for none
    variant = np.full(len(d), NAN)
    stating = np.flatnonzero(c.states_sets[d])
    if len(stating):
        ds, ss = d[stating], s[stating]
        for codes, fit, values in (
            (c.certificate_codes, c.codes.certification, certification),
            (c.variant_codes, c.codes.variant, variant),
        ):
            distinct, inverse = np.unique(codes[ds] * _PAIR + codes[ss], return_inverse=True)
            fits = [fit(*divmod(pair, _PAIR)) for pair in distinct.tolist()]
            values[stating] = np.asarray([value for value, _excluded in fits])[inverse]
            out.excluded[stating] |= np.asarray([excluded for _value, excluded in fits], dtype=bool)[inverse]
    out.add("certification", certification)
    out.add("variant", variant, ~np.isnan(variant))


__all__ = ["EXCLUDE", "Columns", "pair_scores"]
