"""A server process readies itself before its first request (platform_site.warmup)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from listings.search import text
from platform_site.warmup import warm_up


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the test process keeps collecting everything, as before


def test_warm_up_loads_the_segmenter_and_freezes_the_heap_out_of_full_collections(thawed: None) -> None:
    text._segmenter.cache_clear()

    warm_up()

    assert text._segmenter.cache_info().currsize == 1  # the first search does not load the dictionary
    assert gc.get_freeze_count() > 10_000  # Django's modules and the dictionary are not walked again
