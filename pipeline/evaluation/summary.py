"""Summary evaluation: faithfulness over a sample of releases, and agreement with the agency's own English.

`faithfulness_over_sample` summarises Thai releases and counts summaries with numbers that do not trace to the
release (the target is 0). `evaluate_summaries` compares our summary of a Thai release with the English
release the agency published on the same story: every number we state must be in the Thai text (share 1.0);
how many of the English release's key numbers and organisations we state; how close our romanised person
names are to the official spellings.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.english.faithfulness import check, traceable_numbers
from pipeline.english.summary import Summary, summarize
from pipeline.evaluation.samples import iter_sample
from pipeline.record import Release

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?(?![\w])")
_THAI = re.compile(r"[\u0e01-\u0e4e]")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:-[a-z]+)*(?: [A-Z][a-z]+(?:-[a-z]+)*)+")


@dataclass
class SummaryPair:
    """A Thai release and the agency's English release on the same story."""

    thai_id: str
    english_id: str
    thai_text: str
    english_text: str


@dataclass
class PairScore:
    thai_id: str
    english_id: str
    numbers_in_thai: float  # share of our summary's numbers found in the Thai text (must be 1.0)
    key_numbers_stated: float | None  # share of the English release's key numbers our summary states
    organizations_stated: float | None  # share of the English release's organisations our summary names
    name_similarity: float | None  # mean best similarity of our romanised names to the official spellings
    flagged: bool
    key_numbers_stated_before_fix: float | None = None  # the same share by the earlier count of key numbers


@dataclass
class SummaryReport:
    pairs: list[PairScore] = field(default_factory=list)

    def mean(self, attribute: str) -> float | None:
        values = [getattr(p, attribute) for p in self.pairs if getattr(p, attribute) is not None]
        return sum(values) / len(values) if values else None

    def as_dict(self) -> dict:
        keys = (
            "numbers_in_thai",
            "key_numbers_stated",
            "key_numbers_stated_before_fix",
            "organizations_stated",
            "name_similarity",
        )
        return {
            "pairs": len(self.pairs),
            **{k: self.mean(k) for k in keys},
            "flagged": sum(p.flagged for p in self.pairs),
        }


@dataclass
class SampleReport:
    releases: int = 0
    untraceable_numbers: int = 0  # summaries stating a number the release does not support
    flagged: int = 0  # summaries failing any faithfulness test
    skipped: int = 0  # inputs that are not Thai releases or fail to process
    examples: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("releases", "untraceable_numbers", "flagged", "skipped")} | {
            "examples": self.examples[:10]
        }


def summarized_record(text: str, source_id: str | None = None, summarizer=None) -> tuple[Release, Summary]:
    """Process a release, extract its event and summarise it (what `build_record` does once integrated)."""
    from pipeline.event import extract_event
    from pipeline.release import process

    record = process(text, source_id=source_id)
    record = record.model_copy(update={"event": extract_event(record)})
    summary = summarize(record, summarizer)
    return record.model_copy(update={"summary_en": summary.text}), summary


def is_english(text: str) -> bool:
    return len(_THAI.findall(text)) < 0.05 * max(1, len(text))


def faithfulness_over_sample(
    path: Path | str, limit: int = 500, summarizer=None, progress: Callable[[int], None] | None = None
) -> SampleReport:
    """Summarise the first `limit` Thai releases of a JSONL sample (id, text) and count unfaithful summaries."""
    from pipeline.errors import InputError

    report = SampleReport()
    for item in iter_sample(path):
        if report.releases >= limit:
            break
        if is_english(item["text"]):
            continue
        try:
            record, summary = summarized_record(item["text"], str(item["id"]), summarizer)
        except InputError:
            report.skipped += 1
            continue
        report.releases += 1
        problems = check(summary.text, record)
        numbers = [p for p in problems if p.kind in ("number", "proposal")]
        report.flagged += bool(problems)
        report.untraceable_numbers += bool(numbers)
        if problems:
            report.examples.append({"id": item["id"], "problems": [str(p) for p in problems]})
        if progress:
            progress(report.releases)
    return report


def load_pairs(pairs_path: Path | str, sample_path: Path | str, split: str | None = None) -> list[SummaryPair]:
    """Resolve a JSONL of {thai_id, english_id} (or the archive's {th_id, en_id}) against the sample that holds
    the texts; ``split`` ("dev" or "heldout", by the shared sha1(en_id) % 5 convention) keeps one split."""
    from pipeline.twin.evaluate import split_of

    wanted = []
    for line in Path(pairs_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        p = json.loads(line)
        p = {"thai_id": p.get("thai_id", p.get("th_id")), "english_id": p.get("english_id", p.get("en_id"))}
        if p["thai_id"] and (split is None or split_of(p["english_id"]) == split):
            wanted.append(p)
    ids = {p["thai_id"] for p in wanted} | {p["english_id"] for p in wanted}
    texts = {item["id"]: item["text"] for item in iter_sample(sample_path) if item["id"] in ids}
    return [
        SummaryPair(p["thai_id"], p["english_id"], texts[p["thai_id"]], texts[p["english_id"]])
        for p in wanted
        if p["thai_id"] in texts and p["english_id"] in texts
    ]


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\.?"
)
_NOT_CONTENT = re.compile(
    # page furniture: addresses ("…/contents/details/50517"), numeric dates ("15/01/2567") and lines in Thai
    # script only (the site's Thai date line "วันจันทร์ที่ 15 มกราคม 2567")
    r"(?:https?://|www\.)\S+|\b\d{1,2}/\d{1,2}/\d{2,4}\b|^[^A-Za-z\n]*[\u0e01-\u0e4e][^A-Za-z\n]*$"
    # days of a date ("10 March", "10\u00a0March", "June 7", "Dec 15-16"), clock times ("1400hrs", "10.30")
    rf"|\b\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{_MONTHS})(?![a-z])"
    rf"|\b(?:{_MONTHS})\s+\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\b"
    r"|\b\d{3,4} ?hrs\b|\b\d{1,2}[.:]\d{2}\b",
    re.MULTILINE,
)
# a list mark: "(43)", "3)", or "7." before a capitalised word
_LIST_MARK = re.compile(r"\((\d{1,2})\)|(?<![\w.,(])(\d{1,2})\)|(?<![\w.,])(\d{1,2})\.(?=\s*[A-Z(“\"])")


def key_numbers(english: str) -> set[str]:
    """Numbers in an English release that carry content: not years (CE or BE), days of a date, clock times,
    list marks or the number in a name (COVID-19), nor the page's furniture (its address, its Thai date line).

    A list mark is "(3)" or "3)", or "3." before a capitalised word when it opens a line or the text also
    marks a neighbouring item ("2." and "3."), so "reached 77. The …" stays a figure.

    >>> sorted(key_numbers("วันพุธที่ 10 มีนาคม 2564\\n1) 120 people; 2) 5 provinces, Dec 15-16. 1. Grow 2. Trade\\n"
    ...                    "Reached 77. The end. https://www.thaigov.go.th/news/contents/details/39830"))
    ['120', '5', '77']
    """
    cleaned = _NOT_CONTENT.sub(" ", english)
    marks = list(_LIST_MARK.finditer(cleaned))
    dotted = {int(m.group(3)) for m in marks if m.group(3)}
    skip = set()
    for m in marks:
        if not m.group(3):
            skip.add(m.start(1) if m.group(1) else m.start(2))
            continue
        n = int(m.group(3))
        if not cleaned[: m.start()].rsplit("\n", 1)[-1].strip() or n - 1 in dotted or n + 1 in dotted:
            skip.add(m.start(3))
    out = set()
    for m in _NUMBER.finditer(cleaned):
        if m.start() in skip:
            continue
        value = float(m.group().replace(",", ""))
        if 1900 <= value <= 2100 or value < 2:
            continue
        if 2400 <= value <= 2700 and value == int(value):
            continue  # a Buddhist Era year (B.E. 2564)
        if re.search(r"[A-Za-z]-$", cleaned[max(0, m.start() - 2) : m.start()]):
            continue  # part of a name: COVID-19, APEC-2022
        out.add(_canon(m.group()))
    return out


def key_numbers_before_fix(english: str) -> set[str]:
    """The key numbers as counted up to issue 11's third round, kept only to compare with earlier reports: it
    also counted list marks, numbers of the page's address and Thai date line, and days of abbreviated dates."""
    out = set()
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    cleaned = re.sub(
        rf"\b\d{{1,2}} (?:{months})|(?:{months}) \d{{1,2}}\b|\b\d{{3,4}} ?hrs\b|\b\d{{1,2}}[.:]\d{{2}}\b", " ", english
    )
    for m in _NUMBER.finditer(cleaned):
        value = float(m.group().replace(",", ""))
        if 1900 <= value <= 2100 or value < 2 or (2400 <= value <= 2700 and value == int(value)):
            continue
        if re.search(r"[A-Za-z]-$", cleaned[max(0, m.start() - 2) : m.start()]):
            continue
        out.add(_canon(m.group()))
    return out


def _canon(number: str) -> str:
    value = float(number.replace(",", ""))
    return str(int(value)) if value == int(value) else str(value)


def english_organizations(english: str) -> set[str]:
    """Gazetteer organisations (English name or abbreviation) that the English release names."""
    from pipeline.entities.gazetteer import default_gazetteer

    found = set()
    for entries in default_gazetteer().entries_by_surface.values():
        for e in entries:
            if e.label != "ORGANIZATION":
                continue
            names = [n for n in (e.english, e.abbr_en) if n and len(n) >= 3]
            if any(re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", english) for n in names):
                found.add(e.id)
    return found


def _names_in(entry_id: str, text: str) -> bool:
    """Does the text name the gazetteer entry by its English name or English abbreviation?"""
    from pipeline.entities.gazetteer import default_gazetteer

    entry = default_gazetteer().entry(entry_id)
    names = [n for n in ((entry.english, entry.abbr_en) if entry else ()) if n and len(n) >= 3]
    return any(re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", text) for n in names)


def score_pair(pair: SummaryPair, record: Release, summary: Summary) -> PairScore:
    ours = [_canon(m.group()) for m in _NUMBER.finditer(re.sub(r"“[^”]*”", " ", summary.text))]
    thai_numbers = traceable_numbers(record)
    numbers_in_thai = sum(n in thai_numbers for n in ours) / len(ours) if ours else 1.0
    keys = key_numbers(pair.english_text)
    stated = set(ours)
    key_share = len(keys & stated) / len(keys) if keys else None
    earlier = key_numbers_before_fix(pair.english_text)
    earlier_share = len(earlier & stated) / len(earlier) if earlier else None
    orgs = english_organizations(pair.english_text)
    our_orgs = {o.canonical for o in record.event.organizers if o.canonical}
    our_orgs |= {oid for oid in orgs if _names_in(oid, summary.text)}
    if record.event.reported_by is not None and record.event.reported_by.canonical:
        our_orgs.add(record.event.reported_by.canonical)
    our_orgs |= {
        p.organization.canonical for p in record.event.participants if p.organization and p.organization.canonical
    }
    org_share = len(orgs & our_orgs) / len(orgs) if orgs else None
    names = [p.name.english for p in record.event.participants if p.name.english]
    similarity = None
    if names and _NAME.search(pair.english_text):
        best = [_best_spelling(_bare(n), pair.english_text) for n in names]
        similarity = sum(best) / len(best)
    return PairScore(
        pair.thai_id,
        pair.english_id,
        numbers_in_thai,
        key_share,
        org_share,
        similarity,
        summary.flagged,
        earlier_share,
    )


def _best_spelling(name: str, english: str) -> float:
    """The best similarity of `name` to any run of as many capitalised words in the English text."""
    size = len(name.split())
    best = 0.0
    for run in _NAME.findall(english):
        words = run.split()
        for i in range(max(1, len(words) - size + 1)):
            candidate = " ".join(words[i : i + size])
            best = max(best, difflib.SequenceMatcher(None, name.lower(), candidate.lower()).ratio())
    return best


def _bare(name: str) -> str:
    """A romanised name without its title (Mr, Gen., Dr ...): the official English spells the title apart."""
    from pipeline.english.names import titles

    for title in sorted(set(titles().values()), key=len, reverse=True):
        if title and name.startswith(title + " "):
            return name[len(title) + 1 :]
    return name


def evaluate_summaries(pairs: Iterable[SummaryPair], summarizer=None) -> SummaryReport:
    """Score our summary of each pair's Thai release against its English release."""
    report = SummaryReport()
    for pair in pairs:
        record, summary = summarized_record(pair.thai_text, pair.thai_id, summarizer)
        report.pairs.append(score_pair(pair, record, summary))
    return report
