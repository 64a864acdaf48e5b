"""Runner side of a batch: read and decode each `Source`, refuse bad inputs, spot duplicates, and group
the resulting `Task`s into chunks.

Decoding here (not in the workers) is cheap (well under a millisecond for a typical release, against
about a tenth of a second for the NLP stages) and lets the runner hash every release's normalised text in
input order, so the first of several identical releases is processed and the later ones point to it, the
same way in a fresh run and in a resumed one. Workers then receive the text itself and need no access to
the input files; the text they receive is already normalised (`normalize_text`, computed here for the hash).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pipeline.batch.inputs import ReleaseFields, Source
from pipeline.batch.tasks import Chunk, Outcome, Task, error_outcome, json_line
from pipeline.errors import InputError
from pipeline.ingest import decode_bytes, read_text
from pipeline.normalize import normalize_text

__all__ = ["FirstSeen", "prepare", "chunked", "content_hash"]

#: A Thai letter as `pipeline.ingest.thai_ratio` counts them (vowel signs and tone marks are not letters).
_THAI_LETTER = re.compile(r"(?=[\u0e00-\u0e7f])[^\W\d_]")

#: Keys of the "input" object that the batch writes; a carried field with one of these names is kept as
#: "source_<name>" so that nothing is lost.
RESERVED_INPUT_KEYS = ("origin", "encoding", "was_html", "bytes", "content_sha256")


class FirstSeen:
    """The first input id seen for each content hash, in input order."""

    def __init__(self) -> None:
        self._first: dict[str, str] = {}

    def claim(self, sha: str, input_id: str) -> str | None:
        """Record `input_id` as holding `sha`; return the id that held it first, or None if this is first."""
        first = self._first.get(sha)
        if first is None:
            self._first[sha] = input_id
        return first

    def __len__(self) -> int:
        return len(self._first)


def content_hash(text: str) -> str:
    """sha256 of the normalised text: releases that differ only in spacing, NFC or zero-width characters
    hash alike."""
    return _sha256(normalize_text(text))


def _sha256(normalized_text: str) -> str:
    return hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()


def prepare(
    source: Source,
    seq: int,
    *,
    first_seen: FirstSeen,
    max_bytes: int,
    release_date: dt.date | None = None,
    twins: Mapping[str, str] | None = None,
) -> Task:
    """Read, decode and check one input; a task to process, or one carrying its error or duplicate line.
    The English twin is a JSON record's "english" field, else ``twins[source id]`` (from a pairs file)."""
    input_info: dict[str, Any] = {"origin": source.origin}
    english: str | bytes | None = twins.get(source.id) if twins else None
    try:
        if source.error is not None:
            raise InputError(source.id, source.error)
        if source.size is not None and source.size > max_bytes:
            raise InputError(source.id, f"input is {source.size} bytes, over the limit of {max_bytes} bytes")
        if source.read is None:  # a Source is either readable or carries its error
            raise InputError(source.id, "no content")
        payload = source.read()
        if isinstance(payload, ReleaseFields):
            input_info.update(_carried(payload.fields))
            decoded = read_text(payload.text, source=source.id, max_bytes=max_bytes)
            # The release came as JSON, which is UTF-8 text; "str" would hide that.
            encoding = "utf-8"
            date = _release_date(payload.fields.get("release_date"), source.id) or release_date
            size = len(payload.text.encode("utf-8", "surrogatepass"))
            if "english" in payload.fields:
                english = _english(payload.fields["english"], source.id, max_bytes)
        else:
            decoded = decode_bytes(payload, source=source.id, max_bytes=max_bytes)
            encoding = decoded.encoding
            date = release_date
            size = len(payload)
        input_info.update(encoding=encoding, was_html=decoded.was_html, bytes=size)
        if _THAI_LETTER.search(decoded.text) is None:  # thai_ratio(text) == 0.0, without counting every letter
            raise InputError(source.id, "no Thai text")
    except InputError as exc:
        return Task(
            seq=seq, id=source.id, input=input_info, outcome=error_outcome(seq, source.id, input_info, exc.reason)
        )
    except Exception as exc:  # a bug in a decoder must not stop the run: this input is reported
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return Task(seq=seq, id=source.id, input=input_info, outcome=error_outcome(seq, source.id, input_info, reason))

    # normalised once, here: the worker gets the normalised text and does not normalise it again
    text = normalize_text(decoded.text)
    sha = _sha256(text)
    input_info["content_sha256"] = sha
    first = first_seen.claim(sha, source.id)
    if first is not None:
        return Task(
            seq=seq,
            id=source.id,
            input=input_info,
            sha=sha,
            outcome=duplicate_outcome(seq, source.id, input_info, sha, first),
        )
    return Task(
        seq=seq,
        id=source.id,
        input=input_info,
        sha=sha,
        text=text,
        normalized=True,
        encoding=encoding,
        was_html=decoded.was_html,
        release_date=date.isoformat() if date else None,
        english=english,
    )


def _english(value: object, source: str, max_bytes: int) -> str | bytes | None:
    """A JSON record's "english" field, checked (null is no twin; anything else must be a usable English text)."""
    if value is None:
        return None
    from pipeline.twin import read_twin_input

    read_twin_input(value, source=f"{source} (English twin)", max_bytes=max_bytes)
    assert isinstance(value, str | bytes)  # read_twin_input refuses anything else
    return value


def duplicate_outcome(seq: int, input_id: str, input_info: dict[str, Any], sha: str, first: str) -> Outcome:
    """A records.jsonl line for a release whose normalised text equals an earlier one's: the id, the id of
    the first, and the input; the record is not processed again (it is the first one's)."""
    line = json_line({"id": input_id, "duplicate_of": first, "input": input_info})
    return Outcome(seq=seq, id=input_id, kind="duplicate", line=line, sha=sha, stats={"duplicate_of": first})


def chunked(tasks: Iterable[Task], *, size: int, max_chars: int) -> Iterator[Chunk]:
    """Consecutive tasks in chunks of at most `size` tasks and (unless one task alone is bigger) about
    `max_chars` characters of text, so a very long release travels (nearly) alone."""
    batch: list[Task] = []
    chars = 0
    for task in tasks:
        length = len(task.text or "")
        if batch and chars + length > max_chars:
            yield Chunk(tuple(batch))
            batch, chars = [], 0
        batch.append(task)
        chars += length
        if len(batch) >= size:
            yield Chunk(tuple(batch))
            batch, chars = [], 0
    if batch:
        yield Chunk(tuple(batch))


def _carried(fields: dict[str, Any]) -> dict[str, Any]:
    carried = {}
    for key, value in fields.items():
        if key in ("id", "english"):
            continue  # the line's id; the English twin is in the record
        carried[f"source_{key}" if key in RESERVED_INPUT_KEYS else key] = value
    return carried


def _release_date(value: object, source: str) -> dt.date | None:
    from pipeline.ingest import release_date_of

    return release_date_of(value, source)  # the same dates `process` accepts
