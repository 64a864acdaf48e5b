"""Entity scores on annotated government releases the shipped CRF has not seen: a slice of a corpora/ner-dev split.

The shipped CRF (models/README.md) was trained on the first 60 releases of `corpora/ner-dev/train.jsonl`
only, so lines 61-260 of that file (`--start 60`, the default) are a development set it has never seen
(about 4,150 mentions). A CRF retrained on all 260 makes this slice a fit check, not a development set:
then score `--split dev` (`make eval-ner-gov`) instead.

    .venv/bin/python benchmarks/eval_ner_unseen.py --archive ../shared/corpora/thaigov-archive.jsonl.gz \
        [--split train --start 60 --stop 260] [--no-peer] [--errors errors.tsv] [--cache /tmp/train-docs.pkl]

Prints the same table as `thaipress eval ner --gov` (per label P/R/F1, document level, error kinds, label
confusions). `--errors` writes one line per error (release id, kind, gold and predicted surface with their
labels, some context) for reading the misses. `--cache` keeps the normalised documents in a pickle so that a
second run does not read the 63k-release archive again (the cache is keyed on the split file's sha1).
Never run it on a held-out split while tuning (`heldout*`: report only).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluation.ner import (  # noqa: E402
    MAIN_LABELS,
    EvalDocument,
    evaluate_documents,
    format_results,
    government_documents,
    peer_system,
    pipeline_system,
)
from pipeline.evaluation.ner_dev import annotation_files, read_annotations  # noqa: E402
from pipeline.evaluation.scores import Span  # noqa: E402


def load_slice(archive: Path, split: str, start: int, stop: int | None, cache: Path | None) -> list[EvalDocument]:
    """The releases on lines start+1..stop of the split's file, in file order, normalised as the pipeline does."""
    (path,) = annotation_files(split)
    key = hashlib.sha1(path.read_bytes()).hexdigest()
    documents: list[EvalDocument] | None = None
    if cache is not None and cache.exists():
        stored_key, stored = pickle.loads(cache.read_bytes())
        if stored_key == key:
            documents = stored
    if documents is None:
        documents = government_documents(archive, split)
        if cache is not None:
            cache.write_bytes(pickle.dumps((key, documents)))
    order = [a["id"] for a in read_annotations([path])][start:stop]
    by_id = {d.id: d for d in documents}
    return [by_id[i] for i in order]


def error_lines(documents: list[EvalDocument], predicted: list[list[Span]]) -> list[str]:
    """One tab-separated line per error: id, kind, gold label+surface, predicted label+surface, context."""
    lines = []
    for doc, spans in zip(documents, predicted):
        gold = set(doc.gold)
        pred = {s for s in spans if s[0] >= doc.scope_start}
        used: set[Span] = set()

        def context(start: int, end: int, text: str = doc.text) -> str:
            return (text[max(0, start - 30) : start] + "[" + text[start:end] + "]" + text[end : end + 30]).replace(
                "\n", "⏎"
            )

        for g in sorted(gold - pred):
            overlap = sorted(p for p in pred - gold if p[0] < g[1] and g[0] < p[1])
            if overlap:
                p = overlap[0]
                used.update(overlap)
                kind = "wrong label" if (p[0], p[1]) == (g[0], g[1]) else "wrong span"
                if kind == "wrong span" and p[2] != g[2]:
                    kind = "wrong both"
                shown = f"{p[2]}:{doc.text[p[0] : p[1]]}"
            else:
                kind, shown = "missed", ""
            lines.append(f"{doc.id}\t{kind}\t{g[2]}:{doc.text[g[0] : g[1]]}\t{shown}\t{context(g[0], g[1])}")
        for p in sorted(pred - gold - used):
            lines.append(f"{doc.id}\tspurious\t\t{p[2]}:{doc.text[p[0] : p[1]]}\t{context(p[0], p[1])}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--archive", type=Path, required=True, help="thaigov-archive.jsonl.gz")
    parser.add_argument("--split", default="train", help="corpora/ner-dev split (default train)")
    parser.add_argument("--start", type=int, default=60, help="skip this many releases (lines) of the split")
    parser.add_argument("--stop", type=int, default=None, help="stop before this line index")
    parser.add_argument("--no-peer", action="store_true", help="do not score pythainlp's CRF")
    parser.add_argument("--errors", type=Path, help="write every error of our pipeline to this TSV")
    parser.add_argument("--cache", type=Path, help="pickle of the split's normalised documents (reused)")
    args = parser.parse_args(argv)
    if args.split.startswith("heldout"):
        print("note: held-out splits are report only; do not tune on them", file=sys.stderr)
    documents = load_slice(args.archive, args.split, args.start, args.stop, args.cache)
    ours = pipeline_system()
    systems = {"thaipress": ours}
    if not args.no_peer:
        systems["peer (ThaiNER 1.5 CRF)"] = peer_system()
    mentions = sum(len(d.gold) for d in documents)
    print(
        f"== corpora/ner-dev split {args.split}, releases {args.start}..{args.stop or 'end'}: "
        f"{len(documents)} releases, {mentions} mentions"
    )
    print(format_results(evaluate_documents(documents, systems, MAIN_LABELS), detail=True))
    if args.errors is not None:
        predicted = [ours(d.text) for d in documents]
        args.errors.write_text("\n".join(error_lines(documents, predicted)) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
