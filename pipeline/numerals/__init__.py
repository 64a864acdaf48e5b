"""Numeral repair: find where extraction lost numerals, propose values the text supports, leave the decision
to a person.

Templates (``corpora/numerals/templates.toml``) name the detectors that find slots (``detectors/``) and the
inference strategies that propose values (``strategies/``); every proposal is a `Repair` with
``status="needs_review"``. ``restore.py`` computes the repaired view (the dates and entities the repairs
imply), for the pipeline and for the review desk.

The package's imports run one way: ``templates`` (the data) → ``lexicon`` (word lookups) → the learners
``count_pairs`` and ``gap_model`` (trained on intact releases, reading the lexicon only) → ``document`` →
``detectors/`` → ``strategies/`` → ``proposals`` → this module; ``rendering`` and ``restore`` apply repairs.

>>> repairs = detect_repairs("แบ่งออกเป็น หัวข้อ ได้แก่ “ก” และ “ข”")
>>> [(r.template, r.replacement) for r in repairs]
[('count.classifier', '2 ')]
>>> apply_repairs("แบ่งออกเป็น หัวข้อ ได้แก่ “ก” และ “ข”", repairs)
'แบ่งออกเป็น 2 หัวข้อ ได้แก่ “ก” และ “ข”'
"""

from __future__ import annotations

import datetime

from pipeline.dates import DateMatch
from pipeline.numerals.detectors import find_slots
from pipeline.numerals.document import Document
from pipeline.numerals.proposals import OverlapResolver, keep_first_non_overlapping, repair_for
from pipeline.numerals.rendering import apply_repairs, render_markdown
from pipeline.numerals.templates import Template, Templates, load_templates
from pipeline.record import Repair

__all__ = ["Template", "Templates", "apply_repairs", "detect_repairs", "load_templates", "render_markdown"]


def detect_repairs(
    text: str,
    *,
    release_date: datetime.date | None = None,
    templates: Templates | None = None,
    resolve: OverlapResolver = keep_first_non_overlapping,
    words: list[str] | None = None,
    dates: list[DateMatch] | None = None,
) -> list[Repair]:
    """Every place in ``text`` where a numeral seems lost, as `Repair` proposals sorted by start.

    ``release_date`` lets date strategies use the release date; ``templates`` defaults to the project's
    templates file; ``resolve`` chooses among overlapping repairs (default: the first, most confident).
    ``words`` (newmm tokens of ``text``) and ``dates`` (``find_dates(text, release_date=...)``) may be
    passed when the caller already has them, as the spaCy pipeline does; otherwise they are computed.
    """
    templates = templates if templates is not None else load_templates()
    doc = Document(text, templates.lexicon, release_date, words=words, dates=dates)
    repairs = [repair_for(slot, doc) for slot in find_slots(doc, templates)]
    return resolve(repairs)
