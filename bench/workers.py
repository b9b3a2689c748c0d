"""Real Celery workers for the benchmarks, started as separate processes on the benchmark's settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_worker(env: dict[str, str], name: str, queues: str = "celery,background") -> subprocess.Popen[str]:
    """A solo-pool worker consuming `queues` (by default every queue: the default and the background one)."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "platform_site", "worker", "--pool=solo", "-n", name,
         "-Q", queues, "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip


def stop(workers: list[subprocess.Popen[str]]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
