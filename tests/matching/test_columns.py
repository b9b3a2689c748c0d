"""The feature arrays rank candidates with the very score the explained features give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matching.columns import pair_scores
from matching.engine import Engine
from matching.evaluation import load_items

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
            scores, excluded = pair_scores(engine.columns, engine.profiles, demands, supplies, text, category)
            for j, (row, t, c) in enumerate(candidates):
                pair = engine._pair(item, engine.profiles[own], row, t, c)
                assert (pair is None) == bool(excluded[j]), (item.key, engine.items[row].key)
                if pair is None:
                    excluded_seen += 1
                else:
                    assert scores[j] == pytest.approx(pair.score, abs=1e-6), (item.key, engine.items[row].key)
                checked += 1
    assert checked > 1000 and excluded_seen > 50  # the set's hard negatives are among the candidates
