"""Mine glossaries from the paired releases: people, roles and agencies as the government prints them.

Within each pair, people are aligned by romanisation (`people.align_people`); across the archive the same
Thai name aligned to the same English spelling many times wins. Conflicting spellings keep the most
frequent, the others listed as variants; a spelling seen once is kept only when its alignment is very
close (ONE_OFF_MIN). Agencies pair a Thai "name (ABBR)" with an English "Name (ABBR)" that occur in the
same pairs more often than apart (Dice coefficient). Rows are sorted, so a rebuild is byte for byte the same.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.archive.people import Alignment, align_more, align_people, english_people, thai_people
from pipeline.archive.reader import read_archive

ONE_OFF_MIN = 0.70  # a spelling aligned in one pair only is kept when at least this close (tuned on dev bucket 1)
MIN_SUPPORT = 2  # otherwise this many pairs
ROLE_MIN_SUPPORT = 2
PROVENANCE = 3  # release ids kept per row
_MAX_CHARS = 30000


class GlossaryFormatError(ValueError):
    """A malformed row of a glossary file: the message names the file and line."""


def load_pairs(
    path: str | Path, exclude_split: str | None = None, *, keep_without_twin: bool = False
) -> list[dict[str, Any]]:
    """The pairs of a pairs.jsonl that have a Thai twin (all lines with `keep_without_twin`), optionally
    without one split."""
    out = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                row["en_id"], row["split"]
            except (ValueError, KeyError, TypeError) as exc:
                raise GlossaryFormatError(f"{path}:{number}: not a pair line ({exc})") from None
            if (row.get("th_id") or keep_without_twin) and row.get("split") != exclude_split:
                out.append(row)
    return out


def load_texts(archive: str | Path, ids: set[str]) -> dict[str, str]:
    """Texts of the given release ids from the archive."""
    return {r.id: r.text for r in read_archive(archive) if r.id in ids}


def texts_for(archive: str | Path, pairs: list[dict[str, Any]]) -> dict[str, str]:
    """Texts of the English releases and Thai twins of `pairs`."""
    return load_texts(archive, {p["en_id"] for p in pairs} | {p["th_id"] for p in pairs if p.get("th_id")})


def mine_people_rows(pairs: list[dict[str, Any]], texts: dict[str, str]) -> list[dict[str, str]]:
    """The people glossary rows mined from `pairs` (those with a Thai twin), with the second alignment pass."""
    return mine_people(list(pair_alignments([p for p in pairs if p.get("th_id")], texts, second_pass=True)))


def pair_alignments(
    pairs: list[dict[str, Any]], texts: dict[str, str], *, second_pass: bool = False
) -> Iterable[tuple[dict[str, Any], list[Alignment]]]:
    """The people aligned in each pair (`people.align_people`; with `second_pass`, `people.align_more`)."""
    align = align_more if second_pass else align_people
    for pair in pairs:
        en, th = texts.get(pair["en_id"]), texts.get(pair["th_id"])
        if en is None or th is None:
            continue
        yield pair, align(thai_people(th[:_MAX_CHARS]), english_people(en[:_MAX_CHARS]))


@dataclass
class _Seen:
    spellings: Counter[Any] = field(default_factory=Counter)
    best_score: dict[str, Any] = field(default_factory=dict)
    thai_titles: Counter[Any] = field(default_factory=Counter)
    english_titles: Counter[Any] = field(default_factory=Counter)
    roles_en: Counter[Any] = field(default_factory=Counter)
    roles_th: Counter[Any] = field(default_factory=Counter)
    releases: dict[str, Any] = field(default_factory=dict)  # spelling -> [en_id]


def _top(counter: Counter[Any]) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""


def _ranked(counter: Counter[Any]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


PEOPLE_COLUMNS = [
    "thai",
    "thai_with_title",
    "english",
    "english_with_title",
    "role_en",
    "role_th",
    "support",
    "variants",
    "score",
    "releases",
]


def mine_people(aligned: list[tuple[dict[str, Any], list[Alignment]]]) -> list[dict[str, str]]:
    """Rows of the people glossary (see PEOPLE_COLUMNS)."""
    seen: dict[str, _Seen] = defaultdict(_Seen)
    for pair, alignments in aligned:
        for a in alignments:
            s = seen[a.thai.name]
            spelling = a.english.name
            s.spellings[spelling] += 1
            s.best_score[spelling] = max(s.best_score.get(spelling, 0.0), a.score)
            s.thai_titles[a.thai.title.strip()] += 1
            if a.english.title:
                s.english_titles[a.english.title] += 1
            if a.english.role:
                s.roles_en[a.english.role] += 1
            if a.thai.role:
                s.roles_th[a.thai.role] += 1
            s.releases.setdefault(spelling, []).append(pair["en_id"])
    rows = []
    for thai, s in seen.items():
        english = _top(s.spellings)
        support = s.spellings[english]
        if support < MIN_SUPPORT and s.best_score[english] < ONE_OFF_MIN:
            continue
        title_th = _top(s.thai_titles)
        title_en = _top(s.english_titles)
        rows.append(
            {
                "thai": thai,
                "thai_with_title": f"{title_th}{thai}" if title_th else thai,
                "english": english,
                "english_with_title": f"{title_en} {english}" if title_en else english,
                "role_en": _top(s.roles_en),
                "role_th": _top(s.roles_th),
                "support": str(support),
                "variants": "|".join(f"{v}:{n}" for v, n in _ranked(s.spellings) if v != english),
                "score": f"{s.best_score[english]:.2f}",
                "releases": "|".join(sorted(set(s.releases[english]))[:PROVENANCE]),
            }
        )
    return sorted(rows, key=lambda r: r["thai"])


ROLE_COLUMNS = ["thai", "english", "support", "variants", "releases"]
_ROLE_TRIM = re.compile(r"^(?:the|The)\s+|\s+(?:and|of|for|the)$")


def mine_roles(aligned: list[tuple[dict[str, Any], list[Alignment]]]) -> list[dict[str, str]]:
    """Thai role ↔ English role printed next to the same aligned person, kept with support ≥ ROLE_MIN_SUPPORT."""
    seen: dict[str, Counter[Any]] = defaultdict(Counter)
    releases: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pair, alignments in aligned:
        for a in alignments:
            th, en = a.thai.role.strip(), _ROLE_TRIM.sub("", a.english.role.strip())
            if not th or not en or len(en.split()) > 14:
                continue
            seen[th][en] += 1
            releases[(th, en)].append(pair["en_id"])
    rows = []
    for th, counter in seen.items():
        en = _top(counter)
        if counter[en] < ROLE_MIN_SUPPORT:
            continue
        rows.append(
            {
                "thai": th,
                "english": en,
                "support": str(counter[en]),
                "variants": "|".join(f"{v}:{n}" for v, n in _ranked(counter) if v != en),
                "releases": "|".join(sorted(set(releases[(th, en)]))[:PROVENANCE]),
            }
        )
    return sorted(rows, key=lambda r: r["thai"])


HEADER_NOTE = {
    "people": "# People as the government prints them in its English releases, mined from Thai/English pairs "
    "(corpora/archive/pairs.jsonl) by `make glossary`. support: pairs aligning the Thai name to this "
    "spelling; variants: other spellings:count; releases: English release ids (provenance).",
    "roles": "# Roles printed next to aligned people in Thai/English pairs, mined by `make glossary`. "
    "support: pairs; variants: other English:count; releases: English release ids.",
    "agencies": "# Agencies: Thai 'name (ABBR)' and English 'Name (ABBR)' seen in the same pairs, mined by "
    "`make glossary`. support: pairs holding both; dice: 2*both/(thai+english).",
}


def escape_field(value: str) -> str:
    r"""A TSV field: tabs and line breaks inside it (a few archive ids hold a tab) written as \t, \n, \r.

    >>> escape_field("Government News" + chr(9) + "_3.txt")
    'Government News\\t_3.txt'
    """
    return value.strip().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_tsv(path: str | Path, columns: list[str], rows: list[dict[str, str]], note: str = "") -> None:
    """A TSV with an optional '#' comment line, a header and the rows (tabs/newlines in fields escaped)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        if note:
            handle.write(note + "\n")
        handle.write("\t".join(columns) + "\n")
        for row in rows:
            handle.write("\t".join(escape_field(row.get(c, "")) for c in columns) + "\n")


def read_glossary(path: str | Path, required: Iterable[str] = ("thai", "english")) -> list[dict[str, str]]:
    """Rows of a glossary TSV; a malformed row raises GlossaryFormatError naming the file and line."""
    path = Path(path)
    rows = []
    header: list[str] | None = None
    with open(path, encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n").rstrip("\r")
            if line.startswith("#") or (header is None and not line.strip()):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                missing = [c for c in required if c not in header]
                if missing:
                    raise GlossaryFormatError(f"{path}:{number}: header lacks column(s) {', '.join(missing)}")
                continue
            if len(fields) != len(header):
                raise GlossaryFormatError(f"{path}:{number}: {len(fields)} fields, the header has {len(header)}")
            row = dict(zip(header, fields))
            if any(not row[c].strip() for c in required):
                raise GlossaryFormatError(
                    f"{path}:{number}: empty {'/'.join(c for c in required if not row[c].strip())}"
                )
            rows.append(row)
    if header is None:
        raise GlossaryFormatError(f"{path}:1: no header line")
    return rows


GAZETTEER_COLUMNS = ["id", "label", "thai", "english", "aliases", "abbr_en"]
GAZETTEER_NOTE = ""  # gazetteer files carry no comment line (tests/test_gazetteer_data.py reads them raw)


def gazetteer_rows(agencies: list[dict[str, str]]) -> list[dict[str, str]]:
    """Mined agencies that no gazetteer knows yet, as gazetteer rows (`th-gov-mined:<english abbr>`).

    Only agencies with a Thai full name are added: a bare abbreviation is too ambiguous to tag by itself.
    """
    from pipeline.archive.evidence import gazetteer_names

    known = gazetteer_names()
    rows, seen = [], set()
    for a in agencies:
        abbr_th = a["thai_abbr"]
        if not a["thai"] or a["gazetteer_id"] or a["thai"] in known.thai or abbr_th in known.thai:
            continue
        if a["english_abbr"] in known.english or a["english"] in known.english:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", a["english_abbr"].lower()).strip("-")
        if not slug or slug in seen:
            continue
        seen.add(slug)
        aliases = [
            x for x in dict.fromkeys([abbr_th, abbr_th.rstrip("."), f"{a['thai']} ({abbr_th})"]) if x and x != a["thai"]
        ]
        rows.append(
            {
                "id": f"th-gov-mined:{slug}",
                "label": "ORGANIZATION",
                "thai": a["thai"],
                "english": a["english"],
                "aliases": "|".join(aliases),
                "abbr_en": a["english_abbr"],
            }
        )
    return sorted(rows, key=lambda r: r["id"])


def build_glossaries(
    archive: str | Path,
    pairs_path: str | Path,
    out_dir: str | Path,
    *,
    exclude_split: str | None = None,
    gazetteer_out: str | Path | None = None,
) -> dict[str, int]:
    """Write people.tsv, roles_mined.tsv and agencies.tsv under `out_dir` (and, if given, the mined gazetteer
    rows), from the pairs of `pairs_path` (without `exclude_split`). Returns the row counts."""
    from pipeline.archive.agencies import AGENCY_COLUMNS, full_names, mine_agencies, thai_contexts

    pairs = load_pairs(pairs_path, exclude_split=exclude_split)
    wanted = {p["en_id"] for p in pairs} | {p["th_id"] for p in pairs}
    texts: dict[str, str] = {}
    contexts: dict[str, list[str]] = defaultdict(list)
    for release in read_archive(archive):
        if release.id in wanted:
            texts[release.id] = release.text
        if release.lang == "th" and _has_thai_abbr(release.text):
            for abbr, before in thai_contexts(release.text):
                contexts[abbr].append(before)
    thai_names = full_names(contexts)
    aligned = list(pair_alignments(pairs, texts, second_pass=True))
    people = mine_people(aligned)
    roles = mine_roles(aligned)
    agencies = mine_agencies(
        [
            (p["en_id"], texts[p["en_id"]], texts[p["th_id"]])
            for p in pairs
            if p["en_id"] in texts and p["th_id"] in texts
        ],
        thai_names,
    )
    out = Path(out_dir)
    write_tsv(out / "people.tsv", PEOPLE_COLUMNS, people, HEADER_NOTE["people"])
    write_tsv(out / "roles_mined.tsv", ROLE_COLUMNS, roles, HEADER_NOTE["roles"])
    write_tsv(out / "agencies.tsv", AGENCY_COLUMNS, agencies, HEADER_NOTE["agencies"])
    counts = {"pairs": len(pairs), "people": len(people), "roles": len(roles), "agencies": len(agencies)}
    if gazetteer_out:
        rows = gazetteer_rows(agencies)
        write_tsv(gazetteer_out, GAZETTEER_COLUMNS, rows)
        counts["gazetteer_added"] = len(rows)
    return counts


_TH_BRACKET = re.compile(r"\([\u0e01-\u0e4e]")


def _has_thai_abbr(text: str) -> bool:
    return bool(_TH_BRACKET.search(text))
