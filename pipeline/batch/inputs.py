"""Batch inputs: turn what the user named (files, folders, globs, archives, JSONL) into a lazy, stably
ordered stream of `Source`s, one per release.

Order: the inputs as given; inside a folder or glob, sorted paths; inside an archive, member order; inside
a JSONL file, line order. Nothing is read until `Source.read()` is called, and a `.tar.gz` is streamed, so
a huge archive is never held in memory. A problem found while enumerating (a corrupt archive, an invalid
JSON line, a path that does not exist) is a `Source` whose `error` says why: it becomes an error line, and
the run goes on.

>>> [s.id for s in iter_sources(["seeds"])][:1]
['seeds/apec-local-innovation-forum.th.txt']
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError
from pipeline.jsonl import JsonLine, open_jsonl, read_jsonl

__all__ = ["Source", "ReleaseFields", "iter_sources", "count_sources", "kind_of_path"]


@dataclass(frozen=True)
class ReleaseFields:
    """A release given as a JSON object: its text, and every other field (carried into the output)."""

    text: str
    fields: dict


@dataclass(frozen=True)
class Source:
    """One release to process, not read yet.

    `id` names it in the output (`path`, `archive.zip!member`, a JSONL record's `id` or `file.jsonl:LINE`);
    `origin` says where it lives; `size` is its size in bytes when known before reading (for the size limit);
    `read()` returns its bytes or `ReleaseFields` (or raises `InputError`); `error` is set instead of `read`
    when the input could not even be enumerated.
    """

    id: str
    origin: dict
    read: Callable[[], bytes | ReleaseFields] | None = field(default=None, repr=False)
    size: int | None = None
    error: str | None = None


_ARCHIVE_SUFFIXES = {".zip": "zip", ".tar": "tar", ".tgz": "tar", ".tar.gz": "tar", ".tar.bz2": "tar", ".tar.xz": "tar"}
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def kind_of_path(path: str) -> str:
    """How a file is read: "zip", "tar", "jsonl", "json" or "document" (text or HTML), by its name."""
    name = path.lower()
    for suffix, kind in sorted(_ARCHIVE_SUFFIXES.items(), key=lambda item: -len(item[0])):
        if name.endswith(suffix):
            return kind
    if name.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(".json"):
        return "json"
    return "document"


def iter_sources(inputs: list[str]) -> Iterator[Source]:
    """Every release named by `inputs`, lazily, in a stable order (see the module docstring)."""
    for item in _expand(inputs):
        if isinstance(item, Source):
            yield item
        else:
            yield from _file_sources(item)


def count_sources(inputs: list[str]) -> int:
    """About how many sources `iter_sources(inputs)` gives (for a progress bar's total), cheaply: the
    lines of a JSONL file are counted, not parsed; other inputs are enumerated without being read. Exact
    unless a file is damaged or changes meanwhile (the runner counts the sources it really gets)."""
    total = 0
    for item in _expand(inputs):
        if isinstance(item, Source):
            total += 1
        elif kind_of_path(item) == "jsonl":
            total += _count_jsonl(item)
        else:
            total += sum(1 for _ in _file_sources(item))
    return total


def _expand(inputs: list[str]) -> Iterator[str | Source]:
    """The files named by `inputs` in order (folders walked, globs sorted), or a Source for a name that
    matches nothing."""
    for given in inputs:
        if os.path.isdir(given):
            yield from _folder_files(given)
        elif os.path.exists(given):
            yield given
        elif glob.has_magic(given):
            matches = sorted(p for p in glob.glob(given, recursive=True) if os.path.isfile(p))
            if not matches:
                yield Source(id=given, origin={"path": given}, error="no files match this pattern")
            yield from matches
        else:
            yield Source(id=given, origin={"path": given}, error="no such file or directory")


def _count_jsonl(path: str) -> int:
    """Non-blank lines (one source each, as `pipeline.jsonl.parse_jsonl` skips blank ones), plus one for a
    file that cannot be read to the end (its error source)."""
    count = 0
    try:
        with open_jsonl(path) as handle:
            for raw in handle:
                if not raw.isspace():
                    count += 1
    except (OSError, EOFError, gzip.BadGzipFile):
        count += 1
    return count


def _folder_files(folder: str) -> list[str]:
    """Regular files under `folder`, recursively, sorted by path; hidden files and folders are skipped."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(root, name) for name in files if not name.startswith("."))
    return sorted(found, key=lambda p: Path(p).relative_to(folder).parts)


def _file_sources(path: str) -> Iterator[Source]:
    readers = {
        "zip": _zip_sources,
        "tar": _tar_sources,
        "jsonl": _jsonl_sources,
        "json": _json_source,
        "document": _document_source,
    }
    yield from readers[kind_of_path(path)](path)


def _document_source(path: str) -> Iterator[Source]:
    try:
        size = os.path.getsize(path)
    except OSError:
        size = None
    yield Source(id=path, origin={"path": path}, read=lambda: _read_file(path), size=size)


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


def _json_source(path: str) -> Iterator[Source]:
    """A `.json` file holds one release object `{"text": ..., ...}`; its other fields are carried."""

    def read() -> ReleaseFields:
        data = _read_file(path)
        try:
            item = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(path, f"invalid JSON: {exc}") from None
        return _release_fields(item, path)

    size = os.path.getsize(path) if os.path.exists(path) else None
    yield Source(id=path, origin={"path": path}, read=read, size=size)


def _release_fields(item: object, where: str) -> ReleaseFields:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise InputError(where, "invalid JSON record: needs an object with a string 'text'")
    fields = {key: value for key, value in item.items() if key != "text"}
    return ReleaseFields(text=item["text"], fields=fields)


def _jsonl_sources(path: str) -> Iterator[Source]:
    """One release per non-blank line `{"id", "text", ...}`; the id defaults to `path:LINE`."""
    try:
        for line in read_jsonl(path):
            yield _jsonl_source(line, path)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Source(id=path, origin={"path": path}, error=f"cannot read: {getattr(exc, 'strerror', None) or exc}")


def _jsonl_source(line: JsonLine, path: str) -> Source:
    where = f"{path}:{line.number}"
    origin = {"path": path, "line": line.number}
    if line.error is not None:
        return Source(id=where, origin=origin, error=f"invalid JSON line: {line.error}")
    try:
        fields = _release_fields(line.item, where)
    except InputError as exc:
        return Source(id=where, origin=origin, error=exc.reason)
    record_id = fields.fields.get("id")
    return Source(
        id=str(record_id) if record_id not in (None, "") else where,
        origin=origin,
        read=lambda: fields,
        size=len(fields.text.encode("utf-8", "surrogatepass")),
    )


def _zip_sources(path: str) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        yield Source(id=path, origin={"path": path}, error=f"corrupt archive: {exc}")
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            member_id = f"{path}!{info.filename}"

            def read(info=info, member_id=member_id) -> bytes:
                try:
                    return archive.read(info)
                except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
                    raise InputError(member_id, f"corrupt archive member: {exc}") from None
                except Exception as exc:  # zlib.error and friends from a damaged stream
                    raise InputError(member_id, f"corrupt archive member: {type(exc).__name__}: {exc}") from None

            yield Source(id=member_id, origin={"path": path, "member": info.filename}, read=read, size=info.file_size)


def _tar_sources(path: str) -> Iterator[Source]:
    """Members in archive order, streamed: each member must be read before the next is reached, which the
    batch runner does (it reads a source as soon as it gets it)."""
    last = None
    try:
        with tarfile.open(path, mode="r|*") as archive:
            for info in archive:
                if not info.isfile():
                    continue
                member_id = f"{path}!{info.name}"
                last = info.name

                def read(info=info, member_id=member_id) -> bytes:
                    try:
                        handle = archive.extractfile(info)
                        return handle.read() if handle else b""
                    except (tarfile.TarError, OSError, EOFError) as exc:
                        raise InputError(member_id, f"corrupt archive member: {exc}") from None
                    except Exception as exc:  # zlib.error from a damaged stream
                        raise InputError(member_id, f"corrupt archive member: {type(exc).__name__}: {exc}") from None

                yield Source(id=member_id, origin={"path": path, "member": info.name}, read=read, size=info.size)
    except (tarfile.TarError, OSError, EOFError) as exc:
        where = f" after member {last!r}" if last else ""
        yield Source(id=path, origin={"path": path}, error=f"corrupt archive{where}: {exc}")
    except Exception as exc:  # zlib.error
        where = f" after member {last!r}" if last else ""
        yield Source(id=path, origin={"path": path}, error=f"corrupt archive{where}: {type(exc).__name__}: {exc}")
