"""Count detectors from the hand lists: a classifier or unit after a word and a lone space, where the number
was ("ทั้งหมด _ รอบ"), and the shared rules that decide whether such a gap is a lost count (``count_slots``,
``is_gap_follower``) which the learned detectors (``learned_counts.py``) use too."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from pipeline.numerals.document import (
    DIGIT,
    NAME_START,
    Document,
    Slot,
    Token,
    _is_thai_word_text,
    ends_with_any,
    is_thai_word,
    quote,
)
from pipeline.numerals.lexicon import tagged_as_classifier
from pipeline.numerals.templates import Lexicon, Template

__all__ = [
    "count_slots",
    "detect_missing_counts",
    "detect_missing_counts_by_tag",
    "enumeration_follows",
    "is_gap_follower",
]


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
        texts = [t.text for t in tokens[first : first + 3]]
        for k in range(len(texts), 0, -1):  # longest first: "ล้าน"+"บาท" before "ล้าน"
            if "".join(texts[:k]) in words:
                return first + k
    return None


def detect_missing_counts(doc: Document, template: Template) -> list[Slot]:
    """A classifier or unit after a word and a lone space, where the number was: "ทั้งหมด _ รอบ".

    With ``require_cue`` the word must be a quantity word (ทั้งหมด, จำนวน, เป็น …) or repeat a count just
    given ("37 ปี และ _ ปี"); with ``follower="break"`` the classifier must end its phrase (space, line end,
    bracket, comma), as counters do.
    """
    words = frozenset(template.words)
    multipliers = doc.lexicon.multipliers
    # a classifier starts with a token that begins one of the words, or with a multiplier ("ล้าน"+"บาท"):
    # the other gaps are never tried (`_classifier_at` would find nothing there)
    first = _first_tokens(words, multipliers)
    tokens = doc.tokens
    return count_slots(
        doc,
        template,
        lambda tokens, i: _classifier_at(tokens, i, words, multipliers),
        at=[i for i in doc.after_space() if tokens[i].text in first],
    )


@functools.cache
def _first_tokens(words: frozenset[str], multipliers: frozenset[str]) -> frozenset[str]:
    """The tokens `_classifier_at` can find a classifier at: a prefix of one of ``words``, or a multiplier."""
    return _prefixes(words) | multipliers


def detect_missing_counts_by_tag(doc: Document, template: Template) -> list[Slot]:
    """Any word the ORCHID tagger reads as a classifier, after one of the template's quantity words and a lone
    space: "มีอุปทานเหลือขายจำนวน _ หน่วย". The template's ``words`` are the quantity words (the cues)."""
    cues = frozenset(template.words)
    lex = doc.lexicon
    cue_ends = _suffixes(cues)  # the last token of a cue ends it: a token that ends no cue ends none
    text = doc.text

    def tagged(tokens: list[Token], i: int) -> int | None:
        word = tokens[i].text  # `_taggable` (tried below, once per word, to choose the gaps tried)
        b = i - 3 if tokens[i - 2].text == "\n" and i >= 3 else i - 2
        cued = (tokens[b].text in cue_ends and ends_with_any(tokens, b, cues)) or tokens[b].text in lex.parallel_cues
        # enumeration_follows reads the 32 characters after the word: no ได้แก่ there, no ได้แก่ found
        if not cued and (
            text.find("ได้แก่", tokens[i].end, tokens[i].end + 32) < 0
            or enumeration_follows(text, tokens[i].end, lex) != "ได้แก่"
        ):
            return None  # checked first: tagging is the costly part
        return i + 1 if tagged_as_classifier(word) else None

    tokens = doc.tokens
    taggable = _taggable_words(lex)
    at = []  # the gaps `tagged` can accept: its tests of the word alone, answered once per word
    for i in doc.after_space():
        word = tokens[i].text
        ok = taggable.get(word)
        if ok is None:
            ok = _taggable(word, lex)
            if len(taggable) < _TAGGABLE_MAX:
                taggable[word] = ok
        if ok:
            at.append(i)
    return count_slots(doc, template, tagged, cues, at=at)


def _taggable(word: str, lex: Lexicon) -> bool:
    """Can the word after a gap be a classifier the tagger reads: a Thai word of two letters or more, not a
    number word nor a count blocker, nor a nominalised verb (การ…, ความ…: it names an activity, it does not
    count one)?"""
    return (
        len(word) >= 2
        and _is_thai_word_text(word)
        and word not in lex.number_words
        and word not in lex.count_blockers
        and not word.startswith(("การ", "ความ"))
    )


_TAGGABLE: dict[int, tuple[Lexicon, dict[str, bool]]] = {}
_TAGGABLE_MAX = 200_000  # words whose `_taggable` answer is kept, per lexicon


def _taggable_words(lex: Lexicon) -> dict[str, bool]:
    """The kept `_taggable` answers for ``lex`` (keyed by the lexicon object: hashing it would read every list)."""
    cached = _TAGGABLE.get(id(lex))
    if cached is None or cached[0] is not lex:
        if len(_TAGGABLE) > 4:
            _TAGGABLE.clear()
        cached = _TAGGABLE[id(lex)] = (lex, {})
    return cached[1]


@functools.cache
def _suffixes(words: frozenset[str]) -> frozenset[str]:
    """Every suffix of every word (the empty one too)."""
    return frozenset(w[n:] for w in words for n in range(len(w) + 1))


_LATIN_BEFORE = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]|\)")


def _named_bracket(tokens: list[Token], b: int) -> bool:
    """A closing bracket at ``b`` closes a name ("(ISRR)", "(ยาหลอก)"), not a clause label ("(ข)", "(4)")."""
    if tokens[b].text != ")":
        return True
    inner = tokens[b - 1].text if b >= 1 else ""
    return len(inner) >= 2 and not DIGIT.search(inner) and inner != "("


ClassifierAt = Callable[[list[Token], int], "int | None"]


def count_slots(
    doc: Document,
    template: Template,
    classifier_at: ClassifierAt,
    cues: frozenset[str] | None = None,
    at: Iterable[int] | None = None,
) -> list[Slot]:
    """Count slots before the classifiers ``classifier_at`` finds (it returns the index one past the
    classifier); ``cues`` are the quantity words that make a slot certain (default: the lexicon's).
    ``at``: the token indices to try, in order, when the caller knows ``classifier_at`` finds nothing at the
    others (default: every token after a lone space, ``doc.after_space()``)."""
    lex = doc.lexicon
    cues = lex.count_cues if cues is None else cues
    text = doc.text
    tokens = doc.tokens
    slots = []
    for i in doc.after_space() if at is None else at:
        tok = tokens[i]
        end = classifier_at(tokens, i)
        if end is None:
            continue
        b = i - 2
        if tokens[b].text == "\n" and b >= 1:
            b -= 1  # the number began a line: "แบ่งเป็น\n _ ด้าน"
        before = tokens[b]
        # "ระยะสั้น ( _ ปี)": a classifier alone in brackets is a count whose number was lost
        bracketed = before.text == "(" and end < len(tokens) and tokens[end].text == ")"
        latin = not is_thai_word(before) and before.text not in lex.parallel_cues and not bracketed
        if latin and not (_LATIN_BEFORE.fullmatch(before.text) and _named_bracket(tokens, b)):
            continue
        if ends_with_any(tokens, b, lex.count_blockers | lex.number_words):
            continue
        classifier = text[tok.start : tokens[end - 1].end]
        cue = ends_with_any(tokens, b, cues)
        unit = classifier.removeprefix(tok.text) if tok.text in lex.multipliers else classifier
        if cue is None and before.text in lex.parallel_cues:
            earlier = text[max(0, before.start - 24) : before.start]
            if _count_before(earlier, unit):
                cue = before.text
        series = cue is None and before.text not in lex.enumeration_cues
        cue = cue if not series else _counted_series(text, before, unit)
        series = series and cue is not None
        enumeration = enumeration_follows(text, tokens[end - 1].end, lex)
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
        if _one_of(tokens, b, lex):
            cue, follower = f"{tokens[b - 2].text} {before.text}", "any"  # "เป็น 1 ใน _ จังหวัดแรก"
        if latin:
            follower = "break"  # after a name, the classifier must end its phrase even before ได้แก่: "(MRT _ สายสีม่วง)"
        if (latin or not enumeration) and not is_gap_follower(tokens, end, lex, follower, template.follower):
            continue
        what = (
            f"between “{cue}” and the classifier"
            if cue and cue not in lex.enumeration_cues
            else "before the classifier"
        )
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


def _one_of(tokens: list[Token], b: int, lex: Lexicon) -> bool:
    """Is token ``b`` the ใน (จาก) of "1 ใน _ ประเทศ" ("one of _"), which a number always follows?"""
    return (
        tokens[b].text in lex.share_words
        and b >= 2
        and tokens[b - 1].text == " "
        and bool(DIGIT.match(tokens[b - 2].text))
    )


_SERIES_REACH = 32  # characters back to the count a gap continues


def _counted_series(text: str, before: Token, unit: str) -> str | None:
    """The same unit counted a few words back makes a series of counts: "ภาคเหนือ 12 ทีม ภาคใต้ _ ทีม"."""
    line_start = text.rfind("\n", 0, before.start) + 1
    earlier = text[max(line_start, before.start - _SERIES_REACH) : before.start]
    if _series_before(earlier, unit):
        return before.text
    return None


_DIGITS = frozenset("0123456789\u0e50\u0e51\u0e52\u0e53\u0e54\u0e55\u0e56\u0e57\u0e58\u0e59")


def _digit_positions(s: str) -> list[int]:
    return [p for p, ch in enumerate(s) if ch in _DIGITS]


def _series_before(earlier: str, unit: str) -> bool:
    """``_series_re(unit).search(earlier)`` for a text without a line break, by the text's few digits rather than
    a pattern compiled per unit: a digit, an optional space, ``unit`` not glued to a Thai letter after it, then
    no digit to the end."""
    digits = _digit_positions(earlier)
    for p in digits:
        for q in (p + 2, p + 1) if earlier[p + 1 : p + 2] == " " else (p + 1,):
            r = q + len(unit)
            if (
                earlier.startswith(unit, q)
                and r <= len(earlier)
                and not (r < len(earlier) and "\u0e01" <= earlier[r] <= "\u0e4f")
                and (not digits or digits[-1] < r)
            ):
                return True
    return False


def _count_before(earlier: str, unit: str) -> bool:
    """``_count_before_re(unit).search(earlier)`` by the text's digits rather than a pattern compiled per unit: a
    digit, an optional space, non-space characters, ``unit``, an optional space, then the end (or a line break
    that ends the text)."""
    ends = [len(earlier)] + ([len(earlier) - 1] if earlier.endswith("\n") else [])
    digits = _digit_positions(earlier)
    for end in ends:
        for r in (end, end - 1) if earlier[end - 1 : end] == " " else (end,):
            q = r - len(unit)
            if q < 0 or not earlier.startswith(unit, q):
                continue
            for p in digits:
                if p >= q:
                    break
                between = earlier[p + 1 : q]
                if not any(ch.isspace() for ch in between.removeprefix(" ")):
                    return True
    return False


def enumeration_follows(text: str, at: int, lex: Lexicon) -> str | None:
    """The enumeration cue right after a classifier ("_ ด้าน ได้แก่ 1. …"), which implies a count before it."""
    m = _enumeration_re(lex.enumeration_cues).match(text[at : at + 32])
    if m is None or (not m.group(1) and m.group(2) not in ("ได้แก่", "ดังนี้")):
        return None  # "คนคือส่วนสำคัญ": คือ glued to a noun is a copula, not an enumeration
    return m.group(2)


@functools.lru_cache(maxsize=16)
def _enumeration_re(cues: tuple[str, ...]) -> re.Pattern[str]:
    """Up to 16 non-space characters, an optional space, then one of `cues` (built once per cue list)."""
    return re.compile(r"[^\s]{0,16}?([ ]?)(" + "|".join(map(re.escape, cues)) + r")")


@functools.lru_cache(maxsize=4096)
def _count_before_re(unit: str) -> re.Pattern[str]:
    """A number, then `unit` (with anything glued before it) at the end of the text before a gap."""
    return re.compile(rf"[0-9\u0e50-\u0e59][ ]?\S*{re.escape(unit)}[ ]?$")


@functools.lru_cache(maxsize=4096)
def _series_re(unit: str) -> re.Pattern[str]:
    """A number and `unit` (not glued to a longer word), then no other number, to the end of the text."""
    return re.compile(rf"[0-9\u0e50-\u0e59][ ]?{re.escape(unit)}(?![\u0e01-\u0e4f])[^0-9\u0e50-\u0e59]*$")


_BREAK = frozenset(["\n", ")", ",", "]", "/", "”", '"', "’", ";", ":"])


def _ordinal_label_follows(tokens: list[Token], j: int) -> bool:
    """ "CL ที่ N" names the N-th one (กม. ที่ 2+400, หมู่ที่ 5, ชั้นที่ 3): a label, no lost count before it."""
    words = [t.text for t in tokens[j : j + 4] if not t.is_space]
    return len(words) >= 2 and words[0] == "ที่" and bool(DIGIT.match(words[1]))


def is_gap_follower(tokens: list[Token], j: int, lex: Lexicon, follower: str, own: str = "phrase") -> bool:
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
        return not DIGIT.match(after) and not (after == " " and j + 1 < len(tokens) and DIGIT.match(tokens[j + 1].text))
    if own != "phrase" and after in lex.unit_tails:
        return True
    if after in _BREAK or after.startswith("\n"):
        return True
    if after == " ":
        nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
        return not DIGIT.match(nxt) and not NAME_START.match(nxt) and nxt not in lex.demonstratives
    if follower == "break":
        return after in lex.unit_tails
    return not DIGIT.match(after) and after not in lex.noun_followers and not NAME_START.match(after)
