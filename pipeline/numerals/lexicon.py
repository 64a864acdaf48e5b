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
    known = classifier_table().get(word)  # the tagger's reading of pythainlp's dictionary words, made beforehand
    return known if known is not None else _tagged_cl_after_number(word)


CLASSIFIER_TABLE = ("count-gap", "tagged-classifiers.tsv")  # under models/ (pipeline.resources.model_file)


@functools.cache
def tagger_fingerprint() -> str:
    """pythainlp's version and the SHA-1 of the ORCHID tagger's weights and the two unigram files (first 12 hex)."""
    import hashlib

    import pythainlp
    from pythainlp.tag.perceptron import _ORCHID_PATH

    digest = hashlib.sha1(pythainlp.__version__.encode())
    for path in (pathlib.Path(_ORCHID_PATH), *(pathlib.Path(corpus_path()) / f for f in _UNIGRAM_FILES)):
        digest.update(path.name.encode())
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def classifier_table() -> dict[str, bool]:
    """Word → `_tagged_cl_after_number(word)` from the shipped table (`make classifier-table`); empty when it is
    absent or was made with another tagger (its ``# fingerprint:`` line)."""
    from pipeline.resources import model_file, read_word_table

    table = read_word_table(model_file(*CLASSIFIER_TABLE), tagger_fingerprint)
    return {word: tag == "CL" for word, tag in table.items()}


def build_classifier_table(path: pathlib.Path | None = None) -> int:
    """`make classifier-table`: the ORCHID tagger's reading after a number (CL or -) of every word of pythainlp's
    dictionary (`thai_words`) that the tagger is asked about (not ending in ".", a noun or unknown to both unigram
    lists); the number of rows."""
    from pythainlp.corpus import thai_words

    from pipeline.resources import model_file, write_word_table

    path = path or model_file(*CLASSIFIER_TABLE)
    words = sorted(
        w
        for w in set(thai_words())
        if w
        and "\t" not in w
        and "\n" not in w
        and not w.endswith(".")
        and all(tags.get(w, "NOUN") in _NOUN_TAGS for tags in _unigram_tags())
    )
    comment = (
        "pythainlp's ORCHID tagger on pythainlp.corpus.thai_words() after a number"
        " (pipeline.numerals.lexicon._tagged_cl_after_number); rebuilt by `make classifier-table`"
    )
    rows = ((word, "CL" if _tagged_cl_after_number(word) else "-") for word in words)
    write_word_table(path, comment, tagger_fingerprint(), "tag", rows)
    return len(words)


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
    return tuple(json.loads((pathlib.Path(corpus_path()) / f).read_text(encoding="utf-8-sig")) for f in _UNIGRAM_FILES)


_UNIGRAM_FILES = ("pos_orchid_unigram.json", "tdtb-unigram_tagger.json")


@functools.cache
def gap_labels() -> frozenset[str]:
    """The words after which a number is a label: the lexicon's ``number_labels`` and the month names (a
    number after a month is a year, which the date templates handle)."""
    return load_templates().lexicon.number_labels | frozenset(month_names())
