"""Time `manage.py seed` (522 enterprises) on a scratch database and print the figures.

    .venv/bin/python bench/seed.py                      # a temporary SQLite file
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/chainmatch_bench .venv/bin/python bench/seed.py

The PostgreSQL database named in BENCH_DATABASE_URL is dropped and created again: never point it at data
you want to keep.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as scratch:
        if url:
            name = url.rsplit("/", 1)[-1]
            admin = url.rsplit("/", 1)[0] + "/postgres"
            subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
            subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
        else:
            url = f"sqlite:///{scratch}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "true"}
        env.pop("REDIS_URL", None)
        migrate = run(["migrate", "--noinput"], env)
        seed = run(["seed"], env)
        reseed = run(["seed", "--reset"], env)
    engine = url.split(":", 1)[0]
    print(f"database            {engine}")
    print(f"migrate             {migrate:6.2f} s")
    print(f"seed 522            {seed:6.2f} s (process, including start-up)")
    print(f"seed --reset 522    {reseed:6.2f} s")


if __name__ == "__main__":
    main()
