"""Speed of the matching engine with 100,000 listings in PostgreSQL, against the naive pairwise loop.

    .venv/bin/python bench/matching.py                 # builds the catalogue on first use, then reuses it
    .venv/bin/python bench/matching.py --rebuild       # seeds the benchmark database again
    .venv/bin/python bench/matching.py --skip-workers  # without the Celery worker runs
    .venv/bin/python bench/matching.py --workers-only  # only them

Prints, in order:
1. the engine build: the published catalogue read from PostgreSQL, vectorised and profiled;
2. a full rematch in this process (`rematch_run_inline`): read, score, write the top k of every listing,
   with the process's peak memory;
3. the naive pairwise Python loop (every demand against every supply of its kind, each pair scored
   feature by feature), timed on a sample and extrapolated, and the speed-up;
4. one new listing against the catalogue in a warm process: p50 and p95 of the engine alone and of the
   `match_listing` service (read, score, write);
5. with real Celery workers (Redis at REDIS_URL, database 13 by default): the full rematch by one worker
   and by two, each run twice (the workers build their engines, then find them built, as a nightly
   rematch does), and the time from the API call that publishes a listing to its matches being readable.

The database named in BENCH_MATCHING_DATABASE_URL (default chainmatch_bench_matching) is dropped and
created when it is rebuilt: never point it at data you want to keep.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search import bench_env, ensure_catalogue, percentile  # noqa: E402 - the search bench's helpers
from workers import start_worker, stop  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chainmatch_bench_matching"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--skip-workers", action="store_true")
    parser.add_argument("--workers-only", action="store_true", help="only the Celery worker runs")
    parser.add_argument("--naive-sample", type=int, default=20, help="demands in the naive loop's sample")
    parser.add_argument("--publish-latency", action="store_true", help=argparse.SUPPRESS)  # the child run
    options = parser.parse_args()
    if options.publish_latency:
        publish_latency()
        return

    url = os.environ.get("BENCH_MATCHING_DATABASE_URL", DEFAULT_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    env = bench_env(url)
    ensure_catalogue(url, options.listings, env, rebuild_anyway=options.rebuild)
    if options.workers_only:
        workers_bench(env, redis_url)
        return

    # This process: tasks in-process (no broker), so that publishing here matches here.
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from matching import catalogue
    from matching.engine import Engine
    from matching.models import Match, MatchRun
    from matching.services.matching import match_listing, rematch_run_inline
    from platform_site.collector import collector_paused

    k = settings.MATCHING_TOP_K
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE matching_match, matching_matchevent, matching_matchrun RESTART IDENTITY CASCADE"
        )

    # 1. The engine build.
    started = time.perf_counter()
    items = catalogue.load_items()
    read = time.perf_counter() - started
    engine = Engine(items)
    built = time.perf_counter() - started
    supplies = sum(1 for item in items if item.side == "supply")
    print(
        f"catalogue: {len(items)} published listings, {supplies} supply, "
        f"{len(items) - supplies} demand; k = {k}"
    )
    print(f"engine build: read {read:.1f} s, total {built:.1f} s; peak memory so far {peak_mb():.0f} MB")

    # 2. A full rematch in this process, with the engine it fits itself (the one above is let go, so
    # that the peak memory is the rematch's).
    del engine, items
    catalogue.forget_engine()
    started = time.perf_counter()
    run = rematch_run_inline(trigger=MatchRun.Trigger.COMMAND)
    inline_seconds = time.perf_counter() - started
    print(
        f"full rematch, one process: {inline_seconds:.1f} s for {run.listings_done} listings "
        f"({run.chunks_total} chunks), {run.matches_written} match rows written, "
        f"{Match.objects.count()} matches stored; peak memory {peak_mb():.0f} MB; goal 60 s, 4 GiB"
    )

    # 3. The naive loop: every pair scored feature by feature, text similarity included.
    engine = catalogue.current_engine()
    rng = random.Random(7)
    demands = [item for item in engine.items if item.side == "demand" and item.key in engine]
    sample = rng.sample(demands, min(options.naive_sample, len(demands)))
    by_kind: dict[str, list[int]] = {}
    for row, item in enumerate(engine.items):
        if item.side == "supply" and item.key in engine:
            by_kind.setdefault(item.kind, []).append(row)
    pairs_total = sum(len(by_kind.get(d.kind, [])) for d in demands)
    started, pairs_timed = time.perf_counter(), 0
    with collector_paused():  # as the rematch's chunks run: the speed-up is not the collector's
        for demand in sample:
            d_row = engine.row[demand.key]
            d_text, d_category = engine.text_matrix[d_row], engine.category_matrix[d_row]
            for s_row in by_kind.get(demand.kind, []):
                text = float(d_text.multiply(engine.text_matrix[s_row]).sum())
                category = float(d_category.multiply(engine.category_matrix[s_row]).sum())
                engine.score(demand, engine.items[s_row], text, category)
                pairs_timed += 1
    naive_seconds = time.perf_counter() - started
    per_pair = naive_seconds / max(pairs_timed, 1)
    extrapolated = per_pair * pairs_total
    print(
        f"naive pairwise loop: {pairs_timed} pairs in {naive_seconds:.1f} s "
        f"({per_pair * 1e6:.0f} us a pair); "
        f"all {pairs_total:,} demand-supply pairs would take {extrapolated / 3600:.1f} h; "
        f"the rematch is {extrapolated / inline_seconds:,.0f}x faster (goal 1,000x)"
    )

    # 4. One new listing against the catalogue, in a warm process.
    newcomers = rng.sample(demands, 100) + rng.sample([i for i in engine.items if i.side == "supply"], 100)
    engine_ms, service_ms = [], []
    for item in newcomers:
        outsider = type(item)(**{**{f: getattr(item, f) for f in item.__dataclass_fields__}, "key": -1})
        started = time.perf_counter()
        engine.match(outsider, k=k)
        engine_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        match_listing(listing_id=int(item.key))
        service_ms.append((time.perf_counter() - started) * 1000)
    for label, times in (
        ("engine only", engine_ms),
        ("match_listing service (read, score, write)", service_ms),
    ):
        print(
            f"one new listing against {len(engine)}, warm, {label}: p50 {statistics.median(times):.1f} ms, "
            f"p95 {percentile(times, 95):.1f} ms (goal p95 20 ms)"
        )

    if not options.skip_workers:
        workers_bench(env, redis_url)


def workers_bench(env: dict[str, str], redis_url: str) -> None:
    """The full rematch by one and by two workers, then publish-to-readable with one worker."""
    worker_env = {**env, "REDIS_URL": redis_url}
    for count in (1, 2):
        subprocess.run(["redis-cli", "-u", redis_url, "FLUSHDB"], check=True, capture_output=True)
        workers = [start_worker(worker_env, f"bench{count}-{n}@%h") for n in range(count)]
        try:
            # Then again: a nightly rematch finds the workers running, their engines built.
            for state in ("each builds its engine", "engines already built"):
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "manage.py", "rematch", "--async"], cwd=ROOT, env=worker_env, check=True,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                seconds = time.perf_counter() - started
                print(f"full rematch, {count} worker(s) ({state}): {seconds:.1f} s")
        finally:
            stop(workers)
    # As docker-compose runs them: the default queue's worker, and one for the background queue (the
    # statistics' warm-up after each publication).
    workers = [
        start_worker(worker_env, "bench-publish@%h", queues="celery"),
        start_worker(worker_env, "bench-background@%h", queues="background"),
    ]
    try:
        subprocess.run([sys.executable, __file__, "--publish-latency"], env=worker_env, check=True)
    finally:
        stop(workers)


def publish_latency(rounds: int = 30) -> None:
    """From the API call that publishes a listing to its matches being readable, with a real worker.

    Runs in a child process configured for Redis (REDIS_URL), so that the publication's task goes to the
    worker. Each round takes a published demand back to review (bench setup, not a business path) and
    approves it through the staff API; the clock stops when its first match is readable.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")
    import django

    django.setup()
    from django.db import connection
    from rest_framework.test import APIClient

    from accounts.models import User
    from listings.models import Listing
    from matching.models import Match

    staff = User.objects.filter(is_staff=True).first()
    assert staff is not None  # noqa: S101 - the seed makes an admin
    client = APIClient()
    client.force_authenticate(staff)
    # Demands the rematch found matches for: about one in eight has none (no supplier offers anything
    # like it), and the clock would wait for a match that never comes.
    matched = Match.objects.values("demand_id")
    demands = list(
        Listing.objects.filter(status="published", side="demand", kind="product", pk__in=matched).order_by(
            "?"
        )[: rounds + 1]
    )
    times = []
    for n, listing in enumerate(demands):
        # Setup, not a business path: back to review, without the matches a rematch already wrote (an
        # upsert leaves unchanged rows alone, so only a new row shows that the task ran).
        Listing.objects.filter(pk=listing.pk).update(status="pending_review")
        Match.objects.filter(demand=listing).delete()
        started = time.perf_counter()
        response = client.post(f"/api/v1/listings/{listing.pk}/approve/", {"note": "bench"}, format="json")
        assert response.status_code == 200, response.content[:300]  # noqa: S101 - a broken bench must stop
        deadline = started + 30
        while time.perf_counter() < deadline:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM matching_match WHERE demand_id = %s LIMIT 1", [listing.pk])
                if cursor.fetchone():
                    break
            time.sleep(0.005)
        if n:  # the first round warms the worker (its engine, its connections)
            times.append((time.perf_counter() - started) * 1000)
    count = Match.objects.filter(demand__in=demands).count()
    print(
        f"publish through the API to matches readable, one warm worker (and one for the background queue), "
        f"{len(times)} demands: "
        f"p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 95):.0f} ms (goal p95 500 ms); "
        f"{count} matches"
    )


if __name__ == "__main__":
    main()
