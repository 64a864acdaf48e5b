"""Pair English "Government News" items of the thaigov sample with their Thai releases, by date and shared
numbers; writes `summary_pairs.jsonl` (ids only, no corpus text).

Usage: .venv/bin/python corpora/events/build_summary_pairs.py ../shared/corpora/thaigov-sample.jsonl.gz
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

from pipeline.evaluation.summary import is_english, key_numbers, read_sample

OUT = Path(__file__).with_name("summary_pairs.jsonl")
MIN_SHARED = 2  # key numbers both releases state
MAX_DAYS = 4


def id_date(item_id: str) -> dt.date | None:
    m = re.match(r"(\d{4})/(\d{2})/(\d{2})/", item_id)
    return dt.date(*map(int, m.groups())) if m else None


def thai_numbers(text: str) -> set[str]:
    digits = text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    return {
        str(int(float(n.replace(",", "")))) if float(n.replace(",", "")).is_integer() else n.replace(",", "")
        for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", digits)
    }


def main(sample: str) -> None:
    items = list(read_sample(sample))
    english = [i for i in items if is_english(i["text"])]
    thai = [i for i in items if not is_english(i["text"]) and id_date(i["id"])]
    pairs = []
    for en in english:
        when = id_date(en["id"])
        # Small numbers and Buddhist-Era years are shared by chance; only distinctive numbers pair releases.
        keys = {k for k in key_numbers(en["text"]) if float(k) >= 10 and not 2400 <= float(k) <= 2700}
        if when is None or len(keys) < MIN_SHARED:
            continue
        best, best_shared = None, set()
        for th in thai:
            if abs((id_date(th["id"]) - when).days) > MAX_DAYS:
                continue
            shared = keys & thai_numbers(th["text"])
            if len(shared) > len(best_shared):
                best, best_shared = th, shared
        if best is not None and len(best_shared) >= MIN_SHARED and len(best_shared) >= 0.5 * len(keys):
            pairs.append({"thai_id": best["id"], "english_id": en["id"], "shared_numbers": sorted(best_shared)})
    OUT.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    print(f"{len(pairs)} pairs from {len(english)} English items -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
