"""Writes of the engine's results: matches by upsert, stale marks, and full rematch runs in chunks.

A `Match` is written by upsert on (supply, demand): a rerun updates the score, breakdown and algorithm
version and never duplicates the row nor touches its review (status, reviewer, note) or funnel. Nothing
here deletes a match: a pair that drops out of a listing's top k keeps its row (an admin may be looking
at it); pairs with a listing that left the catalogue are marked stale.

A full rematch is a `MatchRun` split into chunks of listing ids. Workers run the chunks in parallel
(`rematch_start`, a Celery group) or one process runs them in turn (`rematch_run_inline`); both call
`rematch_chunk`, which records its chunk number on the run, so a chunk redelivered after it finished
(tasks are acknowledged late) is not counted twice. The chunk that completes the run marks it done or
failed and marks stale every match of a listing no longer published.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from itertools import chain
from typing import Any, TypeVar

import orjson
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import User
from matching import catalogue
from matching.engine import ScoredPair
from matching.models import Match, MatchRun
from matching.weights import ALGORITHM_VERSION
from platform_site import outbox
from platform_site.collector import collector_paused

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

# Rows per INSERT ... ON CONFLICT statement of bulk_create (the path of databases other than PostgreSQL).
UPSERT_BATCH = 1000
# Ids per IN (...) list: SQLite caps the parameters of a statement.
ID_BATCH = 5000


# ---------------------------------------------------------------------------------------------------
# Matches


def _published_among(ids: Collection[int]) -> set[int]:
    ordered = sorted(ids)
    if connection.vendor == "postgresql":
        # One array, not thousands of placeholders for psycopg to split and PostgreSQL to parse.
        among = RawSQL("SELECT unnest(%s::bigint[])", [ordered])
        return set(catalogue.published_listings().filter(pk__in=among).values_list("pk", flat=True))
    found: set[int] = set()
    for start in range(0, len(ordered), ID_BATCH):
        batch = ordered[start : start + ID_BATCH]
        found.update(catalogue.published_listings().filter(pk__in=batch).values_list("pk", flat=True))
    return found


Row = tuple[int, int, float, list[list[Any]]]  # supply, demand, score, breakdown (ScoredPair.breakdown)


def matches_upsert(pairs: Iterable[ScoredPair], version: str) -> int:
    """Write the pairs whose two listings are published as fresh matches; returns how many rows."""
    unique: dict[tuple[int, int], ScoredPair] = {}
    for pair in pairs:
        # A pair found from both sides comes twice; PostgreSQL refuses to update one row twice in a statement.
        unique.setdefault((int(pair.supply), int(pair.demand)), pair)
    if not unique:
        return 0
    # The engine may be a moment behind the database: a listing withdrawn since is not proposed again,
    # and its stale match stays stale.
    published = _published_among({pk for key in unique for pk in key})
    rows: list[Row] = [
        (supply, demand, pair.score, pair.breakdown())
        # In key order, so that chunks writing overlapping pairs at once lock rows in the same order.
        for (supply, demand), pair in sorted(unique.items())
        if supply in published and demand in published
    ]
    if connection.vendor == "postgresql":
        _upsert_postgresql(rows, version)
    else:
        _upsert_orm(rows, version)
    return len(rows)


def _upsert_orm(rows: Sequence[Row], version: str) -> None:
    Match.objects.bulk_create(
        [
            Match(
                supply_id=supply,
                demand_id=demand,
                score=score,
                breakdown=breakdown,
                algorithm_version=version,
            )
            for supply, demand, score, breakdown in rows
        ],
        batch_size=UPSERT_BATCH,
        update_conflicts=True,
        unique_fields=["supply", "demand"],
        update_fields=["score", "breakdown", "algorithm_version", "stale", "updated_at"],
    )


# The columns the engine writes; the others of a new row take the model's defaults (_upsert_postgresql).
_WRITTEN = (
    "supply_id",
    "demand_id",
    "score",
    "breakdown",
    "algorithm_version",
    "stale",
    "created_at",
    "updated_at",
)

# What a rerun compares: an unchanged row is not rewritten.
_COMPARED = ", ".join(
    f"{Match._meta.db_table}.{column}" for column in ("score", "breakdown", "algorithm_version", "stale")
)


def _upsert_postgresql(rows: Sequence[Row], version: str) -> None:
    """The same upsert by COPY into a temporary table and one INSERT ... ON CONFLICT.

    Measured on 16,000 pairs (one chunk of the 100,000-listing catalogue): bulk_create spends about 4 s
    in Python compiling the statement and quoting the JSON breakdowns into arrays, while the database
    needs 0.8 s; COPY takes 0.6 s. A full rematch writes some 800,000 rows, so this is minutes against
    seconds. Rows whose score, breakdown and version did not change are left alone (no dead tuples,
    no index churn), as are their `updated_at`.
    """
    now = timezone.now()
    defaults = [
        (str(field.column), field.get_db_prep_save(field.get_default(), connection))
        for field in Match._meta.concrete_fields
        if not field.primary_key and not field.null and field.column not in _WRITTEN
    ]
    columns = ", ".join([*_WRITTEN, *(column for column, _value in defaults)])
    with transaction.atomic(), connection.cursor() as cursor:
        # Dropped first: inside an outer transaction the table of an earlier call is still there.
        cursor.execute("DROP TABLE IF EXISTS match_upsert")
        cursor.execute(
            "CREATE TEMPORARY TABLE match_upsert (supply_id bigint, demand_id bigint, score double precision,"
            " breakdown jsonb) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY match_upsert FROM STDIN") as copy:
            for supply, demand, score, breakdown in rows:
                copy.write_row((supply, demand, score, orjson.dumps(breakdown).decode()))
        cursor.execute(
            f"INSERT INTO {Match._meta.db_table} ({columns})"  # noqa: S608 - names from the model, values bound  # nosec B608
            f" SELECT supply_id, demand_id, score, breakdown, %s, false, %s, %s{', %s' * len(defaults)}"
            " FROM match_upsert ORDER BY supply_id, demand_id"
            " ON CONFLICT (supply_id, demand_id) DO UPDATE SET score = EXCLUDED.score,"
            " breakdown = EXCLUDED.breakdown, algorithm_version = EXCLUDED.algorithm_version, stale = false,"
            " updated_at = EXCLUDED.updated_at"
            f" WHERE ({_COMPARED}) IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.breakdown,"
            " EXCLUDED.algorithm_version, false)",
            [version, now, now, *(value for _column, value in defaults)],
        )


def match_listing(*, listing_id: int) -> int:
    """Match one published listing against the catalogue (its top k of the other side); rows written."""
    items = catalogue.load_items([listing_id])
    if not items:  # withdrawn before the task ran
        return 0
    engine = catalogue.current_engine()
    return matches_upsert(engine.match(items[0], k=settings.MATCHING_TOP_K), engine.version)


def matches_mark_stale(*, listing_id: int) -> int:
    """Mark stale the matches of a listing that left the catalogue; an approved one stays approved."""
    if catalogue.published_listings().filter(pk=listing_id).exists():
        return 0  # published again before this ran: its matches are current
    return Match.objects.filter(Q(supply_id=listing_id) | Q(demand_id=listing_id), stale=False).update(
        stale=True, updated_at=timezone.now()
    )


def matches_mark_stale_unpublished() -> int:
    """Mark stale every fresh match whose supply or demand is no longer in the catalogue."""
    published = catalogue.published_listings().values("pk")
    return (
        Match.objects.filter(stale=False)
        .filter(~Q(supply_id__in=published) | ~Q(demand_id__in=published))
        .update(stale=True, updated_at=timezone.now())
    )


# ---------------------------------------------------------------------------------------------------
# Full rematch


def _run_open(
    *, trigger: str, actor: User | None, chunk_size: int | None
) -> tuple[MatchRun, list[list[int]]]:
    """A new run over the published catalogue, and its chunks of listing ids; an empty one is done."""
    size = chunk_size or settings.MATCHING_CHUNK_SIZE
    ids = list(catalogue.published_listings().order_by("pk").values_list("pk", flat=True))
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)]
    run = MatchRun.objects.create(
        trigger=trigger,
        started_by=actor,
        algorithm_version=ALGORITHM_VERSION,
        chunks_total=len(chunks),
        listings_total=len(ids),
    )
    if not chunks:
        run.save(update_fields=_finish(run))
    return run, chunks


def _finish(run: MatchRun) -> list[str]:
    """Close a run whose chunks are all done; returns the fields it set."""
    run.matches_staled = matches_mark_stale_unpublished()
    run.status = MatchRun.Status.FAILED if run.errors else MatchRun.Status.DONE
    run.finished_at = timezone.now()
    return ["matches_staled", "status", "finished_at"]


def rematch_start(*, trigger: str, actor: User | None = None, chunk_size: int | None = None) -> MatchRun:
    """Start a full rematch run by the workers, one task per chunk, sent when the run commits (through
    the outbox: a broker outage delays the run, it does not lose chunks)."""
    from matching.tasks import rematch_chunk as chunk_task

    with transaction.atomic():
        run, chunks = _run_open(trigger=trigger, actor=actor, chunk_size=chunk_size)
        for number, ids in enumerate(chunks):
            outbox.enqueue(chunk_task, run.pk, number, ids)
    return run


def rematch_run_inline(
    *,
    trigger: str,
    actor: User | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> MatchRun:
    """Run a full rematch in this process, chunk after chunk; `progress` hears (listings done, listings
    in the run) at the start and after each chunk."""
    with transaction.atomic():
        run, chunks = _run_open(trigger=trigger, actor=actor, chunk_size=chunk_size)
    report = progress or (lambda done, total: None)
    report(0, run.listings_total)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _run_pipelined(run, chunks, report)
    else:
        # SQLite has one writer at a time, and a second thread's connection would not see the rows of
        # a transaction this one is in (tests): chunk after chunk.
        done = 0
        for number, ids in enumerate(chunks):
            rematch_chunk(run_id=run.pk, chunk_number=number, listing_ids=ids)
            done += len(ids)
            report(done, run.listings_total)
    run.refresh_from_db()
    return run


def _run_pipelined(
    run: MatchRun, chunks: Sequence[Sequence[int]], report: Callable[[int, int], object]
) -> None:
    """Score each chunk while a second thread writes the one before it.

    The upsert is mostly the database's work, in its own process: scoring the next chunk meanwhile
    keeps a second core busy that would otherwise wait (a full rematch of 100,000 listings spent two
    fifths of its time waiting for writes). One chunk is written at a time, in order: a chunk is handed
    to the writer once the write before it is done, so that at most two chunks of pairs are held, one
    being written and one being scored.
    """
    done = 0
    # Paused for the whole run, not chunk by chunk: see _match_chunk. (The collector is the process's:
    # a pause per chunk in each thread would also turn it back on while the other thread's chunk is held.)
    with collector_paused(), ThreadPoolExecutor(max_workers=1, thread_name_prefix="rematch-writer") as writer:
        try:
            writing: Future[int] | None = None
            for number, ids in enumerate(chunks):
                pairs, error = _attempt(run.pk, number, ids, partial(_score_chunk, ids))
                if writing is not None:
                    writing.result()
                    report(done, run.listings_total)
                writing = writer.submit(_write_chunk, run.pk, number, ids, pairs, error)
                done += len(ids)
            if writing is not None:
                writing.result()
                report(done, run.listings_total)
        finally:
            writer.submit(connections.close_all).result()  # the writer thread's own connection


def _score_chunk(listing_ids: Sequence[int]) -> list[ScoredPair]:
    """The top k pairs of each listing of a chunk."""
    engine = catalogue.current_engine()
    # The engine holds the listings as it just read them; only those it lacks (published since) are read.
    held = [engine.get(pk) for pk in listing_ids]
    items = [item for item in held if item is not None]
    missing = [pk for pk, item in zip(listing_ids, held, strict=True) if item is None]
    if missing:
        items += catalogue.load_items(missing)
    found = engine.match_many(items, settings.MATCHING_TOP_K)
    return list(chain.from_iterable(found.values()))


def _match_chunk(listing_ids: Sequence[int]) -> int:
    # The collector is paused until the chunk's pairs are written and freed. Its collections found
    # next to nothing among the tens of thousands of features and rows a chunk makes (references free
    # them), and turning it back on while they were held cost a collection over all of them: 90 ms a
    # chunk, 5 s of a rematch of 100,000 listings.
    with collector_paused():
        return matches_upsert(_score_chunk(listing_ids), ALGORITHM_VERSION)


def _write_chunk(
    run_id: int,
    chunk_number: int,
    listing_ids: Sequence[int],
    pairs: list[ScoredPair] | None,
    error: dict[str, Any] | None,
) -> int:
    """Write a scored chunk (none when scoring failed) and record it on the run; returns rows written.
    The rows are made here, not in the scoring thread: that one is the slower of the two."""
    written: int | None = 0
    if pairs is not None:
        written, error = _attempt(
            run_id, chunk_number, listing_ids, partial(matches_upsert, pairs, ALGORITHM_VERSION)
        )
    return _record_chunk(run_id, chunk_number, listing_ids, written or 0, error)


def _attempt(
    run_id: int, chunk_number: int, listing_ids: Sequence[int], work: Callable[[], _T]
) -> tuple[_T | None, dict[str, Any] | None]:
    """Do a chunk's work: its result, or the error to record on the run (a bug, a bad row). A
    connection error is transient (broker, cache): it is raised, and the task retries the chunk."""
    try:
        return work(), None
    except ConnectionError:
        raise
    except Exception as exc:
        logger.error("Rematch run %s: chunk %s failed", run_id, chunk_number, exc_info=exc)
        error = {
            "chunk": chunk_number,
            "error": f"{type(exc).__name__}: {exc}",
            "listing_ids": list(listing_ids),
        }
        return None, error


def rematch_chunk(*, run_id: int, chunk_number: int, listing_ids: Sequence[int]) -> int:
    """Match one chunk of a run and add its counts to the run, once; returns the match rows written."""
    finished = MatchRun.objects.filter(pk=run_id).values_list("chunks_finished", flat=True).first()
    if finished is None or chunk_number in finished:
        return 0  # the run is gone, or this chunk was redelivered after it finished: nothing to do
    written, error = _attempt(run_id, chunk_number, listing_ids, partial(_match_chunk, listing_ids))
    return _record_chunk(run_id, chunk_number, listing_ids, written or 0, error)


def _record_chunk(
    run_id: int, chunk_number: int, listing_ids: Sequence[int], written: int, error: dict[str, Any] | None
) -> int:
    """Add a finished chunk's counts (and error) to its run, once; the last chunk closes the run."""
    with transaction.atomic():
        # The row lock makes "not yet recorded, so record and count" one step for racing deliveries of
        # the same chunk and for the chunks that finish together (the last one closes the run). The
        # finished-chunk list cannot be appended with an F() expression portably, so the counts are
        # added under the same lock.
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if chunk_number in run.chunks_finished:
            return 0
        run.chunks_finished = [*run.chunks_finished, chunk_number]
        run.chunks_done += 1
        run.listings_done += len(listing_ids)
        run.matches_written += written
        fields = ["chunks_finished", "chunks_done", "listings_done", "matches_written"]
        if error is not None:
            run.errors = [*run.errors, error]
            fields.append("errors")
        if run.chunks_done >= run.chunks_total:
            fields += _finish(run)
        run.save(update_fields=fields)
    return written
