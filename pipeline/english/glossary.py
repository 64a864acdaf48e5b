"""People glossaries: the English spelling of a Thai person's name, from reviewers and from the archive.

Two kinds of TSV, both keyed on the Thai name without its title:

- the **archive** glossary `corpora/glossary/people.tsv`, mined from the government's paired Thai and
  English releases (`make glossary`): the English as the government prints it, with release ids;
- **reviewer** glossaries: names corrected on the review desk (`thaipress review glossary export`), given
  to `thaipress process/batch --glossary PATH` (or `$THAIPRESS_GLOSSARY`, paths joined by `os.pathsep`).
  Columns `thai` (as written, a title allowed), `english` (a title allowed), optional `reviewer`,
  `release_id`, `updated_at`.

Each file loads once into a dict; a lookup is one dict access. A malformed row raises `GlossaryError`,
one line naming the file and the line.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pipeline.errors import InputError
from pipeline.resources import corpus_file

ENV = "THAIPRESS_GLOSSARY"
REVIEWER_COLUMNS = ("thai", "english", "reviewer", "release_id", "updated_at")
_THAI = re.compile(r"[\u0e01-\u0e4e]")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .,'’()\-]*$")


class GlossaryError(InputError):
    """A glossary file that cannot be read: `str()` is "PATH:LINE: reason"."""


@dataclass(frozen=True)
class PersonName:
    """One person's English spelling.

    name: the Thai name without title, words separated by one space. english_name: the English without
    title. english: as printed or typed (title kept). source: "archive" or "reviewer". evidence: release
    ids it was seen in (archive) or corrected on (reviewer).
    """

    name: str
    english_name: str
    english: str
    source: str
    evidence: tuple[str, ...] = ()
    support: int = 1
    role: str = ""
    alternatives: tuple[str, ...] = field(default=(), compare=False)


def name_key(thai: str) -> str:
    """The lookup key of a Thai name: NFC, no spaces (the archive and releases space names unevenly)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", thai))


@functools.cache
def _english_titles() -> tuple[str, ...]:
    from pipeline.english.names import titles

    words = {english.strip() for english in titles().values() if english.strip()}
    words |= {w.rstrip(".") for w in words}
    return tuple(sorted(words, key=len, reverse=True))


def strip_english_title(english: str) -> str:
    """ "Mr Anucha Burapachaisri" → "Anucha Burapachaisri" (titles and ranks from titles.tsv, repeatedly)."""
    rest = english.strip()
    changed = True
    while changed:
        changed = False
        for title in _english_titles():
            if rest.startswith(title) and len(rest) > len(title):
                after = rest[len(title) :]
                if after[0] in " .":
                    rest, changed = after.lstrip(" ."), True
                    break
    return rest


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row dict) of a TSV with a header (lines starting with # are comments)."""
    try:
        # closed by the `with` below; opened apart so that only open() errors read "cannot read"
        handle = open(path, encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise GlossaryError(str(path), f"cannot read: {exc.strerror or exc}") from None
    with handle:
        header: list[str] | None = None
        try:
            for number, line in enumerate(handle, 1):
                line = line.rstrip("\r\n")
                if not line.strip() or line.startswith("#"):
                    continue
                cells = line.split("\t")
                if header is None:
                    header = cells
                    continue
                if len(cells) != len(header):
                    raise GlossaryError(
                        f"{path}:{number}",
                        f"expected {len(header)} tab-separated columns ({', '.join(header)}), found {len(cells)}",
                    )
                yield number, dict(zip(header, cells))
        except UnicodeDecodeError:
            raise GlossaryError(str(path), "not UTF-8 text") from None
    if header is None:
        raise GlossaryError(str(path), "empty: no header line")


def read_reviewer_glossary(path: Path) -> list[PersonName]:
    """A reviewer glossary TSV (columns `thai`, `english`; see the module docstring)."""
    from pipeline.english.names import split_title

    entries = []
    for number, row in _rows(path):
        if "thai" not in row or "english" not in row:
            raise GlossaryError(f"{path}:{number}", "needs columns 'thai' and 'english'")
        thai, english = row["thai"].strip(), row["english"].strip()
        if not _THAI.search(thai):
            raise GlossaryError(f"{path}:{number}", f"'thai' has no Thai name: {thai!r}")
        if not english or not _LATIN.match(english):
            raise GlossaryError(f"{path}:{number}", f"'english' must be a name in Latin letters: {english!r}")
        _title, name = split_title(thai)
        evidence = (row["release_id"].strip(),) if row.get("release_id", "").strip() else ()
        entries.append(PersonName(" ".join(name.split()), strip_english_title(english), english, "reviewer", evidence))
    return entries


def read_people(path: Path) -> list[PersonName]:
    """The archive's people glossary (`corpora/glossary/people.tsv`, built by `make glossary`): columns
    `thai` and `english` without titles, `thai_with_title`, `english_with_title`, `role_en`, `support`,
    `variants` ("Spelling:count|…"), `releases` ("id|id|…"). A file with only `thai` and `english` is read
    with the titles taken off."""
    from pipeline.english.names import split_title

    entries = []
    for number, row in _rows(path):
        where = f"{path}:{number}"
        thai, english = (row.get("thai") or "").strip(), (row.get("english") or "").strip()
        if not _THAI.search(thai) or not english:
            raise GlossaryError(where, "needs a Thai name in 'thai' and its English in 'english'")
        if "thai_with_title" not in row:
            thai = split_title(thai)[1]
        english_name = english if "english_with_title" in row else strip_english_title(english)
        try:
            support = int(row.get("support") or 1)
        except ValueError:
            raise GlossaryError(where, f"'support' is not a number: {row.get('support')!r}") from None
        releases = tuple(i for i in (row.get("releases") or "").split("|") if i)
        variants = tuple(v.rsplit(":", 1)[0] for v in (row.get("variants") or "").split("|") if v)
        entries.append(
            PersonName(
                " ".join(thai.split()),
                english_name,
                row.get("english_with_title") or english,
                "archive",
                releases,
                support,
                (row.get("role_en") or "").strip(),
                variants,
            )
        )
    return entries


class PeopleGlossary:
    """Thai name (no title) → `PersonName`; the first entry given for a name wins.

    entries: the names, in order of preference.
    """

    def __init__(self, entries: list[PersonName]) -> None:
        self._by_key: dict[str, PersonName] = {}
        for entry in entries:
            self._by_key.setdefault(name_key(entry.name), entry)

    def __len__(self) -> int:
        return len(self._by_key)

    def lookup(self, name: str) -> PersonName | None:
        """The entry of a Thai name without title, or None."""
        return self._by_key.get(name_key(name))


@functools.cache
def archive_glossary() -> PeopleGlossary:
    """The archive's people glossary (empty when `corpora/glossary/people.tsv` is absent)."""
    path = corpus_file("glossary", "people.tsv")
    return PeopleGlossary(read_people(path) if path.exists() else [])


def reviewer_glossary_paths() -> tuple[str, ...]:
    return tuple(p for p in os.environ.get(ENV, "").split(os.pathsep) if p)


def reviewer_glossary() -> PeopleGlossary:
    """The reviewer glossaries named by `$THAIPRESS_GLOSSARY` (later files win over earlier ones)."""
    return _reviewer_glossary(reviewer_glossary_paths())


@functools.lru_cache(maxsize=4)
def _reviewer_glossary(paths: tuple[str, ...]) -> PeopleGlossary:
    entries: list[PersonName] = []
    for path in reversed(paths):
        entries += read_reviewer_glossary(Path(path))
    return PeopleGlossary(entries)


def use_reviewer_glossaries(paths: Sequence[str | os.PathLike[str]]) -> PeopleGlossary:
    """Read reviewer glossaries now (raising `GlossaryError` for a bad one) and use them for every release
    processed after this, in this process and in the workers it starts."""
    joined = tuple(os.fspath(p) for p in paths)
    glossary = _reviewer_glossary(joined)
    os.environ[ENV] = os.pathsep.join(joined)
    return glossary


def write_reviewer_glossary(rows: list[dict[str, str]], handle: IO[str]) -> int:
    """Write reviewer glossary rows (dicts with `REVIEWER_COLUMNS`) as TSV; returns the row count."""
    writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None)
    writer.writerow(REVIEWER_COLUMNS)
    for row in rows:
        writer.writerow([" ".join(str(row.get(c) or "").split()) for c in REVIEWER_COLUMNS])
    return len(rows)
