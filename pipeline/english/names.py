"""English names of entities: the glossary's official name, the text itself when it is already in Latin
script, or a romanisation by pythainlp's thai2rom model (capitalised, title translated)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

_LATIN = re.compile(r"[A-Za-z]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_THAI_CHUNK = re.compile(r"[\u0e01-\u0e4e]+")


@dataclass(frozen=True)
class EnglishName:
    text: str
    source: str  # "glossary" | "transliteration" | "source"


@functools.cache
def _titles() -> dict[str, str]:
    from pipeline.resources import corpus_file, read_tsv

    path = corpus_file("gazetteers", "titles.tsv")
    rows = read_tsv(path) if path.exists() else []
    return {row["thai"]: row["english"] for row in rows}


def romanize(thai: str) -> str:
    """Romanise Thai words with thai2rom (a seq2seq model shipped with pythainlp), capitalising each word.

    >>> romanize("สมชาย ใจดี")
    'Somchai Chaidi'
    """
    return _THAI_CHUNK.sub(lambda m: _romanize_word(m.group()), thai).strip()


@functools.lru_cache(maxsize=20000)
def _romanize_word(word: str) -> str:
    return str(_thai2rom()(word)).capitalize()


@functools.cache
def _thai2rom() -> Callable[[str], str]:
    """pythainlp's thai2rom ONNX romaniser, its two small sessions rebuilt to run on one thread.

    onnxruntime's default thread pool spans every core; for a model this small it costs more than it saves,
    and in a batch it makes each worker compete with the others for every core.
    """
    import onnxruntime
    from pythainlp.transliterate import thai2rom_onnx

    network = thai2rom_onnx._THAI_TO_ROM_ONNX._network
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    for part in ("encoder", "decoder"):
        session = getattr(network, part)
        setattr(network, part, onnxruntime.InferenceSession(session._model_path, options, providers=["CPUExecutionProvider"]))
    return thai2rom_onnx.romanize


def split_title(name: str) -> tuple[str, str]:
    """(title, rest) for a name that starts with a known title or rank; ("", name) otherwise."""
    for title in sorted(_titles(), key=len, reverse=True):
        if name.startswith(title) and len(name) > len(title):
            return title, name[len(title) :].strip()
    return "", name


def english_name(label: str, text: str, glossary_english: str | None = None) -> EnglishName | None:
    """The English name of an entity, saying where it came from; None when there is none to give.

    Organisations and places get the glossary's official name or, when written in Latin script, their own
    text; a romanised agency name is not its English name, so none is guessed. People are romanised.
    """
    if glossary_english:
        return EnglishName(glossary_english, "glossary")
    if label not in {"PERSON", "ORGANIZATION", "LOCATION"}:
        return None
    if not _THAI.search(text):
        return EnglishName(text, "source")
    if label != "PERSON":
        return None
    title, rest = split_title(text)
    title_en = _titles().get(title, "")
    return EnglishName(" ".join(p for p in (title_en, romanize(rest)) if p), "transliteration")
