"""Gazetteers: known places and organisations from `corpora/gazetteers/*.tsv`, matched on token boundaries.

Each entry has a canonical id, a label, a Thai name, an official English name and Thai aliases
(abbreviations, older names, prefixed forms such as จังหวัดเชียงใหม่).
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.resources import corpus_file, read_tsv


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    label: str
    thai: str
    english: str
    abbr_en: str = ""


@dataclass(frozen=True)
class GazetteerMatch:
    start: int
    end: int
    entry: GazetteerEntry
    surface: str


class Gazetteer:
    """Surface forms → entries; finds the longest known names that start and end on token boundaries.

    entries_by_surface: every Thai surface form (name or alias) mapped to its entries.
    """

    def __init__(self, entries_by_surface: dict[str, list[GazetteerEntry]]) -> None:
        self.entries_by_surface = entries_by_surface
        # Bucket by the first two characters so a scan position tests only the names that can start there.
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for surface in entries_by_surface:
            self._by_prefix[surface[:2]].append(surface)
        for names in self._by_prefix.values():
            names.sort(key=len, reverse=True)
        # per bucket: its names (longest first), the longest name's length, the lengths of its names (only a
        # token end at such a length from the start can end a name), and the first four characters of its names
        # when none is shorter (None otherwise): a text that does not begin so holds none of them
        self._buckets = {
            prefix: (
                names,
                len(names[0]),
                frozenset(map(len, names)),
                frozenset(name[:4] for name in names) if len(names[-1]) >= 4 else None,
            )
            for prefix, names in self._by_prefix.items()
        }

    @classmethod
    def from_tsv_files(cls, paths: Iterable[Path], english: dict[str, str] | None = None) -> Gazetteer:
        """Load TSV files with columns id, label, thai, english, aliases, abbr_en; `english` (id -> name)
        replaces the English of the ids it names."""
        table: dict[str, list[GazetteerEntry]] = defaultdict(list)
        english = english or {}
        for path in paths:
            for row in read_tsv(path):
                entry = GazetteerEntry(
                    row["id"],
                    row["label"],
                    row["thai"],
                    english.get(row["id"], row["english"]),
                    row.get("abbr_en") or "",
                )
                surfaces = [row["thai"], *(row.get("aliases") or "").split("|")]
                for surface in surfaces:
                    surface = unicodedata.normalize("NFC", surface.strip())
                    if len(surface) >= 2 and entry not in table[surface]:
                        table[surface].append(entry)
        return cls(dict(table))

    def entry(self, entry_id: str) -> GazetteerEntry | None:
        """The entry with this canonical id."""
        if not hasattr(self, "_by_id"):
            self._by_id = {e.id: e for entries in self.entries_by_surface.values() for e in entries}
        return self._by_id.get(entry_id)

    def lookup(self, surface: str) -> GazetteerEntry | None:
        """The entry a surface form names, when it names exactly one."""
        entries = self.entries_by_surface.get(surface)
        return entries[0] if entries and len(entries) == 1 else None

    def find(self, text: str, token_starts: Sequence[int], token_ends: set[int]) -> list[GazetteerMatch]:
        """Longest-first, non-overlapping matches that begin at a token start and end at a token end."""
        matches: list[GazetteerMatch] = []
        covered_until = -1
        ends = sorted(token_ends)
        entries_by_surface, buckets = self.entries_by_surface, self._buckets
        for start in token_starts:
            if start < covered_until:
                continue
            bucket = buckets.get(text[start : start + 2])
            if bucket is None:
                continue
            names, longest, lengths, heads = bucket
            if heads is not None and text[start : start + 4] not in heads:
                continue  # most starts: the text goes on as no name of the bucket does
            # the token ends a name of this bucket can reach; when they are fewer than the bucket's names (อำ...:
            # 875 districts), the text up to each end is looked up instead, longest first: the same match
            lo, hi = bisect_right(ends, start), bisect_right(ends, start + longest)
            if hi - lo < len(names):
                for k in range(hi - 1, lo - 1, -1):
                    end = ends[k]
                    # a surface of a bucket's length starts with the bucket's prefix: it is at least as long
                    if end - start in lengths and (surface := text[start:end]) in entries_by_surface:
                        matches.append(GazetteerMatch(start, end, entries_by_surface[surface][0], surface))
                        covered_until = end
                        break
                continue
            for surface in names:
                end = start + len(surface)
                if end in token_ends and text.startswith(surface, start):
                    matches.append(GazetteerMatch(start, end, entries_by_surface[surface][0], surface))
                    covered_until = end
                    break
        return matches


def gazetteer_paths() -> list[Path]:
    """Every TSV in `corpora/gazetteers/` except titles."""
    folder = corpus_file("gazetteers")
    return sorted(p for p in folder.glob("*.tsv") if p.name != "titles.tsv")


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from every TSV in `corpora/gazetteers/` (except titles), organisations named as
    the government prints them in its English releases (`printed_english`)."""
    return Gazetteer.from_tsv_files(gazetteer_paths(), english=printed_english())


@functools.cache
def printed_english() -> dict[str, str]:
    """Gazetteer id -> the English name the government prints for it, from the agencies glossary mined from
    the archive's paired releases (`corpora/glossary/agencies.tsv`, `make glossary`; see
    `pipeline.archive.agencies.official_english`); empty when there is no such glossary."""
    path = corpus_file("glossary", "agencies.tsv")
    if not path.exists():
        return {}
    from pipeline.archive.agencies import official_english

    return official_english(read_tsv(path))


@functools.cache
def title_words() -> frozenset[str]:
    """Titles and ranks that precede personal names (นาย, ดร., พล.อ., ...)."""
    path = corpus_file("gazetteers", "titles.tsv")
    if not path.exists():
        return frozenset()
    return frozenset(row["thai"] for row in read_tsv(path))


@functools.cache
def role_titles() -> tuple[str, ...]:
    """Abbreviated roles used like titles (รมว., ผอ.): ThaiNER leaves the role outside the name."""
    path = corpus_file("gazetteers", "titles.tsv")
    if not path.exists():
        return ()
    return tuple(sorted({row["thai"] for row in read_tsv(path) if row["kind"] == "role"}, key=len, reverse=True))
