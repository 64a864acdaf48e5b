"""CRF entity taggers over newmm tokens: the ThaiNER 1.5 model shipped in pythainlp, and ours.

Both are `CRFTagger`s: a crfsuite model plus the feature function it was trained with.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.entities.bio import bio_to_spans, spans_to_bio, token_offsets
from pipeline.entities.clusters import word_clusters
from pipeline.entities.features import FeatureDict, press_features, thainer15_features
from pipeline.resources import model_file

Featurizer = Callable[..., list]

PRESS_MODEL = "ner-crf/thaipress-ner.crfsuite"


class CRFTagger:
    """A crfsuite model with its feature function.

    model_path: the `.crfsuite` file.
    featurize: (text, tokens) -> one feature dict per token, as at training time.
    """

    def __init__(self, model_path: str | os.PathLike, featurize: Featurizer) -> None:
        import pycrfsuite

        self.model_path = Path(model_path)
        if not self.model_path.exists():
            raise FileNotFoundError(f"CRF model not found: {self.model_path} (run `make model` to train it)")
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(self.model_path))
        except (OSError, ValueError) as exc:
            raise ValueError(
                f"CRF model cannot be read: {self.model_path} ({exc}; run `make model` to rebuild it)"
            ) from None
        self.featurize = featurize
        # (tokens, gazetteer tags) -> tags, the same as featurize + crfsuite, faster (`crf_fast`); or None
        self.fast: Callable[[Sequence[str], list[str] | None], list[str]] | None = None

    def tag(self, text: str, tokens: Sequence[str], **context) -> list[str]:
        """One BIO tag per token; `context` goes to the feature function (e.g. gazetteer matches)."""
        if not tokens:
            return []
        if len(tokens) > _PIECE_TOKENS:  # a text of hundreds of releases: features a piece at a time
            return self._tag_in_pieces(text, tokens, **context)
        if self.fast is not None and context.keys() <= {"gazetteer_matches"}:
            return self.fast(tokens, gazetteer_tags(text, tokens, context.get("gazetteer_matches")))
        return self._tagger.tag(self.featurize(text, tokens, **context))

    def _tag_in_pieces(self, text: str, tokens: Sequence[str], **context) -> list[str]:
        """Tag pieces of about `_PIECE_TOKENS` tokens cut after a line break, so that the features of the
        whole text are never in memory at once (a 5 MB release: hundreds of MB). Releases are far shorter
        than one piece, so their tags are those of one pass."""
        matches = context.pop("gazetteer_matches", None)
        tags: list[str] = []
        first, offset = 0, 0
        while first < len(tokens):
            last = min(first + _PIECE_TOKENS, len(tokens))
            if last < len(tokens):  # end the piece after the last line break in it, when there is one
                cut = next((i + 1 for i in range(last - 1, first, -1) if "\n" in tokens[i]), None)
                last = cut or last
            piece = tokens[first:last]
            length = sum(map(len, piece))
            kwargs = dict(context)
            if matches is not None:
                kwargs["gazetteer_matches"] = [
                    (s - offset, e - offset, label) for s, e, label in matches if offset <= s and e <= offset + length
                ]
            piece_text = text[offset : offset + length]
            if self.fast is not None and kwargs.keys() <= {"gazetteer_matches"}:
                tags += self.fast(piece, gazetteer_tags(piece_text, piece, kwargs.get("gazetteer_matches")))
            else:
                tags += self._tagger.tag(self.featurize(piece_text, piece, **kwargs))
            first, offset = last, offset + length
        return tags

    def attributes(self) -> frozenset[str]:
        """The attributes that have a weight in the model (for some label).

        Read from crfsuite's text dump with a pattern of our own: pycrfsuite's `Tagger.info()` fails on a
        model with an attribute that holds a line break (the word of a line-break token, which government
        releases have and ThaiNER's one-line texts do not)."""
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "model.txt"
            self._tagger.dump(str(path))
            dump = path.read_text(encoding="utf-8", errors="surrogateescape")
        section = dump[dump.find("STATE_FEATURES = {") :]  # the dump's last section
        return frozenset(m.group(1) for m in _STATE_FEATURE.finditer(section))

    def spans(self, text: str, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        """Character spans (start, end, label) of the entities in `text`, tokenised as `tokens`."""
        return bio_to_spans(text, tokens, self.tag(text, tokens))


# "  (12) w:ไทย --> B-LOCATION: 1.234": an attribute may run over lines, so the pattern spans them lazily.
_STATE_FEATURE = re.compile(r"^  \(\d+\) (.*?) --> \S+: -?[0-9.]+(?:e[-+]?[0-9]+)?$", re.M | re.S)

_PIECE_TOKENS = 50_000  # tokens tagged at once (a long release has about 5,000)


def thainer15_featurize(text: str, tokens: Sequence[str], **_context) -> list[FeatureDict]:
    """Features for the ThaiNER 1.5 model: its own attribute names, LST20 POS tags."""
    from pipeline.entities.pos import lst20_pos_tags

    return thainer15_features(tokens, lst20_pos_tags(list(tokens)))


def press_featurize(
    text: str,
    tokens: Sequence[str],
    gazetteer_matches: Sequence[tuple[int, int, str]] | None = None,
    clusters: bool = False,
    known: frozenset[str] | None = None,
) -> list[list[str]]:
    """Features for our model: identity, shape, affixes, neighbours, titles, name lists, gazetteer tags, and
    with `clusters` the archive's word clusters (`corpora/clusters/`; not in the shipped model).

    `gazetteer_matches` are (start, end, label) character spans of gazetteer names, when already found;
    `known`: the attributes of the model that will read the features (the rest are left out).
    """
    from pipeline.entities.gazetteer import title_words

    gaz = gazetteer_tags(text, tokens, gazetteer_matches)
    cache = _word_facts_cache(clusters, known)
    if len(cache) > _WORD_FACTS_LIMIT:  # an archive's vocabulary keeps growing: start afresh
        cache.clear()
    return press_features(
        tokens,
        gazetteer_tags=gaz,
        title_words=title_words(),
        lexicon=_name_lexicon(),
        cache=cache,
        clusters=word_clusters() if clusters else None,
        known=known,
    )


def gazetteer_tags(
    text: str, tokens: Sequence[str], gazetteer_matches: Sequence[tuple[int, int, str]] | None
) -> list[str]:
    """A BIO tag per token from the gazetteer's names (found in `text` when `gazetteer_matches` is None)."""
    if gazetteer_matches is None:
        from pipeline.entities.gazetteer import default_gazetteer

        offsets = token_offsets(tokens)
        starts = [s for s, _e in offsets]
        ends = {e for _s, e in offsets}
        found = default_gazetteer().find(text, starts, ends)
        gazetteer_matches = [(m.start, m.end, m.entry.label) for m in found]
    return spans_to_bio(tokens, gazetteer_matches)


_WORD_FACTS_LIMIT = 100_000


@functools.cache
def _word_facts_cache(clusters: bool = True, known: frozenset[str] | None = None) -> dict:
    """Per-word features of our model (with or without cluster features), shared across documents."""
    return {}


@functools.cache
def _name_lexicon() -> dict[str, str]:
    """Word → class for words that hint at names: given names, family names, countries, dictionary words."""
    from pythainlp.corpus import (
        countries,
        thai_family_names,
        thai_female_names,
        thai_male_names,
        thai_words,
    )

    lexicon: dict[str, str] = dict.fromkeys(thai_words(), "dict")
    for w in countries():
        lexicon[w] = "country"
    for w in thai_family_names():
        lexicon.setdefault(w, "family")
    for w in (*thai_female_names(), *thai_male_names()):
        lexicon.setdefault(w, "given")
    return lexicon


def is_common_word(word: str) -> bool:
    """A dictionary word that is not also a given name, family name or country."""
    return _name_lexicon().get(word) == "dict"


@functools.cache
def bundled_thainer() -> CRFTagger:
    """The ThaiNER 1.5 CRF shipped inside pythainlp, fed the features it was trained on."""
    from pythainlp.corpus import corpus_path

    return CRFTagger(Path(corpus_path()) / "thainer_crf_1_5_1.model", thainer15_featurize)


@functools.cache
def press_ner() -> CRFTagger:
    """Our CRF, trained on ThaiNER 1.5 train (val held out) by `thaipress train ner`."""
    return press_model(model_file(PRESS_MODEL))


@functools.cache
def press_model(path: str | os.PathLike) -> CRFTagger:
    """A CRF trained by `thaipress train ner` (with or without the word clusters: the model tells).

    Only the attributes the model has a weight for are passed to crfsuite (the tags are the same: an
    attribute the model does not know adds nothing to any score), which saves a quarter of tagging time.
    """
    tagger = CRFTagger(path, press_featurize)
    known = tagger.attributes()
    clusters = any(a.startswith(("c:", "c4:")) for a in known)  # a model trained before the clusters has none
    tagger.featurize = functools.partial(press_featurize, clusters=clusters, known=known)
    if os.environ.get("THAIPRESS_CRF_FAST", "on") != "off":
        tagger.fast = _fast_press_tagger(tagger, clusters, known)
    return tagger


def _fast_press_tagger(tagger: CRFTagger, clusters: bool, known: frozenset[str]):
    """`crf_fast.FastPressTagger` for this model, when it gives crfsuite's tags on a check sample; else None
    (pycrfsuite tags as before). `THAIPRESS_CRF_FAST=off` turns it off."""
    from pipeline.entities.crf_fast import FastPressTagger
    from pipeline.entities.gazetteer import title_words

    try:
        fast = FastPressTagger(
            tagger.model_path, title_words(), _name_lexicon(), word_clusters() if clusters else None, known
        )
        words = [a[2:] for a in sorted(known) if a.startswith("w:")][:: max(1, len(known) // 4000)][:600]
        labels = [a[4:] for a in sorted(known) if a.startswith("gaz:")] or ["O"]
        tokens = [w for i, w in enumerate(words) for w in (w, w[: i % 3 + 1], " ")]
        gaz = [labels[(i * 7) % len(labels)] if i % 5 else "O" for i in range(len(tokens))]
        text = "".join(tokens)
        expected = tagger._tagger.tag(tagger.featurize(text, tokens, gazetteer_matches=None))
        same = fast.tag(tokens, gazetteer_tags(text, tokens, None)) == expected
        cluster_table = word_clusters() if clusters else None
        features = press_features(tokens, gaz, title_words(), _name_lexicon(), None, cluster_table, known)
        expected = tagger._tagger.tag(features)
        same = same and fast.tag(tokens, gaz) == expected
    except (OSError, ValueError, RuntimeError, AttributeError, ImportError, MemoryError):
        return None
    return fast.tag if same else None
