"""The word lists of the entity rules and the agency gazetteer (`corpora/lexicons/entity_patterns.toml`)."""

from __future__ import annotations

import functools
import tomllib
import unicodedata
from typing import Any

from pipeline.resources import corpus_file


@functools.cache
def entity_patterns() -> dict[str, Any]:
    """The parsed TOML, every string NFC (the text it is matched against is NFC)."""
    path = corpus_file("lexicons", "entity_patterns.toml")
    with open(path, "rb") as handle:
        loaded: dict[str, Any] = _nfc(tomllib.load(handle))
    return loaded


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value
