"""The cyclic garbage collector paused around heavy work always comes back (platform_site.collector)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from platform_site.collector import collector_paused


@pytest.fixture
def collecting() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_on_again_after(collecting: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_block_fails(collecting: None) -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a chunk failed")
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off(collecting: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
