"""Word lookups the learners and the detectors share: which words count (classifiers and units), and after
which words a number is a label rather than a count.

The leaf of the numerals package: it reads the templates' data (``templates.py``), the month table
(``pipeline.dates``) and pythainlp's tagger, and nothing else of this package, so that the learned tables
(``count_pairs.py``, ``gap_model.py``) are built from the same lookups the detectors use at run time.

>>> is_listed_unit("ราย"), is_listed_unit("ประชุม")
(True, False)
"""

from __future__ import annotations

import functools
import json
import pathlib

from pythainlp.corpus import corpus_path

from pipeline.dates import month_names
from pipeline.numerals.templates import load_templates

__all__ = ["gap_labels", "is_count_unit", "is_listed_unit", "listed_units", "tagged_as_classifier"]


@functools.cache
def listed_units() -> frozenset[str]:
    """The classifiers and units the hand-listed count templates anchor on, and the multipliers."""
    templates = load_templates()
    units = {w for t in templates if t.kind == "count" and t.detector == "missing_count" for w in t.words}
    return frozenset(units | templates.lexicon.multipliers)


def is_listed_unit(word: str) -> bool:
    """A classifier or unit the templates list, or a multiplier: the units a word row pools over (the
    tagger's reading is too loose for a rule that looks at the word before only)."""
    return word in listed_units()


def is_count_unit(word: str) -> bool:
    """A word that counts what a number before it counts: a classifier or unit of the templates, a multiplier,
    or a word pythainlp's ORCHID tagger reads as a classifier after a number."""
    return is_listed_unit(word) or tagged_as_classifier(word)


_NOUN_TAGS = frozenset(["NCMN", "CNIT", "CLTV", "CMTR", "CFQC", "CVBL", "NOUN"])


@functools.cache
def tagged_as_classifier(word: str) -> bool:
    """Does pythainlp's ORCHID tagger read ``word`` as a classifier after a number ("จำนวน 3 _ และ"), while no
    word list pythainlp ships (ORCHID's and TDTB's most frequent tags) knows it as anything but a noun?

    The tagger reads almost any word after a number as a classifier, verbs and conjunctions it has not seen
    in that place too; the word lists keep those out. Abbreviations ("จ.", "รพ.") are names, not counters.
    Cached per word: the frame is fixed, so detection tags each distinct word once.
    """
    if word.endswith("."):
        return False
    if any(tags.get(word, "NOUN") not in _NOUN_TAGS for tags in _unigram_tags()):
        return False
    return _tagged_cl_after_number(word)


_FRAME_NEXT = ("และ", "โดย")


def _tagged_cl_after_number(word: str) -> bool:
    """``lst20_pos_tags(["จำนวน", " ", "3", " ", word, " ", nxt])[4] == "CL"`` for each ``nxt`` of _FRAME_NEXT,
    tagging only what the tag of ``word`` depends on.

    The tagger is greedy from left to right and reads two words either side: the tags up to ``word`` are the
    same in every frame (they see no further than the space after it), and the words after it are never
    tagged. The same tagger, features and weights as `lst20_pos_tags` (a test checks the two agree)."""
    from pythainlp.tag import orchid

    from pipeline.entities.pos import _orchid_tagger, _orchid_to_lst20

    tagger, mapping = _orchid_tagger(), _orchid_to_lst20()
    prev = prev2 = ""
    context: list[str] = []
    for nxt in _FRAME_NEXT:
        tokens = orchid.pre_process(["จำนวน", " ", "3", " ", word, " ", nxt])
        context = tagger.START + [tagger._normalize(w) for w in tokens] + tagger.END
        if not prev:  # the tags before the word, once
            prev, prev2 = tagger.START
            for i in range(4):
                prev, prev2 = _perceptron_tag(tagger, i, tokens[i], context, prev, prev2), prev
        if mapping.get(_perceptron_tag(tagger, 4, tokens[4], context, prev, prev2), "XX") != "CL":
            return False
    return True


def _perceptron_tag(tagger, i: int, word: str, context: list[str], prev: str, prev2: str) -> str:
    """The tag pythainlp's `PerceptronTagger.tag` gives token ``i``, given the two tags before it."""
    tag = tagger.tagdict.get(word)
    if not tag:
        tag = tagger.model.predict(tagger._get_features(i, word, context, prev, prev2))
    return tag


@functools.cache
def _unigram_tags() -> tuple[dict[str, str], ...]:
    """The most frequent tag of each word in ORCHID and in the Thai Discourse Treebank, as pythainlp ships them."""
    files = ("pos_orchid_unigram.json", "tdtb-unigram_tagger.json")
    return tuple(json.loads((pathlib.Path(corpus_path()) / f).read_text(encoding="utf-8-sig")) for f in files)


@functools.cache
def gap_labels() -> frozenset[str]:
    """The words after which a number is a label: the lexicon's ``number_labels`` and the month names (a
    number after a month is a year, which the date templates handle)."""
    return load_templates().lexicon.number_labels | frozenset(month_names())
