"""How matching follows the catalogue: listings' signals, connected in `MatchingConfig.ready()`.

`listings` cannot import matching (dependencies point one way), so it announces publications and
withdrawals after they commit, and matching reacts here. The imports are inside the receivers: this
module is imported at every start-up (web, commands), and the engine's scikit-learn takes a second.
"""

from __future__ import annotations

from typing import Any

from platform_site import outbox


def on_listing_published(sender: Any, *, listing_id: int, **kwargs: Any) -> None:
    """A listing entered the catalogue: tell every engine, then match it in a worker."""
    from matching.catalogue import bump_catalogue_version
    from matching.tasks import match_listing

    # Bumped first, so that the worker matching it sees the new version and adds the listing.
    bump_catalogue_version()
    # The signal comes after commit, where the task is sent at once; inside an outer atomic block (a
    # test, a bulk job) it waits for that block, so the worker never reads an uncommitted listing.
    outbox.enqueue(match_listing, listing_id)


def on_listing_withdrawn(sender: Any, *, listing_id: int, **kwargs: Any) -> None:
    """A listing left the catalogue (closed, expired, back to review): its matches go stale."""
    from matching.catalogue import bump_catalogue_version
    from matching.services.matching import matches_mark_stale

    matches_mark_stale(listing_id=listing_id)
    bump_catalogue_version()
