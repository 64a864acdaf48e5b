"""Measure restoring from the English twin: damage the Thai side of archive pairs the way `eval repair` does
(`pipeline.numerals.damage`), restore with the English twin, and count by kind what was restored exactly,
what got a wrong value and what was only flagged, over the losses whose value the English states.

Whether the English states a lost value is decided here apart from the aligner: the lost number (at the Thai
scale written after it), percentage, ordinal, day and month is looked up among everything the English
states, wherever it stands.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.archive.reader import split_of
from pipeline.dates import find_dates
from pipeline.errors import InputError
from pipeline.evaluation.samples import iter_sample
from pipeline.normalize import arabic_digits, normalize
from pipeline.numerals import detect_repairs
from pipeline.numerals.damage import Loss, damage_release
from pipeline.numerals.evaluate import _near, restores
from pipeline.record import Repair
from pipeline.twin import EnglishTwin, read_twin_input
from pipeline.twin.english import ranks
from pipeline.twin.restore import detect_repairs_with_twin, thai_scale_after

__all__ = ["TwinReport", "evaluate_twin", "load_pairs", "split_of", "read_archive_pairs"]


def load_pairs(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    """Pairs with a Thai release ({"en_id", "th_id", ...}); ``split`` keeps "dev" or "heldout" only (by the
    shared convention, whatever the file says)."""
    pairs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        pair = json.loads(line)
        if pair.get("th_id") and (split is None or split_of(pair["en_id"]) == split):
            pairs.append(pair)
    return pairs


def read_archive_pairs(pairs: list[dict[str, Any]], archive: str | Path) -> Iterator[tuple[dict[str, Any], str, str]]:
    """(pair, Thai text, English text) for each pair whose two texts the archive holds, in the pairs' order."""
    wanted = {p["en_id"] for p in pairs} | {p["th_id"] for p in pairs}
    texts = {item["id"]: item["text"] for item in iter_sample(archive) if item.get("id") in wanted}
    for pair in pairs:
        if pair["en_id"] in texts and pair["th_id"] in texts:
            yield pair, texts[pair["th_id"]], texts[pair["en_id"]]


@dataclass
class KindCounts:
    losses: int = 0
    stated: int = 0  # the English states the lost value
    restored: int = 0  # stated and restored exactly
    wrong: int = 0  # stated, and a different value proposed
    flagged: int = 0  # stated, flagged without a value
    missed: int = 0  # stated, no repair near it
    wrong_unstated: int = 0  # not stated, and a value proposed that is not the lost one
    restored_without_twin: int = 0  # stated and restored exactly by the text alone (same damage)
    wrong_without_twin: int = 0
    wrong_unstated_without_twin: int = 0  # not stated, and the text alone proposes a value that is not the lost one


@dataclass
class TwinReport:
    pairs: int = 0
    skipped: int = 0
    not_twin: int = 0  # pairs whose English the aligner judged not to be the twin
    by_kind: dict[str, KindCounts] = field(default_factory=lambda: defaultdict(KindCounts))
    mistakes: list[tuple[str, str, str, str]] = field(default_factory=list, repr=False)
    unplaced: list[tuple[str, str, str]] = field(default_factory=list, repr=False)  # stated, flagged only

    def total(self) -> KindCounts:
        out = KindCounts()
        for c in self.by_kind.values():
            for name in vars(out):
                setattr(out, name, getattr(out, name) + getattr(c, name))
        return out

    def as_dict(self) -> dict[str, Any]:
        t = self.total()

        def share(n: int) -> float | None:
            return round(n / t.stated, 3) if t.stated else None

        return {
            "pairs": self.pairs,
            "skipped": self.skipped,
            "not_twin": self.not_twin,
            "losses": t.losses,
            "stated_by_english": t.stated,
            "restored_exactly": share(t.restored),
            "wrong": share(t.wrong),
            "flagged_only": share(t.flagged),
            "missed": share(t.missed),
            "restored_without_twin": share(t.restored_without_twin),
            "wrong_without_twin": share(t.wrong_without_twin),
            "wrong_where_english_silent": t.wrong_unstated,
            "wrong_where_english_silent_without_twin": t.wrong_unstated_without_twin,
            "by_kind": {k: vars(c) for k, c in sorted(self.by_kind.items())},
        }

    def to_table(self) -> str:
        d = self.as_dict()
        lines = [
            f"pairs {self.pairs} (skipped {self.skipped}, English judged not the twin {self.not_twin})  "
            f"losses {d['losses']}"
            f"  stated by the English {d['stated_by_english']}",
            f"of the losses the English states: restored exactly {d['restored_exactly']}  wrong {d['wrong']}  "
            f"flagged only {d['flagged_only']}  missed {d['missed']}",
            f"same damage, without the twin: restored exactly {d['restored_without_twin']}  "
            f"wrong {d['wrong_without_twin']}",
            f"wrong values where the English does not state the lost one: {d['wrong_where_english_silent']} "
            f"(without the twin: {d['wrong_where_english_silent_without_twin']})",
            "",
            f"{'kind':<16}{'losses':>8}{'stated':>8}{'restored':>10}{'wrong':>7}{'flagged':>9}{'missed':>8}"
            f"{'no twin: restored':>19}{'wrong':>7}",
        ]
        for kind, c in sorted(self.by_kind.items()):
            lines.append(
                f"{kind:<16}{c.losses:>8}{c.stated:>8}{c.restored:>10}{c.wrong:>7}{c.flagged:>9}{c.missed:>8}"
                f"{c.restored_without_twin:>19}{c.wrong_without_twin:>7}"
            )
        return "\n".join(lines)


_DIGITS = re.compile(r"(?<![0-9.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![0-9.,])\d+(?:\.\d+)?")


def _times_in_thai(value: float, damaged: str) -> int:
    """How often the damaged Thai text still writes the number (as written, in any role)."""
    return sum(float(m.group().replace(",", "")) == value for m in _DIGITS.finditer(arabic_digits(damaged)))


def english_states(loss: Loss, damaged: str, twin: EnglishTwin) -> bool:
    """Does the English state the lost value, in the kind of figure it was, more often than the damaged Thai
    text still writes it (so that one of the English mentions is the lost one)?"""
    figures = twin.figures
    if loss.kind in ("count", "percent", "ordinal"):
        value = float(arabic_digits(loss.original).replace(",", ""))
        if loss.kind == "percent":
            times = sum(f.kind == "percent" and abs(f.value - value) < 1e-6 for f in figures)
        elif loss.kind == "ordinal":
            times = sum(ranks(f) and f.value == value for f in figures)
        else:
            factor, _rest = thai_scale_after(damaged, loss.position)
            times = sum(
                f.kind == "number" and abs(f.value - value * factor) < 1e-6 * max(1.0, value * factor) for f in figures
            )
        return times > _times_in_thai(value, damaged)
    if loss.kind == "month":
        month = _month_of(loss.original)
        return month is not None and any(
            f.kind == "date" and f.date is not None and f.date[1] == month for f in figures
        )
    day_month = find_dates(loss.original + " 2563") if loss.kind == "date_day_month" else []
    if day_month:
        wanted = (day_month[0].value.month, day_month[0].value.day)
        return any(f.kind == "date" and f.date is not None and f.date[1:] == wanted for f in figures)
    digits = arabic_digits(loss.original).strip()
    intact = find_dates(loss.original + " " + damaged[loss.position : loss.position + 30].split("\n")[0])
    if not digits.isdigit() or not intact or intact[0].start != 0 or intact[0].value.month is None:
        return False
    wanted = (intact[0].value.month, int(digits))
    return any(f.kind == "date" and f.date is not None and f.date[1:] == wanted for f in figures)


def _month_of(abbreviation: str) -> int | None:
    found = find_dates("1 " + abbreviation + " 2563")
    return found[0].value.month if found else None


def _matching(loss: Loss, repairs: list[Repair], used: set[int]) -> Repair | None:
    options = [(d, i) for i, r in enumerate(repairs) if i not in used and (d := _near(loss, r)) is not None]
    if not options:
        return None
    _d, i = min(options)
    used.add(i)
    return repairs[i]


def evaluate_twin(items: Iterable[tuple[dict[str, Any], str, str]], *, seed: int = 0, rate: float = 0.35) -> TwinReport:
    """Damage each pair's Thai text, restore with and without its English, and count (see the module doc)."""
    report = TwinReport()
    rng = random.Random(seed)
    for pair, thai, english in items:
        try:
            twin = read_twin_input(english, source=pair["en_id"])
        except InputError:
            report.skipped += 1
            continue
        intact = normalize(thai).text
        damaged = damage_release(intact, rng, rate=rate)
        with_twin, warnings = detect_repairs_with_twin(damaged.text, twin)
        without = detect_repairs(damaged.text)
        report.pairs += 1
        report.not_twin += bool(warnings)
        used_with: set[int] = set()
        used_without: set[int] = set()
        for loss in damaged.losses:
            c = report.by_kind[loss.kind]
            c.losses += 1
            repair = _matching(loss, with_twin, used_with)
            alone = _matching(loss, without, used_without)
            if not english_states(loss, damaged.text, twin):
                if repair is not None and repair.replacement is not None and not restores(loss, repair):
                    c.wrong_unstated += 1
                if alone is not None and alone.replacement is not None and not restores(loss, alone):
                    c.wrong_unstated_without_twin += 1
                continue
            c.stated += 1
            if alone is not None and alone.replacement is not None:
                if restores(loss, alone):
                    c.restored_without_twin += 1
                else:
                    c.wrong_without_twin += 1
            if repair is None:
                c.missed += 1
            elif repair.replacement is None:
                c.flagged += 1
                if len(report.unplaced) < 300:
                    report.unplaced.append((loss.kind, loss.original, repair.evidence))
            elif restores(loss, repair):
                c.restored += 1
            else:
                c.wrong += 1
                if len(report.mistakes) < 300:
                    report.mistakes.append((loss.kind, loss.original, repair.replacement, repair.evidence))
    return report
