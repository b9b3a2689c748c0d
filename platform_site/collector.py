"""Pausing Python's cyclic garbage collector around work that builds many short- and long-lived objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block with the cyclic collector off, then turn it back on if it was on.

    Memory is still freed as references drop; only garbage with reference cycles waits for the next
    collection after the block. Measured on the matching engine: building it spent a quarter of its
    time, and scoring a rematch chunk two fifths, in collections that found next to nothing.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
