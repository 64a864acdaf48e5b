"""Speed and memory of `pipeline.process` against the peer (pythainlp's bundled ThaiNER CRF alone) and
against tokenisation alone, on the same releases in the same process.

    python benchmarks/bench_process.py --sample ../shared/corpora/thaigov-sample.jsonl.gz --limit 300
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path


def measure(
    systems: dict[str, Callable[[str], object]],
    texts: list[str],
    rounds: int,
    clock: Callable[[], float] = time.perf_counter,
) -> list[dict]:
    """Time every system on all texts, `rounds` times in alternation, and keep each system's best round:
    alternating spreads any load from other processes over all systems alike. `clock`: wall time by
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
            rss[name] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t in texts)
    return [
        {
            "name": name,
            "seconds": round(seconds, 2),
            "docs_per_s": round(len(texts) / seconds, 2),
            "kchar_per_s": round(chars / seconds / 1000, 1),
            "peak_rss_mb": round(rss[name], 1),
        }
        for name, seconds in best.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=Path, default=Path("../shared/corpora/thaigov-sample.jsonl.gz"))
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="measure CPU time (process_time), not wall time")
    args = parser.parse_args()

    from pythainlp.tokenize import word_tokenize as pythainlp_tokenize

    import pipeline
    from pipeline.entities.crf import bundled_thainer
    from pipeline.evaluation.samples import read_sample
    from pipeline.normalize import normalize
    from pipeline.tokens import word_tokenize

    texts = [r["text"] for r in read_sample(args.sample, limit=args.limit)]
    peer = bundled_thainer()

    def peer_run(text: str) -> object:
        # What a user of pythainlp's ThaiNER CRF runs: newmm tokens, POS tags, CRF.
        return peer.spans(text, pythainlp_tokenize(text, engine="newmm"))

    rows = measure(
        {
            "tokenise (pythainlp newmm)": lambda t: pythainlp_tokenize(t, engine="newmm"),
            "tokenise (thaipress, nlpo3)": lambda t: word_tokenize(normalize(t).text),
            "peer: ThaiNER 1.5 CRF alone": peer_run,
            "thaipress pipeline.process": lambda t: pipeline.process(t),
        },
        texts,
        args.rounds,
        clock=time.process_time if args.cpu else time.perf_counter,
    )
    kchar = sum(map(len, texts)) / 1000
    print(f"{len(texts)} releases, {kchar:.0f} kchar, from {args.sample}; best of {args.rounds} rounds")
    # RSS: the process's peak after that stage
    print(f"{'stage':32s}{'docs/s':>10s}{'kchar/s':>10s}{'seconds':>10s}{'peak RSS MB':>13s}")
    for row in rows:
        print(
            f"{row['name']:32s}{row['docs_per_s']:>10.2f}{row['kchar_per_s']:>10.1f}{row['seconds']:>10.2f}{row['peak_rss_mb']:>13.1f}"
        )
    ratio = rows[3]["docs_per_s"] / rows[2]["docs_per_s"]
    print(f"pipeline.process / peer CRF alone: {ratio:.2f}x docs/s")


if __name__ == "__main__":
    main()
