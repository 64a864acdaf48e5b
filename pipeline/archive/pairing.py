"""Find the Thai twin of each English release of the archive, with a score and the evidence for it.

Candidates are Thai releases whose printed date is from a few days before to a day after the English one's.
Each candidate is scored on what both texts state: numbers, gazetteer agencies/places/countries, Latin-script
words of the Thai text found in the English, shared headline keys, people whose romanised Thai name matches
an English name (for the best few), minus a penalty per day apart. The best candidate above a threshold is
the twin; below it, the English release has no twin (the reason is recorded).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.archive.dateline import publication_date
from pipeline.archive.evidence import Evidence, evidence_of, thai_share
from pipeline.archive.reader import ArchiveRelease, SkipCounts, read_archive, split_of

DAYS_BEFORE = 4  # the Thai release may come this many days before the English one
DAYS_AFTER = 1  # ... or this many after
THRESHOLD = 0.30  # below: no twin
NAME_CHECKED = 5  # candidates whose people are aligned (costly) per English release
WEIGHTS = {"numbers": 0.35, "entities": 0.25, "latin": 0.15, "headline": 0.1, "names": 0.25}
DAY_PENALTY = 0.04
NUMBERS_DISAGREE = 3  # both state at least this many numbers and share none: not twins


@dataclass
class Pair:
    en_id: str
    th_id: str | None
    score: float
    split: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "en_id": self.en_id,
            "th_id": self.th_id,
            "score": round(self.score, 4),
            "split": self.split,
            "evidence": self.evidence,
        }


@dataclass
class _Indexed:
    id: str
    date: dt.date
    evidence: Evidence


class _Idf:
    def __init__(self, releases: Iterable[_Indexed]):
        df: Counter[Any] = Counter()
        n = 0
        for r in releases:
            n += 1
            df.update(f"n:{k}" for k in r.evidence.numbers)
            df.update(f"e:{k}" for k in r.evidence.entities)
            df.update(f"l:{k}" for k in r.evidence.latin)
        self.df, self.n = df, max(n, 1)

    def __call__(self, key: str) -> float:
        return math.log((self.n + 1) / (self.df.get(key, 0) + 1)) + 0.1

    def total(self, prefix: str, keys: Iterable[str]) -> float:
        return sum(self(prefix + k) for k in sorted(keys))  # sorted: the same float sum on every run


def _cosine(idf: _Idf, prefix: str, a: set[str], b: set[str]) -> tuple[float, list[str]]:
    shared = a & b
    if not shared:
        return 0.0, []
    value = idf.total(prefix, shared) / math.sqrt(idf.total(prefix, a) * idf.total(prefix, b))
    return value, sorted(shared, key=lambda k: (-idf(prefix + k), k))


def score_candidate(en: _Indexed, th: _Indexed, idf: _Idf) -> tuple[float, dict[str, Any]]:
    """Score of a Thai candidate for an English release (names not included) and its evidence."""
    num, shared_num = _cosine(idf, "n:", en.evidence.numbers, th.evidence.numbers)
    ent, shared_ent = _cosine(idf, "e:", en.evidence.entities, th.evidence.entities)
    shared_lat = th.evidence.latin & en.evidence.latin
    lat = idf.total("l:", shared_lat) / idf.total("l:", th.evidence.latin) if shared_lat else 0.0
    en_head = en.evidence.headline_keys
    th_head = {k for k in th.evidence.headline_keys if not k.startswith("l:")}
    shared_head = en_head & th_head | {
        k
        for k in th.evidence.headline_keys
        if k.startswith("l:") and k[2:] in en.evidence.latin and f"l:{k[2:]}" in en_head
    }
    days = (en.date - th.date).days
    score = (
        WEIGHTS["numbers"] * num
        + WEIGHTS["entities"] * ent
        + WEIGHTS["latin"] * lat
        + WEIGHTS["headline"] * (1.0 if shared_head else 0.0)
        - DAY_PENALTY * abs(days)
    )
    evidence = {
        "en_date": en.date.isoformat(),
        "th_date": th.date.isoformat(),
        "days_apart": days,
        "numbers": shared_num[:12],
        "numbers_score": round(num, 3),
        "numbers_stated": [len(en.evidence.numbers), len(th.evidence.numbers)],
        "entities": shared_ent[:12],
        "entities_score": round(ent, 3),
        "latin": sorted(shared_lat)[:12],
        "latin_score": round(lat, 3),
        "headline_shared": sorted(shared_head)[:6],
    }
    return score, evidence


NameScorer = Callable[[str, str], tuple[float, list[str]]]  # (en_text, th_text) -> (0..1, aligned names)


def pair_archive(
    path: str | Path,
    *,
    skipped: SkipCounts | None = None,
    name_scorer: NameScorer | None = None,
    threshold: float = THRESHOLD,
    progress: Callable[[str], None] | None = None,
) -> list[Pair]:
    """A `Pair` for every English release of the archive (th_id None when no twin), in archive order.

    English releases without a date line, or mostly in Thai, get no twin and a "reason"; unreadable lines
    are counted in `skipped`. `name_scorer` (default: `people.name_overlap`) adds the people evidence for
    the best few candidates.
    """
    skipped = skipped if skipped is not None else SkipCounts()
    if name_scorer is None:
        from pipeline.archive.people import name_overlap

        name_scorer = name_overlap
    english: list[tuple[ArchiveRelease, dt.date | None]] = []
    thai_dates: dict[str, dt.date] = {}
    for release in read_archive(path, skipped):
        date = publication_date(release.text)
        if release.lang == "en":
            english.append((release, date))
        elif date is None:
            skipped.add("Thai release without a date line", release.id)
        else:
            thai_dates[release.id] = date
    wanted_days = {d + dt.timedelta(days=k) for _, d in english if d for k in range(-DAYS_AFTER, DAYS_BEFORE + 1)}
    if progress:
        progress(f"{len(english)} English, {len(thai_dates)} dated Thai releases")

    thai: dict[str, _Indexed] = {}
    for release in read_archive(path):
        date = thai_dates.get(release.id)
        if release.lang == "th" and date in wanted_days:
            thai[release.id] = _Indexed(release.id, date, evidence_of(release.text, "th"))
    by_day: dict[dt.date, list[_Indexed]] = defaultdict(list)
    for item in thai.values():
        by_day[item.date].append(item)
    idf = _Idf(thai.values())
    if progress:
        progress(f"{len(thai)} Thai candidates indexed")

    needed_texts: dict[str, str] = {}
    scored: list[tuple[ArchiveRelease, _Indexed | None, list[tuple[float, _Indexed, dict[str, Any]]]]] = []
    for release, date in english:
        if date is None:
            scored.append((release, None, []))
            continue
        indexed = _Indexed(release.id, date, evidence_of(release.text, "en"))
        candidates = [
            (*score_candidate(indexed, th, idf), th)
            for k in range(-DAYS_AFTER, DAYS_BEFORE + 1)
            for th in by_day.get(date - dt.timedelta(days=k), ())
        ]
        ranked = sorted(((s, th, ev) for s, ev, th in candidates), key=lambda c: (-c[0], c[1].id))[:NAME_CHECKED]
        for _, th, _ in ranked:
            needed_texts[th.id] = ""
        scored.append((release, indexed, ranked))

    for release in read_archive(path):
        if release.id in needed_texts:
            needed_texts[release.id] = release.text

    pairs: list[Pair] = []
    for release, en, ranked in scored:
        split = split_of(release.id)
        if en is None:
            pairs.append(Pair(release.id, None, 0.0, split, {"reason": "no date line"}))
            skipped.add("English release without a date line", release.id)
            continue
        if thai_share(release.text[:5000]) > 0.5:
            pairs.append(
                Pair(release.id, None, 0.0, split, {"reason": "mostly Thai text", "en_date": en.date.isoformat()})
            )
            skipped.add("English release mostly in Thai", release.id)
            continue
        rescored = []
        for base, th, ev in ranked:
            names, aligned = name_scorer(release.text, needed_texts[th.id])
            ev = {**ev, "names": aligned[:8], "names_score": round(names, 3)}
            rescored.append((base + WEIGHTS["names"] * names, th, ev))
        rescored.sort(key=lambda c: (-c[0], c[1].id))
        if not rescored:
            pairs.append(
                Pair(
                    release.id,
                    None,
                    0.0,
                    split,
                    {"reason": "no Thai release within the date window", "en_date": en.date.isoformat()},
                )
            )
            skipped.add("English release with no candidate", release.id)
            continue
        best_score, best, ev = rescored[0]
        ev["candidates"] = len(ranked)
        if len(rescored) > 1:
            ev["runner_up"] = {"th_id": rescored[1][1].id, "score": round(rescored[1][0], 4)}
        if not ev["numbers"] and min(ev["numbers_stated"]) >= NUMBERS_DISAGREE:
            ev = {"reason": "numbers disagree", "best_th_id": best.id, **ev}
            pairs.append(Pair(release.id, None, best_score, split, ev))
            skipped.add("English release whose best candidate's numbers disagree", release.id)
            continue
        if best_score < threshold:
            ev = {"reason": "best candidate below threshold", "best_th_id": best.id, **ev}
            pairs.append(Pair(release.id, None, best_score, split, ev))
            skipped.add("English release with no twin", release.id)
            continue
        pairs.append(Pair(release.id, best.id, best_score, split, ev))
    return _one_to_one(pairs, skipped)


def _one_to_one(pairs: list[Pair], skipped: SkipCounts) -> list[Pair]:
    """When two English releases claim the same Thai release, the lower-scored one loses it."""
    best: dict[str, Pair] = {}
    for pair in pairs:
        if pair.th_id and (pair.th_id not in best or pair.score > best[pair.th_id].score):
            best[pair.th_id] = pair
    out = []
    for pair in pairs:
        if pair.th_id and best[pair.th_id] is not pair:
            skipped.add("Thai twin claimed by a better English release", pair.en_id)
            pair = Pair(
                pair.en_id,
                None,
                pair.score,
                pair.split,
                {
                    "reason": "Thai twin claimed by a better English release",
                    "best_th_id": pair.th_id,
                    "claimed_by": best[pair.th_id].en_id,
                    **pair.evidence,
                },
            )
        out.append(pair)
    return out
