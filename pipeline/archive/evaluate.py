"""How close a Thai-name-to-English function comes to the government's own spelling, on held-out pairs.

The people of each held-out pair are aligned (`people.align_people`); for each aligned Thai person the
function is asked for the English of the Thai name as written (with its title), titles are dropped from both
sides, and the answer counts as close when difflib's ratio (case-insensitive) is at least 0.85.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.archive.people import Alignment, english_titles

CLOSE = 0.85
EnglishOf = Callable[[str], "str | None"]  # Thai name as written (with title) -> English, or None


def strip_english_title(name: str) -> str:
    """An English name without its leading titles ("Pol. Gen. Dr. Somchai X" -> "Somchai X")."""
    name = name.strip()
    changed = True
    while changed:
        changed = False
        for title in english_titles():
            if name.startswith(title + " "):
                name = name[len(title) + 1 :].lstrip()
                changed = True
                break
    return name


def similarity(a: str, b: str) -> float:
    """difflib ratio of two names, case-insensitive, spaces and hyphens kept."""
    return difflib.SequenceMatcher(
        None, re.sub(r"\s+", " ", a.lower()).strip(), re.sub(r"\s+", " ", b.lower()).strip()
    ).ratio()


@dataclass
class NameScores:
    people: int = 0
    close: int = 0
    exact: int = 0
    unanswered: int = 0
    distinct: dict[str, Any] = field(default_factory=dict)  # Thai name -> close on its first held-out mention
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # thai, gold, predicted

    def as_dict(self) -> dict[str, Any]:
        n = max(self.people, 1)
        d = max(len(self.distinct), 1)
        close_distinct = sum(self.distinct.values())
        return {
            "people": self.people,
            "within_0.85": self.close,
            "share_within_0.85": round(self.close / n, 4),
            "exact": self.exact,
            "share_exact": round(self.exact / n, 4),
            "unanswered": self.unanswered,
            "distinct_people": len(self.distinct),
            "distinct_within_0.85": close_distinct,
            "share_distinct_within_0.85": round(close_distinct / d, 4),
        }


def score_names(
    aligned: Iterable[tuple[dict[str, Any], list[Alignment]]], english_of: EnglishOf, keep_misses: int = 30
) -> NameScores:
    """Scores of `english_of` against the English spelling aligned in each pair (each person once per pair)."""
    scores = NameScores()
    for _pair, alignments in aligned:
        for a in alignments:
            gold = a.english.name
            predicted = english_of(a.thai.written) or ""
            predicted = strip_english_title(predicted)
            scores.people += 1
            if not predicted:
                scores.unanswered += 1
            if predicted.lower() == gold.lower():
                scores.exact += 1
            close = bool(predicted) and similarity(predicted, gold) >= CLOSE
            scores.distinct.setdefault(a.thai.name, close)
            if close:
                scores.close += 1
            elif len(scores.misses) < keep_misses:
                scores.misses.append((a.thai.written, gold, predicted))
    return scores


def thai2rom_english(name: str) -> str:
    """Today's baseline: the pipeline's romanisation of a Thai name (title translated)."""
    from pipeline.english.names import english_name

    found = english_name("PERSON", name)
    return found.text if found else ""


def glossary_english(rows: list[dict[str, str]], fallback: EnglishOf | None = thai2rom_english) -> EnglishOf:
    """A lookup in a people glossary (by name as written, then without title), else `fallback`."""
    from pipeline.english.names import split_title

    table: dict[str, str] = {}
    for row in rows:
        table.setdefault(row["thai"], row["english"])
        table.setdefault(row["thai_with_title"].replace(" ", ""), row["english"])

    def english_of(written: str) -> str | None:
        _title, rest = split_title(written.strip())
        hit = table.get(re.sub(r"\s+", " ", rest)) or table.get(written.replace(" ", ""))
        if hit:
            return hit
        return fallback(written) if fallback else None

    return english_of


def evaluate_people(
    archive: str | Path,
    pairs_path: str | Path,
    systems: dict[str, EnglishOf] | None = None,
    *,
    with_dev_glossary: bool = True,
    split: str = "heldout",
) -> dict[str, dict[str, Any]]:
    """Scores of each system (name -> Thai-name-to-English function) on the people of the `split` pairs.

    With `with_dev_glossary`, also scores a people glossary mined in memory from the other pairs only
    ("glossary (dev) + thai2rom"), so no held-out pair informs it. The thai2rom baseline is always scored.
    """
    from pipeline.archive.glossary import load_pairs, load_texts, mine_people, pair_alignments

    pairs = load_pairs(pairs_path)
    texts = load_texts(archive, {p["en_id"] for p in pairs} | {p["th_id"] for p in pairs})
    test_pairs = [p for p in pairs if p["split"] == split]
    test = list(pair_alignments(test_pairs, texts))
    chosen: dict[str, EnglishOf] = {"thai2rom (baseline)": thai2rom_english}
    if with_dev_glossary:
        dev_rows = mine_people(list(pair_alignments([p for p in pairs if p["split"] != split], texts)))
        chosen["archive glossary (dev pairs only) + thai2rom"] = glossary_english(dev_rows)
        chosen["archive glossary (dev pairs only), alone"] = glossary_english(dev_rows, fallback=None)
    chosen.update(systems or {})
    report = {}
    for name, english_of in chosen.items():
        scores = score_names(test, english_of)
        report[name] = {**scores.as_dict(), "examples_of_misses": [list(m) for m in scores.misses[:8]]}
    from pipeline.archive.people import thai_people

    titled = sum(len(thai_people(texts[p["th_id"]][:30000])) for p in test_pairs if p["th_id"] in texts)
    report["_data"] = {
        "split": split,
        "pairs": len(test),
        "pairs_file": str(pairs_path),
        "titled_people_in_thai_texts": titled,
        "aligned_people_scored": sum(len(a) for _, a in test),
        "note": "scored people are those aligned with an English name of the twin (gold = that spelling)",
    }
    return report
