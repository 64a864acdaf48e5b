"""spaCy components of the entity stage.

`thaipress_release_date` puts the release date on the Doc first (for relative dates). Each recogniser
then writes its candidates to its own span group (`doc.spans["crf"]`, `["gazetteer"]`, `["rules"]`,
`["dates"]`); `thaipress_entities` resolves them into `doc.ents` with canonical ids. The release date
reaches `nlp(...)` the spaCy way (`pipeline.language` has an example):

- `doc = nlp.make_doc(text); doc._.release_date = date; nlp(doc)`, or `doc.user_data["release_date"]`;
- `nlp.pipe([(text, {"release_date": "2019-08-02"}), ...], as_tuples=True)`.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import itertools
import json
import re
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup
from spacy.util import ensure_path, registry

from pipeline.entities.crf import CRFTagger, bundled_thainer, is_common_word, press_ner
from pipeline.entities.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    GazetteerMatch,
    default_gazetteer,
    role_titles,
    title_words,
)
from pipeline.entities.rules import (
    adjust_span,
    alarm_context,
    date_bounds,
    default_patterns,
    false_alarm,
    find_abbreviation_pairs,
    find_defined_acronyms,
    find_mentions,
    find_pattern_entities,
    find_role_abbreviations,
    find_role_bodies,
    find_titled_names,
    glued_places,
    name_stop_words,
    people_countries,
    place_with_prefix,
    repeated_first_names,
    role_place,
    short_names,
    split_bodies,
    title_token_starts,
    unit_before,
    venue_before,
)
from pipeline.record import ENTITY_LABELS
from pipeline.tokens import doc_text, doc_words

if TYPE_CHECKING:
    from pipeline.dates import DateMatch


def register_extensions() -> None:
    """The Doc extensions the components read and write (idempotent; every factory calls it).

    `doc._.release_date`: the release's date (`datetime.date`) or None; `doc._.dates`: the date
    expressions found (`pipeline.dates.DateMatch`), after `thaipress_dates` has run.
    """
    for name in ("release_date", "dates"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def as_release_date(value: dt.date | str | None) -> dt.date | None:
    """A release date given as a date, a datetime or "YYYY-MM-DD" (None stays None).

    >>> as_release_date("2019-08-02")
    datetime.date(2019, 8, 2)
    """
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"release date {value!r} is not a date or YYYY-MM-DD")


class ReleaseContext:
    """Sets `doc._.release_date` before the recognisers run, from the first of: the extension already
    set, `doc.user_data["release_date"]`, the context dict of `nlp.pipe(..., as_tuples=True)`."""

    def __call__(self, doc: Doc) -> Doc:
        value = doc._.release_date
        if value is None:
            value = doc.user_data.get("release_date")
        context = getattr(
            doc, "_context", None
        )  # set by Language.pipe(as_tuples=True) while the Doc is in the pipeline
        if value is None and isinstance(context, dict):
            value = context.get("release_date")
        doc._.release_date = as_release_date(value)
        return doc


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
    """`doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")` (see `_span_maker`)."""
    return _span_maker(doc)(start, end, label, kb_id)


def _span_maker(doc: Doc) -> Callable[..., Span | None]:
    """A function (start, end, label, kb_id="") -> `doc.char_span(start, end, label=label, kb_id=kb_id,
    alignment_mode="expand")` for the Doc's current tokens (make another after retokenizing). When the tokens
    are the whole text (no trailing whitespace, none empty: the pipeline's tokenizer) it bisects the token
    starts, without the Token objects spaCy's version builds; otherwise it is spaCy's."""
    starts, ends = token_bounds(doc)
    size = len(doc_text(doc))
    if len(ends) != len(starts) or size not in ends:  # whitespace after tokens, or empty tokens

        def spacy_span(start: int, end: int, label: str, kb_id: str = "") -> Span | None:
            return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")

        return spacy_span
    after = bisect.bisect_right

    def span(start: int, end: int, label: str, kb_id: str = "") -> Span | None:
        if not (0 <= start < size and 0 < end <= size):
            return None  # spaCy's: no token holds the first or the last character
        # the token holding the first character, to the one holding the last
        return Span(doc, after(starts, start) - 1, after(starts, end - 1), label=label, kb_id=kb_id)

    return span


def _span_text(doc: Doc, span: Span) -> str:
    """`span.text`, sliced from the text when the tokens are the whole text (no Token objects built)."""
    starts, ends = token_bounds(doc)
    text = doc_text(doc)
    if len(ends) == len(starts) and len(text) in ends:
        return text[span.start_char : span.end_char]
    return span.text


def _set_group(doc: Doc, name: str, spans: Iterable[Span | None]) -> None:
    kept = [s for s in spans if s is not None]
    doc.spans[name] = kept
    # what the group holds, as (start_char, end_char, label, kb_id), for `group_chars` (read from the Spans at
    # hand: each Span read back from the group is a new object, with two Tokens)
    _GROUP_CHARS.setdefault(doc, {})[name] = (
        doc.spans[name],
        [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in kept],
    )


# Doc -> group name -> (the SpanGroup set by `_set_group`, its spans' characters, labels and ids). Kept beside
# the Doc, not in `doc.user_data`, which is serialised with it.
_GROUP_CHARS: weakref.WeakKeyDictionary[Doc, dict[str, tuple[SpanGroup, list[tuple[int, int, str, str]]]]] = (
    weakref.WeakKeyDictionary()
)


def group_chars(doc: Doc, name: str) -> list[tuple[int, int, str, str]]:
    """(start_char, end_char, label, kb_id) of each span of the group `doc.spans[name]` ([] when there is
    none), without building its Span objects when the group is the one `_set_group` set (the same object, as
    many spans: characters, labels and ids do not change when tokens are split or merged)."""
    group = doc.spans.get(name)
    if group is None:
        return []
    cached = _GROUP_CHARS.get(doc, {}).get(name)
    if cached is not None and cached[0] is group and len(cached[1]) == len(group):
        return cached[1]
    return [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in group]


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
            gazetteer = [(s, e, label) for s, e, label, _ in group_chars(doc, "gazetteer")]
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
        make = _span_maker(doc)
        _set_group(doc, "crf", (make(s, e, label) for s, e, label in spans))

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


class _ReadsGazetteer:
    """A component that reads the gazetteer: the one given, or the default one loaded on first use."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The names, the default ones loaded on first use (imports stay cheap)."""
        if self._gazetteer is None:
            self._gazetteer = default_gazetteer()
        return self._gazetteer


class GazetteerRecognizer(_ReadsGazetteer):
    """Writes known places and organisations to `doc.spans["gazetteer"]`, with their canonical ids.

    gazetteer: the names to look for (default: every TSV in `corpora/gazetteers/`).

    `nlp.to_disk()` saves the names (`gazetteer.jsonl` in the component's folder: one line per surface
    form and entry) and `spacy.load()` reads them back, so an edited gazetteer travels with the pipeline.
    """

    FILE = "gazetteer.jsonl"

    def match(self, doc: Doc) -> list[GazetteerMatch]:
        starts, ends = token_bounds(doc)
        return self.gazetteer.find(doc_text(doc), starts, ends)

    def set_annotations(self, doc: Doc, matches: list[GazetteerMatch]) -> None:
        make = _span_maker(doc)
        _set_group(doc, "gazetteer", (make(m.start, m.end, m.entry.label, m.entry.id) for m in matches))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = ensure_path(path)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / self.FILE, "w", encoding="utf-8") as handle:
            for surface, entries in self.gazetteer.entries_by_surface.items():
                for entry in entries:
                    row = {"pattern": surface, **dataclasses.asdict(entry)}
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> GazetteerRecognizer:
        table: dict[str, list[GazetteerEntry]] = {}
        with open(ensure_path(path) / self.FILE, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                table.setdefault(row.pop("pattern"), []).append(GazetteerEntry(**row))
        self._gazetteer = Gazetteer(table)
        return self


_SPLITTING_RULES = frozenset({"numbered_road"})  # pattern rules whose spans may start inside a token


class RuleRecognizer(_ReadsGazetteer):
    """Writes rule-based spans: titled personal names to `doc.spans["rules"]` (after a role such as รมว., to
    `doc.spans["patterns"]`, without the role); organisations found by the
    patterns of `corpora/lexicons/entity_patterns.toml`, and the other recognisers' candidates with
    corrected bounds, to `doc.spans["patterns"]`; candidates that are false alarms (generic kinds,
    sectors, programmes, agreements) to `doc.spans["rejected"]`.

    gazetteer: known names, for the places after "ณ กรุง…" and the bodies after "ธ." (default: all of
    `corpora/gazetteers/`).
    """

    def match(self, doc: Doc) -> dict[str, list[tuple[int, int, str]]]:
        text = doc_text(doc)
        words = doc_words(doc)
        token_ends = list(itertools.accumulate(map(len, words)))
        starts = [0, *token_ends[:-1]] if words else []
        tokens = list(zip(starts, token_ends, words))  # (start, end, word), built in C
        ends = set(token_ends)
        start_set = set(starts)
        # only the tokens a title can begin with are tried (the others give no titled name)
        titles = title_words()
        titled = find_titled_names(text, titles, (title_token_starts(titles, starts, words), ends), is_common_word)
        entries = self.gazetteer.entries_by_surface
        found = find_pattern_entities(
            text,
            tokens,
            place_end=lambda pos: self._known_place_end(text, pos, ends),
            is_known=lambda name: name in entries,
            is_common_word=is_common_word,
        )
        patterns = [(s.start, s.end, s.label) for s in found if s.rule not in _SPLITTING_RULES]
        # bodies and places inside a role glued to them (รัฐมนตรีว่าการ|กระทรวงอุตสาหกรรม), roads in a
        # glued word (เส้น|ทางหลวงชนบท สพ.4059), and the other spans that may start inside a token: their
        # tokens are split (`split`)
        split = [(s.start, s.end, s.label) for s in found if s.rule in _SPLITTING_RULES]
        split += [
            (s.start, s.end, s.label)
            for s in find_role_bodies(text, tokens, known_end=lambda pos: self._known_end(text, pos, tokens))
        ]
        patterns += [(s.start, s.end, s.label) for s in find_defined_acronyms(text)]  # (English Name: ACRONYM)
        rejected = []
        context = alarm_context(text)
        roles = role_titles()
        # the CRF's candidates as (start, end, label), read once (each read of a span group builds Span objects)
        crf_found = [(s, e, label) for s, e, label, _ in group_chars(doc, "crf")]
        crf_spans = {(s, e) for s, e, _ in crf_found}
        # a committee after ประชุม: not when a CRF organisation holds it and goes on (a name over a space), nor
        # when one starts inside it (คณะกรรมการบริหาร|สำนักงาน…: the board of a body the CRF found)
        meetings = {(f.start, f.end) for f in found if f.rule == "meeting_body"}
        if meetings:
            held = {
                (s, e)
                for s, e in meetings
                for cs, ce, cl in crf_found
                if cl == "ORGANIZATION" and ((cs <= s and e <= ce and (cs, ce) != (s, e)) or s < cs < e)
            }
            patterns = [p for p in patterns if (p[0], p[1]) not in held]
        # a country after คน/ชาว/ธงชาติ, inside the tokenizer's word (คน|ไทย)
        split += [
            (s.start, s.end, s.label)
            for s in people_countries(text, lambda pos: self._known_country_end(text, pos, ends))
            if not false_alarm(text, s.start, s.end, s.label, context=context)
        ]
        common_word_places = default_patterns().common_word_places
        gazetteer_found = [(s, e, label) for s, e, label, _ in group_chars(doc, "gazetteer")]

        def is_place(name: str) -> bool:
            return any(e.label == "LOCATION" for e in entries.get(name, ()))

        for start, end, label in [*crf_found, *gazetteer_found]:
            if (
                false_alarm(text, start, end, label, context=context)
                or (label != "PERSON" and text[start:end] in roles)  # a role alone (ออท.) names no body
                # a province that is an everyday word (เลย), found bare by the gazetteer alone
                or (text[start:end] in common_word_places and (start, end) not in crf_spans)
            ):
                rejected.append((start, end, label))
                continue
            starts_with_role = text.startswith(roles, start)  # one test in C for most spans, which start with none
            if label == "ORGANIZATION":  # ออท.ญี่ปุ่น as one body: the role's country, the role outside
                role = (
                    next((r for r in roles if text.startswith(r, start) and start + len(r) < end), "")
                    if starts_with_role
                    else ""
                )
                if role and any(e.label == "LOCATION" for e in entries.get(text[start + len(role) : end], ())):
                    split.append((start + len(role), end, "LOCATION"))
                    continue
                if role and (posted := self._role_posting(text, start + len(role), end, ends)):
                    split += posted  # ออท.[ญี่ปุ่น]ประจำ[ประเทศไทย]: a person's post, its places, no body
                    continue
            role = next((r for r in roles if text.startswith(r, start)), "") if starts_with_role else ""
            if role and end - start - len(role) >= 2 and label in ("PERSON", "ORGANIZATION", "LOCATION"):
                # a role glued before the span in one token (รมว.พม., รมต.อนุชา): the role is outside
                split.append((start + len(role) + (text[start + len(role)] == " "), end, label))
                continue
            if label == "PERSON" and (cut := _role_at_end(text[start:end], roles)) is not None:
                # พล.อ.ประยุทธ์ จันทร์โอชา| นรม.: the role after the name is outside; และรมว. alone is no one
                (patterns.append((start, start + cut, label)) if cut else rejected.append((start, end, label)))
                continue
            if label == "ORGANIZATION" and (venue := venue_before(text, start)) >= 0:
                split.append((venue, end, "LOCATION"))  # ห้องประชุม|กระทรวงยุติธรรม: the room, a place
                continue
            if label == "LOCATION" and (two := glued_places(text, start, end, is_place)) is not None:
                split += [(*two[0], label), (*two[1], label)]  # สุโขทัย|พิษณุโลก
                continue
            if label in ("ORGANIZATION", "LOCATION"):
                parts = split_bodies(text, start, end, label)  # two bodies in a row (…ทางราง กองการ…)
                if parts is not None:
                    patterns += [(a, b, label) for a, b in parts]
                    rejected += [] if parts else [(start, end, label)]
                    continue
            if label == "ORGANIZATION" and (place := role_place(text, start, end)) > 0:
                patterns.append((place, end, "LOCATION"))  # อุตสาหกรรม|จังหวัดพะเยา: a role and its province
                rejected.append((start, end, label))
                continue
            if label == "LOCATION" and (begin := place_with_prefix(text, start)) < start:
                split.append((begin, end, label))  # ประเทศ|ไทย, ในประเทศ|ไทย
                continue
            if label == "ORGANIZATION" and (unit := unit_before(text, start, tokens, is_common_word)):
                patterns.append((*unit, label))  # สำนักโฆษก| สำนักเลขาธิการนายกรัฐมนตรี: a unit, then its body
            adjusted = adjust_span(text, start, end, label, tokens)
            if adjusted and adjusted[1] > adjusted[0]:
                patterns.append((*adjusted, label))
        # a bank or company named in full, elsewhere by its name alone (ธนาคารกรุงไทย … “กรุงไทย”)
        if "ธนาคาร" in text or "บริษัท" in text or "บรรษัท" in text:
            full = [(s, e) for s, e, label in [*crf_found, *gazetteer_found, *patterns] if label == "ORGANIZATION"]
            patterns += [
                (s.start, s.end, s.label)
                for s in short_names(text, full, (start_set, ends), self._no_short_name)
                if not false_alarm(text, s.start, s.end, s.label, context=context)
            ]
        crf_organisations = {(s, e) for s, e, label in crf_found if label == "ORGANIZATION"}
        names = []
        for s in titled:
            role = (
                next((r for r in roles if text.startswith(r, s.start)), "") if text.startswith(roles, s.start) else ""
            )
            name_start = s.start + len(role) + (text[s.start + len(role) : s.start + len(role) + 1] == " ")
            # a short word the CRF calls an organisation is a ministry's short name (รมว.ดีอี), not a person
            crf_organisation = (name_start, s.end) in crf_organisations and (
                s.end - name_start <= 4 or text[s.end - 1] == "ฯ"
            )
            known = entries.get(text[name_start : s.end], ())
            if role and s.end - name_start <= 4 and text[s.end : s.end + 1] == "." and not known:
                continue  # รมว.พม.: an abbreviation, below
            if role and s.end - name_start >= 2 and not known and not crf_organisation:
                # รมว.[ชัยวุฒิ]: the role stays outside the name (but รมว.ดีอี is a minister of a ministry)
                patterns.append((name_start, s.end, s.label))
            elif role and known:
                # ออท.[สหรัฐอเมริกา], ผวจ.[เชียงใหม่]: the role's country, province or body, not a person
                patterns.append((name_start, s.end, known[0].label))
            elif not role:
                names.append((s.start, s.end, s.label))
        # รมว.[พม.], รมต.[นร.]: an abbreviation with a dot after a role is its ministry (or a known place)
        split += [
            (s.start, s.end, entries[text[s.start : s.end]][0].label if text[s.start : s.end] in entries else s.label)
            for s in find_role_abbreviations(text, roles)
        ]
        # a person named in full, later by the first name alone (รัฐมนตรีฯ สุริยะ)
        persons = [(s, e) for s, e, label in crf_found if label == "PERSON"]
        persons += [(s, e) for s, e, _ in names]
        split += [
            (s.start, s.end, s.label)
            for s in repeated_first_names(text, persons, title_words(), roles, is_known=lambda n: n in entries)
        ]
        return {"rules": names, "patterns": [*patterns, *split], "rejected": rejected, "split": split}

    def _known_end(self, text: str, pos: int, tokens: list[tuple[int, int, str]]) -> int:
        """The end of the longest known name starting at `pos` (which may lie inside a token) and ending at
        one of the next token ends (within 80 characters); -1 if none."""
        entries = self.gazetteer.entries_by_surface
        best = -1
        at = bisect.bisect_right(tokens, (pos, len(text) + 1))  # tokens ending after pos, from the one holding it
        at = max(at - 1, 0)
        for _, end, _ in tokens[at : at + 12]:
            if end > pos + 80:
                break
            if end > pos and text[pos:end] in entries:
                best = end
        return best

    def _no_short_name(self, name: str) -> bool:
        """A bank's or company's name that is no name alone: a known place, or a common word unless the head
        and the name are a known body (กรุงไทย and ออมสิน are dictionary words; ธนาคารกรุงไทย is known)."""
        entries = self.gazetteer.entries_by_surface
        if any(e.label == "LOCATION" for e in entries.get(name, ())):
            return True
        known = any(
            e.label == "ORGANIZATION"
            for head in default_patterns().short_name_heads
            for e in entries.get(head + name, ())
        )
        return is_common_word(name) and not known

    def _known_country_end(self, text: str, pos: int, token_ends: set[int]) -> int:
        """The end of the longest country name starting at `pos` and ending at a token end, or -1."""
        best = -1
        for surface in self.gazetteer._by_prefix.get(text[pos : pos + 2], ()):
            end = pos + len(surface)
            if (
                end > best
                and end in token_ends
                and text.startswith(surface, pos)
                and any(e.id.startswith("country:") for e in self.gazetteer.entries_by_surface[surface])
            ):
                best = end
        return best

    def _role_posting(self, text: str, start: int, end: int, token_ends: set[int]) -> list[tuple[int, int, str]] | None:
        """The places of a role's posting written after the role (`start`..`end`: the rest of a span that
        began with the role): a known place, then a mission link (`entity_patterns.toml` mission_links: ณ,
        ประจำ) and what follows it, a known place or not (ออท.ญี่ปุ่น|ประจำ|ประเทศไทย is an ambassador, not a
        body). None when the rest does not start that way (ออท.กระทรวงการต่างประเทศ)."""
        place_end = self._known_place_end(text, start, token_ends)
        if place_end < 0 or place_end >= end:
            return None
        at = place_end + (text[place_end] == " ")
        link = next((w for w in mission_links() if text.startswith(w, at)), None)
        if link is None:
            return None
        posted = [(start, place_end, "LOCATION")]
        there = at + len(link) + (text[at + len(link) : at + len(link) + 1] == " ")
        if any(e.label == "LOCATION" for e in self.gazetteer.entries_by_surface.get(text[there:end], ())):
            posted.append((there, end, "LOCATION"))
        return posted

    def _known_place_end(self, text: str, pos: int, token_ends: set[int]) -> int:
        for surface in self.gazetteer._by_prefix.get(text[pos : pos + 2], ()):
            if (
                text.startswith(surface, pos)
                and pos + len(surface) in token_ends
                and any(e.label == "LOCATION" for e in self.gazetteer.entries_by_surface[surface])
            ):
                return pos + len(surface)
        return -1

    def set_annotations(self, doc: Doc, found: dict[str, list[tuple[int, int, str]]]) -> None:
        _split_tokens_at(doc, [b for s, e, _ in found.get("split", []) for b in (s, e)])
        make = _span_maker(doc)
        for group, spans in found.items():
            if group == "split":
                continue
            _set_group(doc, group, (make(s, e, label) for s, e, label in spans))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


@functools.cache
def mission_links() -> tuple[str, ...]:
    """The words between a mission or a role and the place it is posted to (ณ, ประจำ; entity_patterns.toml)."""
    from pipeline.entities.patterns import entity_patterns

    return tuple(sorted(entity_patterns()["rules"]["mission_links"], key=len, reverse=True))


def _role_at_end(surface: str, roles: tuple[str, ...]) -> int | None:
    """Where a person's name ends before a role abbreviation that closes the span ("… จันทร์โอชา นรม."):
    0 when the span is a role and nothing else ("และรมว."), None when it does not end with a role."""
    if not surface.endswith(roles):
        return None
    role = next(r for r in roles if surface.endswith(r))
    name = surface[: -len(role)]
    if name.removeprefix("และ").removeprefix("หรือ").strip() == "":
        return 0
    return len(name.rstrip()) if name.endswith(" ") else None


def _split_tokens_at(doc: Doc, bounds: Iterable[int]) -> None:
    """Split the tokens that a rule's span starts or ends inside (รัฐมนตรีว่าการกระทรวงอุตสาหกรรม is one
    dictionary word; the body inside it is an entity), keeping the span groups already set on their
    characters. Nothing happens, cheaply, when every bound is a token bound."""
    starts, ends = token_bounds(doc)
    inside = sorted({b for b in bounds if b not in ends and 0 < b < len(doc_text(doc))} - set(starts))
    if not inside:
        return
    groups = {name: group_chars(doc, name) for name in doc.spans}
    by_token: dict[int, list[int]] = {}
    for bound in inside:  # the token each bound falls inside: the last one starting before it
        i = bisect.bisect_right(starts, bound) - 1
        by_token.setdefault(i, []).append(bound - starts[i])
    words = doc_words(doc)
    split_words: dict[int, list[str]] = {}
    with doc.retokenize() as retokenizer:
        for i, cuts in by_token.items():
            token, word = doc[i], words[i]
            pieces = [word[a:b] for a, b in itertools.pairwise([0, *cuts, len(word)])]
            retokenizer.split(token, pieces, heads=[(token, k) for k in range(len(pieces))])
            split_words[i] = pieces
    doc.user_data.pop(_BOUNDS_KEY, None)
    # the new tokens' texts: each split token's pieces in its place (read back from spaCy, it builds a Token each)
    new_words: list[str] = []
    for i, word in enumerate(words):
        new_words += split_words.get(i, (word,))
    if len(new_words) == len(doc):
        doc.user_data["thaipress.words"] = new_words
    else:  # not expected: let `doc_words` read them back
        doc.user_data.pop("thaipress.words", None)
    make = _span_maker(doc)
    for name, spans in groups.items():
        _set_group(doc, name, (make(s, e, label, kb_id) for s, e, label, kb_id in spans))


class DateRecognizer:
    """Finds date expressions (`pipeline.dates.find_dates`), resolved against `doc._.release_date`.

    Keeps the exact matches in `doc._.dates` and their spans in `doc.spans["dates"]`, with the dates only
    the entity stage tags (`pipeline.dates.find_entity_dates`: 29/03/2566, ปีการศึกษา 2567).
    """

    def __call__(self, doc: Doc) -> Doc:
        from pipeline.dates import find_dates, find_entity_dates, find_truncated_month_dates

        text = doc_text(doc)
        matches = find_dates(text, release_date=doc._.release_date)
        doc._.dates = matches
        spans = [span for span in map(date_entity_span, matches) if span]
        # dates in digits and years after ปี/ปีงบประมาณ/ปีการศึกษา, where no date entity lies already
        spans += [
            (d.start, d.end) for d in find_entity_dates(text) if not any(s < d.end and d.start < e for s, e in spans)
        ]
        # a day and a month abbreviation cut short (15 มิ. 2562): kept apart too, they win over a CRF DATE inside
        truncated = [
            span
            for span in map(date_entity_span, find_truncated_month_dates(text))
            if span and not any(s < span[1] and span[0] < e for s, e in spans)
        ]
        make = _span_maker(doc)
        _set_group(doc, "dates", (make(*span, "DATE") for span in sorted(spans + truncated)))
        _set_group(doc, "truncated_dates", (make(*span, "DATE") for span in truncated))
        return doc


_RELATIVE_SUFFIXES = ("ที่ผ่านมา", "ที่แล้ว", "นี้")


def date_entity_span(match: DateMatch) -> tuple[int, int] | None:
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
    the other recognisers add what it missed. Pattern spans (organisations of known shapes, and
    candidates with corrected bounds) come first; rejected candidates (false alarms) are left out.
    Exceptions for a titled name (นาย…, ผอ.…): it wins over a
    CRF span of another label on exactly the same words, since the title says what the words are, over
    a CRF name that runs on into the person's role (นายสมชาย ใจดี ผู้อำนวยการ…), over a CRF name that
    stops inside the glued name the title introduces (นายเหลย|ซื่อเชียน), and over one that leaves out the
    surname before a role (นายเอกนัฏ| พร้อมพันธุ์ รัฐมนตรีว่าการ…). And a known name from a
    gazetteer wins over CRF spans it wholly contains, when they are pieces of it (the CRF split
    กลุ่มความร่วมมือทางเศรษฐกิจ|เอเชีย-แปซิฟิก).
    """
    rejected = {(s.start, s.end) for s in doc.spans.get("rejected", [])}
    # token spans of one BIO run: none overlap
    crf = sorted((c for c in doc.spans.get("crf", []) if (c.start, c.end) not in rejected), key=lambda s: s.start)
    crf_starts = [c.start for c in crf]
    gazetteer = [g for g in doc.spans.get("gazetteer", []) if (g.start, g.end) not in rejected]
    crf_labels = {(c.start, c.end): c.label_ for c in crf}
    rules = list(doc.spans.get("rules", []))
    overruling = (
        list(doc.spans.get("patterns", []))
        + [
            rule
            for rule in rules
            if crf_labels.get((rule.start, rule.end), rule.label_) != rule.label_
            or _runs_into_role(rule, crf, crf_starts)
            or _cuts_short(rule, crf, crf_starts)
            or _drops_surname(rule, crf, crf_starts)
        ]
        + [known for known in gazetteer if _covers_crf_pieces(known, crf, crf_starts)]
        # a day and a cut-short month (15 มิ. 2562) over the CRF's DATE inside it (15)
        + [d for d in doc.spans.get("truncated_dates", []) if _contains_crf_dates(d, crf, crf_starts)]
    )
    return first_come([overruling, crf, rules, doc.spans.get("dates", []), gazetteer])


def first_come(groups: Iterable[Iterable[Span]]) -> list[Span]:
    """The spans of each group in turn (at each start the longest first), leaving out any span that shares a
    token with one already kept; in text order."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for group in groups:
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


def _contains_crf_dates(date: Span, crf: list[Span], crf_starts: list[int]) -> bool:
    """Every CRF span the date overlaps is a DATE inside it, and there is one (`crf`: sorted,
    non-overlapping; `crf_starts` their starts)."""
    first = max(bisect.bisect_right(crf_starts, date.start) - 1, 0)
    inside = [
        s for s in crf[first : bisect.bisect_left(crf_starts, date.end)] if s.start < date.end and date.start < s.end
    ]
    return bool(inside) and all(s.label_ == "DATE" and date.start <= s.start and s.end <= date.end for s in inside)


def _cuts_short(rule: Span, crf: list[Span], starts: list[int]) -> bool:
    """A CRF span of the rule's label that starts with it and stops inside its name, where the rule's name
    runs on to a space and a role follows (a foreign name in Thai letters: นายเหลย|ซื่อเชียน ผู้อำนวยการ); not
    when the rest begins with a role or function word (นายสมชาย|กล่าวว่า)."""
    stops = name_stop_words()
    text = doc_text(rule.doc)
    # the name runs to a space and a role follows it (นายเหลยซื่อเชียน ผู้อำนวยการ…)
    after = text[rule.end_char : rule.end_char + 30]
    if not after[:1].isspace() or not after.lstrip().startswith(tuple(w for w in stops if len(w) >= 4)):
        return False
    # `crf` sorted and non-overlapping (`starts`: their starts): one span at most starts with the rule
    i = bisect.bisect_left(starts, rule.start)
    for span in crf[i : bisect.bisect_right(starts, rule.start)]:
        if span.end < rule.end and span.label_ == rule.label_:
            rest = text[span.end_char : rule.end_char]
            return bool(rest) and not any(ch.isspace() for ch in rest) and not rest.startswith(stops)
    return False


def _drops_surname(rule: Span, crf: list[Span], starts: list[int]) -> bool:
    """A CRF name of the rule's label that starts with it and stops after the first name, where the rule's
    name goes on over one more chunk, its surname, to a role (นายเอกนัฏ| พร้อมพันธุ์ รัฐมนตรีว่าการ…,
    นายวิษณุ| ทับเที่ยงหัวหน้าผู้ตรวจราชการ…)."""
    text = doc_text(rule.doc)
    roles = tuple(w for w in name_stop_words() if len(w) >= 4)
    if not text[rule.end_char : rule.end_char + 30].lstrip(" ").startswith(roles):
        return False
    i = bisect.bisect_left(starts, rule.start)
    for span in crf[i : bisect.bisect_right(starts, rule.start)]:
        if span.end < rule.end and span.label_ == rule.label_:
            rest = text[span.end_char : rule.end_char]
            return rest.startswith(" ") and rest.count(" ") == 1 and len(rest) > 3
    return False


def _runs_into_role(rule: Span, crf: list[Span], starts: list[int]) -> bool:
    """A CRF span of the rule's label that starts with it and goes on into a role or function word."""
    stops = name_stop_words()
    # `crf` sorted and non-overlapping (`starts`: their starts): one span at most starts with the rule
    i = bisect.bisect_left(starts, rule.start)
    for span in crf[i : bisect.bisect_right(starts, rule.start)]:
        if span.end > rule.end and span.label_ == rule.label_:
            rest = span.doc[rule.end : span.end].text.lstrip()
            if rest.startswith(stops):
                return True
    return False


def _adjust_dates(doc: Doc, spans: list[Span]) -> list[Span]:
    """DATE spans with the government set's bounds (`rules.date_bounds`: วันอังคารที่|21 มิถุนายน 2565,
    [พุทธศักราช 2566], [14 ก.พ. 65]); a weekday alone before its date is dropped. A new bound that is no
    token bound, or that runs into another entity, leaves the span as it was."""
    if not any(s.label_ == "DATE" for s in spans):
        return spans
    text = doc_text(doc)
    taken = {i for s in spans if s.label_ != "DATE" for i in range(s.start, s.end)}
    out = []
    for span in spans:
        bounds = date_bounds(text, span.start_char, span.end_char) if span.label_ == "DATE" else None
        if bounds is None:
            out.append(span)
        elif bounds[0] == bounds[1]:
            continue  # เมื่อวันศุกร์|ที่ 25 ตุลาคม
        else:
            new = doc.char_span(*bounds, label="DATE", alignment_mode="strict")
            clear = new is not None and not taken.intersection(range(new.start, new.end))
            clash = new is not None and any(o is not span and o.start < new.end and new.start < o.end for o in spans)
            out.append(new if clear and not clash and new is not None else span)
    return out


@registry.misc("thaipress.crf_first.v1")
def make_crf_first() -> Resolver:
    """The default resolver, by name for the config: `resolve = {"@misc": "thaipress.crf_first.v1"}`."""
    return crf_first


class EntityResolver:
    """Merges the recognisers' span groups into `doc.ents`, with canonical ids where known.

    resolve: the function that picks among overlapping candidates (default `crf_first`); in the config,
        any function registered in spaCy's `misc` registry that returns one.
    gazetteer: used to give every entity that names a known body or place its canonical id (default: the
        pipeline's `thaipress_gazetteer` component's, else every TSV in `corpora/gazetteers/`).
    nlp: the pipeline whose gazetteer component to use.
    """

    def __init__(
        self, resolve: Resolver = crf_first, gazetteer: Gazetteer | None = None, nlp: Language | None = None
    ) -> None:
        self.resolve = resolve
        self._gazetteer = gazetteer
        self._nlp = nlp

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is not None:
            return self._gazetteer
        # Looked up on every Doc, not kept: the component's names may be loaded later (`from_disk`).
        if self._nlp is not None and GAZETTEER_PIPE in self._nlp.pipe_names:
            component = self._nlp.get_pipe(GAZETTEER_PIPE)
            if isinstance(component, GazetteerRecognizer):
                return component.gazetteer
        return default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        gazetteer = self.gazetteer
        ents = [self._with_kb_id(doc, s, gazetteer) for s in _adjust_dates(doc, self.resolve(doc))]
        ents = self._link_abbreviations(doc, ents)
        doc.set_ents(ents)
        return doc

    def _with_kb_id(self, doc: Doc, span: Span, gazetteer: Gazetteer) -> Span:
        if span.kb_id_ or span.label_ not in ("ORGANIZATION", "LOCATION"):
            return span
        entry = gazetteer.lookup(_span_text(doc, span))
        if entry is None:
            return span
        return Span(doc, span.start, span.end, label=span.label_, kb_id=entry.id)

    def _link_abbreviations(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A "full name (ABBR)" pair gives ABBR, there and later in the text, the full name's id."""
        orgs = [s for s in ents if s.label_ == "ORGANIZATION"]
        by_span = {(s.start_char, s.end_char): s for s in orgs}
        # "(รมว.พม.)" after a ministry's name is its minister, not another name of the ministry
        roles = role_titles()
        pairs = find_abbreviation_pairs(doc_text(doc), list(by_span))
        pairs = [pair for pair in pairs if not pair.abbreviation.startswith(roles)]
        if not pairs:
            return ents
        out = {(s.start, s.end): s for s in ents}
        keys = sorted(out)  # the entities' token spans: disjoint, so in start and in end order at once
        text = doc_text(doc)
        # An abbreviation defined again and again (a long text of many releases) is searched once: its
        # mentions take the id of its last definition, as when each definition relabelled them in turn.
        last = {pair.abbreviation: i for i, pair in enumerate(pairs)}
        for i, pair in enumerate(pairs):
            full = by_span[(pair.full_start, pair.full_end)]
            kb_id = full.kb_id_ or f"local:{pair.abbreviation}"
            for start, end in find_mentions(text, pair.abbreviation) if last[pair.abbreviation] == i else ():
                # strict: a mention the tokens cut ("…การสสว." as "รส"+"สว.") is left out rather than shrunk
                span = doc.char_span(start, end, label="ORGANIZATION", kb_id=kb_id, alignment_mode="strict")
                if span is None or len(span) == 0:
                    continue
                hi = lo = bisect.bisect_left(keys, (span.end, -1))  # keys[:hi] start before the mention ends
                while lo > 0 and keys[lo - 1][1] > span.start:
                    lo -= 1
                overlapping = keys[lo:hi]
                if all(out[k].label_ == "ORGANIZATION" and (k[1] - k[0]) <= len(span) for k in overlapping):
                    for k in overlapping:
                        del out[k]
                    keys[lo:hi] = [(span.start, span.end)]
                    out[(span.start, span.end)] = span
            # the full name takes the local id, unless a longer mention replaced it above (a name defined twice,
            # "GBC (General Border Committee)" and "General Border Committee (GBC)", its tail an entity of its
            # own): adding it back would overlap that mention
            if not full.kb_id_ and (full.start, full.end) in out:
                out[(full.start, full.end)] = Span(doc, full.start, full.end, label="ORGANIZATION", kb_id=kb_id)
        return sorted(out.values(), key=lambda s: s.start)


# The factories. Each declares what it reads and writes, so `nlp.analyze_pipes()` can check the order;
# span groups are declared as "doc.spans" (spaCy checks attributes, not group names).
GAZETTEER_PIPE = "thaipress_gazetteer"


@Language.factory("thaipress_release_date", assigns=["doc._.release_date"])
def make_release_context(nlp: Language, name: str) -> ReleaseContext:
    register_extensions()
    return ReleaseContext()


@Language.factory(GAZETTEER_PIPE, assigns=["doc.spans"])
def make_gazetteer(nlp: Language, name: str) -> GazetteerRecognizer:
    register_extensions()
    return GazetteerRecognizer()


@Language.factory("thaipress_crf", default_config={"tagger": "press"}, assigns=["doc.spans"])
def make_crf(nlp: Language, name: str, tagger: str) -> CRFEntityRecognizer:
    register_extensions()
    return CRFEntityRecognizer(tagger)


@Language.factory("thaipress_rules", assigns=["doc.spans"])
def make_rules(nlp: Language, name: str) -> RuleRecognizer:
    register_extensions()
    return RuleRecognizer()


@Language.factory("thaipress_dates", requires=["doc._.release_date"], assigns=["doc._.dates", "doc.spans"])
def make_dates(nlp: Language, name: str) -> DateRecognizer:
    register_extensions()
    return DateRecognizer()


@Language.factory(
    "thaipress_entities",
    default_config={"resolve": {"@misc": "thaipress.crf_first.v1"}},
    requires=["doc.spans"],
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
)
def make_resolver(nlp: Language, name: str, resolve: Resolver) -> EntityResolver:
    register_extensions()
    return EntityResolver(resolve, nlp=nlp)
