"""Numeral-repair templates: the data (``corpora/numerals/templates.toml``) that says where to look.

A template names a detector (how slots are found), the words it anchors on, and the inference strategies
tried on each slot. Loading is lazy and cached; nothing is read at import time.

>>> templates = load_templates()
>>> templates.by_id("ordinal.marker").kind
'ordinal'
"""

from __future__ import annotations

import functools
import pathlib
import tomllib
from dataclasses import dataclass, field

from pipeline.resources import corpus_file

__all__ = ["Lexicon", "Template", "Templates", "TEMPLATES_TOML", "load_templates"]

TEMPLATES_TOML = corpus_file("numerals", "templates.toml")


@dataclass(frozen=True)
class Lexicon:
    """Word lists shared by several detectors and strategies."""

    count_cues: frozenset[str]
    count_blockers: frozenset[str]
    noun_followers: frozenset[str]
    number_words: frozenset[str]
    enumeration_cues: tuple[str, ...]
    parallel_cues: frozenset[str] = frozenset()
    multipliers: frozenset[str] = frozenset()
    unit_tails: frozenset[str] = frozenset()
    weak_count_cues: frozenset[str] = frozenset()
    number_labels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Template:
    """One kind of gap: where a numeral (or the punctuation next to it) is missing."""

    id: str
    kind: str
    detector: str
    strategies: tuple[str, ...]
    words: tuple[str, ...]
    example: str
    counter_example: str
    description: str = ""
    require_cue: bool = True
    follower: str = "phrase"
    min_share: float = 0.9
    min_seen: int = 5
    veto_below: float = 0.0


@dataclass(frozen=True)
class Templates:
    """All templates plus the shared lexicon, in file order."""

    templates: tuple[Template, ...]
    lexicon: Lexicon
    source: str = field(default="", compare=False)

    def __iter__(self):
        return iter(self.templates)

    def __len__(self) -> int:
        return len(self.templates)

    def by_id(self, template_id: str) -> Template:
        """The template called ``template_id`` (KeyError if there is none)."""
        for template in self.templates:
            if template.id == template_id:
                return template
        raise KeyError(template_id)


def parse_templates(data: dict, source: str = "") -> Templates:
    """Build :class:`Templates` from the parsed TOML document; ValueError names a bad entry."""
    lex = data.get("lexicon", {})
    lexicon = Lexicon(
        count_cues=frozenset(lex.get("count_cues", [])),
        count_blockers=frozenset(lex.get("count_blockers", [])),
        noun_followers=frozenset(lex.get("noun_followers", [])),
        number_words=frozenset(lex.get("number_words", [])),
        enumeration_cues=tuple(lex.get("enumeration_cues", [])),
        parallel_cues=frozenset(lex.get("parallel_cues", [])),
        multipliers=frozenset(lex.get("multipliers", [])),
        unit_tails=frozenset(lex.get("unit_tails", [])),
        weak_count_cues=frozenset(lex.get("weak_count_cues", [])),
        number_labels=frozenset(lex.get("number_labels", [])),
    )
    templates = []
    seen: set[str] = set()
    for entry in data.get("template", []):
        missing = {"id", "kind", "detector", "example", "counter_example"} - entry.keys()
        if missing:
            raise ValueError(f"{source}: template {entry.get('id', '?')} lacks {sorted(missing)}")
        if entry.get("follower", "phrase") not in ("phrase", "break", "any"):
            raise ValueError(f"{source}: template {entry['id']}: follower must be 'phrase', 'break' or 'any'")
        if entry["id"] in seen:
            raise ValueError(f"{source}: template id {entry['id']} appears twice")
        seen.add(entry["id"])
        templates.append(
            Template(
                id=entry["id"],
                kind=entry["kind"],
                detector=entry["detector"],
                strategies=tuple(entry.get("strategies", [])),
                words=tuple(dict.fromkeys(entry.get("words", []))),
                example=entry["example"],
                counter_example=entry["counter_example"],
                description=entry.get("description", ""),
                require_cue=bool(entry.get("require_cue", True)),
                follower=entry.get("follower", "phrase"),
                min_share=float(entry.get("min_share", 0.9)),
                min_seen=int(entry.get("min_seen", 5)),
                veto_below=float(entry.get("veto_below", 0.0)),
            )
        )
    return Templates(tuple(templates), lexicon, source)


@functools.cache
def load_templates(path: pathlib.Path | str | None = None) -> Templates:
    """Read the templates file once (default: ``corpora/numerals/templates.toml``)."""
    path = pathlib.Path(path) if path is not None else TEMPLATES_TOML
    with path.open("rb") as handle:
        return parse_templates(tomllib.load(handle), str(path))
