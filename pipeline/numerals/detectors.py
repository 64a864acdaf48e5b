"""Detectors: find the slots where a numeral (or the punctuation next to it) was lost.

Each detector is a small function ``(doc, template) -> list[Slot]`` registered under the name a template
gives in ``corpora/numerals/templates.toml``. A slot is only a place and a reason; what value belongs there
is the inference strategies' business (``inference.py``).

The signal is context. Intact text has a number between a quantity word and its classifier
("ทั้งหมด 4 รอบ"), after an ordinal marker ("ครั้งที่ 3"), before a month ("วันที่ 2 ส.ค."); extraction that
drops digits leaves the words on both sides and the space where the digit was.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.dates import DateMatch, find_dates, month_abbreviation_completions
from pipeline.normalize import arabic_digits
from pipeline.numerals.templates import Lexicon, Template
from pipeline.tokens import word_tokenize

__all__ = ["Document", "Slot", "Token", "DETECTORS", "find_slots"]

_THAI_LETTER = re.compile(r"[\u0e01-\u0e4f]")
_DIGIT = re.compile(r"[0-9\u0e50-\u0e59]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_space(self) -> bool:
        return not self.text.strip()


@dataclass
class Document:
    """The text under repair, its tokens, and what the strategies may consult (computed lazily)."""

    text: str
    lexicon: Lexicon
    release_date: datetime.date | None = None
    _tokens: list[Token] | None = field(default=None, repr=False)
    _starts: list[int] | None = field(default=None, repr=False)
    _dates: list[DateMatch] | None = field(default=None, repr=False)
    _gaps: dict[int, float] | None = field(default=None, repr=False)

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self.use_words(word_tokenize(self.text))
        return self._tokens

    def use_words(self, words: list[str]) -> None:
        """Take the text's newmm tokens from the caller instead of tokenising again."""
        if "".join(words) != self.text:
            raise ValueError("the words do not make up the text")
        tokens, pos = [], 0
        for piece in words:
            tokens.append(Token(piece, pos, pos + len(piece)))
            pos += len(piece)
        self._tokens = tokens
        self._starts = [t.start for t in tokens]

    def token_index_at(self, offset: int) -> int:
        """Index of the token that starts at or contains ``offset``."""
        _ = self.tokens  # tokenises on first use, which sets self._starts
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    @property
    def dates(self) -> list[DateMatch]:
        if self._dates is None:
            self._dates = find_dates(self.text, release_date=self.release_date)
        return self._dates

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """(start, end) of the line (paragraph) holding ``offset``."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end


@dataclass(frozen=True)
class Slot:
    """A place where something was lost.

    ``start``/``end`` is the span a repair replaces (equal for an insertion); ``anchor`` is the word the
    template anchored on (classifier, ordinal marker, month fragment); ``prefix``/``suffix`` wrap a value
    into the replacement text (``"4"`` -> ``"4 "`` before a classifier).
    """

    template: Template
    start: int
    end: int
    anchor: str
    anchor_start: int
    anchor_end: int
    description: str
    prefix: str = ""
    suffix: str = ""

    def replacement(self, value: str) -> str:
        return f"{self.prefix}{value}{self.suffix}"


Detector = Callable[[Document, Template], list[Slot]]


def quote(text: str, start: int, end: int, width: int = 24) -> str:
    """Thai context around ``text[start:end]`` with the gap shown as ⟦_⟧ (one line, ellipses)."""
    left = text[max(0, start - width) : start].split("\n")[-1]
    right = text[end : end + width].split("\n")[0]
    gap = text[start:end] or "_"
    return f"“…{left}⟦{gap}⟧{right}…”"


# --------------------------------------------------------------------------- counts


def _is_thai_word(token: Token) -> bool:
    return bool(_THAI_LETTER.search(token.text)) and not _DIGIT.search(token.text)


def _ends_with_any(tokens: list[Token], i: int, words: frozenset[str], span: int = 3) -> str | None:
    """The word in ``words`` made of tokens ``i-k+1 .. i`` (k <= span), if any."""
    for k in range(1, span + 1):
        if i - k + 1 < 0:
            break
        joined = "".join(t.text for t in tokens[i - k + 1 : i + 1])
        if joined in words:
            return joined
    return None


@functools.cache
def _prefixes(words: frozenset[str]) -> frozenset[str]:
    """Every non-empty prefix of every word: a token that is none of these starts no word."""
    return frozenset(w[:n] for w in words for n in range(1, len(w) + 1))


def _classifier_at(tokens: list[Token], i: int, words: frozenset[str], multipliers: frozenset[str]) -> int | None:
    """Index one past the classifier (or multiplier + classifier) that starts at token ``i``, if any."""
    prefixes = _prefixes(words)
    for first in (i, i + 1) if tokens[i].text in multipliers else (i,):
        if first != i and (first >= len(tokens) or tokens[first].is_space):
            break
        if tokens[first].text not in prefixes:
            continue
        for k in range(3, 0, -1):  # longest first: "ล้าน"+"บาท" before "ล้าน"
            if first + k <= len(tokens) and "".join(t.text for t in tokens[first : first + k]) in words:
                return first + k
    return None


def detect_missing_counts(doc: Document, template: Template) -> list[Slot]:
    """A classifier or unit after a word and a lone space, where the number was: "ทั้งหมด _ รอบ".

    With ``require_cue`` the word must be a quantity word (ทั้งหมด, จำนวน, เป็น …) or repeat a count just
    given ("37 ปี และ _ ปี"); with ``follower="break"`` the classifier must end its phrase (space, line end,
    bracket, comma), as counters do.
    """
    words = frozenset(template.words)
    return _count_slots(doc, template, lambda tokens, i: _classifier_at(tokens, i, words, doc.lexicon.multipliers))


def detect_missing_counts_by_tag(doc: Document, template: Template) -> list[Slot]:
    """Any word the ORCHID tagger reads as a classifier, after one of the template's quantity words and a lone
    space: "มีอุปทานเหลือขายจำนวน _ หน่วย". The template's ``words`` are the quantity words (the cues)."""
    cues = frozenset(template.words)
    lex = doc.lexicon

    def tagged(tokens: list[Token], i: int) -> int | None:
        word = tokens[i].text
        if len(word) < 2 or not _is_thai_word(tokens[i]) or word in lex.number_words or word in lex.count_blockers:
            return None
        if word.startswith(("การ", "ความ")):
            return None  # a nominalised verb names an activity, it does not count one
        b = i - 3 if tokens[i - 2].text == "\n" and i >= 3 else i - 2
        cued = _ends_with_any(tokens, b, cues) or tokens[b].text in lex.parallel_cues
        if not cued and _enumeration_follows(doc.text, tokens[i].end, lex) != "ได้แก่":
            return None  # checked first: tagging is the costly part
        return i + 1 if tagged_as_classifier(word) else None

    return _count_slots(doc, template, tagged, cues)


def detect_missing_counts_by_pair(doc: Document, template: Template) -> list[Slot]:
    """Two words that intact releases almost always separate with a number, adjacent here: "จัดหา _ ล้านโดส".

    The pairs and their counts are learned from intact text (``count_pairs.py``); a pair qualifies when at
    least ``template.min_share`` of its ``template.min_seen`` or more occurrences had a number between.
    """
    from pipeline.numerals.count_pairs import load_count_pairs

    pairs = load_count_pairs()

    def qualifies(before: str, word: str) -> bool:
        return pairs.seen(before, word) >= template.min_seen and pairs.separated_share(before, word) >= template.min_share

    def evidence(before: str, word: str) -> str:
        return f"no number between “{before}” and “{word}”, which intact releases almost always separate with one"

    return _learned_gap_slots(doc, template, qualifies, evidence)


def detect_missing_counts_by_word(doc: Document, template: Template) -> list[Slot]:
    """A word that intact releases almost always follow with a number before a classifier or unit, then a
    space and a classifier: "เกิน _ วัน", "มูลค่า _ ล้านบาท".

    The word rows of the learned table (``count_pairs.py``) pool each word over all the units after it; a
    word qualifies when at least ``template.min_share`` of its ``template.min_seen`` or more occurrences had
    a number between. The unit is what learning pooled over (``is_listed_unit``).
    """
    from pipeline.numerals.count_pairs import is_listed_unit, load_count_pairs

    pairs = load_count_pairs()

    def qualifies(before: str, word: str) -> bool:
        # the word's statistics first: the unit test may run the tagger
        return (
            pairs.word_seen(before) >= template.min_seen
            and pairs.word_share(before) >= template.min_share
            and is_listed_unit(word)
        )

    def evidence(before: str, word: str) -> str:
        return (
            f"no number between “{before}” and the classifier “{word}”; intact releases almost always put one "
            f"after “{before}”"
        )

    return _learned_gap_slots(doc, template, qualifies, evidence)


def _slot_before(template: Template, tok: Token, description: str) -> Slot:
    """A lost number to insert before the word ``tok`` (anchored on it), a space after the value."""
    return Slot(template, tok.start, tok.start, tok.text, tok.start, tok.end, description, suffix=" ")


def _learned_gap_slots(
    doc: Document,
    template: Template,
    qualifies: Callable[[str, str], bool],
    evidence: Callable[[str, str], str],
) -> list[Slot]:
    """Slots at "before ␣ word" where a learned table says a number belongs between the two words."""
    lex = doc.lexicon
    text, tokens = doc.text, doc.tokens
    slots = []
    for i in range(2, len(tokens)):
        tok = tokens[i]
        if tokens[i - 1].text != " " or not _is_thai_word(tok):
            continue
        before = tokens[i - 2].text
        if not qualifies(before, tok.text):
            continue
        if _ends_with_any(tokens, i - 2, lex.count_blockers | lex.number_words):
            continue
        follower = "break" if before in lex.weak_count_cues else template.follower
        if not _is_gap_follower(tokens, i + 1, lex, follower, template.follower):
            continue  # "ภายใน ปี 2570": a number makes the word a label; "ใน จังหวัดเชียงใหม่" a name
        slots.append(_slot_before(template, tok, f"{evidence(before, tok.text)} in {quote(text, tok.start, tok.start)}"))
    return slots


def detect_missing_counts_by_unit(doc: Document, template: Template) -> list[Slot]:
    """A classifier the lists miss but intact releases almost always put after a number ("ดำเนินคดีอาญา _ คดี",
    "อายุ _ ขวบ"), after a word and a lone space: the unit rows (before = "*") of the learned table, read with
    the template's ``min_share`` and ``min_seen``; the template's follower (a break) keeps it off noun phrases."""
    from pipeline.numerals.count_pairs import load_count_pairs

    units = load_count_pairs().learned_units(template.min_share, template.min_seen)
    if not units:
        return []
    return _count_slots(doc, template, lambda tokens, i: i + 1 if tokens[i].text in units else None)


def detect_missing_counts_by_tail(doc: Document, template: Template) -> list[Slot]:
    """A classifier glued to the word after it, a pair that intact releases almost always put after a number
    ("_ จังหวัดนำร่อง", "_ ล้านโดสภายใน"): the tail rows (after = "+word") of the learned table, read with the
    template's ``min_share`` and ``min_seen``, for the listed and learned classifiers and the multipliers."""
    from pipeline.numerals.count_pairs import is_listed_unit, load_count_pairs

    pairs = load_count_pairs()
    units = pairs.learned_units(*_UNIT_THRESHOLDS)
    lex = doc.lexicon

    def glued(tokens: list[Token], i: int) -> int | None:
        if i + 1 >= len(tokens) or not (tokens[i].text in units or is_listed_unit(tokens[i].text)):
            return None
        tail = tokens[i + 1].text
        if not _is_thai_word(tokens[i + 1]) or tail in lex.parallel_cues or tokens[i - 2].text in lex.enumeration_cues:
            return None  # "_ จังหวัดและ…" joins two nouns; "ได้แก่ รายแรก" names the items
        if pairs.tail_seen(tokens[i].text, tail) < template.min_seen or pairs.tail_share(tokens[i].text, tail) < template.min_share:
            return None
        return i + 2

    return _count_slots(doc, template, glued)


def gap_probabilities(doc: Document) -> dict[int, float]:
    """For each token index ``i`` with a gap "prev ␣ next" before it (``gap_model.is_gap``), the gap model's
    probability that a number was lost there; empty when no model is shipped. Computed once per document."""
    if doc._gaps is not None:
        return doc._gaps
    from pipeline.numerals.gap_model import gap_labels, gaps_in, is_gap_unit, load_gap_model

    model = load_gap_model()
    if model is None:
        doc._gaps = {}
        return doc._gaps
    words = [t.text for t in doc.tokens]
    counted, counting = model.release_counts(words)
    gaps = gaps_in(words, gap_labels(), counted, counting, is_gap_unit)
    doc._gaps = {i: model.probability(features) for i, features in gaps}
    return doc._gaps


def detect_missing_counts_by_model(doc: Document, template: Template) -> list[Slot]:
    """Any gap "prev ␣ next" where the gap model (``gap_model.py``, trained on intact releases) gives a lost
    number a probability of at least ``template.min_share``: "ติดอันดับ _ ประเทศที่ฟื้นตัว", "เว้น _ วันก่อน".
    Words that make the noun reading certain ("หลาย", "แต่ละ") or that are numbers themselves still block."""
    lex = doc.lexicon
    tokens = doc.tokens
    blockers = lex.count_blockers | lex.number_words
    slots = []
    for i, p in gap_probabilities(doc).items():
        if p < template.min_share or _ends_with_any(tokens, i - 2, blockers):
            continue
        if _number_at(tokens, i + 1) or _number_at(tokens, i - 3, back=True):
            continue  # "⟦⟧ชั้น 5": a number after the word makes it a label; "2 เข็ม ⟦⟧": a count was just given
        tok = tokens[i]
        what = (
            f"no number between “{tokens[i - 2].text}” and “{tok.text}”, where a model trained on intact releases "
            f"expects one (p = {p:.2f}) in {quote(doc.text, tok.start, tok.start)}"
        )
        slots.append(_slot_before(template, tok, what))
    return slots


def _number_at(tokens: list[Token], j: int, back: bool = False) -> bool:
    """Is there a number at token ``j``, or one space further (before ``j`` when ``back``)?"""
    step = -1 if back else 1
    if 0 <= j < len(tokens) and tokens[j].text == " ":
        j += step
    return 0 <= j < len(tokens) and bool(_DIGIT.match(tokens[j].text))


def drop_unlikely_counts(doc: Document, slots: list[Slot], below: float) -> list[Slot]:
    """Count slots of the other templates at a gap where the gap model gives a lost number less than ``below``
    ("ด้วย โดยมี _ คณะผู้บริหาร": a noun, not a count) are dropped; slots it cannot judge are kept."""
    gaps = gap_probabilities(doc)
    kept = []
    for slot in slots:
        if slot.template.kind == "count" and slot.start == slot.end:
            i = doc.token_index_at(slot.start)
            p = gaps.get(i) if doc.tokens[i].start == slot.start else None
            if p is not None and p < below:
                continue
        kept.append(slot)
    return kept


_UNIT_THRESHOLDS = (0.8, 10)  # as count.learned_unit reads the unit rows


_NOUN_TAGS = frozenset(["NCMN", "CNIT", "CLTV", "CMTR", "CFQC", "CVBL", "NOUN"])


@functools.cache
def tagged_as_classifier(word: str) -> bool:
    """Does pythainlp's ORCHID tagger read ``word`` as a classifier after a number ("จำนวน 3 _ และ"), while no
    word list pythainlp ships (ORCHID's and TDTB's most frequent tags) knows it as anything but a noun?

    The tagger reads almost any word after a number as a classifier, verbs and conjunctions it has not seen
    in that place too; the word lists keep those out. Abbreviations ("จ.", "รพ.") are names, not counters.
    Cached per word: the frame is fixed, so detection tags each distinct word once.
    """
    from pipeline.entities.pos import lst20_pos_tags

    if word.endswith("."):
        return False
    if any(tags.get(word, "NOUN") not in _NOUN_TAGS for tags in _unigram_tags()):
        return False
    return all(lst20_pos_tags(["จำนวน", " ", "3", " ", word, " ", nxt])[4] == "CL" for nxt in ("และ", "โดย"))


@functools.cache
def _unigram_tags() -> tuple[dict[str, str], ...]:
    """The most frequent tag of each word in ORCHID and in the Thai Discourse Treebank, as pythainlp ships them."""
    import json
    import pathlib

    from pythainlp.corpus import corpus_path

    files = ("pos_orchid_unigram.json", "tdtb-unigram_tagger.json")
    return tuple(json.loads((pathlib.Path(corpus_path()) / f).read_text(encoding="utf-8-sig")) for f in files)


# a Latin name or a closing bracket before the gap: "ตรวจด้วยวิธี RT-PCR _ ครั้ง", "(ISRR) _ ราย"
_LATIN_BEFORE = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]|\)")

def _named_bracket(tokens: list[Token], b: int) -> bool:
    """A closing bracket at ``b`` closes a name ("(ISRR)", "(ยาหลอก)"), not a clause label ("(ข)", "(4)")."""
    if tokens[b].text != ")":
        return True
    inner = tokens[b - 1].text if b >= 1 else ""
    return len(inner) >= 2 and not _DIGIT.search(inner) and inner != "("


ClassifierAt = Callable[[list[Token], int], "int | None"]


def _count_slots(
    doc: Document, template: Template, classifier_at: ClassifierAt, cues: frozenset[str] | None = None
) -> list[Slot]:
    """Count slots before the classifiers ``classifier_at`` finds (it returns the index one past the
    classifier); ``cues`` are the quantity words that make a slot certain (default: the lexicon's)."""
    lex = doc.lexicon
    cues = lex.count_cues if cues is None else cues
    text = doc.text
    tokens = doc.tokens
    slots = []
    for i, tok in enumerate(tokens):
        if i < 2 or tokens[i - 1].text != " ":
            continue
        end = classifier_at(tokens, i)
        if end is None:
            continue
        b = i - 2
        if tokens[b].text == "\n" and b >= 1:
            b -= 1  # the number began a line: "แบ่งเป็น\n _ ด้าน"
        before = tokens[b]
        # "ระยะสั้น ( _ ปี)": a classifier alone in brackets is a count whose number was lost
        bracketed = before.text == "(" and end < len(tokens) and tokens[end].text == ")"
        latin = not _is_thai_word(before) and before.text not in lex.parallel_cues and not bracketed
        if latin and not (_LATIN_BEFORE.fullmatch(before.text) and _named_bracket(tokens, b)):
            continue
        if _ends_with_any(tokens, b, lex.count_blockers | lex.number_words):
            continue
        classifier = text[tok.start : tokens[end - 1].end]
        cue = _ends_with_any(tokens, b, cues)
        unit = classifier.removeprefix(tok.text) if tok.text in lex.multipliers else classifier
        if cue is None and before.text in lex.parallel_cues:
            earlier = text[max(0, before.start - 24) : before.start]
            if re.search(rf"[0-9\u0e50-\u0e59][ ]?\S*{re.escape(unit)}[ ]?$", earlier):
                cue = before.text
        series = cue is None and before.text not in lex.enumeration_cues
        cue = cue if not series else _counted_series(text, before, unit)
        series = series and cue is not None
        enumeration = _enumeration_follows(text, tokens[end - 1].end, lex)
        if cue is None and enumeration:
            cue = enumeration
        if cue is None and bracketed:
            cue = before.text
        if cue is None and template.require_cue:
            continue
        # a quantity word before makes the slot certain; a unit that never stands bare needs no more evidence
        follower = "phrase" if cue and template.follower != "any" else template.follower
        if (series or cue in lex.weak_count_cues) and follower == "phrase":
            follower = "break"  # "ใน _ จังหวัด ทำให้" but not "ใน จังหวัดเชียงใหม่", nor items "ด้านองค์กร"
        if _one_of(tokens, b):
            cue, follower = f"{tokens[b - 2].text} {before.text}", "any"  # "เป็น 1 ใน _ จังหวัดแรก"
        if latin:
            follower = "break"  # after a name, the classifier must end its phrase even before ได้แก่: "(MRT _ สายสีม่วง)"
        if (latin or not enumeration) and not _is_gap_follower(tokens, end, lex, follower, template.follower):
            continue
        what = f"between “{cue}” and the classifier" if cue and cue not in lex.enumeration_cues else "before the classifier"
        slots.append(
            Slot(
                template,
                tok.start,
                tok.start,
                classifier,
                tok.start,
                tokens[end - 1].end,
                f"no number {what} “{classifier}” in {quote(text, tok.start, tok.start)}",
                suffix=" ",
            )
        )
    return slots


_SHARE_WORDS = frozenset(["ใน", "จาก"])


def _one_of(tokens: list[Token], b: int) -> bool:
    """Is token ``b`` the ใน (จาก) of "1 ใน _ ประเทศ" ("one of _"), which a number always follows?"""
    return tokens[b].text in _SHARE_WORDS and b >= 2 and tokens[b - 1].text == " " and bool(_DIGIT.match(tokens[b - 2].text))


_SERIES_REACH = 32  # characters back to the count a gap continues


def _counted_series(text: str, before: Token, unit: str) -> str | None:
    """The same unit counted a few words back makes a series of counts: "ภาคเหนือ 12 ทีม ภาคใต้ _ ทีม"."""
    line_start = text.rfind("\n", 0, before.start) + 1
    earlier = text[max(line_start, before.start - _SERIES_REACH) : before.start]
    if re.search(rf"[0-9\u0e50-\u0e59][ ]?{re.escape(unit)}(?![\u0e01-\u0e4f])[^0-9\u0e50-\u0e59]*$", earlier):
        return before.text
    return None


def _enumeration_follows(text: str, at: int, lex: Lexicon) -> str | None:
    """The enumeration cue right after a classifier ("_ ด้าน ได้แก่ 1. …"), which implies a count before it."""
    m = re.match(r"[^\s]{0,16}?([ ]?)(" + "|".join(map(re.escape, lex.enumeration_cues)) + r")", text[at : at + 32])
    if m is None or (not m.group(1) and m.group(2) not in ("ได้แก่", "ดังนี้")):
        return None  # "คนคือส่วนสำคัญ": คือ glued to a noun is a copula, not an enumeration
    return m.group(2)


_DEMONSTRATIVES = frozenset(["นี้", "นั้น", "ดังกล่าว", "ไหน", "ใด"])
_BREAK = frozenset(["\n", ")", ",", "]", "/", "”", "\"", "’", ";", ":"])
_NAME_START = re.compile(r"[“\"'‘A-Za-z]|[\u0e01-\u0e2e]{1,3}\.")


def _ordinal_label_follows(tokens: list[Token], j: int) -> bool:
    """"CL ที่ N" names the N-th one (กม. ที่ 2+400, หมู่ที่ 5, ชั้นที่ 3): a label, no lost count before it."""
    words = [t.text for t in tokens[j : j + 4] if not t.is_space]
    return len(words) >= 2 and words[0] == "ที่" and bool(_DIGIT.match(words[1]))


def _is_gap_follower(tokens: list[Token], j: int, lex: Lexicon, follower: str, own: str = "phrase") -> bool:
    """Does what follows a classifier look like the rest of a sentence whose number was lost?

    A number or a name after the classifier makes it a label ("ปี 2563", "กระทรวง พม.", "เรื่อง “…”"),
    and some words make it a noun phrase ("ประเทศ ไทย", "ปี นี้"). ``own`` is the template's follower: a
    counter's unit tails ("_ รายต่อวัน") still count after a quantity word, and a unit that never stands
    bare ("any": "_ บาทต่อคน", "_ เมตรจากฝั่ง") may be followed by anything but a number.
    """
    if j >= len(tokens):
        return True
    if _ordinal_label_follows(tokens, j):
        return False
    after = tokens[j].text
    if follower == "any":
        return not _DIGIT.match(after) and not (after == " " and j + 1 < len(tokens) and _DIGIT.match(tokens[j + 1].text))
    if own != "phrase" and after in lex.unit_tails:
        return True
    if after in _BREAK or after.startswith("\n"):
        return True
    if after == " ":
        nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
        return not _DIGIT.match(nxt) and not _NAME_START.match(nxt) and nxt not in _DEMONSTRATIVES
    if follower == "break":
        return after in lex.unit_tails
    return not _DIGIT.match(after) and after not in lex.noun_followers and not _NAME_START.match(after)


# --------------------------------------------------------------------------- ordinals


@functools.lru_cache(maxsize=256)  # bounded: ordinal.classifier asks for each release's own markers
def _ordinal_re(markers: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(sorted(map(re.escape, markers), key=len, reverse=True))
    # the marker, then either a space and a non-number, or a break: "ครั้งที่ ในรอบปี", "ฉบับที่)".
    return re.compile(
        rf"(?P<marker>{alternation})(?:(?P<space>[ ]+)(?=[^\s0-9\u0e50-\u0e59.…])|[ ]*(?=\n|$|[),;]))"
    )


_ORDINAL_BLOCKERS = ("ทุก", "หลาย", "บาง", "แต่ละ")
_ORDINAL_FOLLOW_BLOCKERS = ("ผ่านมา", "แล้ว")


def detect_missing_ordinals(doc: Document, template: Template) -> list[Slot]:
    """An ordinal marker with nothing after it: "เป็นครั้งที่ ในรอบปี"."""
    return _ordinal_slots(doc, template, template.words)


def detect_missing_ordinals_learned(doc: Document, template: Template) -> list[Slot]:
    """A word glued to ที่ with nothing after it, where intact releases almost always put a number after that
    word and ที่ ("ในไตรมาสที่ ของปี", "กลุ่มที่ บริการสาธารณะ"): the ordinal rows of the learned table
    (``count_pairs.py``), read with the template's ``min_share`` and ``min_seen``. Days (วันที่, วันพุธที่) are
    the date templates' business."""
    from pipeline.numerals.count_pairs import load_count_pairs

    words = load_count_pairs().learned_ordinals(template.min_share, template.min_seen)
    markers = tuple(sorted(w + "ที่" for w in words if not w.startswith("วัน")))
    # ที่ before a name is "at" or "that" ("ตั้งอยู่ที่ “…”", "มาตรการที่ กยศ. จะให้"), not an ordinal
    return _ordinal_slots(doc, template, markers, before_name=False) if markers else []


def detect_missing_ordinals_after_classifier(doc: Document, template: Template) -> list[Slot]:
    """A classifier glued to ที่ with nothing after it ("จำเลยที่ ออกจาก", "หลักสูตรที่ พัฒนาทักษะ"): "CLที่ N" names
    the N-th one, and in intact releases a space after "CLที่" is almost always followed by its number. For
    the words the learned table has not seen often enough; the classifier test is ``count_pairs.is_count_unit``."""
    from pipeline.numerals.count_pairs import is_count_unit

    tokens = doc.tokens
    markers = set()
    for i in range(1, len(tokens) - 1):
        if tokens[i].text == "ที่" and tokens[i + 1].text in (" ", "\n") and _is_thai_word(tokens[i - 1]):
            word = tokens[i - 1].text
            if not word.startswith("วัน") and is_count_unit(word):
                markers.add(word + "ที่")
    return _ordinal_slots(doc, template, tuple(sorted(markers)), before_name=False) if markers else []


def _ordinal_slots(
    doc: Document, template: Template, markers: tuple[str, ...], before_name: bool = True
) -> list[Slot]:
    text = doc.text
    slots = []
    for m in _ordinal_re(markers).finditer(text):
        if not before_name and _NAME_START.match(text, m.end()):
            continue
        before = text[max(0, m.start() - 6) : m.start()]
        if before.endswith(_ORDINAL_BLOCKERS):
            continue
        rest = text[m.end() : m.end() + 12]
        if rest.startswith(_ORDINAL_FOLLOW_BLOCKERS) or rest.startswith(tuple(doc.lexicon.number_words)):
            continue
        if m.group("space"):
            at, prefix, suffix = m.end(), "", " "
        else:
            at, prefix, suffix = m.end("marker"), " ", ""
        slots.append(
            Slot(
                template,
                at,
                at,
                m.group("marker"),
                m.start("marker"),
                m.end("marker"),
                f"the ordinal marker “{m.group('marker')}” has no number after it in {quote(text, at, at)}",
                prefix=prefix,
                suffix=suffix,
            )
        )
    return slots


# --------------------------------------------------------------------------- dates

# dots left where a day and a month abbreviation were ("วันที่ .. 62", "(. .63)"), then a year, or นี้ /
# ที่ผ่านมา when the date had no year ("เริ่ม .. นี้").
_DAMAGED_DATE = re.compile(
    r"(?:(?<=วันที่)|(?<=[(\s]))[ ]?(?P<gap>\.[ ]?\.)[ ]?"
    r"(?:(?P<year>(?:25|20|๒๕|๒๐)?[0-9๐-๙]{2})(?![0-9๐-๙.:])|(?P<rel>นี้|ที่ผ่านมา))"
)


def detect_damaged_dates(doc: Document, template: Template) -> list[Slot]:
    """A date reduced to dots and a year: "วันที่ .. 62"."""
    slots = []
    for m in _DAMAGED_DATE.finditer(doc.text):
        s, e = m.span("gap")
        left = "the year" if m.group("year") else f"“{m.group('rel')}”"
        anchor = "year" if m.group("year") else "rel"
        slots.append(
            Slot(
                template,
                s,
                e,
                m.group(anchor),
                m.start(anchor),
                m.end(anchor),
                f"the day and month of a date were lost, leaving only dots and {left} in "
                f"{quote(doc.text, s, e)}",
            )
        )
    return slots


@functools.cache
def _dayless_re(month_names: tuple[str, ...]) -> re.Pattern[str]:
    months = "|".join(sorted(map(re.escape, month_names), key=len, reverse=True))
    return re.compile(
        r"(?P<kw>วันที่|วัน(?:จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์)ที่)"
        r"(?:[ ]?(?P<dot>\.(?:[ ]?\.)?)(?=[ ]?(?:ที่ผ่านมา|นี้)|[ ]|$)"
        rf"|[ ]*\n?[ ]*(?=(?P<month>{months})(?![\u0e01-\u0e2e]\.))"
        r"|[ ]*(?=(?P<rel>ที่ผ่านมา|นี้)))"
    )


@functools.cache
def month_names() -> tuple[str, ...]:
    from pipeline.resources import corpus_file

    path = corpus_file("months.tsv")
    names = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) >= 3 and not line.startswith("#"):
            names += [v for c in cells[1:3] for v in c.split("|") if v]
    return tuple(names)


def detect_dayless_dates(doc: Document, template: Template) -> list[Slot]:
    """วันที่ with no day after it: "เมื่อวันที่ .ที่ผ่านมา", "วันที่ ส.ค. 62"."""
    slots = []
    for m in _dayless_re(month_names()).finditer(doc.text):
        if m.group("dot"):
            s, e, prefix, suffix, what = m.start("dot"), m.end("dot"), "", "", "the day (and month) was lost"
        elif m.group("month"):
            s = e = m.end()
            prefix, suffix, what = "", " ", f"the day before the month “{m.group('month')}” was lost"
        else:
            s = e = m.end()
            prefix, suffix, what = " ", "", "the day was lost"
        slots.append(
            Slot(
                template,
                s,
                e,
                m.group("kw"),
                m.start("kw"),
                m.end("kw"),
                f"{what} after “{m.group('kw')}” in {quote(doc.text, s, e)}",
                prefix=prefix,
                suffix=suffix,
            )
        )
    return slots


# a month-abbreviation fragment after เดือน or a day number, followed by a year, ที่ผ่านมา/นี้ or a break.
_TRUNCATED_MONTH = re.compile(
    r"(?:(?<=เดือน)|(?<=[0-9\u0e50-\u0e59][ ])|(?<=[0-9\u0e50-\u0e59]))(?P<frag>[\u0e01-\u0e2e][\u0e34-\u0e37\u0e40]?\.)"
    r"(?![\u0e01-\u0e2e]\.)(?=[ ]?(?:(?:25|20|๒๕|๒๐)?[0-9\u0e50-\u0e59]{2}(?![0-9\u0e50-\u0e59])|ที่ผ่านมา|นี้|[)\n,]|$)"
    r"|(?<=[0-9\u0e50-\u0e59][ ].\.)(?<![\u0e01-\u0e2e][ ].\.)[ ](?=[\u0e01-\u0e4f]))"
)


# after เดือน any word may follow ("เดือนมิ.จะเป็น"); after a day, a fragment with its vowel ("8 มี. นายก")
_MONTH_WORD_FRAGMENT = re.compile(
    r"(?<=เดือน)(?P<frag>[\u0e01-\u0e2e][\u0e34-\u0e37\u0e40]?\.)(?![\u0e01-\u0e2e]\.)"
    r"|(?<=[0-9\u0e50-\u0e59][ ])(?P<vowelled>[\u0e01-\u0e2e][\u0e34-\u0e37]\.)"
    r"(?=[ ]?[\u0e01-\u0e4f])(?![ ]?[\u0e01-\u0e2e]\.)"
)


def _truncated_month_matches(text: str):
    seen = set()
    for m in (*_TRUNCATED_MONTH.finditer(text), *_MONTH_WORD_FRAGMENT.finditer(text)):
        group = "vowelled" if m.groupdict().get("vowelled") else "frag"
        if m.span(group) not in seen:
            seen.add(m.span(group))
            yield m.group(group), m.span(group)


_DAY_BEFORE = re.compile(r"(?:^|(?<=[\s(\-–\u0e01-\u0e4f]))(?P<day>[0-9\u0e50-\u0e59]{1,2})[ ]?$")


def _after_a_day(text: str, start: int) -> bool:
    """Is a fragment at ``start`` after เดือน, or after a day of the month standing alone ("2 ส. 62")?"""
    if text[:start].endswith("เดือน"):
        return True
    m = _DAY_BEFORE.search(text, max(0, start - 4), start)
    return m is not None and 1 <= int(arabic_digits(m.group("day"))) <= 31


def detect_truncated_months(doc: Document, template: Template) -> list[Slot]:
    """A month abbreviation cut short: "เดือนมิ.ที่ผ่านมา", "2 ส. 62", "8 มี. นายกรัฐมนตรี"."""
    slots = []
    full = {name for name in month_names() if "." in name}
    for frag, (s, e) in sorted(_truncated_month_matches(doc.text), key=lambda x: x[1]):
        if frag in full or not month_abbreviation_completions(frag):
            continue
        if f"{frag}{doc.text[e : e + 1]}." in full and not _THAI_LETTER.match(doc.text[e + 1 : e + 2]):
            continue  # the last letter is there, only its dot is not: "(9 มิ.ย)" is a whole month
        if not _after_a_day(doc.text, s):
            continue  # "5,000 ม.33" (มาตรา), "น.ส.3 ก." (a deed), "ม.4 ม.10" (หมู่): no day before it
        slots.append(
            Slot(
                template,
                s,
                e,
                frag,
                s,
                e,
                f"the month abbreviation “{frag}” was cut short in {quote(doc.text, s, e)}",
            )
        )
    return slots


# --------------------------------------------------------------------------- percentages

_PERCENT = re.compile(
    r"(?P<word>ร้อยละ)(?:[ ]+(?![-+−]?[0-9\u0e50-\u0e59.]|\s))|(?<=[\u0e01-\u0e4f])[ ](?P<sign>%)"
)


def detect_missing_percents(doc: Document, template: Template) -> list[Slot]:
    """ร้อยละ (or %) with no number: "เพิ่มขึ้นร้อยละ เมื่อเทียบกับ"."""
    slots = []
    numbers = tuple(doc.lexicon.number_words)
    for m in _PERCENT.finditer(doc.text):
        if m.group("word"):
            if doc.text.startswith(numbers, m.end()):
                continue
            at, anchor = m.end(), "word"
            suffix = " "
        else:
            at, anchor, suffix = m.start("sign"), "sign", ""
        slots.append(
            Slot(
                template,
                at,
                at,
                m.group(anchor),
                m.start(anchor),
                m.end(anchor),
                f"“{m.group(anchor)}” has no number in {quote(doc.text, at, at)}",
                suffix=suffix,
            )
        )
    return slots


# --------------------------------------------------------------------------- punctuation


def detect_unclosed_brackets(doc: Document, template: Template) -> list[Slot]:
    """An opening bracket never closed on its line, before Thai text: "(ไต้หวันได้ร่วมมือ"."""
    text = doc.text
    slots = []
    for m in re.finditer(r"\((?=[\u0e01-\u0e2e\u0e40-\u0e44])", text):
        _, line_end = doc.line_bounds(m.start())
        rest = text[m.end() : line_end]
        if _closes(rest):
            continue
        # a bracket opened near the end of a line that wraps ("(ต่อ") is not a loss worth a reviewer
        i = doc.token_index_at(m.end())
        word = doc.tokens[i]
        if not _is_thai_word(word) or len(rest) < len(word.text) + 2:
            continue
        at = word.end
        slots.append(
            Slot(
                template,
                at,
                at,
                "(",
                m.start(),
                m.end(),
                f"the bracket opened before “{word.text}” is never closed on its line in "
                f"{quote(text, m.start(), m.start() + 1)}",
            )
        )
    return slots


def _closes(rest: str) -> bool:
    """Is a bracket opened just before ``rest`` closed in it (nested brackets counted)?"""
    depth = 1
    for ch in rest:
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return True
    return False


_DEFINED_ABBREVIATION = re.compile(r"\((?P<abbr>[\u0e01-\u0e2e]{3,6})\.\)")


def detect_abbreviations_without_dot(doc: Document, template: Template) -> list[Slot]:
    """An abbreviation the release defines with a dot, "(สสค.)", written without it: "ผู้อำนวยการสสคเดินทาง"."""
    text = doc.text
    slots = []
    for abbr in dict.fromkeys(m.group("abbr") for m in _DEFINED_ABBREVIATION.finditer(text)):
        for m in re.finditer(re.escape(abbr) + r"(?![.\u0e01-\u0e2e]?\.)(?=[ ]?[\u0e01-\u0e4f])", text):
            if text[m.end()] in "\u0e30-\u0e3a\u0e47-\u0e4e":  # a vowel or tone follows: part of a word
                continue
            last = doc.tokens[doc.token_index_at(m.end() - 1)]
            if last.end != m.end():
                continue  # the letters end inside a word ("นอกราช…"), not an abbreviation

            at = m.end()
            slots.append(
                Slot(
                    template,
                    at,
                    at,
                    abbr,
                    m.start(),
                    m.end(),
                    f"the abbreviation “{abbr}” lacks the final dot it has in “({abbr}.)” in "
                    f"{quote(text, at, at)}",
                )
            )
    return slots


DETECTORS: dict[str, Detector] = {
    "missing_count": detect_missing_counts,
    "missing_count_by_tag": detect_missing_counts_by_tag,
    "missing_count_by_pair": detect_missing_counts_by_pair,
    "missing_count_by_word": detect_missing_counts_by_word,
    "missing_count_by_unit": detect_missing_counts_by_unit,
    "missing_count_by_tail": detect_missing_counts_by_tail,
    "missing_count_by_model": detect_missing_counts_by_model,
    "missing_ordinal": detect_missing_ordinals,
    "missing_ordinal_learned": detect_missing_ordinals_learned,
    "missing_ordinal_after_classifier": detect_missing_ordinals_after_classifier,
    "damaged_date": detect_damaged_dates,
    "dayless_date": detect_dayless_dates,
    "truncated_month": detect_truncated_months,
    "missing_percent": detect_missing_percents,
    "unclosed_bracket": detect_unclosed_brackets,
    "abbreviation_without_dot": detect_abbreviations_without_dot,
}


def find_slots(doc: Document, templates) -> list[Slot]:
    """Every slot every template finds, in text order (overlaps are resolved later)."""
    slots = []
    for template in templates:
        try:
            detector = DETECTORS[template.detector]
        except KeyError:
            raise ValueError(f"template {template.id}: unknown detector {template.detector!r}") from None
        slots.extend(detector(doc, template))
    veto = max((t.veto_below for t in templates if t.detector == "missing_count_by_model"), default=0.0)
    if veto > 0:
        slots = drop_unlikely_counts(doc, slots, veto)
    return sorted(slots, key=lambda s: (s.start, s.end))
