"""How much each strategy's evidence is worth: one table, so that the strengths can be read and compared
side by side. A candidate's ``confidence`` is one of these (several strategies agreeing on a value combine
by noisy-or, capped at ``MERGED_CAP``); ``PROPOSE_AT`` and ``AMBIGUITY_MARGIN`` decide whether the best
candidate becomes the proposed replacement (``proposals.py``).
"""

from __future__ import annotations

__all__ = ["AMBIGUITY_MARGIN", "CONFIDENCE", "MERGED_CAP", "PROPOSE_AT"]

PROPOSE_AT = 0.5  # a candidate weaker than this is listed for the reviewer but not proposed
AMBIGUITY_MARGIN = 0.15  # a runner-up this close to the best makes the slot ambiguous
MERGED_CAP = 0.95  # agreeing strategies never make a value certain

CONFIDENCE: dict[str, float] = {
    # enumerations (enumerations.py), by the style of the list after the classifier
    "enumeration.quoted": 0.85,  # “ก” และ “ข”
    "enumeration.numbered": 0.8,  # 1) … 2) …
    "enumeration.bullets": 0.7,  # one item a line, after a bullet
    "enumeration.list.commas": 0.65,  # ก, ข และค
    "enumeration.list.shared_prefix": 0.65,  # จังหวัดน่าน จังหวัดแพร่ และจังหวัดตาก
    "enumeration.list.two_items": 0.6,  # ก และข
    "enumeration.list.short_or_alike": 0.5,  # short items separated by spaces
    "enumeration.list.spaces": 0.45,  # longer items separated by spaces: spaces also separate words
    "preceding_list": 0.3,  # partners listed earlier in the sentence: the total may exceed them
    # repeated phrases (phrases.py)
    "repeated_phrase": 0.75,
    # ordinals (ordinals.py): earlier occurrences listed before "this time"
    "occurrences.several": 0.6,
    "occurrences.one": 0.5,
    # amounts (amounts.py)
    "sum_of_parts": 0.6,
    "part_of_total": 0.55,
    # months and dates (dates.py)
    "month.only_completion": 0.9,  # the fragment starts one month abbreviation only
    "month.only_one_mentioned": 0.5,  # of the months it may start, only one is mentioned elsewhere
    "month.possible": 0.2,
    "other_date.today": 0.6,  # the one agreeing date, and "วันนี้" before the slot
    "other_date.one": 0.4,  # one agreeing date: still often another day of the month
    "other_date.several": 0.2,
    "release_date": 0.45,
    # punctuation (punctuation.py)
    "bracket_close": 0.35,
    "abbreviation_dot": 0.7,
}
