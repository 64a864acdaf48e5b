"""Grow the agency gazetteer from the archive: names of bodies that releases write as "NAME (ABBR)".

A release that writes "สำนักงานบริหารหนี้สาธารณะ (สบน.)" vouches that the words before the brackets are a
body's name and that สบน. abbreviates it. Counted over many releases, the names that recur with the same
abbreviation are agencies. Rebuild `corpora/gazetteers/archive_agencies.tsv` with

    python -m pipeline.entities.agencies ../shared/corpora/thaigov-archive.jsonl.gz

(`make gazetteer-archive`); official English names come from the archive glossary
(`corpora/glossary/agencies.tsv`) when it exists (`--english-only` refills them without a rescan).
Releases in bucket 0 of the split rule (`archive.reader.bucket`) are skipped: the
hand-annotated evaluation releases come from there.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.resources import corpus_file, read_tsv

OUTPUT = "archive_agencies.tsv"
HEADER = ["id", "label", "thai", "english", "aliases", "abbr_en", "support", "abbr_support", "releases"]

# A Thai abbreviation has a dot (สบน., ก.พ.ร.); a Latin one is capitals (BOI, NESDC; not CSOs).
_ABBR = r"(?P<abbr>(?:[ก-ฮ]{1,6}\.)+(?:[ก-ฮ]{1,4}\.?)?|[A-Z]{2,}[A-Z0-9&\-]*)"
_THAI_NAME_CHARS = "\u0e01-\u0e4e"


@functools.cache
def org_heads() -> tuple[str, ...]:
    from pipeline.entities.patterns import entity_patterns

    return tuple(sorted(entity_patterns()["org_heads"], key=len, reverse=True))


@functools.cache
def _pair_pattern() -> re.Pattern[str]:
    # A run of Thai letters (no space) right before "(ABBR)", with or without a space between.
    return re.compile(rf"(?P<run>[{_THAI_NAME_CHARS}]{{4,80}}) ?\(\s*{_ABBR}\s*\)")


def name_abbreviation_pairs(text: str) -> Iterator[tuple[str, str]]:
    """Every (name, abbreviation) a text vouches for: for each head word in the run before "(ABBR)", the
    words from it to the bracket (the counts decide which start is the name).

    >>> sorted(name_abbreviation_pairs("สมาชิกกองทุนการออมแห่งชาติ (กอช.) ได้รับ"))
    [('กองทุนการออมแห่งชาติ', 'กอช.')]

    A head must end where a word of the name ends (`_head_is_a_word`); when newmm cuts inside the head
    itself (สำนัก|งานบริหาร…) the name is missed, a loss of recall the counts over many releases absorb.
    """
    from pipeline.entities.patterns import entity_patterns

    heads = org_heads()
    not_heads = tuple(entity_patterns()["false_alarms"]["not_heads"])  # สภาพ…: no สภา
    for match in _pair_pattern().finditer(text):
        run, abbr = match.group("run"), match.group("abbr")
        starts: dict[int, str] = {}
        for head in heads:  # longest first: กองทุน, not กอง, starts กองทุน…
            for i in _find_all(run, head):
                starts.setdefault(i, head)
        covered = 0
        for start in sorted(starts):
            if start < covered:
                continue  # วิทยาลัย inside มหาวิทยาลัย is no start of its own
            covered = start + len(starts[start])
            name = run[start:]
            if (
                len(name) >= 6
                and name not in heads
                and not name.startswith(not_heads)
                and _head_is_a_word(name, starts[start])
            ):
                yield unicodedata.normalize("NFC", name), abbr


def _head_is_a_word(name: str, head: str) -> bool:
    # สภา in สภาพรถ… or สภาวะ… is no head word: the head must end where a word of the name ends.
    from pipeline.tokens import word_tokenize

    words = word_tokenize(name)
    if len(words) == 1:
        return True  # a name the dictionary holds whole: มหาวิทยาลัยเชียงใหม่
    end = 0
    for word in words:
        end += len(word)
        if end >= len(head):
            return end == len(head)
    return False


def _find_all(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


@dataclass
class PairCounts:
    """Releases per (name, abbreviation), and a few release ids of each name for provenance."""

    pairs: Counter[Any] = field(default_factory=Counter)
    names: Counter[Any] = field(default_factory=Counter)
    abbrs: Counter[Any] = field(default_factory=Counter)
    examples: dict[str, Any] = field(default_factory=lambda: defaultdict(list))

    def add(self, release_id: str, text: str) -> None:
        found = set(name_abbreviation_pairs(text))
        for name, abbr in found:
            self.pairs[(name, abbr)] += 1
            if len(self.examples[name]) < 3:
                self.examples[name].append(release_id)
        self.names.update({name for name, _ in found})
        self.abbrs.update({abbr for _, abbr in found})


def count_pairs(records: Iterable[dict[str, Any]]) -> PairCounts:
    from pipeline.archive.reader import bucket

    counts = PairCounts()
    for record in records:
        if record.get("lang", "th") != "th" or bucket(record["id"]) == 0:
            continue
        counts.add(record["id"], record.get("text") or "")
    return counts


@dataclass(frozen=True)
class Agency:
    thai: str
    abbreviation: str
    support: int  # releases that write "thai (abbreviation)"
    abbr_support: int  # releases that write "(abbreviation)" after any name
    releases: tuple[str, ...]


def select_agencies(
    counts: PairCounts, *, min_support: int = 3, latin_support: int = 5, min_share: float = 0.6
) -> list[Agency]:
    """Per abbreviation, the name most releases write it after, when at least `min_support` releases do
    and it takes `min_share` of the abbreviation's uses (the rest are other starts of the same run or
    other bodies sharing it). A name kept under two abbreviations keeps the better supported one."""
    by_abbr: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (name, abbr), n in counts.pairs.items():
        by_abbr[abbr].append((n, name))
    best: dict[str, Agency] = {}
    for abbr, options in by_abbr.items():
        options.sort(key=lambda o: (-o[0], -len(o[1]), o[1]))  # a tie goes to the longer (earlier) start
        n, name = options[0]
        if n < (latin_support if abbr.isascii() else min_support) or n < min_share * counts.abbrs[abbr]:
            continue
        agency = Agency(name, abbr, n, counts.abbrs[abbr], tuple(counts.examples[name]))
        if name not in best or best[name].support < n:
            best[name] = agency
    return sorted(best.values(), key=lambda a: (-a.support, a.thai))


def known_surfaces() -> set[str]:
    """Every Thai surface of the hand-made gazetteers (their names are not repeated here)."""
    folder = corpus_file("gazetteers")
    surfaces = set()
    for path in folder.glob("*.tsv"):
        if path.name in ("titles.tsv", OUTPUT):
            continue
        for row in read_tsv(path):
            surfaces.add(row["thai"])
            surfaces.update(a for a in (row.get("aliases") or "").split("|") if a)
    return surfaces


def agency_rows(agencies: Iterable[Agency], known: set[str]) -> list[dict[str, str]]:
    """Rows for the agencies that are new: not a known name nor the end of one, whose abbreviation is not
    a known body's (then the name is a piece or a variant of that body's), and that are no kind of body (names ending
    like a kind, องค์การบริหารส่วนจังหวัด, or listed as no entity)."""
    from pipeline.entities.patterns import entity_patterns

    alarms = entity_patterns()["false_alarms"]
    kinds = set(alarms["not_entities"])
    kind_endings = tuple(alarms["kind_endings"])
    known_long = [name for name in known if len(name) >= 8]
    rows = []
    for agency in agencies:
        if agency.thai in known or agency.abbreviation in known or agency.abbreviation.rstrip(".") in known:
            continue
        if any(name.endswith(agency.thai) for name in known_long if name != agency.thai):
            continue  # ตำรวจแห่งชาติ is the end of สำนักงานตำรวจแห่งชาติ: a piece, not a body
        if agency.thai in kinds or agency.abbreviation in kinds or agency.thai.endswith(kind_endings):
            continue
        latin = agency.abbreviation.isascii()
        aliases = [agency.abbreviation]
        rows.append(
            {
                "id": "th-archive:" + hashlib.sha1(agency.thai.encode("utf-8")).hexdigest()[:10],
                "label": "ORGANIZATION",
                "thai": agency.thai,
                "english": "",
                "aliases": "|".join(aliases),
                "abbr_en": agency.abbreviation if latin else "",
                "support": str(agency.support),
                "abbr_support": str(agency.abbr_support),
                "releases": "|".join(agency.releases),
            }
        )
    return rows


def fill_english(rows: list[dict[str, str]], glossary: Path | None) -> int:
    """Official English names from the archive glossary (`corpora/glossary/agencies.tsv`, mined from the
    government's paired Thai/English releases), matched by Thai name or Thai abbreviation; how many rows
    got one. No glossary, no change."""
    if glossary is None or not glossary.exists():
        return 0
    by_name: dict[str, dict[str, str]] = {}
    for entry in read_tsv(glossary):
        for key in (entry.get("thai"), entry.get("thai_abbr")):
            if key:
                by_name[key] = entry
    filled = 0
    for row in rows:
        known = by_name.get(row["thai"]) or by_name.get(row["aliases"].split("|")[0])
        if known and known.get("english"):
            row["english"] = known["english"]
            row["abbr_en"] = row["abbr_en"] or known.get("english_abbr", "")
            filled += 1
    return filled


def write_rows(rows: list[dict[str, str]], path: Path) -> None:
    lines = [
        "# Agencies grown from the thaigov archive by `python -m pipeline.entities.agencies` (make gazetteer-archive).",
        "# support: releases writing 'thai (abbreviation)'; abbr_support: releases writing '(abbreviation)' at all;",
        "# releases: up to three of them. Do not edit by hand: fix the rule or the head words and rebuild.",
        "\t".join(HEADER),
    ]
    lines += ["\t".join(row[key] for key in HEADER) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("archive", type=Path, nargs="?", help="thaigov archive (.jsonl or .jsonl.gz)")
    parser.add_argument("--out", type=Path, default=None, help=f"default: corpora/gazetteers/{OUTPUT}")
    parser.add_argument("--min-support", type=int, default=3)
    parser.add_argument(
        "--glossary", type=Path, default=None, help="default: corpora/glossary/agencies.tsv when it exists"
    )
    parser.add_argument("--english-only", action="store_true", help="only refill English names of the existing table")
    args = parser.parse_args(argv)
    from pipeline.evaluation.samples import iter_sample

    out = args.out or corpus_file("gazetteers", OUTPUT)
    glossary = args.glossary or corpus_file("glossary", "agencies.tsv")
    if args.english_only:
        rows = read_tsv(out)
        filled = fill_english(rows, glossary)
        write_rows(rows, out)
        print(f"{filled} English names from {glossary} -> {out}", file=sys.stderr)
        return 0
    counts = count_pairs(iter_sample(args.archive))
    agencies = select_agencies(counts, min_support=args.min_support)
    rows = agency_rows(agencies, known_surfaces())
    filled = fill_english(rows, glossary)
    write_rows(rows, out)
    print(
        f"{len(counts.pairs)} (name, abbreviation) pairs; {len(agencies)} agencies kept; {len(rows)} new,"
        f" {filled} with English -> {out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
