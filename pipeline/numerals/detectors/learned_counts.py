"""Count detectors that read what was learned from intact releases: the count-pair table (``count_pairs.py``:
pairs, word rows, unit rows, tail rows) and the gap model (``gap_model.py``), which also vetoes the other
templates' count slots it finds unlikely (``drop_unlikely_counts``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pipeline.numerals.count_pairs import ANY_UNIT, load_count_pairs
from pipeline.numerals.detectors.counts import count_slots, is_gap_follower
from pipeline.numerals.document import DIGIT, Document, Slot, Token, ends_with_any, is_thai_word, quote
from pipeline.numerals.gap_model import GapProbabilities, GapSites, is_gap_unit, load_gap_model
from pipeline.numerals.lexicon import gap_labels, is_listed_unit, listed_units
from pipeline.numerals.templates import Template

__all__ = [
    "detect_missing_counts_by_model",
    "detect_missing_counts_by_pair",
    "detect_missing_counts_by_tail",
    "detect_missing_counts_by_unit",
    "detect_missing_counts_by_word",
    "drop_unlikely_counts",
    "gap_probabilities",
]


def detect_missing_counts_by_pair(doc: Document, template: Template) -> list[Slot]:
    """Two words that intact releases almost always separate with a number, adjacent here: "จัดหา _ ล้านโดส".

    The pairs and their counts are learned from intact text (``count_pairs.py``); a pair qualifies when at
    least ``template.min_share`` of its ``template.min_seen`` or more occurrences had a number between.
    """
    pairs = load_count_pairs()
    qualifying = _qualifying(template)

    def qualifies(before: str, word: str) -> bool:
        if qualifying is not None:
            return (before, word) in qualifying
        return (
            pairs.seen(before, word) >= template.min_seen and pairs.separated_share(before, word) >= template.min_share
        )

    def evidence(before: str, word: str) -> str:
        return f"no number between “{before}” and “{word}”, which intact releases almost always separate with one"

    at = None
    if qualifying is not None:  # only the gaps whose pair qualifies are tried
        tokens = doc.tokens
        at = [i for i in doc.after_space() if (tokens[i - 2].text, tokens[i].text) in qualifying]
    return _learned_gap_slots(doc, template, qualifies, evidence, at)


def detect_missing_counts_by_word(doc: Document, template: Template) -> list[Slot]:
    """A word that intact releases almost always follow with a number before a classifier or unit, then a
    space and a classifier: "เกิน _ วัน", "มูลค่า _ ล้านบาท".

    The word rows of the learned table (``count_pairs.py``) pool each word over all the units after it; a
    word qualifies when at least ``template.min_share`` of its ``template.min_seen`` or more occurrences had
    a number between. The unit is what learning pooled over (``is_listed_unit``).
    """
    pairs = load_count_pairs()
    qualifying = _qualifying(template)

    def qualifies(before: str, word: str) -> bool:
        # the word's statistics first: the unit test may run the tagger
        if qualifying is not None:
            return (before, ANY_UNIT) in qualifying and is_listed_unit(word)
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

    at = None
    if qualifying is not None:  # only the gaps after a word whose row qualifies are tried
        tokens, words = doc.tokens, _qualifying_words(qualifying)
        at = [i for i in doc.after_space() if tokens[i - 2].text in words]
    return _learned_gap_slots(doc, template, qualifies, evidence, at)


_WORDS: dict[int, tuple[frozenset[tuple[str, str]], frozenset[str]]] = {}


def _qualifying_words(qualifying: frozenset[tuple[str, str]]) -> frozenset[str]:
    """The words of the word rows (word, ANY_UNIT) among ``qualifying``, found once per set object."""
    cached = _WORDS.get(id(qualifying))
    if cached is None or cached[0] is not qualifying:
        if len(_WORDS) > 16:
            _WORDS.clear()
        words = frozenset(before for before, after in qualifying if after == ANY_UNIT)
        cached = _WORDS[id(qualifying)] = (qualifying, words)
    return cached[1]


def _qualifying(template: Template) -> frozenset[tuple[str, str]] | None:
    """The learned table's rows that meet the template's thresholds (`CountPairs.qualifying`), None when
    ``min_seen`` is below 1 (every unseen pair would qualify: the table is read pair by pair)."""
    if template.min_seen < 1:
        return None
    return load_count_pairs().qualifying(template.min_share, template.min_seen)


def _slot_before(template: Template, tok: Token, description: str) -> Slot:
    """A lost number to insert before the word ``tok`` (anchored on it), a space after the value."""
    return Slot(template, tok.start, tok.start, tok.text, tok.start, tok.end, description, suffix=" ")


def _learned_gap_slots(
    doc: Document,
    template: Template,
    qualifies: Callable[[str, str], bool],
    evidence: Callable[[str, str], str],
    at: list[int] | None = None,
) -> list[Slot]:
    """Slots at "before ␣ word" where a learned table says a number belongs between the two words (``at``:
    the token indices to try, when the caller knows ``qualifies`` fails at the other gaps)."""
    lex = doc.lexicon
    text, tokens = doc.text, doc.tokens
    slots = []
    for i in doc.after_space() if at is None else at:
        tok = tokens[i]
        before = tokens[i - 2].text
        if not qualifies(before, tok.text) or not is_thai_word(tok):  # the set lookup first: the cheaper test
            continue
        if ends_with_any(tokens, i - 2, lex.count_blockers | lex.number_words):
            continue
        follower = "break" if before in lex.weak_count_cues else template.follower
        if not is_gap_follower(tokens, i + 1, lex, follower, template.follower):
            continue  # "ภายใน ปี 2570": a number makes the word a label; "ใน จังหวัดเชียงใหม่" a name
        slots.append(
            _slot_before(template, tok, f"{evidence(before, tok.text)} in {quote(text, tok.start, tok.start)}")
        )
    return slots


def detect_missing_counts_by_unit(doc: Document, template: Template) -> list[Slot]:
    """A classifier the lists miss but intact releases almost always put after a number ("ดำเนินคดีอาญา _ คดี",
    "อายุ _ ขวบ"), after a word and a lone space: the unit rows (before = "*") of the learned table, read with
    the template's ``min_share`` and ``min_seen``; the template's follower (a break) keeps it off noun phrases."""
    units = load_count_pairs().learned_units(template.min_share, template.min_seen)
    if not units:
        return []
    tokens = doc.tokens
    return count_slots(
        doc,
        template,
        lambda tokens, i: i + 1 if tokens[i].text in units else None,
        at=[i for i in doc.after_space() if tokens[i].text in units],
    )


def detect_missing_counts_by_tail(doc: Document, template: Template) -> list[Slot]:
    """A classifier glued to the word after it, a pair that intact releases almost always put after a number
    ("_ จังหวัดนำร่อง", "_ ล้านโดสภายใน"): the tail rows (after = "+word") of the learned table, read with the
    template's ``min_share`` and ``min_seen``, for the listed and learned classifiers and the multipliers."""
    pairs = load_count_pairs()
    units = pairs.learned_units(*UNIT_THRESHOLDS)
    lex = doc.lexicon

    def glued(tokens: list[Token], i: int) -> int | None:
        if i + 1 >= len(tokens) or not (tokens[i].text in units or is_listed_unit(tokens[i].text)):
            return None
        tail = tokens[i + 1].text
        if not is_thai_word(tokens[i + 1]) or tail in lex.parallel_cues or tokens[i - 2].text in lex.enumeration_cues:
            return None  # "_ จังหวัดและ…" joins two nouns; "ได้แก่ รายแรก" names the items
        if (
            pairs.tail_seen(tokens[i].text, tail) < template.min_seen
            or pairs.tail_share(tokens[i].text, tail) < template.min_share
        ):
            return None
        return i + 2

    tokens = doc.tokens
    listed = listed_units()  # `glued` needs a unit at token i: the other gaps are never tried
    at = [i for i in doc.after_space() if tokens[i].text in units or tokens[i].text in listed]
    return count_slots(doc, template, glued, at=at)


def gap_probabilities(doc: Document) -> Mapping[int, float]:
    """For each token index ``i`` with a gap "prev ␣ next" before it (``gap_model.is_gap``), the gap model's
    probability that a number was lost there, in text order; empty when no model is shipped. The features
    are computed once per document, each probability when first read (`gap_model.GapProbabilities`)."""
    return doc.memo("gap_probabilities", lambda: _gap_probabilities(doc))


def _gap_probabilities(doc: Document) -> Mapping[int, float]:
    model = load_gap_model()
    if model is None:
        return {}
    words = doc.words
    counted, counting = model.release_counts(words, doc.digit_tokens())
    return GapProbabilities(model, GapSites(words, doc.after_space(), gap_labels(), counted, counting, is_gap_unit))


def detect_missing_counts_by_model(doc: Document, template: Template) -> list[Slot]:
    """Any gap "prev ␣ next" where the gap model (``gap_model.py``, trained on intact releases) gives a lost
    number a probability of at least ``template.min_share``: "ติดอันดับ _ ประเทศที่ฟื้นตัว", "เว้น _ วันก่อน".
    Words that make the noun reading certain ("หลาย", "แต่ละ") or that are numbers themselves still block."""
    lex = doc.lexicon
    tokens = doc.tokens
    blockers = lex.count_blockers | lex.number_words
    slots = []
    gaps = gap_probabilities(doc)
    for i, p in gaps.at_least(template.min_share) if isinstance(gaps, GapProbabilities) else ():
        if ends_with_any(tokens, i - 2, blockers):
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
    return 0 <= j < len(tokens) and bool(DIGIT.match(tokens[j].text))


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


UNIT_THRESHOLDS = (0.8, 10)  # as count.learned_unit reads the unit rows
