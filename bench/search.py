"""Latency of the catalogue search API with 100,000 listings in PostgreSQL, against a plain-SQL floor.

    .venv/bin/python bench/search.py                   # builds the catalogue on first use, then reuses it
    .venv/bin/python bench/search.py --rebuild         # drops and seeds the benchmark database again
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/search.py --listings 100000 --rounds 30

The database named in BENCH_DATABASE_URL (default chainmatch_bench_search) is dropped and created when
it is rebuilt: never point it at data you want to keep.

Each request of a fixed query mix (Chinese text, English text, alias terms, facets only, text plus
facets) goes through the whole Django and DRF stack in-process (token authentication, filters, search,
pagination, serialisation; no HTTP server). The floor runs the very SQL statements that request ran
(count and page, prefetches) straight through psycopg, so the ratio shows what the framework adds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chainmatch_bench_search"

QUERIES: dict[str, list[dict[str, str]]] = {
    "chinese text": [
        {"q": "电池"},
        {"q": "激光雷达"},
        {"q": "线束"},
        {"q": "电驱动总成"},
        {"q": "一体化压铸"},
    ],
    "english text": [
        {"q": "battery pack"},
        {"q": "wire harness"},
        {"q": "lidar"},
        {"q": "thermal management"},
    ],
    "alias terms": [{"q": "BMS"}, {"q": "LFP"}, {"q": "800V"}, {"q": "IGBT"}, {"q": "e-drive"}],
    "facets only": [
        {"side": "supply", "segment": "power_battery"},
        {"kind": "technology", "province": "340000"},
        {"price_band": "10k-100k", "theme": "component_maker"},
        {"certification": "IATF 16949"},
        {"side": "demand", "sort": "price"},
    ],
    "text + facets": [
        {"q": "电池", "segment": "power_battery", "province": "340000"},
        {"q": "harness", "side": "supply", "sort": "-price"},
        {"q": "激光雷达", "price_band": "gte1m"},
        {"q": "电机", "kind": "product", "theme": "component_maker"},
    ],
}


def manage(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def rebuild(url: str, listings: int, env: dict[str, str]) -> None:
    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    manage(["migrate", "--noinput", "-v0"], env)
    started = time.perf_counter()
    manage(["seed", "--listings", str(listings)], env)
    print(f"seeded {listings} listings in {time.perf_counter() - started:.0f} s")
    subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)


def bench_env(url: str) -> dict[str, str]:
    """The environment of a benchmark run: production-like settings on the benchmark database, no
    Redis (tasks in-process)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-bench-only-secret-key-bench-only",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    return env


def ensure_catalogue(url: str, listings: int, env: dict[str, str], *, rebuild_anyway: bool = False) -> None:
    """Seed the benchmark database when asked or when it has fewer published listings than wanted;
    else bring its schema up to date."""
    have = subprocess.run(
        ["psql", url, "-tAc", "SELECT count(*) FROM listings_listing WHERE status = 'published'"],
        capture_output=True,
        text=True,
    )
    if rebuild_anyway or have.returncode != 0 or int(have.stdout.strip() or 0) < listings:
        rebuild(url, listings, env)
    else:
        manage(["migrate", "--noinput", "-v0"], env)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20, help="timed passes over the query mix")
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = bench_env(url)
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    ensure_catalogue(url, options.listings, env, rebuild_anyway=options.rebuild)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")
    import django

    django.setup()
    import psycopg
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from platform_site.warmup import warm_up

    warm_up()  # as every server process does (platform_site/wsgi.py)
    user = User.objects.get(email="component_maker@demo.chainmatch.cn")
    token, _ = Token.objects.get_or_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    published = connection.cursor()
    published.execute("SELECT count(*) FROM listings_listing WHERE status = 'published'")
    total = published.fetchone()[0]

    def request(params: dict[str, str], path: str = "/api/v1/listings/") -> float:
        started = time.perf_counter()
        response = client.get(f"{path}?{urlencode(params)}")
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content[:300]  # noqa: S101 - a broken bench must stop
        return elapsed

    def statements_of(params: dict[str, str]) -> tuple[list[str], int]:
        """The SQL a request runs (captured once: capturing costs time the timed requests must not pay)."""
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/listings/?{urlencode(params)}")
        sqls = [q["sql"] for q in captured.captured_queries if "listings_" in q["sql"]]
        return sqls, response.json().get("count", 0)

    floor_connection = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)

    def floor(statements: list[str]) -> float:
        started = time.perf_counter()
        with floor_connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql.encode())  # the statement exactly as Django sent it
                cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    # Warm up: caches, connections, the jieba dictionary.
    plan = [(category, params) for category, mix in QUERIES.items() for params in mix]
    counts = {}
    statements = {}
    for _category, params in plan:
        sqls, count = statements_of(params)
        counts[str(params)], statements[str(params)] = count, sqls
        request(params)
        floor(sqls)

    api: dict[str, list[float]] = {category: [] for category in QUERIES}
    db: dict[str, list[float]] = {category: [] for category in QUERIES}
    facets_cold: list[float] = []
    facets_warm: list[float] = []
    for _round in range(options.rounds):
        for category, params in plan:
            api[category].append(request(params))
            db[category].append(floor(statements[str(params)]))
        # Facet counts are cached until a listing changes: the first request counts, the next reads.
        cache.clear()
        facets_cold.append(request(plan[_round % len(plan)][1], "/api/v1/listings/facets/"))
        facets_warm.append(request(plan[_round % len(plan)][1], "/api/v1/listings/facets/"))

    print(f"catalogue: {total} published listings; {options.rounds} rounds of {len(plan)} queries")
    header = ("query type", "results", "API p50", "API p95", "SQL p50", "SQL p95", "ratio")
    print("{:<15} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6}".format(*header))
    everything_api: list[float] = []
    everything_db: list[float] = []
    for category, mix in QUERIES.items():
        everything_api += api[category]
        everything_db += db[category]
        results = statistics.median(counts[str(p)] for p in mix)
        a95, d95 = percentile(api[category], 95), percentile(db[category], 95)
        print(
            f"{category:<15} {results:>8.0f} {percentile(api[category], 50):>6.1f}ms {a95:>6.1f}ms "
            f"{percentile(db[category], 50):>6.1f}ms {d95:>6.1f}ms {a95 / d95:>5.2f}x"
        )
    a95, d95 = percentile(everything_api, 95), percentile(everything_db, 95)
    print(
        f"{'all':<15} {'':>8} {percentile(everything_api, 50):>6.1f}ms {a95:>6.1f}ms "
        f"{percentile(everything_db, 50):>6.1f}ms {d95:>6.1f}ms {a95 / d95:>5.2f}x"
    )
    print(f"goal: API p95 <= 50 ms ({'met' if a95 <= 50 else 'NOT met'}), within 2x of the floor "
          f"({'met' if a95 <= 2 * d95 else 'NOT met'})")  # fmt: skip
    for label, times in (("counted", facets_cold), ("cached", facets_warm)):
        p50, p95 = percentile(times, 50), percentile(times, 95)
        print(f"facets/ endpoint (7 facet counts), {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
