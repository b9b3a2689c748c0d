"""The feature arrays rank candidates with the very score the explained features give."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest

from matching.columns import pair_scores
from matching.engine import Engine
from matching.evaluation import load_items
from matching.items import Item

DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "matching-bench" / "dev" / "listings.jsonl"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_items(DEV_SET), candidates={"demand": 60, "supply": 30})


@pytest.mark.parametrize("side", ["demand", "supply"])
def test_arrays_and_features_agree_on_every_candidate_pair(engine: Engine, side: str) -> None:
    items = [item for item in engine.items if item.side == side]
    checked = excluded_seen = 0
    for kind in ("product", "technology", "talent", "funding"):
        group = [item for item in items if item.kind == kind]
        for item, candidates in zip(group, engine._candidates(group), strict=True):
            own = engine.row[item.key]
            other = np.asarray([row for row, _t, _c in candidates], dtype=np.int64)
            text = np.asarray([t for _r, t, _c in candidates])
            category = np.asarray([c for _r, _t, c in candidates])
            mine = np.full(len(other), own)
            demands, supplies = (mine, other) if side == "demand" else (other, mine)
            scores, excluded = pair_scores(engine.columns, demands, supplies, text, category)
            for j, (row, t, c) in enumerate(candidates):
                pair = engine._pair(item, engine.profiles[own], row, t, c)
                assert (pair is None) == bool(excluded[j]), (item.key, engine.items[row].key)
                if pair is None:
                    excluded_seen += 1
                else:
                    assert scores[j] == pytest.approx(pair.score, abs=1e-6), (item.key, engine.items[row].key)
                checked += 1
    assert checked > 1000 and excluded_seen > 50  # the set's hard negatives are among the candidates


def _with_offer_terms(items: list[Item]) -> list[Item]:
    """The set's financing offers given ranges and eligibility (the set has ceilings only): a floor
    below, near or above the needs, and limits to themes, segments and provinces that some demands meet."""
    rng = random.Random(6)
    themes, segments = ["component_maker", "vehicle_maker", "aftermarket"], sorted({i.segment for i in items})
    provinces = ["310000", "320000", "330000", "340000"]
    changed = []
    for item in items:
        if item.side == "supply" and item.kind == "funding" and item.amount and item.term_months:
            item = dataclasses.replace(
                item,
                amount=item.amount * rng.choice([0.01, 0.1, 0.3, 0.6]),
                amount_max=item.amount,
                term_months=max(1, int(item.term_months * rng.choice([0.1, 0.3, 0.6]))),
                term_max_months=item.term_months,
                eligible_themes=tuple(rng.sample(themes, rng.choice([0, 0, 1, 2]))),
                eligible_segments=tuple(rng.sample(segments, rng.choice([0, 0, 3, 6]))),
                eligible_provinces=tuple(rng.sample(provinces, rng.choice([0, 0, 2, 3]))),
            )
        changed.append(item)
    return changed


def test_arrays_and_features_agree_on_offers_with_ranges_and_eligibility() -> None:
    engine = Engine(_with_offer_terms(load_items(DEV_SET)), candidates={"demand": 60, "supply": 30})
    checked = excluded_seen = 0
    for side in ("demand", "supply"):
        group = [item for item in engine.items if item.side == side and item.kind == "funding"]
        for item, candidates in zip(group, engine._candidates(group), strict=True):
            own = engine.row[item.key]
            other = np.asarray([row for row, _t, _c in candidates], dtype=np.int64)
            mine = np.full(len(other), own)
            demands, supplies = (mine, other) if side == "demand" else (other, mine)
            text = np.asarray([t for _r, t, _c in candidates])
            category = np.asarray([c for _r, _t, c in candidates])
            scores, excluded = pair_scores(engine.columns, demands, supplies, text, category)
            for j, (row, t, c) in enumerate(candidates):
                pair = engine._pair(item, engine.profiles[own], row, t, c)
                assert (pair is None) == bool(excluded[j]), (item.key, engine.items[row].key)
                if pair is None:
                    excluded_seen += 1
                else:
                    assert scores[j] == pytest.approx(pair.score, abs=1e-6), (item.key, engine.items[row].key)
                    names = {feature.name: feature.miss for feature in pair.features}
                    checked += "eligibility" in names
    assert checked > 20 and excluded_seen > 50
