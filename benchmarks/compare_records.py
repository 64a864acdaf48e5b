"""Do two versions of the pipeline give the same records? Dump records with each, then compare the dumps.

A refactoring must not change behaviour: this script processes the same archive releases with whichever
`pipeline` the running Python imports, and writes one record a line; `compare` reports every record that
differs (timing is ignored; the records hold none, batch lines add it).

    /work/main/.venv/bin/python benchmarks/compare_records.py dump --out /tmp/before.jsonl   # main's code
    .venv/bin/python benchmarks/compare_records.py dump --out /tmp/after.jsonl                # this checkout's
    .venv/bin/python benchmarks/compare_records.py compare /tmp/before.jsonl /tmp/after.jsonl

The releases: every ``--stride``-th Thai release of the archive (default 61: 1,000 releases spread over the
61,359 Thai ones from 2020 to 2025), the first ``--limit``; the release date is the one in the release's
id (``2020/09/17/...``), so that relative dates and the release-date strategies are exercised too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import time
from pathlib import Path

_IGNORED = {"timing", "seconds"}


def archive_releases(path: Path, stride: int, limit: int):
    """(id, text, release date) of every ``stride``-th Thai release of the archive, the first ``limit``."""
    taken = thai = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if taken >= limit:
                break
            item = json.loads(line)
            if item.get("lang", "th") != "th":
                continue
            thai += 1
            if (thai - 1) % stride:
                continue
            taken += 1
            try:
                date = dt.date(*map(int, item["id"].split("/")[:3]))
            except (TypeError, ValueError):
                date = None
            yield item["id"], item["text"], date


def dump(args: argparse.Namespace) -> None:
    import pipeline
    from pipeline.errors import InputError

    print(f"pipeline from {Path(pipeline.__file__).parent}", file=sys.stderr)
    started = time.perf_counter()
    n = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for release_id, text, date in archive_releases(args.archive, args.stride, args.limit):
            try:
                line = pipeline.process(text, release_date=date, source_id=release_id).model_dump(mode="json")
            except InputError as exc:
                line = {"id": release_id, "error": exc.reason}
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
            if n % 100 == 0:
                print(f"{n} records, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"{n} records -> {args.out} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _strip(value):
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _IGNORED}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _first_difference(a, b, path: str = "") -> str:
    if type(a) is not type(b):
        return f"{path or '/'}: {a!r:.80} != {b!r:.80}"
    if isinstance(a, dict):
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                return f"{path}/{key}: only in {'after' if key in b else 'before'}"
            if a[key] != b[key]:
                return _first_difference(a[key], b[key], f"{path}/{key}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path or '/'}: {a!r:.80} != {b!r:.80}"


def compare(args: argparse.Namespace) -> int:
    def read(path: Path) -> dict[str, dict]:
        with open(path, encoding="utf-8") as handle:
            return {item["id"]: _strip(item) for item in map(json.loads, handle)}

    before, after = read(args.before), read(args.after)
    missing = sorted(before.keys() ^ after.keys())
    differing = [key for key in before if key in after and before[key] != after[key]]
    for key in differing[: args.show]:
        print(f"{key}: {_first_difference(before[key], after[key])}")
    for key in missing[: args.show]:
        print(f"{key}: only in {'before' if key in before else 'after'}")
    same = len(before) - len(differing) - len(before.keys() - after.keys())
    print(f"{same} of {len(before)} records identical; {len(differing)} differ; {len(missing)} in one dump only")
    return 1 if differing or missing else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    d = commands.add_parser("dump", help="process archive releases and write their records as JSONL")
    d.add_argument("--archive", type=Path, default=Path("../shared/corpora/thaigov-archive.jsonl.gz"))
    d.add_argument("--stride", type=int, default=61)
    d.add_argument("--limit", type=int, default=1000)
    d.add_argument("--out", type=Path, required=True)
    c = commands.add_parser("compare", help="compare two dumps, ignoring timing")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=20, help="differences to print")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args)
    else:
        sys.exit(compare(args))


if __name__ == "__main__":
    main()
