"""TF-IDF vectors of the engine, as scikit-learn's TfidfVectorizer makes them, built faster.

`TokenTfidf` takes documents that are already token lists (the catalogue's stored search tokens).
scikit-learn counts them token by token in a Python loop (`_count_vocab`), which was a third of an
engine build over 100,000 listings; here the tokens are counted by numpy and scipy in bulk.

`RepeatedTfidf` wraps a vectoriser for texts that repeat (categories: a few hundred distinct ones among
100,000 listings): each distinct text is analysed once, and the rows are repeated before the IDF
weights are fitted, so the weights are those of the whole catalogue.

Both give the matrices TfidfVectorizer(sublinear_tf=True, dtype=float32) gives (same vocabulary, same
order, same values; tests/matching/test_vectors.py checks), so scores do not move.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer


class TokenTfidf:
    """TF-IDF over documents given as token lists; tokens unseen at the fit are ignored."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self._weights = TfidfTransformer(sublinear_tf=True)

    def _counts(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        # vocabulary.get(token, -1) for every token, in C.
        columns = np.fromiter(map(self.vocabulary.get, chain.from_iterable(documents), repeat(-1)), np.int64)
        rows = np.repeat(np.arange(len(documents), dtype=np.int64), lengths)
        known = columns >= 0
        counts = sparse.csr_matrix(
            (np.ones(int(known.sum()), dtype=np.float32), (rows[known], columns[known])),
            shape=(len(documents), len(self.vocabulary)),
        )
        counts.sum_duplicates()  # one entry per (document, token), its count
        return counts

    def fit_transform(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        # Sorted, as scikit-learn orders its vocabulary.
        self.vocabulary = {token: i for i, token in enumerate(sorted(set(chain.from_iterable(documents))))}
        counts = self._counts(documents)
        return self._weights.fit_transform(counts).astype(np.float32).tocsr()

    def transform(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        return self._weights.transform(self._counts(documents)).astype(np.float32).tocsr()


class RepeatedTfidf:
    """TF-IDF of a CountVectorizer's analysis (`CountVectorizer(**options)`), each distinct text
    analysed once."""

    def __init__(self, **options: object) -> None:
        self._counter = CountVectorizer(**options)
        self._weights = TfidfTransformer(sublinear_tf=True)

    def _counts(self, texts: Sequence[str], *, fit: bool) -> sparse.csr_matrix:
        distinct, rows = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
        counted = self._counter.fit_transform(distinct) if fit else self._counter.transform(distinct)
        return sparse.csr_matrix(counted, dtype=np.float32)[rows]

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._weights.fit_transform(self._counts(texts, fit=True)).astype(np.float32).tocsr()

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._weights.transform(self._counts(texts, fit=False)).astype(np.float32).tocsr()
