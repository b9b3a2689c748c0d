"""Latency of the statistics API with 100,000 listings in PostgreSQL and the figures cached in Redis.

    .venv/bin/python bench/stats.py                     # builds the catalogue and activity on first use
    .venv/bin/python bench/stats.py --rounds 10 --warm 300
    BENCH_STATS_DATABASE_URL=postgres://.../chainmatch_bench_search .venv/bin/python bench/stats.py

The database named in BENCH_STATS_DATABASE_URL (default chainmatch_bench_stats; the search bench's
chainmatch_bench_search works as well) gets the 100,000-listing catalogue of `manage.py seed
--listings` when it has fewer published listings (bench/search.py's `ensure_catalogue`, which drops
and recreates it: never point it at data you want to keep), then, once, synthetic activity written
with bulk inserts: --matches matches between published listings of the same segment at every step of
the funnel, --orders orders between verified enterprises in every status over the last 18 months,
and --applications financing applications. The cache is Redis database 13 (BENCH_STATS_REDIS_URL),
flushed by the cold rounds.

Requests go through the whole Django and DRF stack in-process (no HTTP server), with production
settings (debug off), as an anonymous visitor (the public figures) and as platform staff with a
token (everything). Measured:
- cold: the cache flushed, every section computed (the first request after a deploy or a flush);
- after a change: one source's version bumped, as a save of a listing or an order does; the reader is
  served the latest figures while a worker is queued to recompute the sections that read it;
- warm: the figures in Redis, the steady state: `/api/v1/stats/` public and staff, a CSV, the page;
- with writes and a worker: a real Celery worker running, a listing, order, match or enterprise
  change every --change-every requests (as the save signals report it), requests paced --pace-ms
  apart, so the worker's recomputations compete with the readers for the two cores.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This file is bench/stats.py: its folder must not stay first on the path, or `import stats` (the
# Django app) would find this script. The search bench's helpers are imported as bench.search.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.search import bench_env, ensure_catalogue, percentile  # noqa: E402 - needs the path set above
from bench.workers import start_worker, stop  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chainmatch_bench_stats"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
GOAL_MS = 100.0


def ensure_activity(url: str, matches: int, orders: int, applications: int) -> None:
    """Matches, orders and financing applications for the figures to count, written once (bulk)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Enterprise
    from accounts.taxonomy import Theme
    from financing.models import FinancingApplication
    from listings.choices import Side
    from listings.models import Listing
    from matching.models import Match
    from orders.models import Order

    if Match.objects.count() >= matches and Order.objects.count() >= orders:
        return
    started = time.perf_counter()
    rng = random.Random(6)
    now = timezone.now()
    published = Listing.objects.filter(status=Listing.Status.PUBLISHED)
    supply_by_segment: dict[str, list[tuple[int, int, Decimal | None]]] = {}
    for pk, segment, enterprise_id, price in published.filter(side=Side.SUPPLY).values_list(
        "pk", "segment", "enterprise_id", "price_min"
    ):
        supply_by_segment.setdefault(segment, []).append((pk, enterprise_id, price))
    demands = list(published.filter(side=Side.DEMAND).values_list("pk", "segment", "enterprise_id"))
    companies = list(
        Enterprise.objects.filter(status=Enterprise.Status.VERIFIED).values_list("pk", "region_id")
    )
    institutions = list(
        Enterprise.objects.filter(
            status=Enterprise.Status.VERIFIED, theme=Theme.FINANCIAL_INSTITUTION
        ).values_list("pk", flat=True)
    )

    def moment(days_back: int) -> datetime.datetime:
        return now - datetime.timedelta(days=rng.uniform(0, days_back))

    rows: list[Match] = []
    pairs: set[tuple[int, int]] = set()
    while len(rows) < matches:
        demand, segment, _buyer = rng.choice(demands)
        supply = rng.choice(supply_by_segment[segment])[0]
        if (supply, demand) in pairs:
            continue
        pairs.add((supply, demand))
        created = moment(540)
        match = Match(
            supply_id=supply,
            demand_id=demand,
            score=round(rng.uniform(0.4, 0.99), 3),
            breakdown=[],
            algorithm_version="bench",
            created_at=created,
            updated_at=created,
        )
        # Synthetic history written in bulk (50,000 rows): the review services would take hours and the
        # figures only need the states and times a review leaves behind.
        fate = rng.random()
        if fate < 0.35:
            match.status = Match.Status.APPROVED
            match.reviewed_at = created + datetime.timedelta(hours=rng.uniform(1, 72))
            step = rng.random()
            if step < 0.6:
                match.contacted_at = match.reviewed_at + datetime.timedelta(hours=rng.uniform(1, 96))
            if step < 0.3:
                match.quoted_at = match.reviewed_at + datetime.timedelta(days=rng.uniform(2, 20))
            if step < 0.12:
                match.ordered_at = match.reviewed_at + datetime.timedelta(days=rng.uniform(5, 60))
        elif fate < 0.45:
            match.status = Match.Status.REJECTED
            match.reviewed_at = created + datetime.timedelta(hours=rng.uniform(1, 72))
            match.review_note = "bench"
        rows.append(match)

    statuses = [
        (Order.Status.PLACED, 0.1), (Order.Status.ACCEPTED, 0.2), (Order.Status.SHIPPED, 0.15),
        (Order.Status.DELIVERED, 0.1), (Order.Status.COMPLETED, 0.3), (Order.Status.REJECTED, 0.05),
        (Order.Status.CANCELLED, 0.05), (Order.Status.EXPIRED, 0.05),
    ]  # fmt: skip
    all_supply = [row for rows_ in supply_by_segment.values() for row in rows_]
    order_rows: list[Order] = []
    while len(order_rows) < orders:
        listing, seller, price = rng.choice(all_supply)
        buyer, buyer_region = rng.choice(companies)
        if buyer == seller:
            continue
        quantity = Decimal(rng.randint(1, 500))
        unit_price = price or Decimal(rng.randint(100, 5000))
        status = rng.choices([s for s, _w in statuses], [w for _s, w in statuses])[0]
        created = moment(540)
        order_rows.append(
            Order(
                listing_id=listing,
                buyer_id=buyer,
                seller_id=seller,
                quantity=quantity,
                unit="件",
                unit_price=unit_price,
                total=(quantity * unit_price).quantize(Decimal("0.01")),
                delivery_region_id=buyer_region,
                delivery_address="bench",
                status=status,
                reject_reason="bench" if status == Order.Status.REJECTED else "",
                created_at=created,
                updated_at=created,
            )
        )

    Status = FinancingApplication.Status
    app_rows: list[FinancingApplication] = []
    while len(app_rows) < applications and institutions:
        applicant = rng.choice(companies)[0]
        institution = rng.choice(institutions)
        if applicant == institution:
            continue
        amount = Decimal(rng.randint(10, 500) * 100_000)
        created = moment(540)
        status = rng.choices(
            [Status.SUBMITTED, Status.UNDER_REVIEW, Status.APPROVED, Status.DECLINED, Status.DISBURSED],
            [0.15, 0.15, 0.2, 0.2, 0.3],
        )[0]
        app = FinancingApplication(applicant_id=applicant, institution_id=institution, amount=amount,
                                   term_months=12, purpose="bench", consent_at=created, status=status,
                                   created_at=created, updated_at=created)  # fmt: skip
        if status in (Status.APPROVED, Status.DISBURSED, Status.DECLINED):
            app.decided_at = created + datetime.timedelta(days=rng.uniform(3, 30))
        if status in (Status.APPROVED, Status.DISBURSED):
            app.approved_amount = amount
        if status == Status.DECLINED:
            app.decline_reason = "bench"
        if status == Status.DISBURSED:
            app.disbursed_amount = amount
            app.disbursed_at = (app.decided_at or created) + datetime.timedelta(days=rng.uniform(1, 10))
        app_rows.append(app)

    # created_at is auto_now_add: bulk_create would overwrite the back-dated times without this.
    for model in (Match, Order, FinancingApplication):
        model._meta.get_field("created_at").auto_now_add = False  # type: ignore[union-attr]
        model._meta.get_field("updated_at").auto_now = False  # type: ignore[union-attr]
    with transaction.atomic():
        Match.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        Order.objects.bulk_create(order_rows, batch_size=2000)
        FinancingApplication.objects.bulk_create(app_rows, batch_size=2000)
    connection.close()
    subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)
    print(
        f"activity: {len(rows)} matches, {len(order_rows)} orders, {len(app_rows)} financing applications "
        f"in {time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--matches", type=int, default=50_000)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--applications", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=10, help="cold and after-a-change rounds")
    parser.add_argument("--warm", type=int, default=200, help="warm requests of each kind")
    parser.add_argument("--mixed", type=int, default=600, help="requests with writes and a worker")
    parser.add_argument("--change-every", type=int, default=20)
    parser.add_argument("--pace-ms", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()

    url = os.environ.get("BENCH_STATS_DATABASE_URL", DEFAULT_URL)
    redis_url = os.environ.get("BENCH_STATS_REDIS_URL", DEFAULT_REDIS)
    env = bench_env(url)
    ensure_catalogue(url, options.listings, env, rebuild_anyway=options.rebuild)
    os.environ.update(env)
    os.environ["REDIS_URL"] = redis_url  # the figures are cached in Redis, as in production
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")
    import django

    django.setup()
    from django.core.cache import cache as django_cache
    from django.db import connection
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from stats import cache
    from stats.figures import SECTIONS

    ensure_activity(url, options.matches, options.orders, options.applications)
    from django.conf import settings

    assert "Redis" in settings.CACHES["default"]["BACKEND"], "the bench needs the Redis cache"  # noqa: S101

    from django.test.utils import override_settings

    # Pages name static files through the manifest that `collectstatic` writes in a deployment; the
    # bench has none, so it names them plainly (a dictionary look-up either way).
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    admin = User.objects.get(email="admin@demo.chainmatch.cn")
    token, _ = Token.objects.get_or_create(user=admin)
    public = Client()
    staff = Client(HTTP_AUTHORIZATION=f"Token {token.key}")

    sent = 0

    def timed(client: Client, path: str) -> float:
        nonlocal sent
        sent += 1
        # A visitor address per request: the anonymous rate limit (600/minute) would stop a long run.
        address = f"10.{sent // 65536 % 256}.{sent // 256 % 256}.{sent % 256}"
        started = time.perf_counter()
        response = client.get(path, REMOTE_ADDR=address)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content[:300]  # noqa: S101 - a broken bench must stop
        return elapsed

    def rounds(prepare: Callable[[], None], client: Client, path: str, n: int) -> list[float]:
        times = []
        for _ in range(n):
            prepare()
            times.append(timed(client, path))
        return times

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM listings_listing WHERE status = 'published'),"
            " (SELECT count(*) FROM matching_match), (SELECT count(*) FROM orders_order),"
            " (SELECT count(*) FROM financing_financingapplication),"
            " (SELECT count(*) FROM accounts_enterprise)"
        )
        listings, matches, orders, applications, enterprises = cursor.fetchone()
    print(
        f"data: {listings} published listings, {enterprises} enterprises, {matches} matches, "
        f"{orders} orders, {applications} financing applications"
    )

    # Warm up the process (imports, connections, templates), then time each section alone.
    timed(staff, "/api/v1/stats/")
    print("cold computation of each section (median of 3):")
    for name, (compute, sources) in SECTIONS.items():
        samples = []
        for _ in range(3):
            started = time.perf_counter()
            compute()
            samples.append((time.perf_counter() - started) * 1000)
        print(f"  {name:<13} {sorted(samples)[1]:7.1f} ms   (stale when {', '.join(sources)} change)")

    api, gaps_csv, orders_csv = (
        "/api/v1/stats/",
        "/api/v1/stats/chain-gaps.csv",
        "/api/v1/stats/orders-by-month.csv",
    )
    n = options.rounds
    results: list[tuple[str, list[float]]] = [
        ("cold: /api/v1/stats/ (public)", rounds(django_cache.clear, public, api, n)),
        ("cold: /api/v1/stats/ (staff)", rounds(django_cache.clear, staff, api, n)),
        ("cold: chain-gaps.csv (staff)", rounds(django_cache.clear, staff, gaps_csv, n)),
    ]
    # Not timed: every section in the cache again, then a stale read, which opens the process's
    # broker connection. A change meets a full cache, as in production.
    for _ in range(2):
        cache.bump("financing")
        timed(public, api)
    results += [
        ("after an order changes", rounds(lambda: cache.bump("orders"), public, api, n)),
        ("after a listing changes", rounds(lambda: cache.bump("listings"), public, api, n)),
    ]
    started = time.perf_counter()
    recomputed = cache.warm()
    print(f"a worker's refresh of {', '.join(recomputed)}: {(time.perf_counter() - started) * 1000:.0f} ms")
    timed(public, api)  # fill the cache again
    timed(staff, api)

    def nothing() -> None:
        return None

    n = options.warm
    results += [
        ("warm: /api/v1/stats/ (public)", rounds(nothing, public, api, n)),
        ("warm: /api/v1/stats/ (staff)", rounds(nothing, staff, api, n)),
        ("warm: orders-by-month.csv", rounds(nothing, public, orders_csv, n)),
        ("warm: chain-gaps.csv (staff)", rounds(nothing, staff, gaps_csv, n)),
        ("warm: /stats/ page (public)", rounds(nothing, public, "/stats/", n)),
    ]
    worker_env = env | {"REDIS_URL": redis_url}
    results.append(("with writes and a worker", mixed(options, worker_env, timed, public, staff)))
    print(f"{'request':<34} {'n':>4} {'p50':>9} {'p95':>9} {'max':>9}")
    for label, times in results:
        print(
            f"{label:<34} {len(times):>4} {percentile(times, 50):>7.1f}ms {percentile(times, 95):>7.1f}ms "
            f"{max(times):>7.1f}ms"
        )
    for goal, prefix in (("warm API", "warm: /api"), ("API with writes and a worker", "with writes")):
        times = [t for name, samples in results if name.startswith(prefix) for t in samples]
        verdict = "met" if percentile(times, 95) <= GOAL_MS else "NOT met"
        print(f"goal: {goal} p95 <= {GOAL_MS:.0f} ms: {verdict}")


def mixed(
    options: argparse.Namespace, env: dict[str, str], timed: Callable[..., float], public: Any, staff: Any
) -> list[float]:
    """Readers of the public and staff figures while data changes and a real worker refreshes them."""
    from django.core.cache import cache as django_cache

    from stats import cache, receivers
    from stats.figures import SECTIONS

    rng = random.Random(8)
    workers = [start_worker(env, "bench-stats@%h")]
    times: list[float] = []
    try:
        time.sleep(3)  # the worker connects
        for sent in range(options.mixed):
            if sent % options.change_every == 0:
                receivers.changed(rng.choice(("listings", "orders", "matches", "enterprises")))
            client = staff if sent % 3 == 0 else public
            times.append(timed(client, "/api/v1/stats/"))
            time.sleep(options.pace_ms / 1000)
        time.sleep(cache.WARM_DELAY + 5)  # the last change's refresh
        current = cache.versions()
        behind = [name for name in SECTIONS if django_cache.get(cache.section_key(name, current)) is None]
    finally:
        stop(workers)
    print(
        f"with writes and a worker: {options.mixed} requests, a change every {options.change_every}; "
        f"afterwards the worker had refreshed {len(SECTIONS) - len(behind)} of {len(SECTIONS)} sections"
    )
    return times


if __name__ == "__main__":
    main()
