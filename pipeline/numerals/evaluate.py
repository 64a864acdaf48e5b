"""Measure numeral repair: damage intact releases, detect, and compare with what was lost.

>>> report = evaluate_repairs(["งานจัดขึ้นทั้งหมด 4 รอบ ได้แก่ “ก” “ข” “ค” และ “ง”"], seed=0)
>>> report.releases, report.silent_changes
(1, 0)
"""

from __future__ import annotations

import datetime
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pipeline.dates import find_dates
from pipeline.normalize import arabic_digits, normalize
from pipeline.numerals import apply_repairs, detect_repairs
from pipeline.numerals.damage import Loss, damage_release
from pipeline.numerals.templates import Templates
from pipeline.record import Repair

__all__ = ["RepairReport", "evaluate_repairs", "NEAR"]

NEAR = 3  # a repair this many characters from a loss counts as flagging it


@dataclass
class KindCounts:
    losses: int = 0
    flagged: int = 0
    implied: int = 0
    restored: int = 0  # implied losses restored exactly
    repeated: int = 0  # losses whose phrase is intact elsewhere (not implied)
    restored_repeated: int = 0
    proposed: int = 0
    wrong: int = 0


@dataclass
class TemplateCounts:
    flags: int = 0  # on damaged text
    true_flags: int = 0
    intact_flags: int = 0  # on intact text: all false
    proposals: int = 0
    wrong: int = 0


@dataclass
class RepairReport:
    """What `evaluate_repairs` measured; ratios are properties, `to_table()` prints them."""

    releases: int = 0
    losses: int = 0
    flagged_losses: int = 0
    flags: int = 0
    true_flags: int = 0
    intact_flags: int = 0
    implied: int = 0
    restored: int = 0
    repeated: int = 0
    restored_repeated: int = 0
    proposals: int = 0
    wrong_proposals: int = 0
    silent_changes: int = 0
    by_kind: dict[str, KindCounts] = field(default_factory=lambda: defaultdict(KindCounts))
    by_template: dict[str, TemplateCounts] = field(default_factory=lambda: defaultdict(TemplateCounts))
    missed: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (kind, context) samples
    false: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (template, context) samples
    mistakes: list[tuple[str, str, str, str]] = field(default_factory=list, repr=False)  # wrong proposals
    unrestored: list[tuple[str, str, str]] = field(default_factory=list, repr=False)  # implied, not restored

    @property
    def recall(self) -> float:
        return self.flagged_losses / self.losses if self.losses else 1.0

    @property
    def precision(self) -> float:
        return self.true_flags / self.flags if self.flags else 1.0

    @property
    def false_flags_per_release(self) -> float:
        return self.intact_flags / self.releases if self.releases else 0.0

    @property
    def restored_share(self) -> float:
        return self.restored / self.implied if self.implied else 1.0

    @property
    def restored_repeated_share(self) -> float:
        return self.restored_repeated / self.repeated if self.repeated else 1.0

    def to_table(self) -> str:
        """A plain-text table: totals, then one row per loss kind and per template."""
        lines = [
            f"releases {self.releases}  losses {self.losses}  flags on damaged {self.flags}",
            f"recall {self.recall:.3f}  precision {self.precision:.3f}  "
            f"false flags per intact release {self.false_flags_per_release:.3f}",
            f"restored exactly {self.restored}/{self.implied} = {self.restored_share:.3f} (losses the text implies)",
            f"restored from repeated phrases {self.restored_repeated}/{self.repeated} = "
            f"{self.restored_repeated_share:.3f} (same phrase intact elsewhere; not in the implied share)",
            f"proposals {self.proposals}  wrong proposals {self.wrong_proposals}  silent changes {self.silent_changes}",
            "",
            f"{'loss kind':<16}{'losses':>8}{'recall':>8}{'implied':>9}{'restored':>10}{'repeated':>10}"
            f"{'restored':>10}{'proposed':>10}{'wrong':>7}",
        ]
        for kind, c in sorted(self.by_kind.items()):
            recall = c.flagged / c.losses if c.losses else 0.0
            lines.append(
                f"{kind:<16}{c.losses:>8}{recall:>8.3f}{c.implied:>9}{c.restored:>10}{c.repeated:>10}"
                f"{c.restored_repeated:>10}{c.proposed:>10}{c.wrong:>7}"
            )
        lines += ["", f"{'template':<30}{'flags':>7}{'true':>7}{'intact':>8}{'proposals':>11}{'wrong':>7}"]
        for template, c in sorted(self.by_template.items()):
            lines.append(f"{template:<30}{c.flags:>7}{c.true_flags:>7}{c.intact_flags:>8}{c.proposals:>11}{c.wrong:>7}")
        return "\n".join(lines)


def _digits(s: str) -> str:
    return re.sub(r"[,\s]", "", arabic_digits(s))


def restores(loss: Loss, repair: Repair) -> bool:
    """Does the repair's replacement give back exactly what was lost?"""
    if repair.replacement is None:
        return False
    value = repair.replacement.strip()
    if loss.kind in ("date_day_month", "date_day"):
        lost, got = find_dates(loss.original + " 2563"), find_dates(value + " 2563")
        if loss.kind == "date_day":
            return _digits(value) == _digits(loss.original)
        return bool(lost and got) and (lost[0].value.day, lost[0].value.month) == (got[0].value.day, got[0].value.month)
    if loss.kind == "month":
        return value == loss.original
    return _digits(value) == _digits(loss.original)


def _near(loss: Loss, repair: Repair) -> int | None:
    distance = (
        0
        if repair.start <= loss.position <= repair.end
        else min(abs(loss.position - repair.start), abs(loss.position - repair.end))
    )
    return distance if distance <= NEAR else None


def _silent_changes(text: str, repairs: list[Repair]) -> int:
    """Places where applying the repairs changed text outside every listed repair span."""
    repaired = apply_repairs(text, repairs)
    changes, pos_in, pos_out = 0, 0, 0
    for repair in sorted(repairs, key=lambda r: (r.start, r.end)):
        if repair.replacement is None:
            continue
        keep = text[pos_in : repair.start]
        if repaired[pos_out : pos_out + len(keep)] != keep:
            changes += 1
        pos_out += len(keep)
        if repaired[pos_out : pos_out + len(repair.replacement)] != repair.replacement:
            changes += 1
        pos_out += len(repair.replacement)
        pos_in = repair.end
    if repaired[pos_out:] != text[pos_in:]:
        changes += 1
    return changes


def _context(text: str, at: int) -> str:
    return text[max(0, at - 25) : at].replace("\n", "⏎") + "⟦⟧" + text[at : at + 20].replace("\n", "⏎")


def _release_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def evaluate_repairs(
    texts: Iterable[str | Mapping[str, object]],
    *,
    seed: int = 0,
    rate: float = 0.35,
    templates: Templates | None = None,
) -> RepairReport:
    """Damage each intact release (normalised first), detect repairs on it and on the intact text, and count.

    A release is its text, or a record ``{"text": …, "release_date": …}`` (an ISO date or `datetime.date`);
    the release date is passed to detection only when the record gives it. It is never read from the text's
    own dateline, which the damage may have removed.
    """
    report = RepairReport()
    rng = random.Random(seed)
    for item in texts:
        raw, release_date = (
            (item, None) if isinstance(item, str) else (str(item["text"]), _release_date(item.get("release_date")))
        )
        intact = normalize(raw).text
        report.releases += 1
        for repair in detect_repairs(intact, release_date=release_date, templates=templates):
            report.intact_flags += 1
            report.by_template[repair.template].intact_flags += 1
            if len(report.false) < 400:
                report.false.append((repair.template, _context(intact, repair.start)))
        damaged = damage_release(intact, rng, rate=rate, templates=templates)
        repairs = detect_repairs(damaged.text, release_date=release_date, templates=templates)
        report.silent_changes += _silent_changes(damaged.text, repairs)
        matched: dict[int, Loss] = {}
        for loss in damaged.losses:
            kind = report.by_kind[loss.kind]
            report.losses += 1
            kind.losses += 1
            report.implied += loss.implied
            kind.implied += loss.implied
            report.repeated += loss.repeated
            kind.repeated += loss.repeated
            options = [(d, i) for i, r in enumerate(repairs) if i not in matched and (d := _near(loss, r)) is not None]
            if not options:
                if loss.implied and len(report.unrestored) < 400:
                    report.unrestored.append((loss.kind, loss.original, _context(damaged.text, loss.position)))
                if len(report.missed) < 400:
                    report.missed.append((loss.kind, _context(damaged.text, loss.position)))
                continue
            _, index = min(options)
            matched[index] = loss
            report.flagged_losses += 1
            kind.flagged += 1
            repair = repairs[index]
            if loss.implied and not restores(loss, repair) and len(report.unrestored) < 400:
                report.unrestored.append((loss.kind, loss.original, repair.evidence))
            if repair.replacement is not None:
                kind.proposed += 1
                if restores(loss, repair):
                    if loss.implied:
                        report.restored += 1
                        kind.restored += 1
                    elif loss.repeated:
                        report.restored_repeated += 1
                        kind.restored_repeated += 1
                else:
                    kind.wrong += 1
        for i, repair in enumerate(repairs):
            counts = report.by_template[repair.template]
            report.flags += 1
            counts.flags += 1
            if i in matched:
                report.true_flags += 1
                counts.true_flags += 1
            if repair.replacement is not None:
                report.proposals += 1
                counts.proposals += 1
                if i not in matched or not restores(matched[i], repair):
                    report.wrong_proposals += 1
                    counts.wrong += 1
                    if len(report.mistakes) < 400:
                        lost = matched[i].original if i in matched else "(no loss)"
                        report.mistakes.append((repair.template, lost, repair.replacement, repair.evidence))
    return report
