"""The engine's TF-IDF vectors are scikit-learn's, only built faster (matching.vectors)."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.vectors import RepeatedTfidf, TokenTfidf

DOCUMENTS = [
    ["电池", "管理", "系统", "bms", "电池"],
    ["lfp", "cell", "314ah", "磷酸铁锂", "电芯", "cell"],
    ["激光雷达", "lidar", "905nm"],
    ["电池", "包", "battery", "pack", "battery"],
    [],
]
CATEGORIES = ["电芯", "电芯", "BMS", "激光雷达", "电芯", "", "battery pack", "BMS"]


def _same(ours: object, theirs: object) -> None:
    assert ours.shape == theirs.shape  # type: ignore[attr-defined]
    assert ours.dtype == theirs.dtype == np.float32  # type: ignore[attr-defined]
    np.testing.assert_allclose(ours.toarray(), theirs.toarray(), rtol=1e-6)  # type: ignore[attr-defined]


def test_token_vectors_equal_scikit_learns_at_the_fit_and_after() -> None:
    reference = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True, dtype=np.float32)
    ours = TokenTfidf()
    _same(ours.fit_transform(DOCUMENTS), reference.fit_transform(DOCUMENTS))
    assert ours.vocabulary == reference.vocabulary_
    # A later document: tokens unseen at the fit ("800v") are ignored by both.
    later = [["电池", "800v", "pack"], ["unseen"]]
    _same(ours.transform(later), reference.transform(later))


def test_repeated_texts_get_the_weights_of_every_row() -> None:
    options = {"analyzer": "char", "ngram_range": (1, 3)}
    reference = TfidfVectorizer(**options, sublinear_tf=True, dtype=np.float32)  # type: ignore[arg-type]
    ours = RepeatedTfidf(**options)
    _same(ours.fit_transform(CATEGORIES), reference.fit_transform(CATEGORIES))
    later = ["电芯", "电池包", "BMS"]
    _same(ours.transform(later), reference.transform(later))
