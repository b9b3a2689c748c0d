"""Orders under concurrent load: many buyers place and sellers accept orders on a few listings, over HTTP.

    .venv/bin/python bench/orders.py                       # 32 clients for 30 s against 4 gunicorn workers
    .venv/bin/python bench/orders.py --clients 64 --seconds 60 --workers 4 --units 2000
    .venv/bin/python bench/orders.py --seconds 10 --timeout 1   # most requests time out and are resent

Each run drops and creates the database named in BENCH_ORDERS_DATABASE_URL (default
chainmatch_bench_orders; never point it at data you want to keep), migrates it, and creates the fixtures
with the ORM: a few verified seller enterprises, each with one published product supply of a finite
quantity (MOQ 1, one price; the k-th listing holds k times the units of the first, so that on a slow or
a fast machine some listings run out during the run and others stay open), and buyer enterprises
with a member and an API token each. The database is left in place afterwards for inspection.

Then gunicorn serves the project with production settings (debug off) on a free local port, with Redis
for the cache and the task queue (no worker: the notification e-mails queue up in Redis database 14,
flushed before and after). Every client thread is a buyer that loops: place an order on a random
listing (random quantity 1 to 50, a fresh Idempotency-Key; after `--timeout` seconds without an answer
or a dropped connection the same request is sent again with the same key, up to 5 times), then accept
it with the seller's token. The first `--warmup` seconds of load are left out of the figures. A share of the
successful placements (`--resend`) is sent a second time with the same key on purpose, as a client that
never heard the answer would: the API must replay the first response and create nothing.

Refusals because a listing has run out are expected and counted apart: at placement (400 on `quantity`,
fewer units left than asked) and at acceptance (409 `insufficient_quantity`, another order took them
between placement and acceptance). Afterwards the database is checked: no order lost or duplicated, no
listing oversold, one idempotency record per order. A FAIL line makes the exit status 1.

Besides orders per second and latency percentiles (each of the answered attempt; requests that timed out
are not in them), it prints the CPU time the gunicorn workers and the PostgreSQL backends spent during
the measured run, per request: unlike throughput, that hardly depends on what else the machine runs.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This file is bench/orders.py: its folder must not stay first on the path, or `import orders` (the
# Django app) would find this script instead. The search bench's helpers are imported as bench.search.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.search import bench_env, manage, percentile  # noqa: E402 - needs the path set above

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chainmatch_bench_orders"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
REGION = "340100"  # Hefei, loaded by the regions data migration
ATTEMPTS = 5  # sends of one request before the client gives up (an error)


# ---------------------------------------------------------------------------------------------------
# Fixtures


@dataclass(frozen=True)
class Seller:
    listing_id: int
    token: str
    quantity: Decimal


def create_fixtures(sellers: int, buyers: int, units: int) -> tuple[list[Seller], list[str]]:
    """Verified sellers with one published listing each and verified buyers, each with a token."""
    import datetime

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.credit_code import ALPHABET, check_character
    from accounts.models import Enterprise, Membership, Region, User
    from accounts.taxonomy import Segment, Theme
    from listings.choices import Kind, Side
    from listings.models import Listing
    from listings.search.index import index_listing

    region = Region.objects.get(code=REGION)
    rng = random.Random(4)

    def enterprise(n: int, name: str, theme: str) -> tuple[Enterprise, str]:
        body = "91" + REGION + "".join(rng.choice(ALPHABET) for _ in range(9))
        company = Enterprise.objects.create(
            name_zh=f"{name}{n:03d}有限公司",
            name_en=f"Bench {theme} {n}",
            credit_code=body + check_character(body),
            theme=theme,
            region=region,
            status=Enterprise.Status.VERIFIED,
        )
        # No password (API tokens only): hashing one costs a quarter of a second.
        user = User.objects.create_user(f"{theme}{n}@bench.chainmatch.test", None, full_name=name)
        Membership.objects.create(user=user, enterprise=company, role=Membership.Role.OWNER)
        return company, Token.objects.create(user=user).key

    seller_rows = []
    for n in range(sellers):
        company, token = enterprise(n, "合肥压测供应商", Theme.COMPONENT_MAKER)
        listing = Listing(
            enterprise=company,
            side=Side.SUPPLY,
            kind=Kind.PRODUCT,
            title=f"方形铝壳电芯 280Ah 压测批次 {n}",
            description="磷酸铁锂电芯，用于订单并发压测。",
            segment=Segment.POWER_BATTERY,
            category="电芯",
            region=region,
            province_id=region.province_code,
            language="zh",
            quantity=Decimal(units * (n + 1)),
            unit="件",
            min_order_quantity=Decimal(1),
            price_min=Decimal("400.00"),
            price_max=Decimal("400.00"),
            lead_time_days=30,
            valid_until=timezone.localdate() + datetime.timedelta(days=90),
            status=Listing.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        index_listing(listing, [])
        listing.save()
        seller_rows.append(Seller(listing.pk, token, listing.quantity))
    buyer_tokens = [enterprise(n, "合肥压测整车厂", Theme.VEHICLE_MAKER)[1] for n in range(buyers)]
    return seller_rows, buyer_tokens


# ---------------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "platform_site.wsgi", "-w", str(workers),
             "-b", f"127.0.0.1:{port}", "--error-logfile", "-", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=errors, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not answer /healthz/ within 60 s:\n{log.read_text()[-3000:]}")


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM: gunicorn lets its workers finish their requests, then exits."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# ---------------------------------------------------------------------------------------------------
# The clients


@dataclass
class Tally:
    """What one client thread saw; merged after the run."""

    latency: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    keys_used: int = 0
    created: dict[str, int] = field(default_factory=dict)  # Idempotency-Key -> order id
    key_conflicts: list[str] = field(default_factory=list)  # a key answered with two different ids
    replays: int = 0
    replays_wrong: list[str] = field(default_factory=list)
    accepted: dict[int, Decimal] = field(default_factory=dict)  # order id -> quantity
    accept_uncertain: set[int] = field(default_factory=set)  # timed out, then 409: maybe accepted
    sold_out_place: int = 0
    sold_out_accept: int = 0
    retries: int = 0
    errors: collections.Counter[str] = field(default_factory=collections.Counter)


class Client:
    """One HTTP/1.1 connection (gunicorn's sync workers close it after each response; it reopens)."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def post(
        self, path: str, body: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, Any, dict[str, str]]:
        payload = json.dumps(body)
        self.connection.request(
            "POST",
            path,
            payload,
            {"Content-Type": "application/json", "Accept": "application/json", **headers},
        )
        response = self.connection.getresponse()
        raw = response.read()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = {"error": {"code": "not_json", "message": raw[:200].decode(errors="replace")}}
        return response.status, data, {k.lower(): v for k, v in response.getheaders()}

    def reset(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)


@dataclass(frozen=True)
class Answer:
    status: int  # 0 when every attempt failed
    data: Any
    headers: dict[str, str]
    ms: float  # the latency of the answered attempt
    attempts: int


def send(client: Client, tally: Tally, path: str, body: dict[str, Any], headers: dict[str, str]) -> Answer:
    """POST, sending the very same request again after a timeout or a dropped connection."""
    for attempt in range(1, ATTEMPTS + 1):
        started = time.perf_counter()
        try:
            status, data, answer_headers = client.post(path, body, headers)
        except (OSError, http.client.HTTPException):
            client.reset()
            tally.retries += 1
            continue
        return Answer(status, data, answer_headers, (time.perf_counter() - started) * 1000, attempt)
    return Answer(0, None, {}, 0.0, ATTEMPTS)


def error_code(data: Any) -> str:
    return str(data.get("error", {}).get("code", "")) if isinstance(data, dict) else ""


def sold_out_at_placement(answer: Answer) -> bool:
    """400 naming only `quantity`: fewer units are left than asked for (or none)."""
    data = answer.data
    fields = data.get("error", {}).get("fields", {}) if isinstance(data, dict) else {}
    return answer.status == 400 and set(fields) == {"quantity"}


def place_and_accept(
    client: Client, tally: Tally, token: str, seller: Seller, rng: random.Random, resend: float
) -> None:
    """One buyer's order: place it (resent with the same key with probability `resend`), then the
    seller accepts it; what happened goes into the tally."""
    key = uuid.uuid4().hex
    tally.keys_used += 1
    body = {
        "listing": seller.listing_id,
        "quantity": str(rng.randint(1, 50)),
        "delivery_region": REGION,
        "delivery_address": "安徽省合肥市经开区压测路 1 号",
    }
    headers = {"Authorization": f"Token {token}", "Idempotency-Key": key}
    placed = send(client, tally, "/api/v1/orders/", body, headers)
    if placed.status != 201:
        if sold_out_at_placement(placed):
            tally.sold_out_place += 1
            tally.latency["place, refused: sold out"].append(placed.ms)
        else:
            tally.errors[f"place {placed.status} {error_code(placed.data)}".strip()] += 1
        return
    tally.latency["place"].append(placed.ms)
    order_id = int(placed.data["id"])
    tally.created[key] = order_id

    if rng.random() < resend:  # a client that never heard the answer asks again with the same key
        again = send(client, tally, "/api/v1/orders/", body, headers)
        tally.replays += 1
        tally.latency["place, replayed"].append(again.ms)
        if (
            again.status != 201
            or int(again.data["id"]) != order_id
            or again.headers.get("idempotent-replayed") != "true"
        ):
            tally.replays_wrong.append(f"{key}: {again.status} {again.data}")

    accepted = send(
        client,
        tally,
        f"/api/v1/orders/{order_id}/accept/",
        {"note": "bench"},
        {"Authorization": f"Token {seller.token}"},
    )
    code = error_code(accepted.data)
    if accepted.status == 200:
        tally.latency["accept"].append(accepted.ms)
        tally.accepted[order_id] = Decimal(body["quantity"])
    elif accepted.status == 409 and code == "insufficient_quantity":
        tally.latency["accept, refused: sold out"].append(accepted.ms)
        tally.sold_out_accept += 1
    elif accepted.status == 409 and accepted.attempts > 1:
        tally.accept_uncertain.add(order_id)  # the lost first attempt may have accepted it
    else:
        tally.errors[f"accept {accepted.status} {code}".strip()] += 1


def buyer_loop(
    client: Client, token: str, sellers: list[Seller], deadline: float, resend: float, seed: int, tally: Tally
) -> None:
    rng = random.Random(seed)
    while time.perf_counter() < deadline:
        place_and_accept(client, tally, token, rng.choice(sellers), rng, resend)


def run_clients(
    port: int,
    timeout: float,
    tokens: list[str],
    sellers: list[Seller],
    seconds: float,
    resend: float,
    seed: int,
) -> tuple[list[Tally], float, float]:
    """One buyer thread per token for `seconds`; returns their tallies, the time until the last one
    finished (its last request started before the deadline) and the CPU time this process spent."""
    tallies = [Tally() for _ in tokens]
    started = time.perf_counter()
    cpu = time.process_time()
    threads = [
        threading.Thread(
            target=buyer_loop,
            args=(Client(port, timeout), token, sellers, started + seconds, resend, seed + n, tally),
            daemon=True,
        )
        for n, (token, tally) in enumerate(zip(tokens, tallies, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tallies, time.perf_counter() - started, time.process_time() - cpu


def merge(tallies: list[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        for kind, values in tally.latency.items():
            total.latency[kind] += values
        total.keys_used += tally.keys_used
        for key, order_id in tally.created.items():
            if key in total.created and total.created[key] != order_id:
                total.key_conflicts.append(key)
            total.created[key] = order_id
        total.replays += tally.replays
        total.replays_wrong += tally.replays_wrong
        total.accepted.update(tally.accepted)
        total.accept_uncertain |= tally.accept_uncertain
        total.sold_out_place += tally.sold_out_place
        total.sold_out_accept += tally.sold_out_accept
        total.retries += tally.retries
        total.errors.update(tally.errors)
    return total


# ---------------------------------------------------------------------------------------------------
# The checks


def check_invariants(sellers: list[Seller], seen: Tally, *, orders: Any = None, keys: Any = None) -> bool:
    """Compare what the clients saw with the database; print one PASS or FAIL line per invariant.

    `orders` and `keys` (querysets of Order and IdempotencyKey) narrow the check to the run's own rows
    when the database holds others (bench/load.py); by default every row counts.
    """
    from django.db.models import Count, Q, Sum

    from accounts.models import IdempotencyKey
    from listings.models import Listing
    from orders.models import Order, OrderEvent

    orders = Order.objects.all() if orders is None else orders
    all_keys = IdempotencyKey.objects.all() if keys is None else keys
    results: list[tuple[bool, str]] = []

    def check(ok: bool, text: str) -> None:
        results.append((ok, text))

    ids_seen = list(seen.created.values())
    db_ids = set(orders.values_list("pk", flat=True))
    check(
        len(ids_seen) == len(set(ids_seen)) and not seen.key_conflicts,
        f"order ids unique: {len(seen.created)} keys answered 201 with {len(set(ids_seen))} distinct ids, "
        f"{len(seen.key_conflicts)} keys answered with two ids",
    )
    check(
        len(db_ids) == len(seen.created) and db_ids == set(ids_seen),
        f"no order lost or duplicated: {len(db_ids)} order rows, {len(seen.created)} creates seen "
        f"(replays counted once); {len(set(ids_seen) - db_ids)} seen but missing, "
        f"{len(db_ids - set(ids_seen))} in the database but never answered",
    )
    check(
        seen.replays > 0 and not seen.replays_wrong,
        f"replays: {seen.replays} resent with the same key, {len(seen.replays_wrong)} not answered with "
        "the first order",
    )
    used = all_keys.filter(key__in=list(seen.created)).count()
    stored = all_keys.count()
    check(
        stored == len(db_ids) == used,
        f"idempotency: {len(seen.created)} keys created orders, {stored} key "
        f"records, {len(db_ids)} orders ({seen.keys_used} keys used in all; refused requests keep none)",
    )
    events = (
        orders.annotate(
            placed=Count("events", filter=Q(events__action=OrderEvent.Action.PLACED)),
            accepts=Count("events", filter=Q(events__action=OrderEvent.Action.ACCEPTED)),
        )
        .exclude(placed=1, accepts=0, status=Order.Status.PLACED)
        .exclude(placed=1, accepts=1, status=Order.Status.ACCEPTED)
        .count()
    )
    check(
        events == 0,
        f"events: {events} orders without exactly one 'placed' (and one 'accepted' event if accepted)",
    )

    db_accepted = set(orders.filter(status=Order.Status.ACCEPTED).values_list("pk", flat=True))
    client_accepted = set(seen.accepted)
    check(
        client_accepted <= db_accepted and db_accepted - client_accepted <= seen.accept_uncertain,
        f"acceptances: {len(client_accepted)} answered 200, {len(db_accepted)} accepted in the database "
        f"({len(seen.accept_uncertain)} uncertain after a retry)",
    )
    committed = dict(
        Order.objects.filter(status__in=Order.COMMITTED)
        .values_list("listing_id")
        .annotate(total=Sum("quantity"))
        .values_list("listing_id", "total")
    )
    for listing in Listing.objects.filter(pk__in=[s.listing_id for s in sellers]).order_by("pk"):
        ordered = committed.get(listing.pk, Decimal(0))
        check(
            listing.quantity_committed == ordered and listing.quantity_committed <= (listing.quantity or 0),
            f"listing {listing.pk} not oversold: committed {listing.quantity_committed:f} = accepted orders "
            f"{ordered:f}, of {listing.quantity:f} units",
        )
    for ok, text in results:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for ok, _text in results)


# ---------------------------------------------------------------------------------------------------


def machine(load: float) -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(meminfo.readline().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores{memory}, {system}; load average {load:.2f} at the start"


def cpu_times(pids: set[int]) -> dict[int, float]:
    """CPU seconds (user and system) each process has used so far, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return times


def server_pids(gunicorn: int, database: str) -> tuple[set[int], set[int]]:
    """The gunicorn workers, and the PostgreSQL backends connected to the benchmark database."""
    from django.db import connection

    workers = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == gunicorn:
                workers.add(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        )
        backends = {row[0] for row in cursor.fetchall()}
    return workers, backends


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load before the measured run")
    parser.add_argument("--clients", type=int, default=32, help="concurrent buyer threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--sellers", type=int, default=5, help="listings (one seller each)")
    parser.add_argument("--buyers", type=int, default=20, help="buyer enterprises (clients share them)")
    parser.add_argument(
        "--units", type=int, default=1000, help="units of the first listing; the k-th has k times as many"
    )
    parser.add_argument(
        "--timeout", type=float, default=10, help="seconds a client waits before sending a request again"
    )
    parser.add_argument("--resend", type=float, default=0.05, help="share of placements sent twice")
    options = parser.parse_args()
    load = os.getloadavg()[0]  # what else keeps the machine busy (before this script's own work)

    url = os.environ.get("BENCH_ORDERS_DATABASE_URL", DEFAULT_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    env = {
        **bench_env(url),
        "REDIS_URL": redis_url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "API_WRITE_RATE": "",  # a load test writes faster than the per-user ceiling on purpose
    }

    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    manage(["migrate", "--noinput", "-v0"], env)
    subprocess.run(["redis-cli", "-u", redis_url, "FLUSHDB"], check=True, capture_output=True)

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")
    import django

    django.setup()
    from django.db import connection

    sellers, buyer_tokens = create_fixtures(options.sellers, options.buyers, options.units)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    connection.close()

    port = free_port()
    log = Path(tempfile.gettempdir()) / f"bench-orders-gunicorn-{port}.log"
    server = start_gunicorn(env, port, options.workers, log)
    try:
        print(
            f"machine: {machine(load)}; PostgreSQL {pg_version}; gunicorn {options.workers} sync workers; "
            f"{options.clients} client threads for {options.seconds:g} s after {options.warmup:g} s of "
            f"warm-up; {options.sellers} listings of {', '.join(f'{s.quantity:,.0f}' for s in sellers)} "
            f"units (MOQ 1), {options.buyers} buyer enterprises, quantities 1-50"
        )
        clients = [buyer_tokens[n % len(buyer_tokens)] for n in range(options.clients)]
        # Warm-up: the workers import and cache what the first requests need; counted in the checks
        # below, not in the figures.
        warm_up, _seconds, _cpu = run_clients(
            port, options.timeout, clients, sellers, options.warmup, options.resend, seed=1000
        )
        workers, backends = server_pids(server.pid, name)
        before = cpu_times(workers | backends)
        tallies, elapsed, client_cpu = run_clients(
            port, options.timeout, clients, sellers, options.seconds, options.resend, seed=0
        )
        # Backends that closed during the run are missed (CONN_MAX_AGE is 60 s: none in a short run).
        workers_after, backends_after = server_pids(server.pid, name)
        workers, backends = workers | workers_after, backends | backends_after
        after = cpu_times(workers | backends)
        used = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
        worker_cpu = sum(t for pid, t in used.items() if pid in workers)
        database_cpu = sum(t for pid, t in used.items() if pid in backends)
    finally:
        stop_gunicorn(server)
    subprocess.run(["redis-cli", "-u", redis_url, "FLUSHDB"], check=True, capture_output=True)

    seen = merge(tallies)
    placed, accepted = len(seen.created), len(seen.accepted)
    print(
        f"load: {elapsed:.1f} s; orders placed {placed} ({placed / elapsed:.1f}/s), accepted {accepted} "
        f"({accepted / elapsed:.1f}/s"
        + (f"; {len(seen.accept_uncertain)} more answered 409 after a retry" if seen.accept_uncertain else "")
        + f"); refused as sold out: {seen.sold_out_place} at placement, {seen.sold_out_accept} at "
        f"acceptance; replays {seen.replays}; resent after a timeout or a dropped connection "
        f"{seen.retries}; errors {sum(seen.errors.values())}"
        + (f" {dict(seen.errors)}" if seen.errors else "")
        + f"; the clients used {client_cpu:.1f} s of CPU"
    )
    # Every request sent, answered or not: the server works on one the client stopped waiting for.
    requests = sum(len(times) for times in seen.latency.values()) + seen.retries
    print(
        f"server CPU during the run: gunicorn workers {worker_cpu:.1f} s, PostgreSQL backends "
        f"{database_cpu:.1f} s; per request sent {1000 * worker_cpu / requests:.1f} ms + "
        f"{1000 * database_cpu / requests:.1f} ms ({requests} requests)"
    )
    for kind in (
        "place",
        "place, replayed",
        "place, refused: sold out",
        "accept",
        "accept, refused: sold out",
    ):
        times = seen.latency.get(kind, [])
        if times:
            print(
                f"{kind:<26} {len(times):>6} requests: p50 {percentile(times, 50):6.1f} ms, "
                f"p95 {percentile(times, 95):6.1f} ms, p99 {percentile(times, 99):6.1f} ms"
            )
    everything = merge(warm_up + tallies)
    ok = check_invariants(sellers, everything)
    if everything.errors:
        print(f"FAIL  unexpected answers: {dict(everything.errors)}")
        ok = False
    print(f"database {name} kept for inspection; gunicorn log {log}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
