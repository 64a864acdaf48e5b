"""thai2rom's romanisation of a word, without running thai2rom when the answer is already known.

thai2rom (pythainlp's ONNX seq2seq romaniser) costs about 2 ms a word, one decoder run per Latin letter; on
releases seen once it was a fifth of `pipeline.process`. Its answer depends on the word and on the model
alone, so it is looked up, in order:

1. the shipped table `models/name-translit/thai2rom-words.tsv`: thai2rom's output for every given name,
   family name and dictionary word of pythainlp's word lists (public lists, not the archive), built by
   `make thai2rom-table`;
   its header names the pythainlp version and the checksum of the model files it was made with, and a
   table made with another model is not read; read with it, `thai2rom-archive-names.tsv`: the name words
   after titles in the archive past its first 10,000 lines (`build_archive_table`, the same command);
2. an on-disk cache shared by runs and by batch workers: a small SQLite file
   ``thai2rom-<fingerprint>.sqlite`` in ``$THAIPRESS_CACHE_DIR`` (default ``$XDG_CACHE_HOME/thaipress`` or
   ``~/.cache/thaipress``); ``THAIPRESS_CACHE_DIR=off`` turns it off, and any error (read-only disk, locked
   file) turns it off for the process instead of failing a release.

Either way the spelling is the one thai2rom gives (tests compare them).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.resources import model_file, read_word_table, write_word_table

TABLE = ("name-translit", "thai2rom-words.tsv")
ARCHIVE_TABLE = ("name-translit", "thai2rom-archive-names.tsv")
ARCHIVE_SKIP = 10_000  # archive lines left out of the archive table: the sample, and the benchmark's releases
ARCHIVE_MAX_LETTERS = 20  # longer runs after a title are a title's letters inside a word (นายกรัฐมนตรี...)
_THAI_WORD = re.compile(r"[\u0e01-\u0e4e]+")  # as names.romanize and the transliterator cut names
_ENV = "THAIPRESS_CACHE_DIR"


@functools.cache
def model_fingerprint() -> str:
    """pythainlp's version and the SHA-1 of thai2rom's encoder, decoder and config files (first 12 hex)."""
    import pythainlp
    from pythainlp.corpus import get_corpus_path

    digest = hashlib.sha1(pythainlp.__version__.encode())
    for name in ("thai2rom_encoder_onnx", "thai2rom_decoder_onnx", "thai2rom_config_onnx"):
        path = get_corpus_path(name)
        digest.update(name.encode())
        if path:
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


def read_table(path: Path) -> dict[str, str]:
    """Word → thai2rom output from a table written by `write_table`; empty when absent or made with another
    model (``# fingerprint: ...`` header line)."""
    return read_word_table(path, model_fingerprint)


@functools.cache
def shipped_table() -> dict[str, str]:
    """The two shipped tables in one: pythainlp's word lists, and the words after titles in the archive."""
    return {**read_table(model_file(*ARCHIVE_TABLE)), **read_table(model_file(*TABLE))}


def write_table(words: Iterable[str], romanize: Callable[[str], str], path: Path, source: str) -> int:
    """Write thai2rom's output for `words` (sorted, deduplicated) to `path`; the number of rows."""
    rows = sorted({w for w in words if w and "\t" not in w and "\n" not in w})
    comment = f"thai2rom (pythainlp) romanisation of {source}; rebuilt by `make thai2rom-table`"
    write_word_table(path, comment, model_fingerprint(), "thai2rom", ((word, romanize(word)) for word in rows))
    return len(rows)


def cache_dir() -> Path | None:
    """Where the on-disk cache lives (None when turned off)."""
    value = os.environ.get(_ENV)
    if value is not None:
        return None if value.strip().lower() in {"", "off", "0", "none"} else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "thaipress"


class DiskCache:
    """Word → thai2rom output in a SQLite file; every failure turns the cache off (`usable` False)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"thai2rom-{model_fingerprint()}.sqlite"
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self.usable = True

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None and self._pid != os.getpid():
            self._db = None  # a forked worker opens its own connection (SQLite's must not cross a fork)
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), timeout=2.0, check_same_thread=False, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute("CREATE TABLE IF NOT EXISTS rom (word TEXT PRIMARY KEY, latin TEXT NOT NULL)")
            self._db, self._pid = db, os.getpid()
        return self._db

    def get(self, word: str) -> str | None:
        if not self.usable:
            return None
        try:
            with self._lock:
                row = self._connect().execute("SELECT latin FROM rom WHERE word = ?", (word,)).fetchone()
        except (sqlite3.Error, OSError):
            self.usable = False
            return None
        return row[0] if row else None

    def put(self, word: str, latin: str) -> None:
        if not self.usable:
            return
        try:
            with self._lock:
                self._connect().execute("INSERT OR IGNORE INTO rom VALUES (?, ?)", (word, latin))
        except (sqlite3.Error, OSError):
            self.usable = False


_disk: dict[Path, DiskCache] = {}


def disk_cache() -> DiskCache | None:
    """The on-disk cache of `cache_dir()` (read again each call, so tests and benchmarks can move it)."""
    folder = cache_dir()
    if folder is None:
        return None
    cache = _disk.get(folder)
    if cache is None:
        cache = _disk[folder] = DiskCache(folder)
    return cache if cache.usable else None


def cached_thai2rom(word: str, thai2rom: Callable[[str], str]) -> str:
    """thai2rom's output for one word: from the shipped table, the on-disk cache, or `thai2rom` itself."""
    known = shipped_table().get(word)
    if known is not None:
        return known
    cache = disk_cache()
    if cache is not None:
        known = cache.get(word)
        if known is not None:
            return known
    latin = str(thai2rom(word))
    if cache is not None:
        cache.put(word, latin)
    return latin


def build_table(path: Path | None = None) -> int:
    """`make thai2rom-table`: thai2rom's output for pythainlp's given names, family names and dictionary words
    (rows of the table already there, made with the same thai2rom, are kept rather than run again)."""
    from pythainlp.corpus import thai_family_names, thai_female_names, thai_male_names, thai_words

    from pipeline.english.names import _thai2rom

    path = path or model_file(*TABLE)
    known, run = {**read_table(model_file(*ARCHIVE_TABLE)), **read_table(path)}, _thai2rom()
    listed = {*thai_family_names(), *thai_female_names(), *thai_male_names(), *thai_words()}
    words = {w for w in listed if _THAI_WORD.fullmatch(w)}  # the words names are cut into: Thai letters only
    source = "pythainlp.corpus thai_family_names, thai_female_names, thai_male_names and thai_words"
    return write_table(words, lambda w: known[w] if w in known else str(run(w)), path, source)


def title_name_words(texts: Iterable[str]) -> set[str]:
    """The Thai-letter runs right after a title or rank of `titles.tsv` (the given name) and the run after
    it across one space (the family name), at most `ARCHIVE_MAX_LETTERS` letters: the words names are
    romanised in."""
    from pipeline.english.names import titles

    alternatives = "|".join(re.escape(t) for t in sorted(titles(), key=len, reverse=True))
    pattern = re.compile(rf"(?:{alternatives})[ \u00a0]?([\u0e01-\u0e4e]+)(?:[ \u00a0]([\u0e01-\u0e4e]+))?")
    words: set[str] = set()
    for text in texts:
        for match in pattern.finditer(text):
            words.update(w for w in match.groups() if w and len(w) <= ARCHIVE_MAX_LETTERS)
    return words


def archive_texts(archive: Path, skip: int = ARCHIVE_SKIP) -> Iterable[str]:
    """The Thai texts of the archive after its first `skip` lines."""
    import gzip
    import json

    opener = gzip.open if archive.suffix == ".gz" else open
    with opener(archive, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number < skip:
                continue
            try:
                release = json.loads(line)
            except ValueError:
                continue
            if isinstance(release, dict) and release.get("lang") != "en" and isinstance(release.get("text"), str):
                yield release["text"]


def build_archive_table(archive: Path, path: Path | None = None, skip: int = ARCHIVE_SKIP) -> int:
    """`make thai2rom-archive-table`: thai2rom's output for the name words after titles in the archive's Thai
    releases after its first `skip` lines (the sample and every release the benchmark reads by default are
    in those), leaving out words the pythainlp table already has."""
    from pipeline.english.names import _thai2rom

    path = path or model_file(*ARCHIVE_TABLE)
    known, listed, run = read_table(path), read_table(model_file(*TABLE)), _thai2rom()
    words = {w for w in title_name_words(archive_texts(archive, skip)) if w not in listed}
    source = (
        f"the words after a title of corpora/gazetteers/titles.tsv in the Thai releases of {archive.name} "
        f"after its first {skip} lines (at most {ARCHIVE_MAX_LETTERS} letters; words of thai2rom-words.tsv left out)"
    )
    return write_table(words, lambda w: known[w] if w in known else str(run(w)), path, source)


if __name__ == "__main__":
    import sys

    if len(sys.argv) > 1:
        print(f"{build_archive_table(Path(sys.argv[1]))} words -> {model_file(*ARCHIVE_TABLE)}")
    else:
        print(f"{build_table()} words -> {model_file(*TABLE)}")
