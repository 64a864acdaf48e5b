"""The government-release entity set (`corpora/ner-dev/`): standoff annotations on archive releases.

The texts stay in the archive; the annotation files hold, per release, its id, the sha1 of its text and
the entities as (start, end, label, surface) on the raw archive text. `load_annotated` reads the archive,
checks every sha1 and every surface string, and returns the texts with their spans. `draw_releases` is
the documented rule that chose the releases (see `corpora/ner-dev/README.md`).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.archive.reader import bucket
from pipeline.evaluation.samples import iter_sample
from pipeline.resources import corpus_file

Span = tuple[int, int, str]
SPLITS = ("dev", "heldout", "heldout2", "heldout3", "heldout4", "train")
TRAINING_SPLITS = ("train",)  # buckets 1-4, to train on; `annotation_files()` (`--split all`) leaves them out


class AnnotationError(ValueError):
    """An annotation file that does not match the archive (missing release, changed text, wrong surface)."""


@dataclass(frozen=True)
class AnnotatedRelease:
    id: str
    text: str  # the raw archive text; every span indexes it
    spans: tuple[Span, ...]
    split: str
    scope_start: int = 0  # the site banner before it is not annotated; predictions there are not scored


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def draw_releases(
    archive: str | Path,
    sample: str | Path,
    *,
    count: int,
    seed: int = 12,
    min_bytes: int = 1024,
    max_bytes: int = 4096,
    exclude: Iterable[str] = (),
    held_out: bool = True,
) -> list[str]:
    """The ids the set was drawn from, in draw order.

    Candidates: Thai releases of the archive whose id is not in the sample (the archive's first 10,000
    ids), whose id falls in bucket 0 (`archive.reader.bucket`), and whose text is `min_bytes`..`max_bytes` of UTF-8.
    The candidates are sorted by id and `count` of them drawn with `random.Random(seed).sample`. Ids in
    `exclude` (releases annotated before, for a fresh set) are no candidates. `held_out=False` draws a
    training set instead: ids in buckets 1-4, never bucket 0.
    """
    in_sample = {r["id"] for r in iter_sample(sample)} | set(exclude)
    candidates = sorted(
        r["id"]
        for r in iter_sample(archive)
        if r.get("lang") == "th"
        and r["id"] not in in_sample
        and (bucket(r["id"]) == 0) == held_out
        and min_bytes <= len(r.get("text", "").encode("utf-8")) <= max_bytes
    )
    return random.Random(seed).sample(candidates, min(count, len(candidates)))


def annotation_files(split: str | None = None) -> list[Path]:
    """`corpora/ner-dev/{split}.jsonl`: the one of `split`, or all the evaluation splits (not `train`)."""
    names = tuple(s for s in SPLITS if s not in TRAINING_SPLITS) if split is None else (split,)
    for name in names:
        if name not in SPLITS:
            raise ValueError(f"unknown split {name!r}: expected one of {', '.join(SPLITS)}")
    return [corpus_file("ner-dev", f"{name}.jsonl") for name in names]


def read_annotations(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as error:
                        raise AnnotationError(f"{path}:{number}: not JSON ({error})") from None


def check_release(annotation: dict[str, Any], text: str) -> AnnotatedRelease:
    """The release with its spans, after checking its text's sha1 and every surface string."""
    release_id = annotation["id"]
    if text_sha1(text) != annotation["sha1"]:
        raise AnnotationError(f"{release_id}: the archive text changed (sha1 differs); re-check its annotations")
    spans = []
    for start, end, label, surface in annotation["entities"]:
        if text[start:end] != surface:
            raise AnnotationError(f"{release_id}: span {start}-{end} reads {text[start:end]!r}, annotated {surface!r}")
        spans.append((start, end, label))
    scope = int(annotation.get("scope_start", 0))
    return AnnotatedRelease(release_id, text, tuple(sorted(spans)), annotation.get("split", ""), scope)


def load_annotated(archive: str | Path, split: str | None = None) -> list[AnnotatedRelease]:
    """The annotated releases of `split` (one of `SPLITS`, or all), texts read from `archive`, checked."""
    annotations = {a["id"]: a for a in read_annotations(annotation_files(split))}
    releases = {}
    for record in iter_sample(archive):
        if record["id"] in annotations:
            releases[record["id"]] = check_release(annotations[record["id"]], record["text"])
    missing = sorted(set(annotations) - set(releases))
    if missing:
        raise AnnotationError(f"{len(missing)} annotated releases are not in {archive}: {', '.join(missing[:3])}")
    return [releases[i] for i in annotations]


def spans_from_surfaces(
    text: str, mentions: Iterable[tuple[str, str]], start: int = 0
) -> list[tuple[int, int, str, str]]:
    """Standoff spans from (label, surface) pairs listed in text order: each surface is looked up after the
    previous one's end (how the annotations were written; `corpora/ner-dev/README.md`). A surface may carry
    context to pick the right occurrence, the entity between « and »: "ระหว่าง«ไทย»กับ".

    A space in a surface matches any run of spaces (the archive has no-break spaces).

    >>> spans_from_surfaces("ฟังไทยคู่ฟ้า ระหว่างไทยกับลาว", [("LOCATION", "ระหว่าง«ไทย»"), ("LOCATION", "ลาว")])
    [(20, 23, 'LOCATION', 'ไทย'), (26, 29, 'LOCATION', 'ลาว')]
    """
    spans, cursor = [], start
    for label, surface in mentions:
        left, _, rest = surface.rpartition("«") if "«" in surface else ("", "", surface)
        entity, _, right = rest.partition("»")
        match = _loose(left, entity, right).search(text, cursor) if entity else None
        if match is None:
            raise AnnotationError(f"{surface!r} ({label}) not found after offset {cursor}")
        spans.append((match.start(2), match.end(2), label, match.group(2)))
        cursor = match.end(2)
    return spans


def _loose(*parts: str) -> re.Pattern[str]:
    # A space typed by the annotator matches any run of spaces, no-break spaces or zero-width spaces.
    def one(part: str) -> str:
        return r"[\s\u00a0\u200b]+".join(re.escape(piece) for piece in part.split(" "))

    return re.compile("".join(f"({one(part)})" for part in parts))
