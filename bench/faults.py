"""Faults under traffic, against gunicorn, PostgreSQL, Redis, a Celery worker and beat on this machine.

    .venv/bin/python bench/faults.py                 # both scenarios; exits 1 when one fails
    .venv/bin/python bench/faults.py --after 20      # longer traffic after each fault

1. PostgreSQL restarted (`pg_ctlcluster ... restart`) while two clients browse pages and the API: during
   the restart requests get 503 with Retry-After (never a 500), and afterwards every request succeeds
   again without restarting gunicorn or the worker; a listing published afterwards is matched.
2. Redis stopped (`redis-cli shutdown`) under the same traffic: pages and API reads keep answering 200,
   a listing approved meanwhile is published; once Redis is started again, the matching task that
   could not be sent is relayed from the outbox (the beat task) and the worker matches the listing.

It stops and starts the machine's PostgreSQL and Redis: run it where nothing else needs them at the time
(CI runs it after the tests). The database named in BENCH_FAULTS_DATABASE_URL (default
chainmatch_faults) is dropped and created with the demo seed; Redis database 7 is its broker and cache.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.search import bench_env  # noqa: E402 - needs the path set above

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/chainmatch_faults"
REDIS_URL = "redis://127.0.0.1:6379/7"
PORT = 8765
PATHS = ("/", "/listings/", "/listings/?q=电池", "/api/v1/listings/?q=BMS", "/api/v1/stats/", "/healthz")


@dataclass
class Traffic:
    """Clients requesting PATHS in turn; every answer recorded with its time."""

    base: str
    answers: list[tuple[float, str, int]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, offset: int) -> None:
        n = offset
        while not self.stop.is_set():
            path = PATHS[n % len(PATHS)]
            n += 1
            try:
                address = self.base + urllib.parse.quote(path, safe="/?=&")
                with urllib.request.urlopen(address, timeout=10) as answer:  # noqa: S310 - loopback
                    status = answer.status
            except urllib.error.HTTPError as error:
                status = error.code
            except (urllib.error.URLError, OSError):
                status = 0  # no answer at all
            self.answers.append((time.monotonic(), path, status))
            time.sleep(0.02)

    def between(self, start: float, end: float) -> Counter[int]:
        return Counter(status for at, _path, status in self.answers if start <= at < end)


def sh(*command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=check, capture_output=True, text=True)


def wait_until(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def postgres_up() -> bool:
    return sh("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q", check=False).returncode == 0


def redis_up() -> bool:
    return sh("redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping", check=False).stdout.strip() == "PONG"


def start_redis() -> None:
    sh(
        "redis-server",
        "--daemonize",
        "yes",
        "--bind",
        "127.0.0.1",
        "--port",
        "6379",
        "--save",
        "",
        "--appendonly",
        "no",
    )
    assert wait_until(redis_up, 30), "Redis did not start"  # noqa: S101 - a broken bench must stop


def publish_and_wait(label: str, seconds: float) -> tuple[int, float | None]:
    """Take a published demand back to review (setup, not a business path), approve it through the API
    as staff, and wait for the worker's matches; returns the answer's status and the seconds it took."""
    from django.db import close_old_connections
    from rest_framework.test import APIClient

    from accounts.models import User
    from listings.models import Listing
    from matching.models import Match

    close_old_connections()
    # A demand the seed's rematch found matches for, so that its matching shows as rows again.
    matched = Match.objects.filter(demand__status="published").values("demand_id")
    demand = Listing.objects.filter(pk__in=matched).order_by("?").first()
    assert demand is not None  # noqa: S101
    Listing.objects.filter(pk=demand.pk).update(status="pending_review")
    Match.objects.filter(demand=demand).delete()
    client = APIClient()
    client.force_authenticate(User.objects.filter(is_staff=True).first())
    started = time.monotonic()
    response = client.post(f"/api/v1/listings/{demand.pk}/approve/", {"note": label}, format="json")
    print(f"  approve a demand through the API: {response.status_code}")
    if response.status_code != 200:
        return response.status_code, None
    matched = wait_until(lambda: Match.objects.filter(demand=demand).exists(), seconds)
    return response.status_code, (time.monotonic() - started) if matched else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--after", type=float, default=10, help="seconds of traffic after each fault")
    options = parser.parse_args()
    url = os.environ.get("BENCH_FAULTS_DATABASE_URL", DEFAULT_URL)
    # The two clients share one address: the anonymous rate limit is for visitors, not for them.
    env = {**bench_env(url), "REDIS_URL": REDIS_URL, "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
           "API_ANON_RATE": ""}  # fmt: skip
    admin = url.rsplit("/", 1)[0] + "/postgres"
    name = url.rsplit("/", 1)[1]
    sh("psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"')
    sh("psql", admin, "-qc", f'CREATE DATABASE "{name}"')
    sh("redis-cli", "-u", REDIS_URL, "FLUSHDB")
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["seed"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")
    import django

    django.setup()
    logs = Path(tempfile.mkdtemp(prefix="chainmatch-faults-"))
    commands = {
        "gunicorn": ["gunicorn", "platform_site.wsgi", "-w", "2", "--threads", "2", "-b", f"127.0.0.1:{PORT}",
                     "--timeout", "30"],
        "worker": ["celery", "-A", "platform_site", "worker", "--pool=solo", "-Q", "celery,background",
                   "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        "beat": ["celery", "-A", "platform_site", "beat", "--loglevel=INFO", "-s", str(logs / "beat")],
    }  # fmt: skip
    processes = {name: start(name, command, env, logs) for name, command in commands.items()}
    supervisor = threading.Thread(target=supervise, args=(processes, commands, env, logs), daemon=True)
    supervisor.start()
    traffic = Traffic(f"http://127.0.0.1:{PORT}")
    clients = [threading.Thread(target=traffic.run, args=(n,), daemon=True) for n in range(2)]
    failures: list[str] = []
    try:
        assert wait_until(lambda: bool(traffic.answers) or _ping(traffic.base), 30), "gunicorn did not start"  # noqa: S101
        for client in clients:
            client.start()
        time.sleep(3)
        status, seconds = publish_and_wait("warm-up", 60)  # the worker fits its engine once
        answers = dict(traffic.between(0, time.monotonic()))
        print(f"before the faults: answers {answers}; a publication matched in {seconds or 0:.1f} s")

        print("1. PostgreSQL restarted under traffic")
        version = sorted(os.listdir("/etc/postgresql"))[0]
        fault = time.monotonic()
        sh("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart")
        assert wait_until(postgres_up, 60), "PostgreSQL did not come back"  # noqa: S101
        back = time.monotonic()
        time.sleep(options.after)
        during, after = traffic.between(fault, back + 2), traffic.between(back + 2, time.monotonic())
        print(
            f"  restart took {back - fault:.1f} s; answers during it {dict(during)}, after it {dict(after)}"
        )
        if set(during) - {200, 503} or set(after) != {200}:
            failures.append(f"PostgreSQL restart: during {dict(during)}, after {dict(after)}")
        status, seconds = publish_and_wait("after the restart", 60)
        print(
            f"  published afterwards: matched by the worker in {seconds or 0:.1f} s"
            if seconds
            else "  NOT matched"
        )
        if seconds is None:
            failures.append("PostgreSQL restart: the worker did not match a listing published afterwards")

        print("2. Redis stopped under traffic")
        fault = time.monotonic()
        sh("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave", check=False)
        assert wait_until(lambda: not redis_up(), 10), "Redis did not stop"  # noqa: S101
        status, _seconds = publish_and_wait("during the outage", 0)
        if status != 200:
            failures.append(f"Redis down: publishing answered {status}")
        time.sleep(options.after)
        during = traffic.between(fault, time.monotonic())
        print(f"  answers while Redis is down: {dict(during)}")
        if set(during) != {200}:
            failures.append(f"Redis down: answers {dict(during)}")
        from listings.models import Listing
        from matching.models import Match

        waiting = Listing.objects.filter(review_note="during the outage").values_list("pk", flat=True)
        start_redis()
        back = time.monotonic()
        matched = wait_until(lambda: Match.objects.filter(demand__in=list(waiting)).exists(), 90)
        print(
            f"  Redis back: the demand published during the outage matched in {time.monotonic() - back:.1f} s"
            if matched
            else "  Redis back: the demand published during the outage was NOT matched"
        )
        if not matched:
            failures.append("Redis down: the listing published during the outage was not matched afterwards")
        after = traffic.between(back, time.monotonic())
        if set(after) != {200}:
            failures.append(f"Redis back: answers {dict(after)}")
    finally:
        traffic.stop.set()
        if not redis_up():
            start_redis()
        stopping.set()
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)
    total = Counter(status for _at, _path, status in traffic.answers)
    print(f"requests: {len(traffic.answers)} {json.dumps(dict(total))}")
    print(f"processes restarted by the supervisor: {dict(restarts) or 'none'}")
    if failures:
        for name in commands:
            print(f"--- the end of {name}'s log ({logs / name}.log)")
            print("\n".join((logs / f"{name}.log").read_text(errors="replace").splitlines()[-40:]))
    print("FAILED:\n  " + "\n  ".join(failures) if failures else "all fault scenarios passed")
    sys.exit(1 if failures else 0)


stopping = threading.Event()
restarts: Counter[str] = Counter()


def start(name: str, command: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen[bytes]:
    log = (logs / f"{name}.log").open("a")
    return subprocess.Popen([sys.executable, "-m", *command], cwd=ROOT, env=env, stdout=log, stderr=log)


def supervise(
    processes: dict[str, subprocess.Popen[bytes]],
    commands: dict[str, list[str]],
    env: dict[str, str],
    logs: Path,
) -> None:
    """Restart a process that exits, as docker-compose (`restart: unless-stopped`) or systemd would: a
    Celery worker that loses Redis while holding unacknowledged tasks ends itself (kombu 5.7 fails to
    give them back to a broker it cannot reach), and its restart waits for the broker."""
    while not stopping.wait(0.5):
        for name, process in list(processes.items()):
            if process.poll() is not None and not stopping.is_set():
                restarts[name] += 1
                processes[name] = start(name, commands[name], env, logs)


def _ping(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310 - loopback
            return True
    except (urllib.error.URLError, OSError):
        return False


if __name__ == "__main__":
    main()
