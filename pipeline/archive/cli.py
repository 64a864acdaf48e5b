"""`thaipress archive ...`: pair the archive's English releases with their Thai twins, mine glossaries,
evaluate names. Each command calls one function of `pipeline.archive`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

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
        raise typer.Exit(1) from None
    write_jsonl(out, (p.as_dict() for p in pairs))
    found = sum(1 for p in pairs if p.th_id)
    typer.echo(
        json.dumps(
            {"english_releases": len(pairs), "with_twin": found, "skipped": skipped.as_dict()},
            ensure_ascii=False,
            indent=2,
        )
    )


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")


@archive_app.command("glossary")
def glossary_command(
    archive: Path = typer.Argument(..., help="Archive JSONL(.gz) of {id, lang, text}."),
    pairs: Path = typer.Option(
        Path("corpora/archive/pairs.jsonl"), "--pairs", help="pairs.jsonl from `archive pairs`."
    ),
    out_dir: Path = typer.Option(
        Path("corpora/glossary"), "--out-dir", help="Where people.tsv, roles_mined.tsv, agencies.tsv go."
    ),
    exclude_split: str | None = typer.Option(
        None, "--exclude-split", help="Leave out the pairs of this split (heldout)."
    ),
    gazetteer_out: Path | None = typer.Option(
        None, "--gazetteer-out", help="Also write mined agencies the gazetteers lack (gazetteer TSV)."
    ),
) -> None:
    """Mine the people, roles and agencies glossaries from the pairs."""
    from pipeline.archive.glossary import GlossaryFormatError, build_glossaries

    try:
        counts = build_glossaries(archive, pairs, out_dir, exclude_split=exclude_split, gazetteer_out=gazetteer_out)
    except (OSError, GlossaryFormatError) as exc:
        _say(str(exc))
        raise typer.Exit(1) from None
    typer.echo(json.dumps(counts, ensure_ascii=False, indent=2))


@archive_app.command("eval-people")
def eval_people_command(
    archive: Path = typer.Argument(..., help="Archive JSONL(.gz) of {id, lang, text}."),
    pairs: Path = typer.Option(
        Path("corpora/archive/pairs.jsonl"), "--pairs", help="pairs.jsonl from `archive pairs`."
    ),
    glossary: Path | None = typer.Option(
        None, "--glossary", help="Also score this people glossary (+ thai2rom); build it with --exclude-split heldout."
    ),
    english_of: list[str] = typer.Option(
        [],
        "--english-of",
        help="Also score MODULE:FUNCTION, a callable Thai name (with title) -> English or None (repeatable).",
    ),
    split: str = typer.Option(
        "heldout", "--split", help="heldout (bucket 0, learn from 1-4) or tune (bucket 1, learn from 2-4)."
    ),
    work_dir: Path = typer.Option(
        Path("build/eval-people"), "--work-dir", help="Where the glossary and transliterator learned for it go."
    ),
) -> None:
    """Share of people in held-out Thai releases whose English is within 0.85 of the government's spelling:
    the shipped name chain, its glossary and transliterator learned without the scored releases."""
    from pipeline.archive.evaluate import evaluate_people, glossary_english
    from pipeline.archive.glossary import GlossaryFormatError, read_glossary

    systems = {}
    try:
        if glossary:
            systems[f"{glossary} + thai2rom"] = glossary_english(read_glossary(glossary))
        for spec in english_of:
            systems[spec] = _load_callable(spec)
        if split not in ("heldout", "tune"):
            raise typer.BadParameter(f"{split!r} is not heldout or tune", param_hint="--split")
        report = evaluate_people(archive, pairs, systems, split=split, work_dir=work_dir)
    except (OSError, GlossaryFormatError) as exc:
        _say(str(exc))
        raise typer.Exit(1) from None
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


def _load_callable(spec: str) -> Callable[..., Any]:
    """MODULE:FUNCTION -> the function; a usage error (exit 2) when it cannot be loaded."""
    import importlib

    module_name, _, function = spec.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), function)
    except (ImportError, AttributeError, ValueError) as exc:
        raise typer.BadParameter(f"cannot load {spec!r}: {exc}", param_hint="--english-of") from None
    if not callable(found):
        raise typer.BadParameter(f"{spec!r} is not callable", param_hint="--english-of")
    loaded: Callable[..., Any] = found
    return loaded
