"""Train the twin's learned placement (`pipeline.twin.placement`) on DEV archive pairs only.

Each dev pair's Thai side is damaged as `thaipress eval twin` damages it (`pipeline.numerals.damage`, with
its own seeds, apart from the evaluation's), the slots of the numeral stage are matched to the losses as the
evaluation matches them, and every (slot, English figure that fits it) pair becomes a row: its features and
whether the figure's value restores the lost one exactly (a slot where nothing was lost: no value is right).
A logistic regression (L2, Newton steps; numpy) is fitted; the proposing threshold is chosen on out-of-fold
probabilities (5 folds by pair) to maximise restored - 2 x wrong - 0.5 x wrong-where-the-English-is-silent,
simulating the greedy one-to-one placement and the text's own disagreeing proposal. Deterministic.

    python -m pipeline.twin.train_placement corpora/archive/pairs.jsonl ARCHIVE [--buckets 1,2,3,4]
        [--seeds 100,101,102] [--out models/twin-placement/placement.json] [--rows CACHE.jsonl.gz]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from pipeline.archive.reader import bucket
from pipeline.errors import InputError
from pipeline.normalize import normalize
from pipeline.numerals.damage import damage_release
from pipeline.numerals.evaluate import restores
from pipeline.twin import read_twin_input
from pipeline.twin.evaluate import _matching, english_states, load_pairs, read_archive_pairs
from pipeline.twin.placement import FEATURES, PlacementModel, assign, options
from pipeline.twin.restore import _digits, _figure_key, hand_placements, twin_context

L2 = 1.0
FOLDS = 5


def rows_for(items: list[tuple[dict[str, Any], str, str]], seed: int) -> list[dict[str, Any]]:
    """One row per (release, slot, fitting figure) of the damaged dev pairs (pair, Thai, English), in order."""
    rng = random.Random(seed)
    out = []
    for pair, thai, english in items:
        try:
            twin = read_twin_input(english, source=pair["en_id"])
        except InputError:
            continue
        damaged = damage_release(normalize(thai).text, rng, rate=0.35)
        ctx, warnings = twin_context(damaged.text, twin)
        if warnings:
            continue
        hand = hand_placements(ctx)
        loss_of: dict[int, Any] = {}
        used: set[int] = set()
        for lost in damaged.losses:
            matched = _matching(lost, ctx.repairs, used)
            if matched is not None:
                loss_of[next(n for n, r in enumerate(ctx.repairs) if r is matched)] = lost
        left = Counter(str(_figure_key(f)) for i, f in enumerate(twin.figures) if i not in ctx.consumed)
        for o in options(ctx, hand):
            slot, repair, loss = ctx.slots[o.slot], ctx.repairs[o.slot], loss_of.get(o.slot)
            right = loss is not None and restores(
                loss, repair.model_copy(update={"replacement": slot.replacement(o.value)})
            )
            thai_value = _digits(repair.replacement[len(slot.prefix) :]) if repair.replacement is not None else None
            out.append(
                {
                    "release": f"{pair['en_id']}#{seed}",
                    "slot": o.slot,
                    "start": o.figure.start,
                    "key": str(_figure_key(o.figure)),
                    "left": left[str(_figure_key(o.figure))],
                    "date": o.figure.kind == "date",
                    "value": _digits(o.value),
                    "label": int(right),
                    "lost": loss is not None,
                    "stated": loss is not None and english_states(loss, damaged.text, twin),
                    "thai_other": thai_value is not None and thai_value != _digits(o.value),
                    "thai_value": thai_value,
                    "thai_right": loss is not None and restores(loss, repair),
                    "thai_listed": sorted({_digits(c.value) for c in repair.candidates}),
                    "x": o.features,
                }
            )
    return out


def fit(rows: list[dict[str, Any]], l2: float = L2) -> tuple[dict[str, float], float]:
    """Logistic regression by Newton steps with an L2 penalty on the weights (not the bias)."""
    import numpy as np

    names = list(FEATURES)
    x = np.array([[r["x"].get(n, 0.0) for n in names] + [1.0] for r in rows], dtype=float)
    y = np.array([r["label"] for r in rows], dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return {n: float(v) for n, v in zip(names, w[:-1])}, float(w[-1])


def _fold(release: str) -> int:
    return int(hashlib.sha1(release.split("#")[0].encode("utf-8")).hexdigest(), 16) % FOLDS


def out_of_fold(rows: list[dict[str, Any]]) -> list[float]:
    probabilities = [0.0] * len(rows)
    for k in range(FOLDS):
        train = [r for r in rows if _fold(r["release"]) != k]
        weights, bias = fit(train)
        model = PlacementModel(weights, bias, 0.5)
        for i, r in enumerate(rows):
            if _fold(r["release"]) == k:
                probabilities[i] = model.probability(r["x"])
    return probabilities


def outcome(rows: list[dict[str, Any]], probabilities: list[float], threshold: float) -> dict[str, int]:
    """Simulated counts at ``threshold`` over the slots the twin has values for: restored / wrong where the
        English states the lost value, wrong where it is silent (slots where nothing was lost are not counted, as in
    the evaluation). The twin's placement meets the text's own
        proposal as `restore._combine` does: a different value is a disagreement (none proposed); unplaced, the
        text keeps its own value, or its one listed candidate when the twin lists it too."""
    by_release: dict[str, list[tuple[float, dict[str, Any]]]] = defaultdict(list)
    for p, r in zip(probabilities, rows):
        by_release[r["release"]].append((p, r))
    counts: Counter[str] = Counter()
    for items in by_release.values():
        best: dict[tuple[int, str], tuple[float, dict[str, Any]]] = {}
        for p, r in items:
            key = (r["slot"], r["value"])
            if key not in best or p > best[key][0]:
                best[key] = (p, r)
        left = Counter({r["key"]: r["left"] for _p, r in items})
        chosen = assign([(p, r["slot"], r["start"], r["key"], r["date"]) for p, r in best.values()], left, threshold)
        for slot in {r["slot"] for _p, r in items}:
            mine = [r for _p, r in best.values() if r["slot"] == slot]
            first = mine[0]
            if slot in chosen:
                p, start = chosen[slot]
                r = next(r for q, r in best.values() if r["slot"] == slot and r["start"] == start and q == p)
                right = None if r["thai_other"] else bool(r["label"])
            elif first["thai_value"] is not None:
                right = first["thai_right"]
            elif len(first["thai_listed"]) == 1 and first["thai_listed"][0] in {r["value"] for r in mine}:
                right = any(r["label"] for r in mine if r["value"] == first["thai_listed"][0])
            else:
                right = None
            if right is None:
                continue
            if first["stated"]:
                counts["restored" if right else "wrong"] += 1
            elif first["lost"] and not right:
                counts["wrong_silent"] += 1
    return counts


def choose_threshold(rows: list[dict[str, Any]], probabilities: list[float]) -> tuple[float, list[str]]:
    table, best = [], (-1e9, 0.5)
    for step in range(10, 91, 5):
        t = step / 100
        c = outcome(rows, probabilities, t)
        score = c["restored"] - 2 * c["wrong"] - 0.5 * c["wrong_silent"]
        table.append(f"threshold {t:.2f}: restored {c['restored']} wrong {c['wrong']} silent wrong {c['wrong_silent']}")
        if score > best[0]:
            best = (score, t)
    return best[1], table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs")
    parser.add_argument("archive")
    parser.add_argument("--buckets", default="1,2,3,4", help="dev buckets (sha1 % 5) to train on; 0 is refused")
    parser.add_argument("--seeds", default="100,101,102", help="damage seeds (apart from the evaluation's 0, 1)")
    parser.add_argument("--out", default="models/twin-placement/placement.json")
    parser.add_argument("--rows", default="", help="cache of the rows (JSONL.gz): read if present, else written")
    args = parser.parse_args(argv)
    buckets = sorted({int(b) for b in args.buckets.split(",")})
    if 0 in buckets:
        parser.error("bucket 0 is the held-out split: never trained on")
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.rows and Path(args.rows).exists():
        with gzip.open(args.rows, "rt", encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
    else:
        pairs = [p for p in load_pairs(args.pairs, "dev") if bucket(p["en_id"]) in buckets]
        items = list(read_archive_pairs(pairs, args.archive))
        rows = [row for seed in seeds for row in rows_for(items, seed)]
        if args.rows:
            with gzip.open(args.rows, "wt", encoding="utf-8") as f:
                f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    threshold, table = choose_threshold(rows, out_of_fold(rows))
    weights, bias = fit(rows)
    model = PlacementModel(weights, bias, threshold)
    releases = {r["release"] for r in rows}
    provenance = {
        "what": "twin placement: P(the English figure's value is the lost numeral), logistic regression",
        "trained_on": f"{args.pairs}: dev pairs (sha1(en_id) % 5 in {buckets}), damage seeds {seeds}",
        "command": "python -m pipeline.twin.train_placement " + " ".join(argv if argv is not None else sys.argv[1:]),
        "releases": len(releases),
        "rows": len(rows),
        "positives": sum(r["label"] for r in rows),
        "l2": L2,
        "threshold_rule": "max restored - 2 wrong - 0.5 wrong-where-silent on out-of-fold probabilities",
        "threshold_table": table,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(model.to_json(**provenance), encoding="utf-8")
    print("\n".join(table))
    print(f"threshold {threshold:.2f}; {len(rows)} rows from {len(releases)} releases -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
