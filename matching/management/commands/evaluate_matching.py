"""`manage.py evaluate_matching`: the engine's quality on a labelled set, beside the BM25 baseline.

Runs in memory: it needs no database rows, no server and no worker.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.evaluation import (
    best_possible_p5,
    bm25_run,
    engine_run,
    evaluate,
    format_table,
    load_items,
    load_qrels,
    write_run,
)
from matching.weights import ALGORITHM_VERSION

# The goals: nDCG@10 of 0.90 or more, P@5 within 10% of the best possible.
GOAL_NDCG, GOAL_P5_SHARE = 0.90, 0.90


class Command(BaseCommand):
    help = "Score the matching engine on a labelled set: precision@5, recall@10, nDCG@10, MRR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--listings", required=True, type=Path, help="listings.jsonl of the set")
        parser.add_argument("--qrels", required=True, type=Path, help="qrels.tsv of the set")
        parser.add_argument(
            "--run", type=Path, help="also write the engine's ranking here (score.py's format)"
        )
        parser.add_argument("--per-query", action="store_true", help="print each demand's figures")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in ("listings", "qrels", "run"):
            options[name] = Path(options[name]) if options[name] else None
        for name in ("listings", "qrels"):
            if not options[name].is_file():
                raise CommandError(f"--{name}: no such file: {options[name]}")
        items = load_items(options["listings"])
        qrels = load_qrels(options["qrels"])
        started = time.perf_counter()
        run = engine_run(items)
        seconds = time.perf_counter() - started
        engine, per_query = evaluate(qrels, run)
        baseline, _ = evaluate(qrels, bm25_run(items))
        demands = sum(1 for item in items if item.side == "demand")
        self.stdout.write(
            f"{len(items)} listings ({demands} demands), {len(qrels)} demands with relevant supplies; "
            f"engine {ALGORITHM_VERSION} ran in {seconds:.1f} s"
        )
        self.stdout.write(
            format_table([(f"engine {ALGORITHM_VERSION}", engine), ("baseline BM25 bigrams", baseline)])
        )
        if options["per_query"]:
            for demand in sorted(per_query):
                figures = "  ".join(f"{m}={v:.3f}" for m, v in per_query[demand].items())
                self.stdout.write(f"{demand}  {figures}")
        best = best_possible_p5(qrels)
        ndcg_met = engine["nDCG@10"] >= GOAL_NDCG
        p5_met = engine["P@5"] >= GOAL_P5_SHARE * best
        self.stdout.write(
            f"goal nDCG@10 >= {GOAL_NDCG:.2f}: {'met' if ndcg_met else 'NOT met'}; "
            f"P@5 within 10% of the best possible {best:.4f}: {'met' if p5_met else 'NOT met'}"
        )
        if options["run"]:
            write_run(run, options["run"])
            self.stdout.write(f"run written to {options['run']}")
