"""Measuring the engine on a labelled set (format: ../shared/matching-bench/README.md), in memory.

`items_from_records` turns the set's JSON records into engine items; `engine_run` and `bm25_run` rank
the supplies of every demand; `evaluate` computes the metrics exactly as the set's score.py does.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from matching.engine import Engine
from matching.items import Item
from matching.profile import place_of

Run = dict[str, list[tuple[str, float]]]  # demand id -> [(supply id, score)], best first
Qrels = dict[str, dict[str, int]]
METRICS = ("P@5", "R@10", "nDCG@10", "MRR")
RUN_DEPTH = 100

# The set's transfer modes, in the platform's words where they differ.
_MODES = {"license": "license", "licence": "license", "technical_service": "service"}


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _codes(record: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(code) for code in record.get(key) or ())


def _provinces(record: dict[str, Any]) -> tuple[str, ...]:
    """Eligible provinces as GB/T 2260 codes; the set may write names ("安徽省")."""
    return tuple(
        code if code.isdigit() else place_of(code).province or code
        for code in _codes(record, "eligible_provinces")
    )


def item_from_record(record: dict[str, Any]) -> Item:
    """One record of the set as an item. The set gives a financing offer's most (`amount_cny`,
    `term_months`); a record may also give its least (`amount_min_cny`, `term_min_months`) and the
    themes, segments and provinces it is limited to (`eligible_themes`, `eligible_segments`,
    `eligible_provinces`: lists, absent or empty for all). Item reads a lone amount as the ceiling."""
    amount, amount_min = _number(record["amount_cny"]), _number(record.get("amount_min_cny"))
    term, term_min = record["term_months"], record.get("term_min_months")
    return Item(
        key=record["id"],
        side=record["side"],
        kind=record["kind"],
        title=record["title"] or "",
        description=record["description"] or "",
        segment=record["segment"] or "",
        category=record["category"] or "",
        region=record["region"] or "",
        theme=record["enterprise_theme"] or "",
        verified=True,
        quantity=_number(record["quantity"]),
        unit=record["unit"] or "",
        price_min=_number(record["price_min"]),
        price_max=_number(record["price_max"]),
        lead_time_days=record["lead_time_days"],
        deadline_days=record["deadline_days"],
        certifications=tuple(record["certifications"] or ()),
        trl=record["trl"],
        transfer_mode=_MODES.get(record["transfer_mode"] or "", record["transfer_mode"] or ""),
        headcount=record["headcount"],
        skills=" ".join(record["skills"]) if isinstance(record["skills"], list) else record["skills"] or "",
        amount=amount if amount_min is None else amount_min,
        term_months=term if term_min is None else term_min,
        amount_max=None if amount_min is None else amount,
        term_max_months=None if term_min is None else term,
        instrument=record["instrument"] or "",
        eligible_themes=_codes(record, "eligible_themes"),
        eligible_segments=_codes(record, "eligible_segments"),
        eligible_provinces=_provinces(record),
    )


def load_items(path: Path) -> list[Item]:
    with path.open(encoding="utf-8") as lines:
        return [item_from_record(json.loads(line)) for line in lines if line.strip()]


def load_qrels(path: Path) -> Qrels:
    qrels: Qrels = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[2].strip().isdigit() and int(parts[2]) > 0:
            qrels[parts[0]][parts[1]] = int(parts[2])
    return dict(qrels)


def engine_run(items: list[Item], depth: int = RUN_DEPTH) -> Run:
    engine = Engine(items, candidates={"demand": depth, "supply": depth})
    demands = [item for item in items if item.side == "demand"]
    matched = engine.match_many(demands, k=depth)
    return {str(d.key): [(str(p.supply), p.score) for p in matched[d.key]] for d in demands}


# --- the baseline: BM25 over character bigrams ----------------------------------------------------


def _bigrams(text: str) -> list[str]:
    flat = re.sub(r"\s+", "", text.lower())
    return [flat[i : i + 2] for i in range(len(flat) - 1)]


def bm25_run(items: list[Item], depth: int = RUN_DEPTH, k1: float = 1.2, b: float = 0.75) -> Run:
    """BM25 (k1 1.2, b 0.75) over character bigrams of title + description + category: the set's baseline."""
    supplies = [item for item in items if item.side == "supply"]
    docs = [Counter(_bigrams(f"{s.title} {s.description} {s.category}")) for s in supplies]
    lengths = [sum(doc.values()) for doc in docs]
    average = sum(lengths) / max(len(lengths), 1)
    df: Counter[str] = Counter(term for doc in docs for term in doc)
    n = len(docs)
    idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}
    run: Run = {}
    for demand in (item for item in items if item.side == "demand"):
        query = set(_bigrams(f"{demand.title} {demand.description} {demand.category}"))
        scores = []
        for supply, doc, length in zip(supplies, docs, lengths, strict=True):
            score = 0.0
            for term in query:
                tf = doc.get(term)
                if tf:
                    score += idf[term] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average))
            scores.append((str(supply.key), score))
        scores.sort(key=lambda s: (-s[1], s[0]))
        run[str(demand.key)] = scores[:depth]
    return run


# --- metrics, as score.py computes them ------------------------------------------------------------


def evaluate(qrels: Qrels, run: Run) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    per: dict[str, dict[str, float]] = {}
    for demand, relevant in qrels.items():
        ranked = [supply for supply, _ in run.get(demand, [])]
        p5 = sum(1 for s in ranked[:5] if relevant.get(s, 0) > 0) / 5.0
        r10 = sum(1 for s in ranked[:10] if relevant.get(s, 0) > 0) / len(relevant)
        dcg = sum((2 ** relevant.get(s, 0) - 1) / math.log2(i + 2) for i, s in enumerate(ranked[:10]))
        ideal = sorted(relevant.values(), reverse=True)[:10]
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        first = next((i for i, s in enumerate(ranked) if relevant.get(s, 0) > 0), None)
        per[demand] = {
            "P@5": p5,
            "R@10": r10,
            "nDCG@10": dcg / idcg if idcg else 0.0,
            "MRR": 1.0 / (first + 1) if first is not None else 0.0,
        }
    count = len(per) or 1
    return {m: sum(v[m] for v in per.values()) / count for m in METRICS}, per


def write_run(run: Run, path: Path) -> None:
    """The run as score.py reads it: demand_id, supply_id, rank, score."""
    lines = ["demand_id\tsupply_id\trank\tscore"]
    for demand in sorted(run):
        lines += [
            f"{demand}\t{supply}\t{rank}\t{score:.6f}" for rank, (supply, score) in enumerate(run[demand], 1)
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def best_possible_p5(qrels: Qrels) -> float:
    return sum(min(len(r), 5) / 5 for r in qrels.values()) / max(len(qrels), 1)


def format_table(rows: Iterable[tuple[str, dict[str, float]]]) -> str:
    lines = [f"{'run':<28}" + "".join(f"{m:>10}" for m in METRICS)]
    lines += [f"{name:<28}" + "".join(f"{figures[m]:>10.4f}" for m in METRICS) for name, figures in rows]
    return "\n".join(lines)
