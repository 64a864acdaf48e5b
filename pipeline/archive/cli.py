"""`thaipress archive ...`: pair the archive's English releases with their Thai twins, mine glossaries,
evaluate names. Each command calls one function of `pipeline.archive`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

archive_app = typer.Typer(no_args_is_help=True, help="Bilingual evidence from the thaigov archive.")


def _say(message: str) -> None:
    typer.echo(f"thaipress archive: {message}", err=True)


@archive_app.command("pairs")
def pairs_command(
    archive: Path = typer.Argument(..., help="Archive JSONL(.gz) of {id, lang, text}."),
    out: Path = typer.Option(..., "--out", help="Where to write the pairs (JSONL, one line per English release)."),
) -> None:
    """The Thai twin (or none) of every English release, with score and evidence."""
    from pipeline.archive.pairing import pair_archive
    from pipeline.archive.reader import SkipCounts

    skipped = SkipCounts()
    try:
        pairs = pair_archive(archive, skipped=skipped, progress=_say)
    except OSError as exc:
        _say(str(exc))
        raise typer.Exit(1)
    write_jsonl(out, (p.as_dict() for p in pairs))
    found = sum(1 for p in pairs if p.th_id)
    typer.echo(json.dumps({"english_releases": len(pairs), "with_twin": found, "skipped": skipped.as_dict()},
                          ensure_ascii=False, indent=2))


def write_jsonl(path: Path, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
