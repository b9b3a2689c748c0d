"""Celery tasks of matching: thin wrappers that call one service each.

They take ids, never rows: a task may run long after it was sent, and reads the database as it is then.
All are idempotent (upserts, a run record that counts each chunk once), as late acknowledgement needs.
"""

from __future__ import annotations

from celery import shared_task

from matching.models import MatchRun
from matching.services import matching


@shared_task(
    name="matching.match_listing",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
    # A cold worker fits the engine over the whole catalogue first (seconds for 100,000 listings).
    soft_time_limit=120,
    time_limit=180,
)
def match_listing(listing_id: int) -> int:
    """Match a newly published listing against the catalogue."""
    return matching.match_listing(listing_id=listing_id)


@shared_task(
    name="matching.rematch_chunk",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=540,
    time_limit=600,
)
def rematch_chunk(run_id: int, chunk_number: int, listing_ids: list[int]) -> int:
    """Match one chunk of a full rematch run."""
    return matching.rematch_chunk(run_id=run_id, chunk_number=chunk_number, listing_ids=listing_ids)


@shared_task(
    name="matching.rematch_nightly",
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=120,
    time_limit=180,
)
def rematch_nightly() -> int:
    """Nightly (beat): start a full rematch by the workers; returns the run's id."""
    return matching.rematch_start(trigger=MatchRun.Trigger.SCHEDULE).pk
