"""Entity scores of several of our CRF models inside the whole entity stage, and of the peer, in one run.

    python benchmarks/compare_ner.py ../shared/corpora/thainer-1.5/val.txt \
        --model "no clusters=build/ner-no-clusters.crfsuite" [--model NAME=PATH ...]

    python benchmarks/compare_ner.py --gov ../shared/corpora/thaigov-archive.jsonl.gz --split dev \
        --model "retrained=/tmp/ner.crfsuite" --no-peer

The shipped model (`models/ner-crf/`) is always scored, as "thaipress"; each `--model` is another
`thaipress train ner --out PATH` file, scored the same way (CRF, gazetteers, rules, dates, resolver), so
the rows differ only in the CRF. Any ThaiNER-format file works (val, or a development set of releases);
`--gov ARCHIVE` scores the hand-annotated government releases of `corpora/ner-dev/` (`--split`, dev by
default: never choose a model on the held-out half).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, nargs="?", help="ThaiNER-format file ([LABEL]…[/LABEL] inline)")
    parser.add_argument("--gov", type=Path, help="the thaigov archive: score the releases of corpora/ner-dev/")
    parser.add_argument("--split", default="dev", choices=("dev", "heldout", "all"), help="with --gov")
    parser.add_argument(
        "--model", action="append", default=[], metavar="NAME=PATH", help="another CRF file (repeatable)"
    )
    parser.add_argument("--no-peer", action="store_true", help="leave out pythainlp's ThaiNER 1.5 CRF")
    args = parser.parse_args()
    if args.file is None and args.gov is None:
        parser.error("give a ThaiNER-format FILE, --gov ARCHIVE, or both")

    from pipeline.entities.components import CRF_TAGGERS
    from pipeline.entities.crf import press_model
    from pipeline.evaluation.ner import (
        MAIN_LABELS,
        evaluate_documents,
        evaluate_ner,
        format_results,
        government_documents,
        peer_system,
        pipeline_system,
    )
    from pipeline.language import build, load

    systems = {"thaipress": pipeline_system(load())}
    for spec in args.model:
        name, sep, path = spec.partition("=")
        if not sep or not Path(path).exists():
            parser.error(f"--model {spec!r}: expected NAME=PATH of an existing model file")
        CRF_TAGGERS[name] = lambda path=path: press_model(path)
        systems[f"thaipress, {name}"] = pipeline_system(build(crf=name))
    if not args.no_peer:
        systems["peer (ThaiNER 1.5 CRF)"] = peer_system()
    if args.file is not None:
        print(f"{args.file}: exact span and label; FACILITY counts as LOCATION")
        print(format_results(evaluate_ner(args.file, systems)))
    if args.gov is not None:
        documents = government_documents(args.gov, None if args.split == "all" else args.split)
        print(f"government releases, corpora/ner-dev split {args.split} ({len(documents)} releases)")
        print(format_results(evaluate_documents(documents, systems, MAIN_LABELS)))


if __name__ == "__main__":
    main()
