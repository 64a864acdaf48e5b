"""Read a thaigov archive (JSONL, optionally gzipped): one release a line, bad lines counted and skipped."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ArchiveRelease:
    id: str
    lang: str  # "th" | "en"
    text: str
    url: str = ""


@dataclass
class SkipCounts:
    """Why lines or releases were left out, counted (reason -> count), with a few examples each."""

    counts: Counter[Any] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, reason: str, where: str) -> None:
        self.counts[reason] += 1
        kept = self.examples.setdefault(reason, [])
        if len(kept) < 3:
            kept.append(where)

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))


def bucket(release_id: str) -> int:
    """The project's split bucket of a release id: int(sha1(id)) % 5. Bucket 0 is held out (never tuned or
    trained on); English releases in it, and their pairs, make the "heldout" split."""
    return int(hashlib.sha1(release_id.encode("utf-8")).hexdigest(), 16) % 5


def split_of(en_id: str) -> str:
    """The project's split of an English release: "heldout" for one id in five (by SHA-1), else "dev".

    >>> split_of("2021/03/25/ด้านสังคม_49.txt") in {"dev", "heldout"}
    True
    """
    return "heldout" if bucket(en_id) == 0 else "dev"


def _open(path: Path) -> gzip.GzipFile | io.BufferedReader:
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")
    return open(path, "rb")


def read_archive(path: str | Path, skipped: SkipCounts | None = None) -> Iterator[ArchiveRelease]:
    """Releases of a JSONL(.gz) archive of {"id", "lang", "text", "url"?}.

    A line that is not UTF-8, not JSON, not an object, or lacks a string id/text is skipped and counted in
    `skipped` (reason, "path:line"); a missing "lang" is guessed from the text's script. Raises OSError
    (naming the file) only when the file itself cannot be opened or is a broken gzip stream.
    """
    skipped = skipped if skipped is not None else SkipCounts()
    path = Path(path)
    try:
        handle = _open(path)
    except OSError as exc:
        raise OSError(f"{path}: {exc.strerror or exc}") from None
    with handle:
        number = 0
        try:
            for number, raw in enumerate(handle, 1):
                where = f"{path}:{number}"
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    skipped.add("not UTF-8", where)
                    continue
                try:
                    item = json.loads(line)
                except ValueError:
                    skipped.add("not JSON", where)
                    continue
                if not isinstance(item, dict):
                    skipped.add("not a JSON object", where)
                    continue
                rid, text = item.get("id"), item.get("text")
                if not isinstance(rid, str) or not rid or not isinstance(text, str):
                    skipped.add("no string id or text", where)
                    continue
                if not text.strip():
                    skipped.add("empty text", where)
                    continue
                lang = item.get("lang")
                if lang not in ("th", "en"):
                    lang = guess_lang(text)
                yield ArchiveRelease(rid, lang, text, str(item.get("url") or ""))
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise OSError(f"{path}: unreadable after line {number}: {exc}") from None


def guess_lang(text: str) -> str:
    """ "th" when Thai letters outnumber Latin ones, else "en"."""
    thai = sum(1 for ch in text if "\u0e00" <= ch <= "\u0e7f")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "th" if thai >= latin else "en"
