"""A mixed workload over HTTP against gunicorn, PostgreSQL and Redis, with the catalogue at full size.

    .venv/bin/python bench/load.py                              # 100,000 listings, 16 clients, 60 s
    .venv/bin/python bench/load.py --listings 2000 --seconds 10 --template ''     # the short form (CI)
    .venv/bin/python bench/load.py --mix "search API=40,order=2" --clients 32 --workers 6

The database named in BENCH_LOAD_DATABASE_URL (default chainmatch_bench_load; never point it at data
you want to keep) is kept between runs. When it has fewer published listings than `--listings`, it is
dropped and made again: copied from the `--template` database (default chainmatch_bench_search, the
search bench's catalogue) when that one has enough listings and nobody is connected to it (a few
seconds), else seeded with `manage.py seed --listings N` (about 75 s for 100,000). Then the ORM adds
what the workload needs, once: buyer enterprises (a member, an API token and a signed-in session each)
with demand listings and approved matches to read; and on every run, fresh product supply listings of
finite quantity (MOQ 1, one price) from seller enterprises, so that some sell out during the run.

gunicorn serves the project with production settings (debug off; collected static files) on a free
local port, with Redis for the cache and the task queue (database 8, flushed before and after; no
worker, the notification e-mails queue up). Client threads on loopback each act as one buyer and pick
requests by weight (`--mix`): the home page, the catalogue page (browse and search), the listings API
(browse), the search API (the query mix of bench/search.py), a listing's page and its API, the matches
API and the matches page, and an order: placed with an Idempotency-Key (a share sent twice, as a client
that never heard the answer would) and accepted with the seller's token. The first `--warmup` seconds
are left out of the figures.

Prints requests per second and, per request type, the count, rate, p50, p95, p99 and errors (5xx,
dropped connections and time-outs, any unexpected status); refusals because a listing ran out are
expected and counted apart, as in bench/orders.py. Then the invariants: every order answered 201 exists
once, none lost or duplicated, no listing oversold. Then the floor: each search of the mix again over
HTTP on the idle server, and the SQL that request ran replayed straight through psycopg, with the ratio.
Any error or broken invariant makes the exit status 1 (FAIL lines say which).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import http.client
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
# As in bench/orders.py: bench/ must not stay first on the path, or `import orders` finds the bench.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.orders import (  # noqa: E402 - needs the path set above
    REGION,
    Client,
    Seller,
    Tally,
    check_invariants,
    cpu_times,
    free_port,
    machine,
    merge,
    place_and_accept,
    server_pids,
    start_gunicorn,
    stop_gunicorn,
)
from bench.search import QUERIES, bench_env, ensure_catalogue, manage, percentile  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chainmatch_bench_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/8"
DEFAULT_TEMPLATE = "chainmatch_bench_search"
EMAIL_DOMAIN = "load.bench.chainmatch.test"
# Request types and their weights: mostly reading, as on a marketplace; "order" is a placement and its
# acceptance (two requests).
MIX: dict[str, float] = {
    "home page": 4,
    "catalogue page": 10,
    "listings API": 10,
    "search API": 20,
    "detail page": 10,
    "detail API": 10,
    "matches API": 8,
    "matches page": 4,
    "order": 8,
}
ORDER_KINDS = ("place", "place, replayed", "place, refused: sold out", "accept", "accept, refused: sold out")
SEARCHES = [(category, params) for category, mix in QUERIES.items() for params in mix]
BROWSE_SORTS = ("", "newest", "price", "-price")
DEMANDS_PER_BUYER = 3
MATCHES_PER_DEMAND = 8


# ---------------------------------------------------------------------------------------------------
# The database


def psql_value(url: str, sql: str) -> str | None:
    """One value from the database, or None when it does not exist (or lacks the table)."""
    done = subprocess.run(["psql", url, "-tAc", sql], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def prepare_database(url: str, listings: int, template: str, env: dict[str, str]) -> str:
    """Make sure the database holds a catalogue of at least `listings`; say where it came from."""
    published = "SELECT count(*) FROM listings_listing WHERE status = 'published'"
    have = psql_value(url, published)
    if have is not None and int(have or 0) >= listings:
        manage(["migrate", "--noinput", "-v0"], env)
        return f"kept ({int(have):,} published listings)"
    name = url.rsplit("/", 1)[-1]
    base = url.rsplit("/", 1)[0]
    if template and template != name:
        source = psql_value(f"{base}/{template}", published)
        connected = (psql_value(f"{base}/postgres", "SELECT datname FROM pg_stat_activity") or "").split()
        if source is not None and int(source or 0) >= listings and template not in connected:
            admin = f"{base}/postgres"
            subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
            started = time.perf_counter()
            # Fails if someone connects to the template meanwhile: then seed instead.
            copied = subprocess.run(
                ["psql", admin, "-qc", f'CREATE DATABASE "{name}" TEMPLATE "{template}"'], capture_output=True
            )
            if copied.returncode == 0:
                manage(["migrate", "--noinput", "-v0"], env)
                return f"copied from {template} in {time.perf_counter() - started:.0f} s"
    started = time.perf_counter()
    ensure_catalogue(url, listings, env, rebuild_anyway=True)
    return f"seeded in {time.perf_counter() - started:.0f} s"


def ensure_static(env: dict[str, str]) -> None:
    """Pages name static files through the manifest `collectstatic` writes (as in a deployment); collect
    again only when a static source is newer than the manifest."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [path for folder in ROOT.glob("*/static") for path in folder.rglob("*") if path.is_file()]
    if manifest.exists() and all(path.stat().st_mtime <= manifest.stat().st_mtime for path in sources):
        return
    manage(["collectstatic", "--noinput", "-v0"], env)


# ---------------------------------------------------------------------------------------------------
# Fixtures (the ORM, after django.setup())


@dataclass(frozen=True)
class Buyer:
    enterprise_id: int
    token: str
    session: str  # the session cookie of a signed-in member ("sessionid=..."), for the pages


def bench_enterprise(email: str, name_zh: str, name_en: str, theme: str) -> tuple[Any, Any]:
    """The verified enterprise of the bench login `email`, made on first use: an owner without a
    password (hashing one costs a quarter of a second; the bench signs in with a token and a session)."""
    from accounts.credit_code import ALPHABET, check_character
    from accounts.models import Enterprise, Membership, Region, User

    user = User.objects.filter(email=email).first()
    if user is not None:
        return Membership.objects.select_related("enterprise").get(user=user).enterprise, user
    rng = random.Random(email)  # the same code for the same login: a kept database never has two
    body = "91" + REGION + "".join(rng.choice(ALPHABET) for _ in range(9))
    company = Enterprise.objects.create(
        name_zh=name_zh,
        name_en=name_en,
        credit_code=body + check_character(body),
        theme=theme,
        region=Region.objects.get(code=REGION),
        status=Enterprise.Status.VERIFIED,
    )
    user = User.objects.create_user(email, None, full_name=name_zh)
    Membership.objects.create(user=user, enterprise=company, role=Membership.Role.OWNER)
    return company, user


def new_listing(company: Any, side: str, title: str, quantity: Decimal, segment: str) -> Any:
    """A published product listing of the enterprise, indexed for search."""
    from django.utils import timezone

    from listings.choices import Kind, Side
    from listings.models import Listing
    from listings.search.index import index_listing

    supply = side == Side.SUPPLY
    listing = Listing(
        enterprise=company,
        side=side,
        kind=Kind.PRODUCT,
        title=title,
        description="磷酸铁锂电芯，用于混合负载压测。",
        segment=segment,
        category="电芯",
        region=company.region,
        province_id=company.region.province_code,
        language="zh",
        quantity=quantity,
        unit="件",
        min_order_quantity=Decimal(1),
        price_min=Decimal("400.00"),
        price_max=Decimal("400.00"),
        lead_time_days=30 if supply else None,
        deadline=None if supply else timezone.localdate() + datetime.timedelta(days=60),
        valid_until=timezone.localdate() + datetime.timedelta(days=90),
        status=Listing.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    index_listing(listing, [])
    listing.save()
    return listing


def breakdown(rng: random.Random) -> list[dict[str, Any]]:
    """A match explanation shaped as matching.engine writes it, so the matches page renders reasons."""
    text = rng.uniform(0.4, 0.9)
    return [
        {"feature": "text", "value": round(text, 4), "weight": 0.3, "miss": "",
         "reason_zh": f"文本相似度 {text:.0%}", "reason_en": f"text similarity {text:.0%}"},
        {"feature": "category", "value": 1.0, "weight": 0.2, "miss": "",
         "reason_zh": "同类目：电芯", "reason_en": "same category: 电芯"},
        {"feature": "region", "value": 0.9, "weight": 0.06, "miss": "",
         "reason_zh": "相距约 320 公里；符合长三角优先",
         "reason_en": "about 320 km apart; in the Yangtze River Delta as preferred"},
        {"feature": "verified", "value": 1.0, "weight": 0.02, "miss": "",
         "reason_zh": "企业已认证", "reason_en": "verified enterprise"},
        {"feature": "price", "value": 0.8, "weight": 0.07, "miss": "",
         "reason_zh": "价格区间重叠 50%", "reason_en": "price ranges overlap 50%"},
    ]  # fmt: skip


def ensure_buyers(count: int) -> list[Buyer]:
    """Buyer enterprises with demand listings and approved matches (made once), an API token and a new
    signed-in session each."""
    from django.conf import settings
    from django.db.models import Q
    from django.test import Client as DjangoClient
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.taxonomy import Segment, Theme
    from listings.choices import Side
    from listings.models import Listing
    from matching.models import Match

    supplies = list(
        Listing.objects.filter(
            status=Listing.Status.PUBLISHED, side=Side.SUPPLY, segment=Segment.POWER_BATTERY
        ).values_list("pk", "enterprise_id")
    )
    buyers = []
    for n in range(count):
        company, user = bench_enterprise(
            f"buyer{n}@{EMAIL_DOMAIN}", f"合肥负载压测整车厂{n:03d}有限公司", f"Load bench buyer {n}",
            Theme.VEHICLE_MAKER,
        )  # fmt: skip
        shown = Match.objects.filter(status=Match.Status.APPROVED, stale=False).filter(
            Q(demand__enterprise=company) | Q(supply__enterprise=company)
        )
        if not shown.exists():
            rng = random.Random(n)
            now = timezone.now()
            matches = []
            for d in range(DEMANDS_PER_BUYER):
                demand = new_listing(
                    company, Side.DEMAND, f"采购方形铝壳电芯 280Ah 第 {d + 1} 批", Decimal(5000),
                    Segment.POWER_BATTERY,
                )  # fmt: skip
                others = [pk for pk, owner in supplies if owner != company.pk]
                for supply in rng.sample(others, min(MATCHES_PER_DEMAND, len(others))):
                    matches.append(
                        Match(
                            supply_id=supply,
                            demand=demand,
                            score=round(rng.uniform(0.5, 0.95), 3),
                            breakdown=breakdown(rng),
                            algorithm_version="bench",
                            status=Match.Status.APPROVED,
                            reviewed_at=now,
                        )
                    )
            Match.objects.bulk_create(matches, ignore_conflicts=True)
        token, _ = Token.objects.get_or_create(user=user)
        browser = DjangoClient()
        browser.force_login(user)
        cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
        buyers.append(Buyer(company.pk, token.key, cookie))
    return buyers


def create_sellers(count: int, units: int, run: str) -> list[Seller]:
    """One fresh product supply per seller enterprise for this run; the k-th holds k times the units of
    the first, so that some sell out during the run and others stay open."""
    from rest_framework.authtoken.models import Token

    from accounts.taxonomy import Segment, Theme
    from listings.choices import Side

    sellers = []
    for n in range(count):
        company, user = bench_enterprise(
            f"seller{n}@{EMAIL_DOMAIN}", f"合肥负载压测供应商{n:03d}有限公司", f"Load bench seller {n}",
            Theme.COMPONENT_MAKER,
        )  # fmt: skip
        listing = new_listing(
            company, Side.SUPPLY, f"方形铝壳电芯 280Ah 负载压测 {run} 批次 {n}", Decimal(units * (n + 1)),
            Segment.POWER_BATTERY,
        )  # fmt: skip
        token, _ = Token.objects.get_or_create(user=user)
        sellers.append(Seller(listing.pk, token.key, listing.quantity))
    return sellers


def sample_listings(count: int) -> list[int]:
    """Published listings to open, drawn from the whole catalogue."""
    from listings.models import Listing

    ids = list(Listing.objects.filter(status=Listing.Status.PUBLISHED).values_list("pk", flat=True))
    return random.Random(8).sample(ids, min(count, len(ids)))


# ---------------------------------------------------------------------------------------------------
# The clients


@dataclass
class LoadTally(Tally):
    """bench.orders.Tally (orders, latencies by type, errors) and the search latencies by query type."""

    searches: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    samples: list[str] = field(default_factory=list)  # the first few unexpected answers, to show


class HttpClient(Client):
    """bench.orders.Client (POST, resent after a dropped connection) with GET."""

    def get(self, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
        self.connection.request("GET", path, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()


@dataclass(frozen=True)
class Plan:
    """What the clients request: shared by every thread, read-only."""

    buyers: list[Buyer]
    sellers: list[Seller]
    listing_ids: list[int]
    mix: dict[str, float]
    resend: float


def get(client: HttpClient, tally: LoadTally, kind: str, path: str, headers: dict[str, str]) -> float:
    """GET and tally it; a dropped connection, a time-out or anything but 200 is an error."""
    started = time.perf_counter()
    try:
        status, body = client.get(path, headers)
    except (OSError, http.client.HTTPException) as error:
        client.reset()
        tally.errors[f"{kind} {type(error).__name__}"] += 1
        return 0.0
    ms = (time.perf_counter() - started) * 1000
    tally.latency[kind].append(ms)
    if status != 200:
        tally.errors[f"{kind} {status}"] += 1
        if len(tally.samples) < 5:
            tally.samples.append(f"{kind} GET {path}: {status} {body[:300].decode(errors='replace')}")
    return ms


def client_loop(
    client: HttpClient, buyer: Buyer, plan: Plan, deadline: float, seed: int, tally: LoadTally
) -> None:
    rng = random.Random(seed)
    api = {"Authorization": f"Token {buyer.token}", "Accept": "application/json"}
    page = {"Cookie": buyer.session}
    kinds, weights = list(plan.mix), list(plan.mix.values())
    requests: dict[str, Callable[[], object]] = {
        "home page": lambda: get(client, tally, "home page", "/", {}),
        "catalogue page": lambda: catalogue_page(client, tally, rng),
        "listings API": lambda: browse_api(client, tally, rng, api),
        "search API": lambda: search_api(client, tally, rng, api),
        "detail page": lambda: get(
            client, tally, "detail page", f"/listings/{rng.choice(plan.listing_ids)}/", {}
        ),
        "detail API": lambda: get(
            client, tally, "detail API", f"/api/v1/listings/{rng.choice(plan.listing_ids)}/", api
        ),
        "matches API": lambda: get(
            client, tally, "matches API", f"/api/v1/matches/?page={rng.randint(1, 2)}", api
        ),
        "matches page": lambda: get(client, tally, "matches page", "/matches/", page),
        # Every client sends its first order twice: each run checks the replay.
        "order": lambda: place_and_accept(
            client, tally, buyer.token, rng.choice(plan.sellers), rng, plan.resend if tally.replays else 1.0
        ),
    }
    while time.perf_counter() < deadline:
        kind = rng.choices(kinds, weights)[0]
        try:
            requests[kind]()
        except Exception as error:  # an answer the bench cannot read is an error, not a stop
            tally.errors[f"{kind} {type(error).__name__}"] += 1
            if len(tally.samples) < 5:
                tally.samples.append(f"{kind}: {error!r}")


def catalogue_page(client: HttpClient, tally: LoadTally, rng: random.Random) -> None:
    """Half the time a page of the catalogue as it comes, else one of the searches of the mix."""
    params = {"page": str(rng.randint(1, 20))} if rng.random() < 0.5 else rng.choice(SEARCHES)[1]
    get(client, tally, "catalogue page", f"/listings/?{urlencode(params)}", {})


def browse_api(client: HttpClient, tally: LoadTally, rng: random.Random, headers: dict[str, str]) -> None:
    params = {"page": str(rng.randint(1, 20))}
    if sort := rng.choice(BROWSE_SORTS):
        params["sort"] = sort
    get(client, tally, "listings API", f"/api/v1/listings/?{urlencode(params)}", headers)


def search_api(client: HttpClient, tally: LoadTally, rng: random.Random, headers: dict[str, str]) -> None:
    category, params = rng.choice(SEARCHES)
    ms = get(client, tally, "search API", f"/api/v1/listings/?{urlencode(params)}", headers)
    if ms:
        tally.searches[category].append(ms)


def run_clients(
    port: int, timeout: float, clients: int, plan: Plan, seconds: float, seed: int
) -> tuple[list[LoadTally], float, float]:
    """`clients` threads (buyers in turn) for `seconds`; their tallies, the time until the last one
    finished and the CPU time this process spent."""
    tallies = [LoadTally() for _ in range(clients)]
    started = time.perf_counter()
    cpu = time.process_time()
    threads = [
        threading.Thread(
            target=client_loop,
            args=(
                HttpClient(port, timeout),
                plan.buyers[n % len(plan.buyers)],
                plan,
                started + seconds,
                seed + n,
                tally,
            ),
            daemon=True,
        )
        for n, tally in enumerate(tallies)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tallies, time.perf_counter() - started, time.process_time() - cpu


def merge_load(tallies: list[LoadTally]) -> LoadTally:
    orders = merge(list(tallies))
    total = LoadTally(**{name: getattr(orders, name) for name in Tally.__dataclass_fields__})
    for tally in tallies:
        for category, times in tally.searches.items():
            total.searches[category] += times
        total.samples += tally.samples
    return total


# ---------------------------------------------------------------------------------------------------
# The floor: the searches on the idle server, and their SQL through psycopg


def floor(port: int, url: str, buyer: Buyer, rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """For each query type: the API over HTTP (one client, idle server) and the SQL it ran, by psycopg."""
    import psycopg
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    inside = DjangoClient(HTTP_AUTHORIZATION=f"Token {buyer.token}")
    statements = {}
    for _category, params in SEARCHES:
        # Captured once in this process: capturing costs time the timed requests must not pay.
        with CaptureQueriesContext(connection) as captured:
            response = inside.get(f"/api/v1/listings/?{urlencode(params)}")
        if response.status_code != 200:
            sys.exit(f"the search {params} answered {response.status_code} in process")
        statements[str(params)] = [q["sql"] for q in captured.captured_queries if "listings_" in q["sql"]]
    connection.close()

    client = HttpClient(port, 30)
    headers = {"Authorization": f"Token {buyer.token}", "Accept": "application/json"}
    times: dict[str, tuple[list[float], list[float]]] = {c: ([], []) for c in QUERIES}
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as database:
        for round_ in range(rounds + 1):  # the first round warms up and is left out
            for category, params in SEARCHES:
                started = time.perf_counter()
                status, _body = client.get(f"/api/v1/listings/?{urlencode(params)}", headers)
                api_ms = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                with database.cursor() as cursor:
                    for sql in statements[str(params)]:
                        cursor.execute(sql.encode())  # the statement exactly as Django sent it
                        cursor.fetchall()
                sql_ms = (time.perf_counter() - started) * 1000
                if status != 200:
                    sys.exit(f"the search {params} answered {status} on the idle server")
                if round_:
                    times[category][0].append(api_ms)
                    times[category][1].append(sql_ms)
    return times


# ---------------------------------------------------------------------------------------------------
# Report


def row(kind: str, times: list[float], elapsed: float, errors: int | str = "") -> str:
    if not times:
        return f"{kind:<26} {0:>7} {0:>7.1f} {'':>8} {'':>8} {'':>8} {errors!s:>6}"
    return (
        f"{kind:<26} {len(times):>7} {len(times) / elapsed:>7.1f} {percentile(times, 50):>6.1f}ms "
        f"{percentile(times, 95):>6.1f}ms {percentile(times, 99):>6.1f}ms {errors!s:>6}"
    )


def report(seen: LoadTally, elapsed: float, mix: dict[str, float]) -> int:
    """The per-type table; returns the number of errors."""
    errors_by_kind: collections.Counter[str] = collections.Counter()
    for text, count in seen.errors.items():
        kind = next((k for k in (*mix, *ORDER_KINDS) if text.startswith(f"{k} ")), text)
        errors_by_kind[kind] += count
    answered = sum(len(times) for times in seen.latency.values())
    # bench.orders resends a POST after a dropped connection or a time-out: each is an error here.
    errors = sum(seen.errors.values()) + seen.retries
    print(
        f"all requests: {answered} answered in {elapsed:.1f} s = {answered / elapsed:.1f} requests/s; "
        f"errors {errors}"
        + (f" {dict(seen.errors)}" if seen.errors else "")
        + (f" and {seen.retries} POSTs resent after a dropped connection or time-out" if seen.retries else "")
    )
    header = ("request type", "count", "per s", "p50", "p95", "p99", "errors")
    print("{:<26} {:>7} {:>7} {:>8} {:>8} {:>8} {:>6}".format(*header))
    for kind in [k for k in mix if k != "order"] + (list(ORDER_KINDS) if "order" in mix else []):
        times = seen.latency.get(kind, [])
        expected = "refused" in kind or "replayed" in kind  # not requests that can fail on their own
        print(row(kind, times, elapsed, "" if expected else errors_by_kind.get(kind, 0)))
    for sample in seen.samples:
        print(f"  unexpected: {sample}")
    return errors


def print_floor(seen: LoadTally, times: dict[str, tuple[list[float], list[float]]]) -> None:
    print(
        "floor: each search of the mix on the idle server (one client over HTTP) and the SQL it ran, "
        "replayed through psycopg; 'under load' is the same searches during the run"
    )
    header = (
        "query type",
        "load p50",
        "load p95",
        "API p50",
        "API p95",
        "SQL p50",
        "SQL p95",
        "ratio p50",
        "p95",
    )
    print("{:<15} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>9} {:>6}".format(*header))
    every: tuple[list[float], list[float], list[float]] = ([], [], [])
    for category in QUERIES:
        loaded, (api, sql) = seen.searches.get(category, []), times[category]
        every[0].extend(loaded)
        every[1].extend(api)
        every[2].extend(sql)
        print(floor_row(category, loaded, api, sql))
    print(floor_row("all", *every))


def floor_row(name: str, loaded: list[float], api: list[float], sql: list[float]) -> str:
    load = (
        f"{percentile(loaded, 50):>7.1f}ms {percentile(loaded, 95):>7.1f}ms"
        if loaded
        else f"{'-':>9} {'-':>9}"
    )
    a50, a95, s50, s95 = (percentile(api, 50), percentile(api, 95), percentile(sql, 50), percentile(sql, 95))
    return (
        f"{name:<15} {load} {a50:>6.1f}ms {a95:>6.1f}ms {s50:>6.1f}ms {s95:>6.1f}ms {a50 / s50:>8.1f}x "
        f"{a95 / s95:>5.1f}x"
    )


def parse_mix(text: str) -> dict[str, float]:
    mix: dict[str, float] = dict(MIX)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, weight = part.rpartition("=")
        if name not in MIX:
            sys.exit(f"--mix: unknown request type {name!r}; the types are {', '.join(MIX)}")
        mix[name] = float(weight)
    return {name: weight for name, weight in mix.items() if weight > 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--listings", type=int, default=100_000, help="published listings at least")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load before the measured run")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync worker processes")
    parser.add_argument("--buyers", type=int, default=8, help="buyer enterprises (clients share them)")
    parser.add_argument("--sellers", type=int, default=5, help="listings to order from (one seller each)")
    parser.add_argument("--units", type=int, default=200, help="units of the first; the k-th has k times")
    parser.add_argument("--resend", type=float, default=0.05, help="share of placements sent twice")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a client waits for an answer")
    parser.add_argument(
        "--floor-rounds", type=int, default=10, help="passes over the searches on the idle server"
    )
    parser.add_argument(
        "--mix", default="", help=f"weights to change, e.g. 'search API=40,order=0'; default {MIX}"
    )
    parser.add_argument(
        "--template", default=DEFAULT_TEMPLATE, help="database to copy the catalogue from ('' to seed)"
    )
    options = parser.parse_args()
    mix = parse_mix(options.mix)
    load = os.getloadavg()[0]
    began = time.perf_counter()

    url = os.environ.get("BENCH_LOAD_DATABASE_URL", DEFAULT_URL)
    redis_url = os.environ.get("BENCH_LOAD_REDIS_URL", DEFAULT_REDIS)
    env = {
        **bench_env(url),
        "REDIS_URL": redis_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "API_WRITE_RATE": "",  # the clients write faster than the per-user ceiling on purpose
    }
    origin = prepare_database(url, options.listings, options.template, env)
    ensure_static(env)
    subprocess.run(["redis-cli", "-u", redis_url, "FLUSHDB"], check=True, capture_output=True)

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accounts.models import IdempotencyKey
    from listings.models import Listing
    from orders.models import Order

    run = timezone.now().strftime("%Y%m%d-%H%M%S")
    buyers = ensure_buyers(options.buyers)
    sellers = create_sellers(options.sellers, options.units, run)
    plan = Plan(buyers, sellers, sample_listings(2000), mix, options.resend)
    published = Listing.objects.filter(status=Listing.Status.PUBLISHED).count()
    first_order = (Order.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    since = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    connection.close()
    name = url.rsplit("/", 1)[-1]

    port = free_port()
    log = Path(tempfile.gettempdir()) / f"bench-load-gunicorn-{port}.log"
    server = start_gunicorn(env, port, options.workers, log)
    try:
        print(
            f"machine: {machine(load)}; PostgreSQL {pg_version}; gunicorn {options.workers} sync workers; "
            f"{options.clients} client threads for {options.seconds:g} s after {options.warmup:g} s of "
            f"warm-up; catalogue {published:,} published listings (database {origin}); "
            f"{options.buyers} buyers, {options.sellers} listings to order from of "
            f"{', '.join(f'{s.quantity:,.0f}' for s in sellers)} units; "
            f"setup {time.perf_counter() - began:.0f} s"
        )
        print("mix (weights): " + ", ".join(f"{kind} {weight:g}" for kind, weight in mix.items()))
        # Warm-up: the workers import and cache what the first requests need; its orders are checked
        # below, its figures left out.
        warm_up, _elapsed, _cpu = run_clients(
            port, options.timeout, options.clients, plan, options.warmup, 1000
        )
        workers, backends = server_pids(server.pid, name)
        before = cpu_times(workers | backends)
        tallies, elapsed, client_cpu = run_clients(
            port, options.timeout, options.clients, plan, options.seconds, 0
        )
        workers_after, backends_after = server_pids(server.pid, name)
        workers, backends = workers | workers_after, backends | backends_after
        after = cpu_times(workers | backends)
        used = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
        times = floor(port, url, buyers[0], options.floor_rounds)
    finally:
        stop_gunicorn(server)
    subprocess.run(["redis-cli", "-u", redis_url, "FLUSHDB"], check=True, capture_output=True)

    seen = merge_load(tallies)
    errors = report(seen, elapsed, mix)
    requests = sum(len(t) for t in seen.latency.values()) + seen.retries + sum(seen.errors.values())
    worker_cpu = sum(t for pid, t in used.items() if pid in workers)
    database_cpu = sum(t for pid, t in used.items() if pid in backends)
    print(
        f"CPU during the run: gunicorn workers {worker_cpu:.1f} s, PostgreSQL backends {database_cpu:.1f} s, "
        f"the clients {client_cpu:.1f} s; per request {1000 * worker_cpu / requests:.1f} ms + "
        f"{1000 * database_cpu / requests:.1f} ms"
    )
    print(
        f"orders: placed {len(seen.created)}, accepted {len(seen.accepted)}; refused as sold out: "
        f"{seen.sold_out_place} at placement, {seen.sold_out_accept} at acceptance; replays {seen.replays}"
    )

    everything = merge_load(warm_up + tallies)
    buyer_ids = [b.enterprise_id for b in buyers]
    ok = True
    if "order" in mix:  # the orders of this run only: the catalogue's database holds others
        ok = check_invariants(
            sellers,
            everything,
            orders=Order.objects.filter(pk__gte=first_order, buyer_id__in=buyer_ids),
            keys=IdempotencyKey.objects.filter(enterprise_id__in=buyer_ids, created_at__gte=since),
        )
    warm_errors = sum(everything.errors.values()) + everything.retries - errors
    if errors or warm_errors:
        print(
            f"FAIL  errors: {errors} during the run, {warm_errors} during the warm-up; gunicorn's log: {log}"
        )
        ok = False
    else:
        print("PASS  no errors (5xx, dropped connections, time-outs or unexpected answers)")
    print_floor(seen, times)
    print(f"database {name} kept; total time {time.perf_counter() - began:.0f} s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
