"""Readying a web server process before its first request (wsgi.py and asgi.py call `warm_up`)."""

from __future__ import annotations

import gc


def warm_up() -> None:
    """Load the search segmenter's dictionary and freeze what is loaded out of the garbage collector's
    full passes.

    The dictionary takes a second to load: left lazy, the first search of every server process pays
    it. And every full collection of the oldest generation walks all tracked objects, the dictionary
    and Django's loaded modules among them: measured 120-130 ms a collection, paid by whichever request
    happened to set it off (the slowest twentieth of catalogue searches). Frozen objects are never
    walked again; what requests allocate is collected as before.
    """
    from listings.search.text import query_terms

    query_terms("电池管理系统 battery")
    gc.collect()
    gc.freeze()
