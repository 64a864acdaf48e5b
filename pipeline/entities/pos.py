"""LST20-tagset part-of-speech tags, as the ThaiNER 1.5 CRF was trained with.

pythainlp does not ship the Blackboard (LST20-tagset) tagger, so the shipped ORCHID perceptron tagger is
run and its tags mapped to LST20 (`corpora/pos_orchid_lst20.tsv`).
"""

from __future__ import annotations

import functools
from typing import Any

from pipeline.resources import corpus_file, read_tsv


@functools.cache
def _orchid_to_lst20() -> dict[str, str]:
    return {row["orchid"]: row["lst20"] for row in read_tsv(corpus_file("pos_orchid_lst20.tsv"))}


@functools.cache
def _orchid_tagger() -> Any:
    from pythainlp.tag.perceptron import _orchid_tagger as load

    return load()


def lst20_pos_tags(tokens: list[str]) -> list[str]:
    """One LST20 tag per token (NN, VV, PU, NU, ...); whitespace is PU.

    >>> lst20_pos_tags(["นาย", "สมชาย", " ", "เดินทาง", "ไป", "3", "ประเทศ"])
    ['NN', 'NN', 'PU', 'VV', 'AX', 'NU', 'CL']
    """
    from pythainlp.tag import orchid

    mapping = _orchid_to_lst20()
    # ORCHID marks spaces and some symbols with escapes; pythainlp's own pre/post-processing does this.
    tagged = _orchid_tagger().tag(orchid.pre_process(tokens))
    return [mapping.get(tag, "XX") for _word, tag in tagged]
