"""The CRF entity stage, a spaCy NER model, and their combinations, on the same data in one run.

    python benchmarks/compare_spacy_ner.py --spacy-model build/spacy-ner/out/model-last \
        --val ../shared/corpora/thainer-1.5/val.txt --gov ../shared/corpora/thaigov-archive.jsonl.gz \
        --sample ../shared/corpora/thaigov-sample.jsonl.gz

Systems (all on the pipeline's own tokens and normalised text):

- "crf stage": the shipped entity stage (CRF, gazetteers, rules, dates, `crf_first`), what `process` runs;
- "spacy in crf seat": the entity stage with the spaCy model in place of the CRF;
- "spacy alone": the spaCy model's entities, nothing else;
- "crf + spacy fills": the entity stage with the spaCy model's spans filling what nothing else claimed
  (`thaipress.crf_then_spacy.v1`);
- "crf, spacy agrees": CRF-only spans kept only when the spaCy model tags the same (`thaipress.crf_spacy_agreement.v1`);
- the peer (pythainlp's ThaiNER 1.5 CRF alone).

Scores: ThaiNER val (mention level) and the government set's dev half (`corpora/ner-dev`, never the
held-out half). Speed: CPU seconds (`time.process_time`, best of `--rounds`) of `pipeline.process` with the
default pipeline and with each combination swapped in, and of the peer, on the first `--limit` releases of
the sample.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spacy-model", type=Path, required=True)
    parser.add_argument("--also", type=Path, action="append", default=[], help="another spaCy model, scored alone")
    parser.add_argument("--val", type=Path)
    parser.add_argument("--gov", type=Path, help="the thaigov archive (for corpora/ner-dev)")
    parser.add_argument("--split", default="dev", choices=["dev"], help="only the dev half is compared here")
    parser.add_argument("--sample", type=Path, help="releases for the speed comparison")
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--detail", action="store_true", help="document-level scores and error kinds too")
    args = parser.parse_args()

    from pipeline.entities.spacy_ner import IN_CRF_SEAT, build_with_spacy, load_model
    from pipeline.evaluation.ner import (
        MAIN_LABELS,
        evaluate_documents,
        format_results,
        government_documents,
        peer_system,
        pipeline_system,
        thainer_documents,
    )
    from pipeline.language import load
    from pipeline.record import ENTITY_LABELS

    model = load_model(args.spacy_model)

    spacy_alone = _alone(model)
    pipelines = {
        "crf stage": load(),
        "crf + spacy fills": build_with_spacy(args.spacy_model, "thaipress.crf_then_spacy.v1"),
        "crf, spacy agrees": build_with_spacy(args.spacy_model, "thaipress.crf_spacy_agreement.v1"),
        "spacy in crf seat": build_with_spacy(args.spacy_model, IN_CRF_SEAT),
    }
    systems = {name: pipeline_system(nlp) for name, nlp in pipelines.items()}
    systems["spacy alone"] = spacy_alone
    for other in args.also:
        systems[f"spacy alone: {other.parent.name}"] = _alone(load_model(other))
    systems["peer"] = peer_system()
    data = []
    if args.val:
        data.append((f"{args.val} (ThaiNER val)", thainer_documents(args.val), ENTITY_LABELS))
    if args.gov:
        # annotated for four labels only: the others are not scored (as `thaipress eval ner --gov`)
        data.append((f"corpora/ner-dev {args.split} half", government_documents(args.gov, args.split), MAIN_LABELS))
    for title, documents, labels in data:
        print(f"== {title}: {len(documents)} documents, exact span and label; FACILITY counts as LOCATION")
        print(format_results(evaluate_documents(documents, systems, labels), detail=args.detail), flush=True)
    if args.sample:
        _speed(args, pipelines, systems["peer"])


def _alone(model):
    from pipeline.entities.spacy_ner import LABEL_MAP

    def run(text: str) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, LABEL_MAP.get(e.label_, e.label_)) for e in model(text).ents]

    return run


def _speed(args, pipelines, peer) -> None:
    from bench_process import measure  # type: ignore[import-not-found]

    import pipeline
    import pipeline.language
    from pipeline.evaluation.samples import read_sample

    texts = [r["text"] for r in read_sample(args.sample, limit=args.limit)]

    def process_with(nlp):
        def run(text: str) -> object:
            pipeline.language.load = lambda: nlp  # pipeline.release reads `load` at call time
            try:
                return pipeline.process(text)
            finally:
                pipeline.language.load = original

        return run

    original = pipeline.language.load
    systems = {f"process ({name})": process_with(nlp) for name, nlp in pipelines.items()}
    systems["peer: ThaiNER 1.5 CRF alone"] = peer
    rows = measure(systems, texts, args.rounds, clock=time.process_time)
    print(f"== speed: {len(texts)} releases of {args.sample}, CPU time, best of {args.rounds}")
    peer_rate = rows[-1]["docs_per_s"]
    for row in rows:
        print(f"{row['name']:36s}{row['docs_per_s']:>8.2f} docs/s {row['docs_per_s'] / peer_rate:>6.2f}x peer")


if __name__ == "__main__":
    main()
