"""`thaipress batch`: a thin layer over `pipeline.batch.run_batch`.

Register it on the main app with `app.command("batch")(batch)`; `python -m pipeline.batch` runs it alone.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from pipeline.ingest import DEFAULT_MAX_BYTES

__all__ = ["batch", "batch_app", "Engine"]


class Engine(str, Enum):
    local = "local"
    dask = "dask"
    inprocess = "inprocess"


def batch(
    inputs: list[str] = typer.Argument(
        ..., help="Files, folders (recursive), globs, .zip / .tar.gz archives, .jsonl(.gz) files of {id, text, ...}."
    ),
    out: Path = typer.Option(..., "--out", help="Output folder: records.jsonl, errors.jsonl, summary.json, shards/."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Worker processes (default: all cores)."),
    resume: bool = typer.Option(False, "--resume", help="Finish an interrupted run in --out (same inputs)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: process pool; dask: Dask distributed."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler, tcp://HOST:PORT (default: a local cluster of --workers)."
    ),
    parquet: bool = typer.Option(False, "--parquet", help="Also write records.parquet (a flat table)."),
    release_date: str | None = typer.Option(
        None, "--release-date", help="YYYY-MM-DD, for relative dates (a JSONL record's release_date wins)."
    ),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Size limit of one release."),
    chunk_size: int = typer.Option(32, "--chunk-size", min=1, help="Inputs per chunk (and per shard)."),
    timeout: float = typer.Option(
        120.0,
        "--timeout",
        min=0,
        help="Seconds one input may take; then it is a 'timeout' error line and its worker is replaced "
        "(0: no limit; local engine).",
    ),
    glossary: list[Path] | None = typer.Option(
        None,
        "--glossary",
        help="Reviewer name glossary TSV (thaipress review glossary export; repeatable, later wins). "
        "Local workers inherit it; remote Dask workers need $THAIPRESS_GLOSSARY and the file.",
    ),
    pairs: Path | None = typer.Option(
        None, "--pairs", help="Archive pairs JSONL {en_id, th_id}: each Thai input (by id) gets its English twin."
    ),
    english_from: Path | None = typer.Option(
        None, "--english-from", help="JSONL(.gz) of {id, text} holding the English releases of --pairs."
    ),
) -> None:
    """Process many releases in parallel into --out, resumably. Bad inputs become lines of errors.jsonl
    (exit 0); the summary is printed as JSON."""
    from pipeline.batch.progress import auto_progress
    from pipeline.batch.run import BatchError, run_batch

    if scheduler and engine is not Engine.dask:
        typer.echo("thaipress: --scheduler needs --engine dask", err=True)
        raise typer.Exit(2)
    if glossary:
        from pipeline.english.glossary import GlossaryError, use_reviewer_glossaries

        try:
            use_reviewer_glossaries(glossary)
        except GlossaryError as exc:
            typer.echo(f"thaipress: {exc}", err=True)
            raise typer.Exit(1) from None
    if (pairs is None) != (english_from is None):
        typer.echo("thaipress: --pairs and --english-from go together", err=True)
        raise typer.Exit(2)
    twins = None
    if pairs is not None and english_from is not None:
        from pipeline.errors import InputError
        from pipeline.twin.pairs import twins_from_pairs

        try:
            twins = twins_from_pairs(pairs, english_from)
        except InputError as exc:
            typer.echo(f"thaipress: {exc}", err=True)
            raise typer.Exit(1) from None
    try:
        summary = run_batch(
            inputs,
            out,
            workers=workers,
            resume=resume,
            engine=engine.value,
            scheduler=scheduler,
            parquet=parquet,
            release_date=release_date,
            max_bytes=max_bytes,
            chunk_size=chunk_size,
            progress=auto_progress(),
            twins=twins,
            timeout=timeout or None,
        )
    except BatchError as exc:
        typer.echo(f"thaipress: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(summary.model_dump_json(indent=2))


batch_app = typer.Typer(add_completion=False, help="Process release archives in parallel, resumably.")
batch_app.command("batch")(batch)
