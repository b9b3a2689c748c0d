"""`manage.py rematch`: match the whole published catalogue again, with a progress bar.

    manage.py rematch                   in this process, chunk after chunk
    manage.py rematch --chunk-size 500  smaller chunks (default: MATCHING_CHUNK_SIZE)
    manage.py rematch --async           by the Celery workers, one task per chunk; this command waits
                                        and shows the run's progress (--workers is the same)

Either way the run is recorded as a MatchRun (started by "command line") and its summary printed.
Scores are updated; admins' decisions are kept; matches of listings no longer published become stale.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from matching.models import MatchRun
from matching.services.matching import rematch_run_inline, rematch_start

POLL_SECONDS = 0.5


class Command(BaseCommand):
    help = "Rematch every published listing and print the run's summary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=None, help="listings per chunk")
        parser.add_argument(
            "--async",
            "--workers",
            dest="use_workers",
            action="store_true",
            help="dispatch the chunks to the Celery workers and wait for them",
        )

    def handle(self, *args: Any, chunk_size: int | None, use_workers: bool, **options: Any) -> None:
        if chunk_size is not None and chunk_size < 1:
            raise CommandError("--chunk-size must be 1 or more.")
        bar = tqdm(
            total=0, unit="listing", desc="rematch", file=self.stderr, disable=options["verbosity"] < 1
        )
        with bar:

            def show(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            if use_workers:
                run = self._on_workers(chunk_size, show)
            else:
                run = rematch_run_inline(
                    trigger=MatchRun.Trigger.COMMAND, chunk_size=chunk_size, progress=show
                )
        self.stdout.write(summary(run))
        if run.status == MatchRun.Status.FAILED:
            raise CommandError(f"Rematch run {run.pk} failed in {len(run.errors)} chunk(s); see its errors.")

    def _on_workers(self, chunk_size: int | None, show: Callable[[int, int], None]) -> MatchRun:
        run = rematch_start(trigger=MatchRun.Trigger.COMMAND, chunk_size=chunk_size)
        while True:
            run.refresh_from_db()
            show(run.listings_done, run.listings_total)
            if run.status != MatchRun.Status.RUNNING:
                return run
            time.sleep(POLL_SECONDS)


def summary(run: MatchRun) -> str:
    """The figures of a finished run, one line each."""
    duration = run.duration_seconds
    lines = [
        f"Rematch run {run.pk}: {run.status}",
        f"  listings matched:     {run.listings_done:,} of {run.listings_total:,}"
        f" in {run.chunks_total:,} chunk(s)",
        f"  match rows written:   {run.matches_written:,}",
        f"  matches marked stale: {run.matches_staled:,}",
        f"  duration:             {duration:.1f} s" if duration is not None else "  duration:             -",
    ]
    lines += [f"  error in chunk {e.get('chunk')}: {e.get('error')}" for e in run.errors]
    return "\n".join(lines) + "\n"
