"""The publication date printed in a thaigov release ("วันพุธที่ 10 มีนาคม 2564", near the top).

The archive's folder date is the date the page was scraped, not the date it was published, so pairing
uses this line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from pipeline.normalize import arabic_digits
from pipeline.resources import corpus_file, read_tsv

_HEAD_LINES = 12


@functools.cache
def _month_numbers() -> dict[str, int]:
    months: dict[str, int] = {}
    for row in read_tsv(corpus_file("months.tsv")):
        for name in (
            row["thai_full"].split("|") + row["thai_abbr"].split("|") + [row["english_full"], row["english_abbr"]]
        ):
            if name:
                months[name.lower()] = int(row["number"])
    return months


@functools.cache
def _dateline_re() -> re.Pattern[str]:
    names = "|".join(re.escape(m) for m in sorted(_month_numbers(), key=len, reverse=True))
    return re.compile(rf"^\s*วัน\S*?ที่\s*(\d{{1,2}})\s*({names})\s*(?:พ\.ศ\.\s*)?(\d{{4}})", re.IGNORECASE)


def publication_date(text: str) -> dt.date | None:
    """The date of the release's date line (Buddhist Era converted), or None when there is none.

    >>> publication_date("รัฐบาลไทย-ข่าว\\n\\nวันพุธที่ 10 มีนาคม 2564\\nพิมพ์\\n")
    datetime.date(2021, 3, 10)
    >>> publication_date("no date line here") is None
    True
    """
    pattern = _dateline_re()
    for line in text.split("\n", _HEAD_LINES)[:_HEAD_LINES]:
        m = pattern.match(arabic_digits(line))
        if not m:
            continue
        day, month, year = int(m.group(1)), _month_numbers()[m.group(2).lower()], int(m.group(3))
        if year > 2400:
            year -= 543
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


def without_dateline(text: str) -> str:
    """The text with its date line removed (every release states one, so it is no evidence of twinship)."""
    lines = text.split("\n", _HEAD_LINES)
    pattern = _dateline_re()
    for i, line in enumerate(lines[:_HEAD_LINES]):
        if pattern.match(arabic_digits(line)):
            return "\n".join(lines[:i] + lines[i + 1 :])
    return text
