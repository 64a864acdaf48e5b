"""Speed and memory of `pipeline.process` against the peer (pythainlp's bundled ThaiNER CRF alone) and
against tokenisation alone, on the same releases in the same process.

Fresh mode (what `make bench` runs): every round reads the NEXT `--limit` Thai releases of the archive, so
no release is ever seen twice by a system, as in a run over the archive (caches keyed by a release's words
start as cold as they would there); within a round every system processes the same releases, each once.

    python benchmarks/bench_process.py --archive ../shared/corpora/thaigov-archive.jsonl.gz --fresh --cpu

Warm mode (the old measure): the same `--limit` releases of `--sample` every round, the best round kept.

    python benchmarks/bench_process.py --sample ../shared/corpora/thaigov-sample.jsonl.gz --limit 300

Caches: the in-process caches start empty; the on-disk romanisation cache
(`pipeline.english.romanization_cache`) is a new, empty temp folder unless `--warm-cache`; the shipped
thai2rom tables are read unless `--no-rom-table`: pythainlp's name and dictionary words
(`models/name-translit/thai2rom-words.tsv`) and the name words after titles in the archive past its first
10,000 lines (`thai2rom-archive-names.tsv`; to read only releases it was not built from, keep `--skip` plus
the rounds times `--limit` under 9,000 Thai releases).

`--cpu` measures CPU time (`time.process_time`, all threads of the process) instead of wall time: on a
machine other jobs share, wall-clock ratios swing. Peak RSS is the process's peak after that stage.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time
from collections.abc import Callable, Iterator
from pathlib import Path

PEER = "peer: ThaiNER 1.5 CRF alone"
PIPELINE = "thaipress pipeline.process"


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _row(name: str, seconds: float, docs: int, chars: int, rss: float) -> dict:
    return {
        "name": name,
        "seconds": round(seconds, 2),
        "docs_per_s": round(docs / seconds, 2) if seconds else float("inf"),
        "kchar_per_s": round(chars / seconds / 1000, 1) if seconds else float("inf"),
        "peak_rss_mb": round(rss, 1),
    }


def measure(
    systems: dict[str, Callable[[str], object]],
    texts: list[str],
    rounds: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[dict]:
    """Warm mode: time every system on all texts, `rounds` times in alternation, and keep each system's best
    round: alternating spreads any load from other processes over all systems alike. `clock`: wall time by
    default; `time.process_time` (CPU time) on a machine other jobs share."""
    for run in systems.values():
        run(texts[0])  # load models outside the timing
    best = {name: float("inf") for name in systems}
    rss = {}
    for _ in range(rounds):
        for name, run in systems.items():
            started = clock()
            for text in texts:
                run(text)
            best[name] = min(best[name], clock() - started)
            rss[name] = _rss_mb()
    chars = sum(len(t) for t in texts)
    return [_row(name, seconds, len(texts), chars, rss[name]) for name, seconds in best.items()]


def measure_fresh(
    systems: dict[str, Callable[[str], object]],
    batches: Iterator[list[str]],
    warmup: str,
    clock: Callable[[], float] = time.perf_counter,
    report: Callable[[int, dict[str, float], list[str]], None] | None = None,
) -> list[dict]:
    """Fresh mode: each batch of `batches` is one round; every system processes every text of the round
    once, and no text comes back in a later round. The systems take turns on each text (all systems on the
    first text, then on the second, ...), so a load from other processes that comes and goes weighs on all
    of them alike. Rows are totals over all rounds (docs/s = all texts / all seconds). `warmup` (a text in
    no round) loads the models outside the timing; `report(round, seconds by system, texts)` is called after
    each round. Peak RSS: the process's peak at the end of the round."""
    for run in systems.values():
        run(warmup)
    total = dict.fromkeys(systems, 0.0)
    rss = {}
    docs = chars = 0
    for number, texts in enumerate(batches, 1):
        seconds = dict.fromkeys(systems, 0.0)
        for text in texts:
            for name, run in systems.items():
                started = clock()
                run(text)
                seconds[name] += clock() - started
        for name in systems:
            total[name] += seconds[name]
            rss[name] = _rss_mb()
        docs += len(texts)
        chars += sum(map(len, texts))
        if report:
            report(number, seconds, texts)
    return [_row(name, seconds, docs, chars, rss.get(name, 0.0)) for name, seconds in total.items()]


def thai_releases(path: Path, skip: int = 0) -> Iterator[str]:
    """Texts of the archive's Thai releases with text (``"lang"`` absent or "th"), in file order, after
    the first `skip` of them."""
    from pipeline.evaluation.samples import iter_sample

    usable = (
        r["text"]
        for r in iter_sample(path)
        if r.get("lang", "th") == "th" and isinstance(r.get("text"), str) and r["text"].strip()
    )
    return itertools.islice(usable, skip, None)


def fresh_batches(texts: Iterator[str], size: int, rounds: int) -> Iterator[list[str]]:
    """`rounds` consecutive, disjoint batches of `size` texts (fewer if the texts run out)."""
    for _ in range(rounds):
        batch = list(itertools.islice(texts, size))
        if not batch:
            return
        yield batch


def print_rows(rows: list[dict]) -> None:
    print(f"{'stage':32s}{'docs/s':>10s}{'kchar/s':>10s}{'seconds':>10s}{'peak RSS MB':>13s}")
    for row in rows:
        print(
            f"{row['name']:32s}{row['docs_per_s']:>10.2f}{row['kchar_per_s']:>10.1f}{row['seconds']:>10.2f}"
            f"{row['peak_rss_mb']:>13.1f}"
        )
    by_name = {row["name"]: row for row in rows}
    if PEER in by_name and PIPELINE in by_name:
        ratio = by_name[PIPELINE]["docs_per_s"] / by_name[PEER]["docs_per_s"]
        print(f"pipeline.process / peer CRF alone: {ratio:.2f}x docs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=Path, default=Path("../shared/corpora/thaigov-sample.jsonl.gz"))
    parser.add_argument("--archive", type=Path, help="fresh mode: the archive to read releases from")
    parser.add_argument("--fresh", action="store_true", help="every round reads the next --limit releases")
    parser.add_argument("--skip", type=int, default=0, help="fresh mode: Thai releases to skip first")
    parser.add_argument("--limit", type=int, default=300, help="releases per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="measure CPU time (process_time), not wall time")
    parser.add_argument("--only", help="comma-separated systems to run: newmm,nlpo3,peer,pipeline")
    parser.add_argument(
        "--warm-cache",
        action="store_true",
        help="use the on-disk romanisation cache where it is (default: a new, empty one in a temp dir)",
    )
    parser.add_argument(
        "--no-rom-table", action="store_true", help="do not read the shipped thai2rom table of name words"
    )
    args = parser.parse_args()
    if not args.warm_cache:  # cold: a new cache folder, removed at exit
        import atexit
        import os
        import shutil
        import tempfile

        folder = tempfile.mkdtemp(prefix="thaipress-bench-cache-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["THAIPRESS_CACHE_DIR"] = folder
    if args.no_rom_table:
        from pipeline.english import romanization_cache

        romanization_cache.shipped_table = dict  # type: ignore[assignment]

    from pythainlp.tokenize import word_tokenize as pythainlp_tokenize

    import pipeline
    from pipeline.entities.crf import bundled_thainer
    from pipeline.evaluation.samples import read_sample
    from pipeline.normalize import normalize
    from pipeline.tokens import word_tokenize

    peer = bundled_thainer()

    def peer_run(text: str) -> object:
        # What a user of pythainlp's ThaiNER CRF runs: newmm tokens, POS tags, CRF.
        return peer.spans(text, pythainlp_tokenize(text, engine="newmm"))

    systems = {
        "tokenise (pythainlp newmm)": ("newmm", lambda t: pythainlp_tokenize(t, engine="newmm")),
        "tokenise (thaipress, nlpo3)": ("nlpo3", lambda t: word_tokenize(normalize(t).text)),
        PEER: ("peer", peer_run),
        PIPELINE: ("pipeline", lambda t: pipeline.process(t)),
    }
    wanted = set(args.only.split(",")) if args.only else None
    chosen = {name: run for name, (key, run) in systems.items() if wanted is None or key in wanted}
    clock = time.process_time if args.cpu else time.perf_counter
    clock_name = "CPU time" if args.cpu else "wall time"

    if args.fresh:
        source = args.archive or args.sample
        texts = thai_releases(source, args.skip)
        warmup = next(texts)  # loads the models; in no round

        def report(number: int, seconds: dict[str, float], batch: list[str]) -> None:
            cells = "  ".join(f"{systems[name][0]} {len(batch) / s:.1f}" for name, s in seconds.items())
            ratio = (
                f"  ratio {seconds[PEER] / seconds[PIPELINE]:.2f}x" if PEER in seconds and PIPELINE in seconds else ""
            )
            print(f"round {number}: {len(batch)} releases, docs/s {cells}{ratio}", flush=True)

        rows = measure_fresh(chosen, fresh_batches(texts, args.limit, args.rounds), warmup, clock, report)
        print(
            f"{args.rounds} rounds of {args.limit} fresh Thai releases of {source} (after skipping {args.skip}),"
            f" each seen once; totals over all rounds, {clock_name}"
        )
    else:
        texts_list = [r["text"] for r in read_sample(args.sample, limit=args.limit)]
        rows = measure(chosen, texts_list, args.rounds, clock)
        kchar = sum(map(len, texts_list)) / 1000
        print(
            f"{len(texts_list)} releases, {kchar:.0f} kchar, from {args.sample}; best of {args.rounds} rounds,"
            f" {clock_name} (warm: the same releases every round)"
        )
    print_rows(rows)


if __name__ == "__main__":
    main()
