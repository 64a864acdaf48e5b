"""A spaCy entity model (tok2vec + transition-based NER) trained on ThaiNER 1.5, with the archive's static
word vectors (`pipeline.entities.archive_vectors`), and the component that runs it inside our pipeline.

Training (`make model-spacy`; the config is `models/spacy-ner/config.cfg`):

    python -m pipeline.entities.spacy_ner docbin TRAIN --held-out VAL --out build/spacy-ner/train.spacy
    python -m spacy train models/spacy-ner/config.cfg --code pipeline/entities/spacy_ner.py ...

The component (`thaipress_spacy_ner`, config `model`: a folder saved by `spacy train`, read from the local
disk only) tags the Doc's own tokens with the model and writes its entities to `doc.spans["spacy"]`; a
resolver that reads that group (`thaipress.crf_then_spacy.v1`) fills the gaps the CRF leaves with them.
It is not in the default pipeline: `pipeline.language.build(spacy_model=PATH)` adds it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

import pipeline.tokens  # noqa: F401  (registers thaipress.ThaiTokenizer.v1 for `spacy train --code`)
from pipeline.entities.bio import split_at_boundaries
from pipeline.thainer_format import read_tagged_file
from pipeline.tokens import doc_words, word_tokenize

if TYPE_CHECKING:
    from spacy.vocab import Vocab

    from pipeline.entities.components import Resolver

SPACY_GROUP = "spacy"
# ThaiNER labels the record has (FACILITY is a place, as for the CRF); the model's other labels are dropped.
LABEL_MAP = {"FACILITY": "LOCATION"}


# -- training data ---------------------------------------------------------------------------------


def thainer_docs(path: str | Path, vocab: Vocab, *, held_out: str | Path | None = None) -> Iterable[Doc]:
    """ThaiNER-format lines as Docs of the pipeline's tokens (split where a token straddles an entity
    edge, as for the CRF), with their entities; lines whose text also occurs in `held_out` are left out."""
    excluded = {item.text for item in read_tagged_file(held_out)} if held_out else set()
    for item in read_tagged_file(path):
        if item.text in excluded:
            continue
        edges = {b for s in item.spans for b in (s.start, s.end)}
        words = [w for w in split_at_boundaries(word_tokenize(item.text), edges) if w]
        doc = Doc(vocab, words=words, spaces=[False] * len(words))
        ents = []
        for s in item.spans:
            start, end = s.start, s.end
            while end > start and item.text[end - 1].isspace():
                end -= 1
            while start < end and item.text[start].isspace():
                start += 1
            span = doc.char_span(start, end, label=s.label, alignment_mode="strict")
            if span is not None and len(span):
                ents.append(span)
        doc.set_ents(_non_overlapping(ents))
        yield doc


def _non_overlapping(spans: list[Span]) -> list[Span]:
    from spacy.util import filter_spans

    return filter_spans(spans)


def write_docbin(path: str | Path, out: str | Path, *, held_out: str | Path | None = None) -> int:
    """Write a ThaiNER-format file as a spaCy DocBin; returns the number of Docs."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    docs = DocBin(store_user_data=False)
    count = 0
    for doc in thainer_docs(path, vocab, held_out=held_out):
        docs.add(doc)
        count += 1
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(out)
    return count


# -- the component -----------------------------------------------------------------------------------


class SpacyEntityRecognizer:
    """Runs a trained spaCy NER pipeline on the Doc's tokens; its entities go to `doc.spans["spacy"]`.

    model: folder of a pipeline saved by `spacy train` (`model-last`), loaded from disk on first use;
        a missing or unreadable folder is an error naming it and `make model-spacy`.
    group: the span group written ("spacy"; "crf" puts the model in the CRF's seat, for the rules and
        resolver to treat its spans as they treat the CRF's).
    """

    def __init__(self, model: str | Path, group: str = SPACY_GROUP) -> None:
        self.model_path = Path(model)
        self.group = group
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model(self.model_path)
        return self._nlp

    def __call__(self, doc: Doc) -> Doc:
        nlp = self.nlp
        words = doc_words(doc)
        tagged = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
        for _name, component in nlp.pipeline:
            tagged = component(tagged)
        spans = []
        for ent in tagged.ents:
            label = LABEL_MAP.get(ent.label_, ent.label_)
            if label in _entity_labels():
                spans.append(Span(doc, ent.start, ent.end, label=label))
        doc.spans[self.group] = spans
        return doc


def _entity_labels() -> frozenset[str]:
    from pipeline.record import ENTITY_LABELS

    return frozenset(ENTITY_LABELS)


def load_model(path: str | Path) -> Language:
    """A trained spaCy NER pipeline from a local folder (never a hub)."""
    import spacy

    path = Path(path)
    if not (path / "config.cfg").exists():
        raise FileNotFoundError(f"spaCy entity model not found: {path} (run `make model-spacy` to train it)")
    try:
        return spacy.load(path)
    except Exception as exc:  # a corrupt folder: name it and how to rebuild it
        raise ValueError(f"spaCy entity model cannot be read: {path} ({exc}; run `make model-spacy`)") from None


@Language.factory("thaipress_spacy_ner", default_config={"model": "", "group": SPACY_GROUP}, assigns=["doc.spans"])
def make_spacy_ner(nlp: Language, name: str, model: str, group: str) -> SpacyEntityRecognizer:
    from pipeline.entities.components import register_extensions

    register_extensions()
    return SpacyEntityRecognizer(model, group)


IN_CRF_SEAT = "spacy-in-crf-seat"


def build_with_spacy(model: str | Path, resolve: str = "thaipress.crf_then_spacy.v1") -> Language:
    """The default pipeline with the spaCy model's component before the resolver, and the resolver `resolve`
    (a name in spaCy's `misc` registry) deciding among all candidates; or, with `resolve=IN_CRF_SEAT`, the
    default pipeline with the spaCy model in place of the CRF (gazetteers, rules, dates and `crf_first` as
    they are)."""
    from pipeline.language import build

    nlp = build()
    if resolve == IN_CRF_SEAT:  # the spaCy model instead of the CRF, everything else the same
        nlp.add_pipe("thaipress_spacy_ner", before="thaipress_crf", config={"model": str(model), "group": "crf"})
        nlp.remove_pipe("thaipress_crf")
        return nlp
    nlp.add_pipe("thaipress_spacy_ner", before="thaipress_entities", config={"model": str(model)})
    nlp.remove_pipe("thaipress_entities")
    nlp.add_pipe("thaipress_entities", config={"resolve": {"@misc": resolve}})
    return nlp


# -- combining with the CRF ----------------------------------------------------------------------------


def crf_then_spacy(doc: Doc) -> list[Span]:
    """`crf_first`, then the spaCy model's entities fill the tokens nothing else claimed."""
    from pipeline.entities.components import crf_first, first_come

    return first_come([crf_first(doc), doc.spans.get(SPACY_GROUP, [])])


def agreement(doc: Doc) -> list[Span]:
    """`crf_first`, keeping a CRF-only span (one no rule, pattern, date or gazetteer found too) only when
    the spaCy model tags the same tokens with the same label; the spaCy model fills nothing."""
    from pipeline.entities.components import crf_first

    others = {
        (s.start, s.end, s.label_)
        for group in ("patterns", "rules", "dates", "gazetteer")
        for s in doc.spans.get(group, [])
    }
    spacy_spans = {(s.start, s.end, s.label_) for s in doc.spans.get(SPACY_GROUP, [])}
    crf = {(s.start, s.end, s.label_) for s in doc.spans.get("crf", [])}
    out = []
    for span in crf_first(doc):
        key = (span.start, span.end, span.label_)
        if key in crf and key not in others and key not in spacy_spans:
            continue
        out.append(span)
    return out


@registry.misc("thaipress.crf_then_spacy.v1")
def make_crf_then_spacy() -> Resolver:
    """Resolver by name: `resolve = {"@misc": "thaipress.crf_then_spacy.v1"}`."""
    return crf_then_spacy


@registry.misc("thaipress.crf_spacy_agreement.v1")
def make_agreement() -> Resolver:
    return agreement


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    docbin = sub.add_parser("docbin", help="convert a ThaiNER-format file to a spaCy DocBin")
    docbin.add_argument("file", type=Path)
    docbin.add_argument("--held-out", type=Path, help="leave out lines whose text occurs in this file")
    docbin.add_argument("--out", type=Path, required=True)
    args: Any = parser.parse_args(argv)
    if args.command == "docbin":
        count = write_docbin(args.file, args.out, held_out=args.held_out)
        print(f"{args.out}: {count} docs")


if __name__ == "__main__":
    main()
