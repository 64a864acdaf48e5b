"""spaCy components of the entity stage.

Each recogniser writes its candidates to its own span group (`doc.spans["crf"]`, `["gazetteer"]`,
`["rules"]`, `["dates"]`); `thaipress_entities` resolves them into `doc.ents` with canonical ids.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.entities.crf import CRFTagger, bundled_thainer, is_common_word, press_ner
from pipeline.entities.gazetteer import Gazetteer, default_gazetteer, title_words
from pipeline.entities.rules import find_abbreviation_pairs, find_mentions, find_titled_names, name_stop_words
from pipeline.record import ENTITY_LABELS
from pipeline.tokens import doc_text, doc_words

if not Doc.has_extension("release_date"):
    Doc.set_extension("release_date", default=None)
if not Doc.has_extension("dates"):
    Doc.set_extension("dates", default=None)

# ThaiNER labels outside the record's label set: FACILITY is a place; the rest are not reported.
LABEL_MAP = {"FACILITY": "LOCATION"}
CRF_TAGGERS: dict[str, Callable[[], CRFTagger]] = {"press": press_ner, "thainer-1.5": bundled_thainer}


def token_bounds(doc: Doc) -> tuple[list[int], set[int]]:
    """Character offsets where tokens start (in order) and where they end (computed once per Doc)."""
    bounds = doc.user_data.get(_BOUNDS_KEY)
    if bounds is None or len(bounds[0]) != len(doc):
        ends = list(itertools.accumulate(map(len, doc_words(doc))))
        bounds = doc.user_data[_BOUNDS_KEY] = ([0, *ends[:-1]] if ends else [], set(ends))
    return bounds


_BOUNDS_KEY = "thaipress.token_bounds"


def _char_span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
    return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")


def _set_group(doc: Doc, name: str, spans: Iterable[Span | None]) -> None:
    doc.spans[name] = [s for s in spans if s is not None]


class CRFEntityRecognizer:
    """Tags tokens with a CRF and writes the entity spans to `doc.spans["crf"]`.

    tagger: name of the CRF in `CRF_TAGGERS` ("press" is ours, "thainer-1.5" the one pythainlp ships).
    plausible: (text, label) -> whether to keep a tagged span (default `plausible_entity`).
    """

    def __init__(self, tagger: str = "press", plausible: Callable[[str, str], bool] | None = None) -> None:
        self.tagger_name = tagger
        self.plausible = plausible or plausible_entity
        self._tagger: CRFTagger | None = None

    @property
    def tagger(self) -> CRFTagger:
        if self._tagger is None:
            self._tagger = CRF_TAGGERS[self.tagger_name]()
        return self._tagger

    def match(self, doc: Doc) -> list[tuple[int, int, str]]:
        # Reuse the gazetteer component's matches (it runs first) for the CRF's gazetteer features.
        gazetteer = None
        if "gazetteer" in doc.spans:
            gazetteer = [(s.start_char, s.end_char, s.label_) for s in doc.spans["gazetteer"]]
        tags = self.tagger.tag(doc_text(doc), doc_words(doc), gazetteer_matches=gazetteer)
        text = doc_text(doc)
        spans = []
        for start, end, label in _bio_token_spans(doc, tags):
            label = LABEL_MAP.get(label, label)
            end = _first_line_end(text, start, end)
            if label in ENTITY_LABELS and self.plausible(text[start:end], label):
                spans.append((start, end, label))
        return spans

    def set_annotations(self, doc: Doc, spans: list[tuple[int, int, str]]) -> None:
        _set_group(doc, "crf", (_char_span(doc, s, e, label) for s, e, label in spans))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")


def plausible_entity(text: str, label: str) -> bool:
    """Reject CRF spans of a shape no such entity has.

    The CRF learnt Thai news; on English paragraphs it tags whole phrases as URLs or names. URLs, e-mail
    addresses and phone numbers must look like one, and a name written without Thai letters is at most
    six words with no sentence punctuation at its end.
    """
    if label == "URL":
        return bool(_URL.fullmatch(text))
    if label == "EMAIL":
        return bool(_EMAIL.fullmatch(text))
    if label == "PHONE":
        return sum(ch.isdigit() for ch in text) >= 6
    if label in ("PERSON", "ORGANIZATION", "LOCATION") and not _THAI_LETTER.search(text):
        return len(text.split()) <= 6 and not text.rstrip().endswith((".", ":", ",", ";"))
    return True


def _first_line_end(text: str, start: int, end: int) -> int:
    """Cut a span at its first line break: no entity runs across lines."""
    newline = text.find("\n", start, end)
    if newline == -1:
        return end
    while newline > start and text[newline - 1].isspace():
        newline -= 1
    return newline


def _bio_token_spans(doc: Doc, tags: list[str]) -> list[tuple[int, int, str]]:
    from pipeline.entities.bio import bio_to_spans

    return bio_to_spans(doc_text(doc), doc_words(doc), tags)


def _lazy_gazetteer(component) -> Gazetteer:
    """The component's gazetteer, loading the default one on first use (imports stay cheap)."""
    if component._gazetteer is None:
        component._gazetteer = default_gazetteer()
    return component._gazetteer


class GazetteerRecognizer:
    """Writes known places and organisations to `doc.spans["gazetteer"]`, with their canonical ids.

    gazetteer: the names to look for (default: every TSV in `corpora/gazetteers/`).
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    gazetteer = property(lambda self: _lazy_gazetteer(self))

    def __call__(self, doc: Doc) -> Doc:
        starts, ends = token_bounds(doc)
        matches = self.gazetteer.find(doc_text(doc), starts, ends)
        _set_group(doc, "gazetteer", (_char_span(doc, m.start, m.end, m.entry.label, m.entry.id) for m in matches))
        return doc


class RuleRecognizer:
    """Writes rule-based spans to `doc.spans["rules"]`: titled personal names."""

    def __call__(self, doc: Doc) -> Doc:
        starts, ends = token_bounds(doc)
        spans = find_titled_names(doc_text(doc), title_words(), (set(starts), ends), is_common_word)
        _set_group(doc, "rules", (_char_span(doc, s.start, s.end, s.label) for s in spans))
        return doc


class DateRecognizer:
    """Finds date expressions (`pipeline.dates.find_dates`), resolved against `doc._.release_date`.

    Keeps the exact matches in `doc._.dates` and their spans in `doc.spans["dates"]`.
    """

    def __call__(self, doc: Doc) -> Doc:
        from pipeline.dates import find_dates

        matches = find_dates(doc_text(doc), release_date=doc._.release_date)
        doc._.dates = matches
        _set_group(doc, "dates", (_char_span(doc, *span, "DATE") for span in map(date_entity_span, matches) if span))
        return doc


_RELATIVE_SUFFIXES = ("ที่ผ่านมา", "ที่แล้ว", "นี้")


def date_entity_span(match) -> tuple[int, int] | None:
    """The DATE entity a date expression gives, following ThaiNER's conventions: a day or a month must
    be named (a bare year or fiscal year is no DATE entity), and ที่ผ่านมา / นี้ after it are left out."""
    value = match.value
    if value.month is None and value.day is None and value.relative not in ("today", "yesterday", "tomorrow"):
        return None
    end = match.end
    text = match.text
    for suffix in _RELATIVE_SUFFIXES:
        if (value.day or value.month) and text.endswith(suffix) and len(text) > len(suffix):
            end -= len(suffix)
            break
    while end > match.start and match.text[end - match.start - 1] == " ":
        end -= 1
    return (match.start, end)


Resolver = Callable[[Doc], list[Span]]


def crf_first(doc: Doc) -> list[Span]:
    """Resolve overlapping candidates: the CRF wins, then titled names, dates and gazetteers fill gaps.

    The CRF knows ThaiNER's span conventions and scores best where it fires (measured on ThaiNER val);
    the other recognisers add what it missed. Exceptions for a titled name (นาย…, ผอ.…): it wins over a
    CRF span of another label on exactly the same words, since the title says what the words are, and over
    a CRF name that runs on into the person's role (นายสมชาย ใจดี ผู้อำนวยการ…). And a known name from a
    gazetteer wins over CRF spans it wholly contains, when they are pieces of it (the CRF split
    กลุ่มความร่วมมือทางเศรษฐกิจ|เอเชีย-แปซิฟิก).
    """
    crf = sorted(doc.spans.get("crf", []), key=lambda s: s.start)  # token spans of one BIO run: none overlap
    crf_starts = [c.start for c in crf]
    crf_labels = {(c.start, c.end): c.label_ for c in crf}
    rules = list(doc.spans.get("rules", []))
    overruling = [
        rule for rule in rules
        if crf_labels.get((rule.start, rule.end), rule.label_) != rule.label_ or _runs_into_role(rule, crf)
    ] + [known for known in doc.spans.get("gazetteer", []) if _covers_crf_pieces(known, crf, crf_starts)]
    chosen: list[Span] = []
    taken = set()
    for group in (overruling, crf, rules, doc.spans.get("dates", []), doc.spans.get("gazetteer", [])):
        for span in sorted(group, key=lambda s: (s.start, -len(s))):
            tokens = set(range(span.start, span.end))
            if tokens & taken:
                continue
            chosen.append(span)
            taken |= tokens
    return sorted(chosen, key=lambda s: s.start)


def _covers_crf_pieces(known: Span, crf: list[Span], crf_starts: list[int]) -> bool:
    """The gazetteer span wholly contains two or more CRF spans, and cuts into none (`crf`: sorted,
    non-overlapping; `crf_starts` their starts)."""
    inside = 0
    first = max(bisect.bisect_right(crf_starts, known.start) - 1, 0)
    for span in crf[first : bisect.bisect_left(crf_starts, known.end)]:
        if span.start < known.end and known.start < span.end:
            if span.start < known.start or span.end > known.end:
                return False
            inside += 1
    return inside >= 2


def _runs_into_role(rule: Span, crf: list[Span]) -> bool:
    """A CRF span of the rule's label that starts with it and goes on into a role or function word."""
    stops = name_stop_words()
    for span in crf:
        if span.start == rule.start and span.end > rule.end and span.label_ == rule.label_:
            rest = span.doc[rule.end : span.end].text.lstrip()
            if rest.startswith(stops):
                return True
    return False


class EntityResolver:
    """Merges the recognisers' span groups into `doc.ents`, with canonical ids where known.

    resolve: the function that picks among overlapping candidates (default `crf_first`).
    gazetteer: used to give every entity that names a known body or place its canonical id.
    """

    def __init__(self, resolve: Resolver = crf_first, gazetteer: Gazetteer | None = None) -> None:
        self.resolve = resolve
        self._gazetteer = gazetteer

    gazetteer = property(lambda self: _lazy_gazetteer(self))

    def __call__(self, doc: Doc) -> Doc:
        ents = [self._with_kb_id(doc, s) for s in self.resolve(doc)]
        ents = self._link_abbreviations(doc, ents)
        doc.set_ents(ents)
        return doc

    def _with_kb_id(self, doc: Doc, span: Span) -> Span:
        if span.kb_id_ or span.label_ not in ("ORGANIZATION", "LOCATION"):
            return span
        entry = self.gazetteer.lookup(span.text)
        if entry is None:
            return span
        return Span(doc, span.start, span.end, label=span.label_, kb_id=entry.id)

    def _link_abbreviations(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A "full name (ABBR)" pair gives ABBR, there and later in the text, the full name's id."""
        orgs = [s for s in ents if s.label_ == "ORGANIZATION"]
        by_span = {(s.start_char, s.end_char): s for s in orgs}
        pairs = find_abbreviation_pairs(doc_text(doc), list(by_span))
        if not pairs:
            return ents
        out = {(s.start, s.end): s for s in ents}
        for pair in pairs:
            full = by_span[(pair.full_start, pair.full_end)]
            kb_id = full.kb_id_ or f"local:{pair.abbreviation}"
            for start, end in find_mentions(doc_text(doc), pair.abbreviation):
                # strict: a mention the tokens cut ("…การสสว." as "รส"+"สว.") is left out rather than shrunk
                span = doc.char_span(start, end, label="ORGANIZATION", kb_id=kb_id, alignment_mode="strict")
                if span is None or len(span) == 0:
                    continue
                overlapping = [k for k in out if k[0] < span.end and span.start < k[1]]
                if all(out[k].label_ == "ORGANIZATION" and (k[1] - k[0]) <= len(span) for k in overlapping):
                    for k in overlapping:
                        del out[k]
                    out[(span.start, span.end)] = span
            if not full.kb_id_:
                out[(full.start, full.end)] = Span(doc, full.start, full.end, label="ORGANIZATION", kb_id=kb_id)
        return sorted(out.values(), key=lambda s: s.start)


@Language.factory("thaipress_crf", default_config={"tagger": "press"})
def make_crf(nlp: Language, name: str, tagger: str) -> CRFEntityRecognizer:
    return CRFEntityRecognizer(tagger)


@Language.factory("thaipress_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerRecognizer:
    return GazetteerRecognizer()


@Language.factory("thaipress_rules")
def make_rules(nlp: Language, name: str) -> RuleRecognizer:
    return RuleRecognizer()


@Language.factory("thaipress_dates")
def make_dates(nlp: Language, name: str) -> DateRecognizer:
    return DateRecognizer()


@Language.factory("thaipress_entities")
def make_resolver(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver()
