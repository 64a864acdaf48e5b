"""Twins from the archive's pairs file (``corpora/archive/pairs.jsonl``: one line per English release,
``{"en_id", "th_id" or null, "score", "split", "evidence"}``) and the archive that holds the texts."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.errors import InputError
from pipeline.evaluation.samples import iter_sample

__all__ = ["twins_from_pairs"]


def twins_from_pairs(pairs: str | Path, archive: str | Path) -> dict[str, str]:
    """Thai release id -> the English twin's text, for every pair with a Thai side (the first pair of a Thai
    release wins). `InputError` names a pairs file that is missing or malformed."""
    try:
        lines = Path(pairs).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(pairs), exc.strerror or str(exc)) from None
    english_of: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            pair = json.loads(line)
            en_id, th_id = pair["en_id"], pair.get("th_id")
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{pairs}:{number}", 'invalid pairs line: needs {"en_id", "th_id"}') from None
        if th_id:
            english_of.setdefault(str(th_id), str(en_id))
    wanted = set(english_of.values())
    try:
        texts = {item["id"]: item["text"] for item in iter_sample(archive) if item.get("id") in wanted}
    except OSError as exc:
        raise InputError(str(archive), exc.strerror or str(exc)) from None
    return {th: texts[en] for th, en in english_of.items() if en in texts}
