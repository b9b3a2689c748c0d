"""The matching engine: vectorised candidate generation, then ranking and explained scores.

1. Candidates. Every listing's text becomes a sparse TF-IDF vector over the catalogue's search tokens
   (listings.search.text: jieba words, every Chinese character bigram, English words, and the alias
   key of every industry term, so that "电池管理系统", "BMS" and "battery management" meet); the category
   gets a vector of its own over character 1-3-grams. Supply meets demand of the same kind only;
   above BLOCK_ABOVE listings, of the same segment too, plus the same category (or, across languages,
   the same industry terms) in any segment, so a listing filed under the wrong segment is still found.
   One sparse product scores a chunk of listings against a block at once; the best CANDIDATES go on.
2. Ranking. The candidates are scored by the feature arrays of matching.columns, and pairs that miss
   a hard constraint are dropped.
3. Explaining. The k kept pairs of each listing get their features and reasons from
   matching.features (the same score; tests/matching/test_columns.py checks).

The engine holds plain data only (matching.items.Item): the same object serves one process, each
Celery worker (matching.catalogue caches one per catalogue version), the evaluation command and tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from listings.search.text import document
from matching import features as f
from matching.columns import Columns, pair_scores
from matching.items import Item
from matching.profile import Profile, profile, same_terms
from matching.vectors import RepeatedTfidf, TokenTfidf
from matching.weights import (
    ALGORITHM_VERSION,
    CANDIDATE_CATEGORY,
    CANDIDATE_SEGMENT,
    CANDIDATE_TEXT,
    CANDIDATES,
    MIN_SIMILARITY,
    PENALTY,
    WEIGHTS,
    candidate_similarity,
)

OTHER_SIDE = {"supply": "demand", "demand": "supply"}
# Items scored against a block at once (bounds the dense similarity matrix: CHUNK x block size).
CHUNK = 512
# A best candidate this weak within the item's segment sends the item to the whole kind.
WEAK = 0.25
# Blocks of the other side larger than this are narrowed to the item's segment (and category mates).
BLOCK_ABOVE = 5000


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """A supply and a demand with their score in [0, 1] and the features that made it."""

    supply: int | str
    demand: int | str
    score: float
    features: tuple[f.Feature, ...]

    def breakdown(self) -> list[list[Any]]:
        """The features as stored on a Match (JSON): [name, value, reason code, reason arguments, missed
        constraint] each, which matching.reasons renders in the reader's language."""
        # Values to 4 places (as round(value, 4) for values in [0, 1], at half its cost). Unpacked: a
        # named tuple's fields by name cost twice as much, 800,000 pairs a rematch.
        return [
            [name, int(value * 10000 + 0.5) / 10000, code, args, miss]
            for name, value, code, args, miss in self.features
        ]


def _tokens(item: Item) -> list[str]:
    """Search tokens, the title's and category's counted twice."""
    title = item.title_tokens or document([item.title, item.category])
    body = item.body_tokens or document([item.description, item.skills])
    head = title.split()
    return head + head + body.split()


class Engine:
    """A catalogue of items, vectorised, that scores any item against the other side of it."""

    version = ALGORITHM_VERSION

    def __init__(self, items: Iterable[Item], *, candidates: dict[str, int] | None = None) -> None:
        self.items: list[Item] = list(items)
        self.candidates = candidates or CANDIDATES
        self.row = {item.key: row for row, item in enumerate(self.items)}
        self.profiles: list[Profile] = [profile(item) for item in self.items]
        self._text = TokenTfidf()
        self._category = RepeatedTfidf(analyzer="char", ngram_range=(1, 3))
        if self.items:
            self.text_matrix = self._text.fit_transform([_tokens(item) for item in self.items]).tocsr()
            self.category_matrix = self._category.fit_transform([p.category for p in self.profiles]).tocsr()
        self.segments = np.asarray([item.segment for item in self.items], dtype=object)
        self.columns = Columns.of(self.items, self.profiles)
        self._groups = np.asarray([f"{item.side}:{item.kind}" for item in self.items], dtype=object)
        self._alive = np.ones(len(self.items), dtype=bool)
        self._fitted = len(self.items)  # rows of the fitted matrices; later ones are in _added_*
        self._segment_numbers: dict[str, int] = {}
        self._segment_code_rows = np.empty(0, dtype=np.int32)
        if self.items:
            self._added_text = sparse.csr_matrix((0, self.text_matrix.shape[1]), dtype=np.float32)
            self._added_category = sparse.csr_matrix((0, self.category_matrix.shape[1]), dtype=np.float32)
        self._blocks: dict[tuple[str, str, str | None], np.ndarray] = {}
        self._by_category: dict[tuple[str, str, str], np.ndarray] | None = None
        self._outside_segment: dict[tuple[int, int, str], np.ndarray] = {}
        self._transposed_cache: dict[tuple[int, int], tuple[sparse.csr_matrix, sparse.csr_matrix]] = {}

    # --- changes of the catalogue ----------------------------------------------------------------------

    def add(self, items: Iterable[Item]) -> None:
        """Add listings, or replace those already here, vectorised with the fitted vocabulary (words
        new since the fit are not weighed until the next full build).

        Added rows are kept in small matrices of their own and compared with every listing matched,
        so the fitted matrices, their blocks and the transposed copies stay as they are: a
        publication costs milliseconds, not a copy of the catalogue.
        """
        new = list(items)
        if not new:
            return
        if not self.items:
            self.__init__(new, candidates=self.candidates)  # type: ignore[misc]
            return
        self.remove(item.key for item in new)
        start = len(self.items)
        profiles = [profile(item) for item in new]
        text = self._text.transform([_tokens(item) for item in new]).tocsr()
        category = self._category.transform([p.category for p in profiles]).tocsr()
        self._added_text = sparse.vstack([self._added_text, text], format="csr")
        self._added_category = sparse.vstack([self._added_category, category], format="csr")
        self.columns = self.columns.extend(Columns.of(new, profiles, self.columns.codes))
        self.items += new
        self.profiles += profiles
        self.row.update({item.key: start + i for i, item in enumerate(new)})
        self.segments = np.concatenate([self.segments, np.asarray([i.segment for i in new], dtype=object)])
        groups = np.asarray([f"{i.side}:{i.kind}" for i in new], dtype=object)
        self._groups = np.concatenate([self._groups, groups])
        self._alive = np.concatenate([self._alive, np.ones(len(new), dtype=bool)])

    def remove(self, keys: Iterable[int | str]) -> None:
        """Take listings out (closed, expired); their rows stay in the matrices, never proposed."""
        for key in keys:
            row = self.row.pop(key, None)
            if row is not None:
                self._alive[row] = False

    def _block(self, side: str, kind: str, segment: str | None = None) -> np.ndarray:
        """The fitted rows of one side and kind (and segment, if given); cached, so rows removed since
        stay in it (`_best` skips them) and rows added since are not (`_added_block`)."""
        key = (side, kind, segment)
        if key not in self._blocks:
            mask = (self._groups[: self._fitted] == f"{side}:{kind}") & self._alive[: self._fitted]
            if segment is not None:
                mask &= self.segments[: self._fitted] == segment
            self._blocks[key] = np.flatnonzero(mask)
        return self._blocks[key]

    def _added_block(self, side: str, kind: str) -> np.ndarray:
        """The rows added since the fit, of one side and kind."""
        added = np.arange(self._fitted, len(self.items))
        found: np.ndarray = added[self._groups[self._fitted :] == f"{side}:{kind}"]
        return found

    def _rows(self, matrix: str, rows: np.ndarray) -> sparse.csr_matrix:
        """Rows of the text or category vectors, fitted or added."""
        fitted, added = getattr(self, f"{matrix}_matrix"), getattr(self, f"_added_{matrix}")
        rows = np.asarray(rows, dtype=np.int64)
        old = rows < self._fitted
        if old.all():
            return fitted[rows]
        parts = sparse.vstack([fitted[rows[old]], added[rows[~old] - self._fitted]], format="csr")
        order = np.argsort(np.concatenate([np.flatnonzero(old), np.flatnonzero(~old)]), kind="stable")
        return parts[order]

    def get(self, key: int | str) -> Item | None:
        """The live item of this key, as the engine holds it."""
        row = self.row.get(key)
        return None if row is None else self.items[row]

    def __len__(self) -> int:
        return len(self.row)

    def __contains__(self, key: object) -> bool:
        return key in self.row

    # --- candidates --------------------------------------------------------------------------------

    def _vectors(self, items: Sequence[Item]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        rows = [self.row.get(item.key) for item in items]
        if all(row is not None for row in rows):
            found = np.asarray(rows, dtype=np.int64)
            return self._rows("text", found), self._rows("category", found)
        profiles = [profile(item) for item in items]
        return (
            self._text.transform([_tokens(item) for item in items]).tocsr(),
            self._category.transform([p.category for p in profiles]).tocsr(),
        )

    def _candidates(self, items: Sequence[Item]) -> list[list[tuple[int, float, float]]]:
        """For each item (all of one side and kind), the best rows of the other side: (row, text, category).

        Blocking, when the other side's listings of the kind are too many to compare with each
        (BLOCK_ABOVE): those of the item's segment, plus those of any segment with the same category
        or the same industry terms in another language (a listing filed under the wrong segment). An
        item whose best candidate there is weak is searched again against the whole kind.
        """
        found: list[list[tuple[int, float, float]]] = [[] for _ in items]
        if not self.items or not items:
            return found
        # Each item's best similarity (text and category) among its candidates; -1 for none.
        strength = np.full(len(items), -1.0)
        other, kind = OTHER_SIDE[items[0].side], items[0].kind
        everything = self._block(other, kind)
        if len(everything) <= BLOCK_ABOVE:
            return self._best_in_chunks(items, range(len(items)), [everything], found, strength)
        by_segment: dict[str, list[int]] = {}
        for i, item in enumerate(items):
            by_segment.setdefault(item.segment, []).append(i)
        weak: list[int] = []
        for segment, positions in by_segment.items():
            block = self._block(other, kind, segment)
            profiles = [self._profile(items[i]) for i in positions]
            mates = [self._category_mates(other, kind, p.category) for p in profiles]
            # Across languages only: within one, the term groups are too broad (every 电池 category).
            mates += [
                self._category_mates(other, kind, f"{'zh' if p.category_english else 'en'}:{term}")
                for p in profiles
                for term in sorted(p.category_terms)  # a set: in hash order, ties would differ by process
            ]
            unique = {id(m): m for m in mates if len(m)}.values()
            elsewhere = (self._elsewhere(m, segment) for m in unique)
            self._best_in_chunks(
                items, positions, [block, *(m for m in elsewhere if len(m))], found, strength
            )
            weak += [i for i in positions if strength[i] < WEAK]
        if weak:
            self._best_in_chunks(items, weak, [everything], found, strength)
        return found

    def _best_in_chunks(
        self,
        items: Sequence[Item],
        positions: Sequence[int],
        blocks: list[np.ndarray],
        found: list[list[tuple[int, float, float]]],
        strength: np.ndarray,
    ) -> list[list[tuple[int, float, float]]]:
        """Fill `found` and `strength` (see _candidates) at `positions` with the best of `blocks`."""
        for start in range(0, len(positions), CHUNK):
            chunk = positions[start : start + CHUNK]
            best, strongest = self._best([items[i] for i in chunk], blocks)
            for i, candidates in zip(chunk, best, strict=True):
                found[i] = candidates
            strength[chunk] = strongest
        return found

    def _best(
        self, items: Sequence[Item], blocks: list[np.ndarray]
    ) -> tuple[list[list[tuple[int, float, float]]], np.ndarray]:
        """The best candidates among the rows of `blocks` (cached arrays of fitted rows, which may
        overlap) and those added since the fit, for each item (all of one side), by text and category
        similarity; and each item's best similarity among them (-1 for none)."""
        side, kind = OTHER_SIDE[items[0].side], items[0].kind
        added = self._added_block(side, kind)
        rows = np.concatenate([*blocks, added])
        if not len(rows):
            return [[] for _ in items], np.full(len(items), -1.0)
        text_vectors, category_vectors = self._vectors(items)
        text_parts, category_parts = [], []
        for block in blocks:
            text_t, category_t = self._transposed(block)
            text_parts.append((text_vectors @ text_t).toarray())
            category_parts.append((category_vectors @ category_t).toarray())
        if len(added):
            text_parts.append((text_vectors @ self._rows("text", added).T).toarray())
            category_parts.append((category_vectors @ self._rows("category", added).T).toarray())
        # The similarity matrix is items x rows (millions of cells a chunk): each step below is one pass
        # over it, with no temporary matrix of the same size where a vector does.
        text, category = np.hstack(text_parts), np.hstack(category_parts)
        combined: np.ndarray = CANDIDATE_TEXT * text
        combined += CANDIDATE_CATEGORY * category
        distinct, first = np.unique(rows, return_index=True)
        live = np.zeros(len(rows), dtype=bool)
        live[first] = True
        combined[:, ~(live & self._alive[rows])] = -1.0  # a row twice, or removed since it was cached
        mine = np.asarray([self._segment_code(item.segment) for item in items])
        segments = self._segment_codes[rows]
        if (mine == mine[0]).all():  # mostly: items come grouped by segment
            combined += CANDIDATE_SEGMENT * (segments == mine[0])
        else:
            for code in np.unique(mine):
                combined[mine == code] += CANDIDATE_SEGMENT * (segments == code)
        # Each item's own row (a listing does not match itself), at its first column.
        own = np.asarray([self.row.get(item.key, -1) for item in items])
        at = np.minimum(np.searchsorted(distinct, own), len(distinct) - 1)
        found = (own >= 0) & (distinct[at] == own)
        combined[np.flatnonzero(found), first[at[found]]] = -1.0
        n = min(self.candidates[items[0].side], len(rows))
        best = np.argpartition(-combined, n - 1, axis=1)[:, :n]
        # Gathered a matrix at a time, not cell by cell: as Python numbers (a float32's value exactly).
        kept = np.take_along_axis(combined, best, axis=1) >= 0
        columns = (
            rows[best],
            np.take_along_axis(text, best, axis=1),
            np.take_along_axis(category, best, axis=1),
        )
        found = [
            list(zip(r[k].tolist(), t[k].tolist(), c[k].tolist(), strict=True))
            for r, t, c, k in zip(*columns, kept, strict=True)
        ]
        # In float64, as Python computes it for one pair.
        similarity = candidate_similarity(columns[1].astype(np.float64), columns[2].astype(np.float64))
        return found, np.where(kept, similarity, -1.0).max(axis=1)

    def _segment_code(self, segment: str) -> int:
        return self._segment_numbers.setdefault(segment, len(self._segment_numbers))

    @property
    def _segment_codes(self) -> np.ndarray:
        """Each row's segment as an integer (comparing strings row by row cost a rematch seconds)."""
        if len(self._segment_code_rows) != len(self.items):
            codes = [self._segment_code(segment) for segment in self.segments]
            self._segment_code_rows = np.asarray(codes, dtype=np.int32)
        return self._segment_code_rows

    def _transposed(self, block: np.ndarray) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """The block's text and category matrices, transposed for products: cached, since every chunk
        of a rematch and every new listing multiplies with the same blocks."""
        key = (id(block), len(block))  # blocks and category mates are cached arrays: identity names them
        if key not in self._transposed_cache:
            self._transposed_cache[key] = (
                # CSR, not the CSC a transpose gives: scipy converts the right operand of a product to
                # CSR, and would redo it for every product.
                self.text_matrix[block].T.tocsr(),
                self.category_matrix[block].T.tocsr(),
            )
        return self._transposed_cache[key]

    def _elsewhere(self, rows: np.ndarray, segment: str) -> np.ndarray:
        """Those of `rows` (a cached array) outside the segment: cached, as blocks are. Category mates
        in the item's own segment are in its segment block already; compared twice, they were a
        quarter of a rematch's similarity matrix."""
        key = (id(rows), len(rows), segment)
        if key not in self._outside_segment:
            self._outside_segment[key] = rows[self._segment_codes[rows] != self._segment_code(segment)]
        return self._outside_segment[key]

    def _category_mates(self, side: str, kind: str, category: str) -> np.ndarray:
        """Live rows of one side and kind with this normalised category, or whose category in one
        language ("en:" or "zh:") names this industry term, in any segment."""
        if self._by_category is None:
            index: dict[tuple[str, str, str], list[int]] = {}
            for row, (item, p) in enumerate(zip(self.items[: self._fitted], self.profiles, strict=False)):
                if self._alive[row]:
                    language = "en" if p.category_english else "zh"
                    for key in (p.category, *(f"{language}:{term}" for term in p.category_terms)):
                        index.setdefault((item.side, item.kind, key), []).append(row)
            self._by_category = {key: np.asarray(rows, dtype=np.int64) for key, rows in index.items()}
        return self._by_category.get((side, kind, category), np.empty(0, dtype=np.int64))

    # --- scoring -------------------------------------------------------------------------------------

    def score(
        self,
        demand: Item,
        supply: Item,
        text: float,
        category: float,
        profiles: tuple[Profile, Profile] | None = None,
    ) -> ScoredPair | None:
        """The pair's score and features; None when it misses a hard constraint. `profiles` (the
        demand's and the supply's) spare reading them out of the items again."""
        if demand.owner and demand.owner == supply.owner:
            return None  # an enterprise does not need the platform to meet itself
        dp, sp = profiles or (self._profile(demand), self._profile(supply))
        same_item = f.category_fit(
            dp.category, sp.category, category, demand.segment == supply.segment, same_terms(dp, sp)
        )
        if same_item.value < 1.0 and candidate_similarity(text, category) < MIN_SIMILARITY:
            return None  # another category, and hardly alike: not the same item
        found: list[f.Feature | None] = [
            f.text_similarity(text),
            same_item,
            f.variant_fit(dp.specs, sp.specs),
            f.certification_fit(dp.certificates, dp.nice_to_have, sp.certificates),
            f.region_fit(dp.place, sp.place, dp.preference),
            f.verified_fit(supply.verified),
            f.theme_fit(demand.kind, supply.theme),
        ]
        if demand.kind in ("product", "talent"):
            needed = demand.headcount if demand.kind == "talent" and demand.headcount else demand.quantity
            offered = supply.headcount if demand.kind == "talent" and supply.headcount else supply.quantity
            found.append(f.quantity_fit(needed, offered, supply.unit))
        if demand.kind != "funding":
            found.append(f.price_fit(demand.price_min, demand.price_max, supply.price_min, supply.price_max))
        found.append(f.time_fit(demand.deadline_days, supply.lead_time_days))
        if demand.kind == "technology":
            found += [
                f.trl_fit(demand.trl, supply.trl),
                f.transfer_mode_fit(demand.transfer_mode, supply.transfer_mode),
            ]
        if demand.kind == "funding":
            found += [
                f.amount_fit(demand.amount, supply.amount, supply.amount_max),
                f.term_fit(demand.term_months, supply.term_months, supply.term_max_months),
                f.instrument_fit(demand.instrument, supply.instrument),
                f.eligibility_fit(
                    demand.theme,
                    demand.segment,
                    dp.place.province,
                    supply.eligible_themes,
                    supply.eligible_segments,
                    supply.eligible_provinces,
                ),
            ]
        features = tuple(filter(None, found))  # the features that apply (a Feature is a non-empty tuple)
        # The weighted mean, then each miss's discount; one pass (this runs for every pair kept).
        weight = weighted = 0.0
        misses: list[str] = []
        for name, value, _code, _args, miss in features:
            if miss:
                if miss == f.EXCLUDE:
                    return None
                misses.append(miss)
            share = WEIGHTS[name]
            weight += share
            weighted += share * value
        total = weighted / weight
        for miss in misses:
            total *= PENALTY.get(miss, 1.0)
        return ScoredPair(supply.key, demand.key, round(min(max(total, 0.0), 1.0), 6), features)

    def _profile(self, item: Item) -> Profile:
        row = self.row.get(item.key)
        return self.profiles[row] if row is not None else profile(item)

    # --- public ----------------------------------------------------------------------------------------

    def match(self, item: Item, k: int = 10) -> list[ScoredPair]:
        """The best k pairs of an item (in the catalogue or not) with the other side, best first."""
        return self.match_many([item], k)[item.key]

    def match_many(self, items: Sequence[Item], k: int = 10) -> dict[int | str, list[ScoredPair]]:
        """The best k pairs of each item, best first.

        Candidates are ranked by the feature arrays of matching.columns; only the k kept get their
        explained features (the same score, built by matching.features). An item not in the engine
        (a listing being published) is scored feature by feature.
        """
        results: dict[int | str, list[ScoredPair]] = {}
        groups: dict[tuple[str, str], list[Item]] = {}
        for item in items:
            groups.setdefault((item.side, item.kind), []).append(item)
        for group in groups.values():
            candidates = self._candidates(group)
            inside = [i for i, item in enumerate(group) if item.key in self.row]
            ranked = self._rank_by_columns([group[i] for i in inside], [candidates[i] for i in inside], k)
            for i, item in enumerate(group):
                chosen = ranked.get(item.key)
                if chosen is None:  # not in the engine: every candidate, feature by feature
                    chosen = [(row, text, category) for row, text, category in candidates[i]]
                own = self._profile(item)  # once: an item outside the engine has no profile kept
                scored = (self._pair(item, own, *candidate) for candidate in chosen)
                pairs = [pair for pair in scored if pair is not None]
                pairs.sort(key=lambda p: (-p.score, str(p.supply if item.side == "demand" else p.demand)))
                results[item.key] = pairs[:k]
        return results

    def _pair(self, item: Item, own: Profile, row: int, text: float, category: float) -> ScoredPair | None:
        other, theirs = self.items[row], self.profiles[row]
        if item.side == "demand":
            return self.score(item, other, text, category, profiles=(own, theirs))
        return self.score(other, item, text, category, profiles=(theirs, own))

    def _rank_by_columns(
        self, items: Sequence[Item], candidates: Sequence[list[tuple[int, float, float]]], k: int
    ) -> dict[int | str, list[tuple[int, float, float]]]:
        """The k best candidates of each item by the feature arrays, hard misses left out."""
        if not items:
            return {}
        counts = np.asarray([len(found) for found in candidates], dtype=np.int64)
        flat = [candidate for found in candidates for candidate in found]
        if not flat:
            return {item.key: [] for item in items}
        own = np.repeat([self.row[item.key] for item in items], counts)
        other, text, category = (np.asarray(column) for column in zip(*flat, strict=True))
        demands, supplies = (own, other) if items[0].side == "demand" else (other, own)
        scores, excluded = pair_scores(self.columns, demands, supplies, text, category)
        scores = np.where(excluded, -1.0, scores)
        # Each item's candidates best first (ties in the order found: lexsort is stable), the first k
        # but those that miss a hard constraint.
        item_of = np.repeat(np.arange(len(items)), counts)
        order = np.lexsort((-scores, item_of))
        place = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
        kept = order[(place < k) & (scores[order] >= 0)]
        ranked: dict[int | str, list[tuple[int, float, float]]] = {item.key: [] for item in items}
        for i, j in zip(item_of[kept].tolist(), kept.tolist(), strict=True):
            ranked[items[i].key].append(flat[j])
        return ranked

    def keys(self, side: str | None = None) -> list[int | str]:
        """The keys of the live listings, of one side if given."""
        return [key for key, row in self.row.items() if side is None or self.items[row].side == side]
