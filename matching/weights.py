"""How much each feature counts, in one place. Change a weight, change ALGORITHM_VERSION.

The score of a pair is the weighted mean of the features that apply to it (a pair without prices has no
price feature, and the other weights share its part), times a discount for each constraint it misses a
little (`mild`) or badly (`severe`). Pairs that miss a hard constraint (a mandatory certificate, another
variant, another financing instrument, an offer the enterprise is not eligible for) are not proposed at all.

Text and category dominate: a match is first of all the same item. The rest orders suppliers of the same
item the way a buyer would: within budget, in time, in quantity, certified, nearby.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

# 1.1: financing offers state ranges and eligibility (amount and term within [min, max], the
# enterprise's theme, segment and province among those an offer is limited to): docs/matching.md.
# 1.2: a match stores each reason as a code and its arguments (matching.features.REASONS), rendered in the
# reader's language, not both languages' text: a rematch writes a third of the bytes. Money ("50M CNY")
# is no longer read as a length, "16-inch" and "8-layer" variants are read, and the MIIT recycling
# whitelist has one spelling (found by the hold-out set, bench/matching_holdout).
ALGORITHM_VERSION = "1.2"

WEIGHTS: dict[str, float] = {
    "text": 0.30,
    "category": 0.20,
    "variant": 0.08,
    "certification": 0.07,
    "price": 0.07,
    "quantity": 0.05,
    "time": 0.05,
    "region": 0.06,
    "trl": 0.05,
    "transfer_mode": 0.03,
    "amount": 0.05,
    "term": 0.03,
    "instrument": 0.04,
    # Only for offers limited to some themes, segments or provinces, and met (else the pair is
    # excluded): an offer made for enterprises like this one ranks a little above one open to all.
    "eligibility": 0.03,
    "theme": 0.03,
    "verified": 0.02,
}

# The score is multiplied by these for each missed constraint.
PENALTY: dict[str, float] = {"mild": 0.8, "severe": 0.35}

# How many candidates the text similarity proposes for re-scoring: for a demand (its suppliers, the
# list buyers and the review queue read first) and for a supply (its buyers, from fewer demands).
CANDIDATES = {"demand": 40, "supply": 20}
# How much text and category similarity count in candidate generation, and the bonus of the same segment.
CANDIDATE_TEXT, CANDIDATE_CATEGORY, CANDIDATE_SEGMENT = 0.6, 0.4, 0.05

_Similarity = TypeVar("_Similarity", float, "np.ndarray")


def candidate_similarity(text: _Similarity, category: _Similarity) -> _Similarity:
    """How alike two listings read, by text and category (without the segment bonus): of one pair, or
    of many pairs at once over arrays. MIN_SIMILARITY and the weak-candidate test read it."""
    return CANDIDATE_TEXT * text + CANDIDATE_CATEGORY * category


# Below this similarity (text and category, as above), a pair of different categories is not the same
# item at all, however near and certified the supplier: it is not proposed. Without it a small
# catalogue filled each listing's top k with neighbours that only shared a city.
MIN_SIMILARITY = 0.10
