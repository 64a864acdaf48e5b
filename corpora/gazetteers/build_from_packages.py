#!/usr/bin/env python3
"""Regenerate th_provinces.tsv and th_districts.tsv from the geothai package.

Deterministic: rows are sorted by DOPA code; output is UTF-8, NFC, LF.
Hand-curated input: district_ambiguous.txt (bare district names that are
also ordinary words). Run (geothai is the `build` extra, which the target installs):

    make gazetteers
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

try:
    import geothai
except ImportError:
    sys.exit(
        "build_from_packages.py needs geothai, which is not installed: pip install -e '.[build]' (or: make gazetteers)"
    )
from pythainlp.tokenize import syllable_tokenize

HERE = Path(__file__).resolve().parent
HEADER = ["id", "label", "thai", "english", "aliases", "abbr_en"]
BANGKOK_CODE = "10"
BANGKOK_EXTRA_ALIASES = ["กรุงเทพฯ", "กรุงเทพ", "กทม.", "กทม", "กรุงเทพมหานคร"]


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def uniq(items: list[str], exclude: str) -> list[str]:
    seen: set[str] = {exclude}
    out = []
    for it in items:
        it = nfc(it)
        if it and it not in seen:
            seen.add(it)
            out.append(it)
    return out


def write(path: Path, rows: list[list[str]]) -> None:
    lines = ["\t".join(HEADER)]
    for r in rows:
        assert all("\t" not in c and "\n" not in c for c in r), r
        lines.append("\t".join(nfc(c) for c in r))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    print(f"wrote {path.name}: {len(rows)} rows")


def load_ambiguous() -> set[str]:
    out = set()
    for line in (HERE / "district_ambiguous.txt").read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            out.add(nfc(name))
    return out


def provinces() -> list[list[str]]:
    rows = []
    for p in sorted(geothai.provinces(), key=lambda p: p.code):
        th, en = nfc(p.name_th), nfc(p.name_en)
        aliases = [f"จังหวัด{th}", f"จ.{th}"]
        if p.code == BANGKOK_CODE:
            aliases = BANGKOK_EXTRA_ALIASES + aliases
        rows.append([f"th-province:{slug(en)}", "LOCATION", th, en, "|".join(uniq(aliases, th)), ""])
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) == 77, "province ids must be unique (77)"
    return rows


def districts() -> list[list[str]]:
    ambiguous = load_ambiguous()
    province_names = {nfc(p.name_th) for p in geothai.provinces()}
    rows = []
    for p in sorted(geothai.provinces(), key=lambda p: p.code):
        for d in sorted(geothai.districts(p.code), key=lambda d: d.code):
            name, en = nfc(d.name_th), nfc(d.name_en)
            if p.code == BANGKOK_CODE:
                bare = name.removeprefix("เขต")
                prefixed = [f"เขต{bare}"]
            else:
                bare = name.removeprefix("อำเภอ")
                prefixed = [f"อำเภอ{bare}", f"อ.{bare}"]
            is_ambiguous = bare in ambiguous or bare in province_names or len(syllable_tokenize(bare)) <= 1
            thai = prefixed[0] if is_ambiguous else bare
            rows.append(
                [
                    f"th-district:{d.code}-{slug(en)}",
                    "LOCATION",
                    thai,
                    en,
                    "|".join(uniq(prefixed, thai)),
                    "",
                ]
            )
    return rows


def main() -> int:
    write(HERE / "th_provinces.tsv", provinces())
    write(HERE / "th_districts.tsv", districts())
    return 0


if __name__ == "__main__":
    sys.exit(main())
