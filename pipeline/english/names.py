"""English names of entities.

Organisations and places: the gazetteer's official name, or their own text when it is in Latin script.
People, first found wins: the text itself when in Latin script; a reviewer's correction (reviewer
glossaries, `pipeline.english.glossary`); the gazetteer; the archive's people glossary (the spelling the
government prints); a Latin name the release gives in brackets right after the Thai one; the learned
transliterator (`models/name-translit`); pythainlp's thai2rom. The title is translated with `titles.tsv`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_LATIN = re.compile(r"[A-Za-z]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_THAI_CHUNK = re.compile(r"[\u0e01-\u0e4e]+")


_BRACKETED_LATIN = re.compile(r"^[ \t]*\(\s*([A-Z][A-Za-z.'’\- ]{1,60}?)\s*\)")


@dataclass(frozen=True)
class EnglishName:
    text: str
    source: str  # a value of pipeline.record.EnglishSource
    evidence: tuple[str, ...] = ()


@functools.cache
def titles() -> dict[str, str]:
    """Thai title or rank → its English (`corpora/gazetteers/titles.tsv`)."""
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
    from pipeline.english.romanization_cache import cached_thai2rom

    # thai2rom's answer, looked up when known (shipped table, on-disk cache), run only for a new word
    return cached_thai2rom(word, lambda w: _thai2rom()(w)).capitalize()


@functools.cache
def _thai2rom() -> Callable[[str], str]:
    """pythainlp's thai2rom ONNX romaniser, its two small sessions rebuilt to run on one thread, decoded by
    `Thai2Rom` (the same greedy decoding with less work around each decoder run).

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
        setattr(
            network,
            part,
            onnxruntime.InferenceSession(session._model_path, options, providers=["CPUExecutionProvider"]),
        )
    return Thai2Rom(thai2rom_onnx._THAI_TO_ROM_ONNX)


class Thai2Rom:
    """thai2rom's greedy decoding (`pythainlp.transliterate.thai2rom_onnx`) written again for one word at a
    time: the same encoder and decoder runs on the same inputs, so the same output, without what costs
    around each of the word's decoder runs there (the output names and the mask list rebuilt on each run, a
    100-step logits array filled and read again). About 2 ms a word instead of 3 (`tests/test_names.py`
    compares the two on words of every kind, including the decoder's repetition cut)."""

    def __init__(self, model: Any) -> None:
        from pythainlp.transliterate import thai2rom_onnx

        network = model._network
        self.encoder, self.decoder = network.encoder, network.decoder
        self.encoder_names = [output.name for output in self.encoder.get_outputs()]
        self.decoder_names = [output.name for output in self.decoder.get_outputs()[:2]]
        self.start, self.end, self.max_length = network.target_start_token, network.target_end_token, network.max_length
        self.pad = network.pad_idx
        self.char_to_ix = model._char_to_ix
        self.unknown, self.last = model._char_to_ix["<UNK>"], model._char_to_ix["<end>"]
        self.ix_to_char = model._ix_to_target_char
        self.repeats = thai2rom_onnx._REPEAT_MIN_CYCLES

    def _decoder_run(self) -> Callable[[list[str], dict[str, Any], Any], list[Any]]:
        """The decoder session's run(output_names, feed, run_options): the session onnxruntime's Python
        `InferenceSession.run` calls after checking the feed's names again on each call (a quarter of a
        decoder run: 135 -> 106 µs); the checked `run` when that session is not there."""
        inner = getattr(self.decoder, "_sess", None)
        run: Callable[[list[str], dict[str, Any], Any], list[Any]] = (
            inner.run if inner is not None and hasattr(inner, "run") else self.decoder.run
        )
        return run

    def __call__(self, text: str) -> str:
        import numpy as np
        from pythainlp.transliterate._repetition import find_trailing_repeat_period

        ids = [self.char_to_ix.get(ch, self.unknown) for ch in text]
        ids.append(self.last)
        source = np.array(ids, dtype=np.int64).reshape(1, -1)
        lengths = np.array([len(text) + 1], dtype=np.int32)
        outputs, hidden, _ = self.encoder.run(self.encoder_names, {"input_tensor": source, "input_lengths": lengths})
        feed = {
            "decoder_input": np.array([[self.start]], dtype=np.int32),
            "decoder_hidden_1": np.concatenate((hidden[0], hidden[1]), axis=1)[None],
            "encoder_outputs": outputs,
            "mask": (source[:, : outputs.shape[1]] != self.pad).astype(np.float32),
        }
        run, names, end = self._decoder_run(), self.decoder_names, self.end
        tokens: list[int] = []
        for _ in range(self.max_length):
            logits, feed["decoder_hidden_1"] = run(names, feed, None)
            top = int(logits[0].argmax())
            if top == end:
                break
            tokens.append(top)
            period = find_trailing_repeat_period(tokens, min_repeats=self.repeats)
            if period is not None:  # stuck in a loop: one copy of the cycle kept, as thai2rom_onnx does
                del tokens[len(tokens) - period * (self.repeats - 1) :]
                break
            feed["decoder_input"] = np.array([[top]], dtype=np.int32)
        return "".join(self.ix_to_char[t] for t in tokens) if tokens else "<PAD>"


def split_title(name: str) -> tuple[str, str]:
    """(title, rest) for a name that starts with a known title or rank (the longest); ("", name) otherwise."""
    known = titles()
    for length in _title_lengths():  # longest first: at one length, at most one title is the name's prefix
        if len(name) > length and name[:length] in known:
            return name[:length], name[length:].strip()
    return "", name


@functools.cache
def _title_lengths() -> tuple[int, ...]:
    """The lengths of the titles of `titles()`, longest first."""
    return tuple(sorted({len(title) for title in titles()}, reverse=True))


def bracketed_latin(following: str) -> str | None:
    """A Latin name written in brackets right after a Thai one: "นายเหลยซื่อเชียน (Lei Shih-Chien) ..." gives
    "Lei Shih-Chien" when called with the text after the Thai name."""
    match = _BRACKETED_LATIN.match(following)
    if not match or len(re.sub(r"[^A-Za-z]", "", match.group(1))) < 3:
        return None
    return match.group(1).strip()


def english_name(label: str, text: str, glossary_english: str | None = None, following: str = "") -> EnglishName | None:
    """The English name of an entity, saying where it came from; None when there is none to give.

    Organisations and places get the glossary's official name or, when written in Latin script, their own
    text; a romanised agency name is not its English name, so none is guessed. People: see the module
    docstring. `following` is the release text right after the entity (for a Latin name in brackets).
    """
    if label not in {"PERSON", "ORGANIZATION", "LOCATION"}:
        return EnglishName(glossary_english, "glossary") if glossary_english else None
    if not _THAI.search(text):
        return EnglishName(glossary_english or text, "glossary" if glossary_english else "source")
    if label != "PERSON":
        return EnglishName(glossary_english, "glossary") if glossary_english else None
    return person_english(text, glossary_english, following)


def person_english(
    text: str,
    glossary_english: str | None = None,
    following: str = "",
    *,
    archive: Any = None,
    learned: Callable[[str], str | None] | None = None,
) -> EnglishName:
    """The English of a Thai person's name (title included), by the order in the module docstring.

    archive (a `PeopleGlossary`) and learned (Thai name without title -> spelling or None) replace the
    shipped archive glossary and learned transliterator (the evaluation passes ones built from dev data only).
    """
    from pipeline.english.glossary import archive_glossary, reviewer_glossary, strip_english_title
    from pipeline.english.transliterator import transliterate_name

    title, rest = split_title(text)
    title_en = titles().get(title, "")

    def titled(name: str) -> str:
        return " ".join(p for p in (title_en, name) if p)

    entry = reviewer_glossary().lookup(rest)
    if entry:
        return EnglishName(titled(entry.english_name), "reviewer", entry.evidence)
    if glossary_english:
        return EnglishName(glossary_english, "glossary")
    entry = (archive if archive is not None else archive_glossary()).lookup(rest)
    if entry:
        return EnglishName(titled(entry.english_name), "archive", entry.evidence[:5])
    given = bracketed_latin(following)
    if given:
        return EnglishName(titled(strip_english_title(given)), "source")
    spelled = (learned or transliterate_name)(rest)
    if spelled:
        return EnglishName(titled(spelled), "learned")
    return EnglishName(titled(romanize(rest)), "transliteration")


def link_short_names(entities: list[Any]) -> list[Any]:
    """People named again by a first name cut short with ฯ ("ผอ.เหลยฯ" after "นายเหลยซื่อเชียน") take the
    English of the earlier full name they shorten, under their own title; `entities` are `Entity` records
    in text order, returned with those updated."""
    from pipeline.english.glossary import strip_english_title

    full: list[tuple[str, Any]] = []
    out = []
    for entity in entities:
        if entity.label == "PERSON" and entity.english:
            title, rest = split_title(entity.text)
            if rest.endswith("ฯ") and len(rest) > 2:
                prefix = rest[:-1]
                earlier = next((e for name, e in reversed(full) if name.startswith(prefix) and name != prefix), None)
                if earlier is not None:
                    english = " ".join(p for p in (titles().get(title, ""), strip_english_title(earlier.english)) if p)
                    entity = entity.model_copy(
                        update={
                            "english": english,
                            "english_source": earlier.english_source,
                            "english_evidence": earlier.english_evidence,
                        }
                    )
            elif _THAI.search(rest):
                full.append((rest, entity))
        out.append(entity)
    return out


_ENGLISH_NAME_RUN = re.compile(
    r"[A-Z][a-z]+(?:[-’'][A-Za-z]+)*(?: (?:[A-Z][a-z]+(?:[-’'][A-Za-z]+)*|na|Na|de|van|bin))*"
)
TWIN_CLOSE = 0.65  # letters-only similarity of a machine-made name to a name printed in the English twin


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def twin_spelling(machine_name: str, english_text: str) -> str | None:
    """The spelling an English twin prints for a person whose name we only romanised: the run of up to three
    capitalised words closest to `machine_name` (no title; letters only, case-insensitive), when at least
    TWIN_CLOSE similar ("Leisuechian" finds "Lei Shih-Chien").

    >>> twin_spelling("Somchai Chaidi", "Director Mr Somchai Jaidee opened the fair in Lampang.")
    'Somchai Jaidee'
    """
    import difflib

    target = _letters(machine_name)
    if len(target) < 4:
        return None
    best, best_score = None, TWIN_CLOSE
    for run in _ENGLISH_NAME_RUN.findall(english_text):
        words = run.split()
        for size in (1, 2, 3):
            for i in range(len(words) - size + 1):
                candidate = " ".join(words[i : i + size])
                letters = _letters(candidate)
                if not 0.6 <= len(letters) / len(target) <= 1.6:
                    continue
                score = difflib.SequenceMatcher(None, target, letters).ratio()
                if score > best_score or (score == best_score and best is not None and len(candidate) > len(best)):
                    best, best_score = candidate, score
    return best


def names_from_twin(entities: list[Any], english_text: str) -> list[Any]:
    """PERSON entities whose English is machine-made take the spelling the English twin prints, when it
    prints one close enough (`twin_spelling`): `english_source` "source", under their own title."""
    from pipeline.english.glossary import strip_english_title
    from pipeline.record import MACHINE_MADE

    out = []
    for entity in entities:
        if entity.label == "PERSON" and entity.english and entity.english_source in MACHINE_MADE:
            title = titles().get(split_title(entity.text)[0], "")
            found = twin_spelling(strip_english_title(entity.english), english_text)
            if found:
                english = " ".join(p for p in (title, found) if p)
                entity = entity.model_copy(update={"english": english, "english_source": "source"})
        out.append(entity)
    return out
