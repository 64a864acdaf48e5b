"""The learned placement of the twin's values: which lost numeral a value of the English goes to, and when
it is proposed rather than only listed.

For each lost slot and each English figure that fits it (`restore._fits`: same kind, at the Thai scale, a
known different unit excluded) the features below describe how well the two match: kind, unit, the words
naming the figure on both sides (learned noun pairs), numbers, dates and names shared around both, the
window between shared anchors, the place the anchors predict, the order of slots and figures, how many
slots and values compete, whether the Thai text alone lists the value among its candidates, and what the
hand-set rules would do (the text's own proposal is not a feature: it is combined afterwards, as before,
so that agreement raises the confidence and a disagreement is shown, never decided by the model). A
logistic regression trained on dev archive pairs (`pipeline.twin.train_placement`, `make twin-placement`)
turns them into the probability that the figure's value is the lost one. The values then go to the slots
greedily by probability, each English figure at most as often as the English states it (dates excepted: a
release repeats its dates), and a value is proposed only at or above the model's threshold (chosen on dev
pairs); below it the values stay candidates. The weights ship as reviewable JSON in
``models/twin-placement/placement.json`` (card in ``models/README.md``).
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.resources import model_file
from pipeline.twin.english import EnglishFigure
from pipeline.twin.restore import (
    _NEEDS_SUPPORT,
    TwinContext,
    TwinPlacement,
    _digits,
    _english_context,
    _figure_key,
    _fits,
    _interpolate,
    _key,
    _names_other_thing,
    _names_same_thing,
    _same_scale,
    _thai_context,
    _unit_matches,
    _unit_named,
    _window,
    thai_scale_after,
)

__all__ = ["Option", "PlacementModel", "default_model", "learned_placements", "options", "FEATURES", "MODEL_PATH"]

KINDS = ("count", "percent", "ordinal", "date", "month")

# name -> what it measures (the card in models/README.md lists the same)
FEATURES: dict[str, str] = {
    **{f"kind_{k}": f"the slot is a {k}" for k in KINDS},
    "one_value": "only one value of the English fits the slot",
    "values_inv": "1 / the number of distinct values that fit the slot",
    "unit_match": "the English names the slot's unit right after the figure",
    "unit_named": "the slot's unit is among the words after the figure",
    "no_unit": "a count whose Thai unit is unknown to the unit tables",
    "same_scale": "both write the number at the same scale word (ล้าน and million)",
    "scaled": "the Thai writes a scale word after the slot",
    "named": "learned noun pairs join the Thai words before the slot and the English words of the figure",
    "named_alone": "named, and no other value of the slot is",
    "other_thing": "the noun pairs say the figure names something else",
    "local": "numbers, dates and names shared by the Thai paragraph and the English one (up to 4, / 4)",
    "local_top": "the figure's paragraph shares the most, and no other value's as much",
    "in_window": "the figure lies between the shared anchors around the slot",
    "window_alone": "only this value lies in that window",
    "estimate_near": "1 - distance to the place the anchors predict / English length (0 without anchors)",
    "estimate_nearest": "it is clearly the nearest value to that place (under 0.35 of the next)",
    "position_diff": "| relative position of the slot in the Thai - of the figure in the English |",
    "order_diff": "| rank of the slot among slots of its kind - rank of the figure among its values | (0-1)",
    "prev_same": "the nearest intact number before the slot (200 chars) is the English's nearest before the figure",
    "next_same": "the nearest intact number after the slot (200 chars) is the English's nearest after the figure",
    "stated_more": "the English states the value more than once (unconsumed)",
    "slots_inv": "1 / the number of slots the value fits",
    "kind_slots_inv": "1 / the number of slots of this kind the twin has values for",
    "thai_listed": "the text alone lists this value among its candidates",
    "hand_placed": "the hand-set rules place this value here",
    "hand_listed": "the hand-set rules list this value here without placing it",
    "word_figure": "the English writes the number as a word (four)",
    "small": "the value is 12 or less",
    "headline": "the figure is in the English's first line",
    "count_unit_match": "count x unit_match",
    "count_local": "count x local",
    "date_estimate_near": "date or month x estimate_near",
    "ordinal_order": "ordinal x (1 - order_diff)",
}

# features also given against the best of the slot's other values ("_rel": this one's minus that best; for
# position_diff the smallest other), so that the weights can read how a value stands against its rivals
_RELATIVE = (
    "position_diff",
    "estimate_near",
    "local",
    "prev_same",
    "next_same",
    "unit_named",
    "named",
    "in_window",
    "hand_placed",
    "thai_listed",
)
FEATURES.update({f"{name}_rel": f"{name} minus the best of the slot's other values" for name in _RELATIVE})

MODEL_PATH = ("twin-placement", "placement.json")
_NEIGHBOUR = 200  # characters to the nearest intact Thai number around a slot (x 1.5 in the English)


@dataclass
class Option:
    """One English figure that fits one slot: the value in the Thai form and its features."""

    slot: int  # index into the context's slots
    index: int  # of the figure in the twin's list
    figure: EnglishFigure
    value: str
    features: dict[str, float]


def options(ctx: TwinContext, hand: list[list[TwinPlacement]]) -> list[Option]:
    """Every (slot, fitting English figure) pair of a release with its features."""
    from pipeline.twin.phrases import thai_words_before

    doc, twin = ctx.doc, ctx.twin
    one_date = len({f.date[1:] for f in twin.figures if f.kind == "date" and f.date is not None}) == 1
    stated = Counter(_figure_key(f) for i, f in enumerate(twin.figures) if i not in ctx.consumed)
    first_line = twin.text.find("\n")
    first_line = len(twin.text) if first_line < 0 else first_line
    per_slot: list[list[tuple[int, EnglishFigure, str]]] = []
    for slot in ctx.slots:
        per_slot.append(
            [
                (i, f, v)
                for i, f in enumerate(twin.figures)
                if i not in ctx.consumed
                and (v := _fits(slot, doc, f, one_date)) is not None
                and _unit_matches(slot, doc, f) is not False
            ]
        )
    fits_value = Counter(_digits(v) for fitting in per_slot for v in {v for _i, _f, v in fitting})
    kind_slots = Counter(slot.template.kind for slot, fitting in zip(ctx.slots, per_slot) if fitting)
    kind_rank: dict[int, float] = {}
    for kind in kind_slots:
        members = [n for n, (s, fitting) in enumerate(zip(ctx.slots, per_slot)) if fitting and s.template.kind == kind]
        for r, n in enumerate(members):
            kind_rank[n] = r / max(1, len(members) - 1)
    thai_at: dict[int, set[float]] = {}
    for t in ctx.thai:
        if t.kind != "date":
            thai_at.setdefault(t.start, set()).add(_key(t.value))
    thai_starts = sorted(thai_at)
    en_figures = sorted(
        (f.start, f.end, _key(f.value)) for f in twin.figures if f.kind in ("number", "percent", "ordinal")
    )
    out: list[Option] = []
    for n, (slot, fitting, repair, hand_options) in enumerate(zip(ctx.slots, per_slot, ctx.repairs, hand)):
        if not fitting:
            continue
        kind = slot.template.kind
        values = {v for _i, _f, v in fitting}
        around = _thai_context(doc, slot.start, ctx.thai)
        local = {i: len(around & _english_context(twin, f)) for i, f, _v in fitting}
        top = max(local.values())
        top_values = {v for i, _f, v in fitting if local[i] == top}
        window = _window(ctx.anchors, slot.start)
        inside = {v for _i, f, v in fitting if window is not None and window[0] <= f.start <= window[1]}
        estimate = (
            _interpolate(ctx.anchors, slot.start, len(doc.text), len(twin.text))
            if ctx.anchors or kind in ("date", "month")
            else None
        )
        nearest_value = None
        if estimate is not None:
            by_distance = sorted(fitting, key=lambda x: abs(x[1].start - estimate))
            first = abs(by_distance[0][1].start - estimate)
            second = next((abs(x[1].start - estimate) for x in by_distance if x[2] != by_distance[0][2]), None)
            if second is None or first < 0.35 * second:
                nearest_value = by_distance[0][2]
        thai_words = thai_words_before(doc.text, slot.start) if kind in _NEEDS_SUPPORT else []
        named = {v for _i, f, v in fitting if _names_same_thing(thai_words, f)}
        order = sorted({f.start for _i, f, _v in fitting})
        thai_listed = {_digits(c.value) for c in repair.candidates}
        hand_placed = {_digits(o.value) for o in hand_options if o.placed}
        hand_listed = {_digits(o.value) for o in hand_options if not o.placed}
        factor, _rest = thai_scale_after(doc.text, slot.end)
        k = bisect.bisect_left(thai_starts, slot.start)
        thai_prev = thai_at[thai_starts[k - 1]] if k and thai_starts[k - 1] >= slot.start - _NEIGHBOUR else set()
        k = bisect.bisect_left(thai_starts, slot.end)
        thai_next = (
            thai_at[thai_starts[k]] if k < len(thai_starts) and thai_starts[k] <= slot.end + _NEIGHBOUR else set()
        )
        mine: list[Option] = []
        for i, f, v in fitting:
            d = _digits(v)
            unit = _unit_matches(slot, doc, f)
            x: dict[str, float] = {f"kind_{k}": float(kind == k) for k in KINDS}
            x["one_value"] = float(len(values) == 1)
            x["values_inv"] = 1 / len(values)
            x["unit_match"] = float(unit is True)
            x["unit_named"] = float(_unit_named(slot, doc, f))
            x["no_unit"] = float(kind == "count" and unit is None)
            x["same_scale"] = float(_same_scale(slot, doc, f))
            x["scaled"] = float(factor != 1.0)
            x["named"] = float(v in named)
            x["named_alone"] = float(named == {v})
            x["other_thing"] = float(_names_other_thing(thai_words, f))
            x["local"] = min(4, local[i]) / 4
            x["local_top"] = float(top > 0 and top_values == {v})
            x["in_window"] = float(v in inside)
            x["window_alone"] = float(inside == {v})
            x["estimate_near"] = 1 - abs(f.start - estimate) / max(1, len(twin.text)) if estimate is not None else 0.0
            x["estimate_nearest"] = float(nearest_value == v and len(values) > 1)
            x["position_diff"] = abs(slot.start / max(1, len(doc.text)) - f.start / max(1, len(twin.text)))
            fig_rank = order.index(f.start) / max(1, len(order) - 1) if len(order) > 1 else kind_rank.get(n, 0.0)
            x["order_diff"] = abs(kind_rank.get(n, 0.0) - fig_rank)
            en_prev = [e for e in en_figures if f.start - 1.5 * _NEIGHBOUR <= e[1] <= f.start]
            en_next = [e for e in en_figures if f.end <= e[0] <= f.end + 1.5 * _NEIGHBOUR]
            x["prev_same"] = float(bool(en_prev) and en_prev[-1][2] in thai_prev)
            x["next_same"] = float(bool(en_next) and en_next[0][2] in thai_next)
            x["stated_more"] = float(stated[_figure_key(f)] > 1)
            x["slots_inv"] = 1 / max(1, fits_value[d])
            x["kind_slots_inv"] = 1 / max(1, kind_slots[kind])
            x["thai_listed"] = float(d in thai_listed)
            x["hand_placed"] = float(d in hand_placed)
            x["hand_listed"] = float(d in hand_listed)
            x["word_figure"] = float(not re.search(r"\d", f.text))
            x["small"] = float(f.value <= 12)
            x["headline"] = float(f.start < first_line)
            x["count_unit_match"] = x["kind_count"] * x["unit_match"]
            x["count_local"] = x["kind_count"] * x["local"]
            x["date_estimate_near"] = (x["kind_date"] + x["kind_month"]) * x["estimate_near"]
            x["ordinal_order"] = x["kind_ordinal"] * (1 - x["order_diff"])
            mine.append(Option(n, i, f, v, x))
        for o in mine:  # each feature against the best of the slot's other values (the same value if none)
            others = [m.features for m in mine if m.value != o.value] or [o.features]
            for name in _RELATIVE:
                best = (min if name == "position_diff" else max)(x[name] for x in others)
                o.features[name + "_rel"] = o.features[name] - best
        out.extend(mine)
    return out


@dataclass(frozen=True)
class PlacementModel:
    """Logistic-regression weights over `FEATURES` and the probability at which a value is proposed."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: str | Path) -> PlacementModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        unknown = set(data["weights"]) - set(FEATURES)
        if unknown:
            raise ValueError(f"{path}: weights for unknown features {sorted(unknown)}")
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]), float(data["threshold"]))

    def to_json(self, **provenance: Any) -> str:
        data = {
            **provenance,
            "threshold": round(self.threshold, 4),
            "bias": round(self.bias, 6),
            "weights": {name: round(self.weights.get(name, 0.0), 6) for name in FEATURES},
            "features": FEATURES,
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@functools.cache
def default_model() -> PlacementModel | None:
    """The shipped model, or None when its file is absent (the hand-set rules then place the values)."""
    path = model_file(*MODEL_PATH)
    return PlacementModel.load(path) if path.exists() else None


def _why(x: dict[str, float]) -> str:
    reasons = []
    if x["unit_match"] or x["unit_named"]:
        reasons.append("the English names the same unit")
    if x["named"]:
        reasons.append("the words around it name what the Thai words before the lost number name")
    if x["local_top"]:
        reasons.append("its English paragraph shares the most numbers, dates or names with the Thai one")
    if x["window_alone"]:
        reasons.append("it lies between the same shared numbers in both releases")
    if x["estimate_nearest"]:
        reasons.append("it stands where the numbers both releases share put the lost one")
    if x["one_value"]:
        reasons.append("it is the only value of this kind the English states that the Thai text does not")
    return "; ".join(reasons) or "its features, weighed by the learned placement"


def assign(
    items: list[tuple[float, int, int, Any, bool]], left: Counter[Any], threshold: float
) -> dict[int, tuple[float, int]]:
    """Greedy one-to-one placement: items (probability, slot, figure start, figure key, is a date) from the most
    probable down to ``threshold``; a slot takes one value, a figure key goes to at most ``left[key]`` slots
    (a date to any number). Returns slot -> (probability, figure start)."""
    left = Counter(left)
    placed: dict[int, tuple[float, int]] = {}
    for p, slot, start, key, is_date in sorted(items, key=lambda x: (-x[0], x[1], x[2])):
        if p < threshold:
            break
        if slot in placed or (not is_date and left[key] <= 0):
            continue
        placed[slot] = (p, start)
        left[key] -= 1
    return placed


def learned_placements(
    ctx: TwinContext, hand: list[list[TwinPlacement]], model: PlacementModel
) -> list[list[TwinPlacement]]:
    """For each slot: one placed value (probability at or above the model's threshold, the figure not used up
    by a likelier slot) or the values that fit, most probable first, as candidates."""
    scored = [(model.probability(o.features), o) for o in options(ctx, hand)]
    best: dict[tuple[int, str], tuple[float, Option]] = {}
    for p, o in scored:
        key = (o.slot, _digits(o.value))
        if key not in best or p > best[key][0]:
            best[key] = (p, o)
    left = Counter(_figure_key(f) for i, f in enumerate(ctx.twin.figures) if i not in ctx.consumed)
    chosen = assign(
        [(p, o.slot, o.figure.start, _figure_key(o.figure), o.figure.kind == "date") for p, o in best.values()],
        left,
        model.threshold,
    )
    placed = {
        n: next((q, o) for (m, _d), (q, o) in best.items() if m == n and q == p and o.figure.start == start)
        for n, (p, start) in chosen.items()
    }
    out: list[list[TwinPlacement]] = []
    for n in range(len(ctx.slots)):
        if n in placed:
            p, o = placed[n]
            why = f"{_why(o.features)} (learned placement: probability {p:.2f})"
            out.append([TwinPlacement(o.value, o.figure, round(min(0.95, p), 3), True, why, o.index)])
            continue
        listed = sorted((x for (slot, _d), x in best.items() if slot == n), key=lambda x: (-x[0], x[1].figure.start))
        out.append(
            [
                TwinPlacement(
                    o.value,
                    o.figure,
                    round(max(0.0, min(p, model.threshold - 0.01)), 3),
                    False,
                    f"probability {p:.2f}, under the learned placement's threshold {model.threshold:.2f}"
                    if p < model.threshold
                    else "the English figure went to a lost number it fits better",
                    o.index,
                )
                for p, o in listed
            ]
        )
    return out
