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
from pipeline.archive.reader import bucket

CLOSE = 0.85
EnglishOf = Callable[[str], "str | None"]  # Thai name as written (with title) -> English, or None


def strip_english_title(name: str) -> str:
    """An English name without its leading titles ("Pol. Gen. Dr. Somchai X" -> "Somchai X", and
    "Dr (physician) Somchai X" -> "Somchai X")."""
    name = name.strip()
    changed = True
    while changed:
        changed = False
        bracketed = re.match(r"\([^()]{1,30}\)\s+", name)  # "Dr (physician) Somchai": the gloss of a title
        if bracketed:
            name, changed = name[bracketed.end() :], True
            continue
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
    """The old baseline: pythainlp's thai2rom of the name, its title translated (no glossary, no model)."""
    from pipeline.english.names import romanize, split_title, titles

    title, rest = split_title(name.strip())
    return " ".join(p for p in (titles().get(title, ""), romanize(rest)) if p)


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


SPLITS = {"heldout": 0, "tune": 1}  # test bucket; learning uses the buckets above it (tune: 2-4, never 0)


def learning_buckets(split: str) -> set[int]:
    """Buckets a glossary and a transliterator may learn from when `split` is scored."""
    test = SPLITS[split]
    return {b for b in range(5) if b > test}


@dataclass
class SourceScores:
    mentions: int = 0
    close: int = 0
    distinct: dict[str, bool] = field(default_factory=dict)

    def add(self, person: str, close: bool) -> None:
        self.mentions += 1
        self.close += close
        self.distinct.setdefault(person, close)

    def as_dict(self) -> dict[str, Any]:
        d = len(self.distinct)
        return {
            "mentions": self.mentions,
            "share_mentions_within_0.85": round(self.close / max(self.mentions, 1), 4),
            "distinct_people": d,
            "share_distinct_within_0.85": round(sum(self.distinct.values()) / max(d, 1), 4),
        }


def score_chain(
    aligned: Iterable[tuple[dict[str, Any], list[Alignment]]],
    texts: dict[str, str],
    chain: Callable[[str, str], tuple[str, str]],
    keep_misses: int = 30,
) -> dict[str, Any]:
    """Scores of a name chain (Thai name as written, the Thai text after it -> (English, english_source)),
    overall and by english_source; distinct people are scored on their first mention."""
    total = NameScores()
    by_source: dict[str, SourceScores] = {}
    for pair, alignments in aligned:
        th = texts[pair["th_id"]]
        for a in alignments:
            gold = a.english.name
            english, source = chain(a.thai.written, th[a.thai.end : a.thai.end + 80] if a.thai.end else "")
            predicted = strip_english_title(english or "")
            close = bool(predicted) and similarity(predicted, gold) >= CLOSE
            total.people += 1
            total.close += close
            total.exact += predicted.lower() == gold.lower()
            total.unanswered += not predicted
            first = a.thai.name not in total.distinct
            total.distinct.setdefault(a.thai.name, close)
            scores = by_source.setdefault(source, SourceScores())
            scores.mentions += 1
            scores.close += close
            if first:
                scores.distinct[a.thai.name] = close
            if not close and len(total.misses) < keep_misses:
                total.misses.append((a.thai.written, gold, f"{predicted} [{source}]"))
    return {
        **total.as_dict(),
        "by_english_source": {k: by_source[k].as_dict() for k in sorted(by_source)},
        "examples_of_misses": [list(m) for m in total.misses[:12]],
    }


def shipped_chain(glossary: Any = None, learned: Callable[[str], str | None] | None = None) -> Any:
    """The name chain as `pipeline.process` runs it (reviewer glossary -> gazetteer -> archive glossary ->
    a Latin name in brackets after the Thai one -> learned transliterator -> thai2rom), with the archive
    glossary and the learned transliterator replaced when given."""
    from pipeline.english.names import person_english
    from pipeline.entities.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()

    def chain(written: str, following: str) -> tuple[str, str]:
        entry = gazetteer.lookup(written)
        gazetteer_english = entry.english if entry and entry.label == "PERSON" else None
        found = person_english(written, gazetteer_english, following, archive=glossary, learned=learned)
        return found.text, found.source

    return chain


def evaluate_people(
    archive: str | Path,
    pairs_path: str | Path,
    systems: dict[str, EnglishOf] | None = None,
    *,
    split: str = "heldout",
    work_dir: str | Path = "build/eval-people",
    agencies: bool = True,
) -> dict[str, Any]:
    """People of the `split` pairs: how close the shipped chain comes to the government's spelling when its
    archive glossary is mined, and its transliterator trained, from the learning buckets only
    (`learning_buckets`): written under `work_dir`. thai2rom alone and any `systems` are scored in the same
    run; with `agencies`, also the share of agencies named as the English release prints them.
    `split` "heldout" scores bucket 0 (learning from 1-4); "tune" scores bucket 1 (learning from 2-4)."""
    from pipeline.archive.glossary import (
        HEADER_NOTE,
        PEOPLE_COLUMNS,
        load_pairs,
        mine_people_rows,
        pair_alignments,
        texts_for,
        write_tsv,
    )
    from pipeline.english.glossary import PeopleGlossary, read_people
    from pipeline.english.transliterator import NameTransliterator
    from pipeline.english.transliterator_training import train

    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    learn = learning_buckets(split)
    pairs = load_pairs(pairs_path, keep_without_twin=True)
    test_pairs = [p for p in pairs if p.get("th_id") and bucket(p["en_id"]) == SPLITS[split]]
    learning = [p for p in pairs if bucket(p["en_id"]) in learn]
    texts = texts_for(archive, test_pairs + learning)
    test = list(pair_alignments(test_pairs, texts))
    rows = mine_people_rows(learning, texts)
    work = Path(work_dir) / split
    people_path = work / "people.tsv"
    write_tsv(people_path, PEOPLE_COLUMNS, rows, HEADER_NOTE["people"])
    model_path = work / "name-translit" / "name-translit.crfsuite"
    glossary = PeopleGlossary(read_people(people_path))
    learned: Callable[[str], str | None] = lambda _name: None  # noqa: E731 (nothing to learn from: thai2rom)
    trained = {"persons_trained": 0}
    if rows:
        trained = train(people_path, model_path, hold_out=False)
        learned = NameTransliterator(model_path)
    report: dict[str, Any] = {
        "shipped chain (glossary and transliterator from the learning buckets only)": score_chain(
            test, texts, shipped_chain(glossary, learned)
        ),
        "thai2rom alone": score_chain(test, texts, lambda written, _f: (thai2rom_english(written), "transliteration")),
        "glossary (learning buckets) else thai2rom": score_chain(
            test,
            texts,
            lambda written, _f: (glossary_english(rows)(written) or "", "archive or transliteration"),
        ),
    }
    for name, english_of in (systems or {}).items():
        scores = score_names(test, english_of)
        report[name] = {**scores.as_dict(), "examples_of_misses": [list(m) for m in scores.misses[:8]]}
    if agencies:
        from pipeline.archive.agencies import official_english, printed_names, printed_spellings

        triples = [
            (p["en_id"], texts[p["en_id"]], texts[p["th_id"]])
            for p in learning
            if p.get("th_id") and p["en_id"] in texts and p["th_id"] in texts
        ]
        named = printed_names(triples)
        have = {r["gazetteer_id"] for r in named}
        printed = official_english(named + [r for r in printed_spellings(triples) if r["gazetteer_id"] not in have])
        report["agencies keep their official names (printed names learned from the learning buckets)"] = agency_names(
            test_pairs, texts, printed
        )
        report["agencies keep their official names (hand-made gazetteer English only)"] = agency_names(
            test_pairs, texts, {}
        )
    from pipeline.archive.people import thai_people

    titled = sum(len(thai_people(texts[p["th_id"]][:30000])) for p in test_pairs if p["th_id"] in texts)
    report["_data"] = {
        "split": split,
        "test_bucket": SPLITS[split],
        "learning_buckets": sorted(learn),
        "pairs": len(test),
        "pairs_file": str(pairs_path),
        "learning_english_releases": len(learning),
        "glossary_people": len(rows),
        "glossary_file": str(people_path),
        "transliterator": str(model_path),
        "transliterator_persons_trained": trained["persons_trained"],
        "titled_people_in_thai_texts": titled,
        "aligned_people_scored": sum(len(a) for _, a in test),
        "note": "scored people are those aligned with an English name of the twin (gold = that spelling)",
    }
    return report


def agency_names(
    test_pairs: list[dict[str, Any]], texts: dict[str, str], printed: dict[str, str] | None = None
) -> dict[str, Any]:
    """Agencies the gazetteer finds in each Thai twin, against the English twin: "official" when the English
    the pipeline gives is printed in the English release; "other spelling" when the English release prints a
    name close to it (`agencies.closest_phrase`) but not it; agencies the English release names only by
    abbreviation, or not at all, are counted apart and not scored. `printed` (gazetteer id -> English the
    government prints, `agencies.official_english`) replaces the shipped one, so the evaluation can use one
    learned without the scored releases."""
    from pythainlp.tokenize import word_tokenize

    from pipeline.archive.agencies import closest_phrase
    from pipeline.entities.gazetteer import Gazetteer, gazetteer_paths, printed_english

    gazetteer = Gazetteer.from_tsv_files(gazetteer_paths())
    printed = printed_english() if printed is None else printed
    official = other = abbreviation_only = absent = 0
    by_origin = {"hand-made": [0, 0], "printed name learned from the archive": [0, 0]}  # [official, scored]
    misses: list[tuple[str, str, str]] = []
    for pair in test_pairs:
        th, en = texts.get(pair["th_id"]), texts.get(pair["en_id"])
        if th is None or en is None:
            continue
        th = th[:30000]
        starts, ends, position = [], set(), 0
        for token in word_tokenize(th, engine="newmm", keep_whitespace=True):
            starts.append(position)
            position += len(token)
            ends.add(position)
        english_text = " ".join(en[:30000].split())
        lowered = english_text.lower()
        seen: set[str] = set()
        for match in gazetteer.find(th, starts, ends):
            entry = match.entry
            if entry.label != "ORGANIZATION" or not entry.english or entry.id in seen:
                continue
            seen.add(entry.id)
            name = " ".join(printed.get(entry.id, entry.english).split())
            origin = by_origin["printed name learned from the archive" if entry.id in printed else "hand-made"]
            if name.lower() in lowered:
                official += 1
                origin[0] += 1
                origin[1] += 1
                continue
            close = closest_phrase(name, english_text)
            if close:
                other += 1
                origin[1] += 1
                if len(misses) < 12:
                    misses.append((match.surface, name, close))
            elif entry.abbr_en and re.search(rf"\b{re.escape(entry.abbr_en)}\b", english_text):
                abbreviation_only += 1
            else:
                absent += 1
    scored = official + other
    return {
        "agencies_scored": scored,
        "official": official,
        "share_official": round(official / max(scored, 1), 4),
        "other_spelling": other,
        "abbreviation_only_not_scored": abbreviation_only,
        "not_named_in_english_not_scored": absent,
        "by_origin_of_the_english": {
            k: {"scored": v[1], "share_official": round(v[0] / max(v[1], 1), 4)} for k, v in by_origin.items()
        },
        "printed_names_used": len(printed),
        "examples_of_other_spellings": [list(m) for m in misses],
    }
