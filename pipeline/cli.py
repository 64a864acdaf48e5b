"""The `thaipress` command: a thin layer over the library (`pipeline.process`, evaluation, training)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pipeline.archive.cli import archive_app
from pipeline.batch.cli import batch
from pipeline.errors import InputError
from pipeline.ingest import DEFAULT_MAX_BYTES, read_bytes
from pipeline.jsonl import read_jsonl
from pipeline.review.cli import review_app, serve

if TYPE_CHECKING:
    from pipeline.english.summary import Summarizer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Thai press releases to structured records.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure the pipeline on held-out data.")
train_app = typer.Typer(no_args_is_help=True, help="Train the project's models.")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(review_app, name="review")
app.add_typer(archive_app, name="archive")
app.command()(serve)
app.command("batch")(batch)


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    jsonld = "jsonld"


class SummarizerChoice(str, Enum):
    template = "template"
    transformers = "transformers"


class InputFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


def _fail(message: str) -> None:
    typer.echo(f"thaipress: {message}", err=True)


def _read_bounded(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of a file ('-': standard input): ``/dev/zero`` or an endless pipe is
    refused with a size error instead of being read until memory runs out."""
    if path != "-":
        return read_bytes(path, max_bytes=max_bytes)
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError("<stdin>", f"input is over the limit of {max_bytes} bytes")
    return data


def _jobs(
    paths: list[str],
    input_format: InputFormat,
    release_date: str | None,
    english: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """(source, job) pairs; a job is a dict of process() arguments, or an InputError for a bad input. Inputs
    are read with bounds: a text input up to ``max_bytes``, JSONL line by line."""
    twin = None
    if english is not None:
        try:
            twin = _read_bounded(str(english), max_bytes)
        except InputError as exc:
            yield str(english), InputError(f"{english} (English twin)", exc.reason)
            return
    for path in paths:
        name = "<stdin>" if path == "-" else path
        if input_format is InputFormat.text:
            try:
                data = _read_bounded(path, max_bytes)
            except InputError as exc:
                yield name, exc
                continue
            yield (
                name,
                {
                    "text": data,
                    "source_id": None if path == "-" else path,
                    "source": name,
                    "release_date": release_date,
                    "english": twin,
                },
            )
            continue
        yield from _jsonl_jobs(path, name, release_date, max_bytes)


def _jsonl_jobs(
    path: str, name: str, release_date: str | None, max_bytes: int
) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    # a line holds a text and its English twin, each up to max_bytes, JSON-escaped (up to 2x for Thai)
    max_line = 4 * max_bytes + 64 * 1024
    try:
        lines = read_jsonl(sys.stdin.buffer if path == "-" else path, max_line_bytes=max_line)
        for line in lines:
            where, item, error = f"{name}:{line.number}", line.item, line.error
            if error is None and not (isinstance(item, dict) and isinstance(item.get("text"), str)):
                error = "needs an object with a string 'text'"
            if error is not None:
                yield where, InputError(where, f"invalid JSON line: {error}")
                continue
            yield (
                where,
                {
                    "text": item["text"],
                    "source_id": str(item["id"]) if item.get("id") is not None else where,
                    "source": f"{where} (id {item['id']})" if item.get("id") is not None else where,
                    "release_date": item.get("release_date") or release_date,
                    "english": item.get("english"),
                },
            )
    except IsADirectoryError:
        yield name, InputError(name, "is a directory")
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        yield name, InputError(name, f"cannot read: {getattr(exc, 'strerror', None) or exc}")


@app.command()
def process(
    paths: list[str] = typer.Argument(..., help="Files to process; '-' reads standard input."),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", help="Output format."),
    input_format: InputFormat = typer.Option(
        InputFormat.text,
        "--input-format",
        help="text: one release per file; jsonl: one {id, text, release_date, english} per line.",
    ),
    english: Path | None = typer.Option(
        None,
        "--english",
        help="The English twin of the (single) input: lost numerals get the values it states, for review.",
    ),
    release_date: str | None = typer.Option(None, "--release-date", help="YYYY-MM-DD, for relative dates."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Reject inputs larger than this."),
    summarizer: SummarizerChoice = typer.Option(
        SummarizerChoice.template,
        "--summarizer",
        help="English summary: template (default) or a transformers translation model.",
    ),
    model: str | None = typer.Option(
        None, "--model", help="Folder or hub id of a seq2seq model (with --summarizer transformers)."
    ),
    allow_download: bool = typer.Option(False, "--allow-download", help="Let transformers download --model."),
    glossary: list[Path] | None = typer.Option(
        None,
        "--glossary",
        help="Reviewer name glossary TSV (thaipress review glossary export); repeatable, later files win.",
    ),
) -> None:
    """Process releases and print their records. Bad inputs are reported on stderr (exit 1); the rest go on."""
    from pipeline.english.glossary import GlossaryError, use_reviewer_glossaries
    from pipeline.release import process as run
    from pipeline.render import to_markdown

    if glossary:
        try:
            use_reviewer_glossaries(glossary)
        except GlossaryError as exc:
            _fail(str(exc))
            raise typer.Exit(1) from None

    chosen = _load_summarizer(summarizer, model, allow_download)
    if english is not None and (len(paths) != 1 or input_format is InputFormat.jsonl):
        _fail('--english goes with a single text input (in JSONL, give each line an "english" field)')
        raise typer.Exit(2)

    failed = 0
    for source, job in _jobs(paths, input_format, release_date, english, max_bytes):
        try:
            if isinstance(job, InputError):
                raise job
            record = run(
                job["text"],
                release_date=job["release_date"],
                source_id=job["source_id"],
                source=job["source"],
                max_bytes=max_bytes,
                summarizer=chosen,
                english=job["english"],
            )
        except Exception as exc:  # a bad input, or a fault of ours on it: reported, and the run goes on
            failed += 1
            if not isinstance(exc, InputError):
                exc = InputError(source, f"internal error ({type(exc).__name__}: {exc}); please report this input")
            _fail(str(exc))
            if format is OutputFormat.jsonl:
                error_id = (job["source_id"] or source) if isinstance(job, dict) else source
                typer.echo(json.dumps({"id": error_id, "error": exc.reason}, ensure_ascii=False))
            continue
        if format is OutputFormat.json:
            typer.echo(record.model_dump_json(indent=2))
        elif format is OutputFormat.jsonl:
            typer.echo(record.model_dump_json())
        elif format is OutputFormat.jsonld:
            from pipeline.event import to_jsonld

            typer.echo(json.dumps(to_jsonld(record), ensure_ascii=False))
        else:
            typer.echo(to_markdown(record))
    if failed:
        raise typer.Exit(1)


def _load_summarizer(choice: SummarizerChoice, model: str | None, allow_download: bool) -> Summarizer | None:
    """None for the template summary; a loaded transformers summarizer otherwise (exit 1/2 on problems)."""
    if choice is SummarizerChoice.template:
        return None
    if not model:
        _fail("--summarizer transformers needs --model PATH_OR_ID")
        raise typer.Exit(2)
    try:
        from pipeline.english.transformers_backend import ModelUnavailable, TransformersSummarizer
    except ImportError:
        _fail('torch/transformers are not installed: pip install -e ".[transformers]"')
        raise typer.Exit(1) from None
    try:
        chosen = TransformersSummarizer(model, allow_download=allow_download)
        chosen.model.load()
    except ModelUnavailable as exc:
        _fail(str(exc))
        raise typer.Exit(1) from None
    return chosen


@app.command()
def schema() -> None:
    """Print the JSON Schema of the release record."""
    from pipeline.record import Release

    typer.echo(json.dumps(Release.model_json_schema(), ensure_ascii=False, indent=2))


@eval_app.command("ner")
def eval_ner(
    file: Path | None = typer.Argument(
        None, exists=True, dir_okay=False, help="ThaiNER-format file (\\[LABEL]…\\[/LABEL] inline)."
    ),
    gov: Path | None = typer.Option(
        None,
        exists=True,
        dir_okay=False,
        help="The thaigov archive: also score the hand-annotated releases of corpora/ner-dev/.",
    ),
    split: str = typer.Option(
        "dev",
        help="Which annotated releases with --gov: dev, heldout, heldout2, heldout3 or heldout4 (report only), or all.",
    ),
    peer: bool = typer.Option(True, help="Also score pythainlp's bundled ThaiNER CRF, in the same run."),
    detail: bool = typer.Option(True, help="Also print document-level scores and where the errors are."),
) -> None:
    """Entity precision, recall and F1 per label (exact span and label), document-level scores and error kinds."""
    from pipeline.evaluation.ner import (
        MAIN_LABELS,
        evaluate_documents,
        format_results,
        government_documents,
        peer_system,
        pipeline_system,
        thainer_documents,
    )
    from pipeline.evaluation.ner_dev import SPLITS, AnnotationError

    if file is None and gov is None:
        raise typer.BadParameter("give a ThaiNER-format FILE, --gov ARCHIVE, or both")
    if split not in (*SPLITS, "all"):
        raise typer.BadParameter(f"--split must be one of {', '.join(SPLITS)}, all (got {split!r})")
    systems = {"thaipress": pipeline_system()}
    if peer:
        systems["peer (ThaiNER 1.5 CRF)"] = peer_system()
    if file is not None:
        typer.echo(f"== {file} ({len(thainer_documents(file))} lines)")
        typer.echo(format_results(evaluate_documents(thainer_documents(file), systems), detail=detail))
        typer.echo(
            "Exact span and label; ThaiNER's FACILITY counts as LOCATION. Our CRF was trained without these texts;"
            " pythainlp's model was trained on ThaiNER 1.5, whose val.txt lies inside train.txt, so the peer has"
            " seen them."
        )
    if gov is not None:
        try:
            documents = government_documents(gov, None if split == "all" else split)
        except (AnnotationError, OSError) as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"== government releases, corpora/ner-dev split {split} ({len(documents)} releases)")
        typer.echo(format_results(evaluate_documents(documents, systems, MAIN_LABELS), detail=detail))
        typer.echo(
            "Hand-annotated archive releases outside the sample (corpora/ner-dev/README.md); "
            "neither system was trained on them."
        )


@eval_app.command("repair")
def eval_repair(
    sample: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSONL (.gz) of intact releases {id, text}."),
    limit: int = typer.Option(500, help="How many releases."),
    offset: int = typer.Option(0, help="Skip this many lines first (e.g. 5000 for a held-out slice)."),
    seed: int = typer.Option(0, help="Seed of the damage generator."),
) -> None:
    """Damage intact releases the way the reference release was damaged, and score the numeral repairs."""
    from pipeline.evaluation.samples import read_sample
    from pipeline.numerals.evaluate import evaluate_repairs

    releases = read_sample(sample, offset=offset, limit=limit)  # records: a release_date field is used
    typer.echo(evaluate_repairs(releases, seed=seed).to_table())


@eval_app.command("twin")
def eval_twin(
    pairs: Path = typer.Argument(
        Path("corpora/archive/pairs.jsonl"),
        exists=True,
        dir_okay=False,
        help="JSONL of {en_id, th_id, ...} archive pairs.",
    ),
    archive: Path = typer.Option(
        Path("../shared/corpora/thaigov-archive.jsonl.gz"),
        exists=True,
        dir_okay=False,
        help="JSONL(.gz) of {id, text} holding both texts.",
    ),
    split: str = typer.Option(
        "heldout", help="dev (to tune), heldout (to report) or all; held-out iff sha1(en_id) % 5 == 0."
    ),
    limit: int = typer.Option(0, help="At most this many pairs (0: all)."),
    seed: int = typer.Option(0, help="Seed of the damage generator."),
    buckets: str = typer.Option(
        "", help="Keep pairs whose sha1(en_id) % 5 is one of these (e.g. 1 or 2,3,4: dev slices); empty: all."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Damage the Thai side of archive pairs as `eval repair` does and restore the numerals from the English twin."""
    from pipeline.twin.evaluate import evaluate_twin, load_pairs, read_archive_pairs

    if split not in ("dev", "heldout", "all"):
        raise typer.BadParameter("dev, heldout or all", param_hint="--split")
    chosen = load_pairs(pairs, None if split == "all" else split)
    if buckets:
        from pipeline.archive.reader import bucket

        wanted = {int(b) for b in buckets.split(",")}
        chosen = [p for p in chosen if bucket(p["en_id"]) in wanted]
    if limit:
        chosen = chosen[:limit]
    report = evaluate_twin(read_archive_pairs(chosen, archive), seed=seed)
    typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if as_json else report.to_table())


@eval_app.command("summary")
def eval_summary(
    pairs: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSONL of {thai_id, english_id}."),
    sample: Path = typer.Option(
        Path("../shared/corpora/thaigov-sample.jsonl.gz"),
        exists=True,
        help="JSONL(.gz) of {id, text} holding the texts.",
    ),
    faithfulness_limit: int = typer.Option(
        500, help="Thai releases of the sample checked for untraceable numbers (0: skip)."
    ),
    split: str | None = typer.Option(
        None, help="dev or heldout: only that split of the pairs (sha1(en_id) % 5 == 0 is held out)."
    ),
    limit: int = typer.Option(0, help="At most this many pairs (0: all)."),
) -> None:
    """Our summaries against the agencies' English releases, and faithfulness over the sample.
    Archive pairs:
    `eval summary corpora/archive/pairs.jsonl --sample ../shared/corpora/thaigov-archive.jsonl.gz --split heldout`."""
    from pipeline.evaluation.summary import evaluate_summaries, faithfulness_over_sample, load_pairs

    chosen = load_pairs(pairs, sample, split)
    report = evaluate_summaries(chosen[:limit] if limit else chosen).as_dict()
    if faithfulness_limit:
        report["faithfulness"] = faithfulness_over_sample(sample, limit=faithfulness_limit).as_dict()
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@train_app.command("ner")
def train_ner(
    train: Path = typer.Option(
        Path("../shared/corpora/thainer-1.5/train.txt"), exists=True, help="ThaiNER-format training file."
    ),
    held_out: Path | None = typer.Option(
        Path("../shared/corpora/thainer-1.5/val.txt"), help="Texts to leave out of training (kept for evaluation)."
    ),
    out: Path | None = typer.Option(None, help="Where to write the model (default: models/ner-crf/)."),
    clusters: bool = typer.Option(
        False,
        help="Also use the archive's word clusters (corpora/clusters/) as features "
        "(not in the shipped model: no gain on val or the government dev set).",
    ),
    gov: Path | None = typer.Option(
        None,
        exists=True,
        dir_okay=False,
        help="The thaigov archive: also train on the annotated government releases of --gov-split (corpora/ner-dev/).",
    ),
    gov_split: str = typer.Option("train", help="The corpora/ner-dev split to train on (only train is allowed)."),
    gov_repeat: int = typer.Option(1, min=0, help="How many times each government release is added (a weight)."),
    gov_limit: int | None = typer.Option(
        None, min=1, help="Only the first N releases of the split's annotation file (the set a model was trained on)."
    ),
    c1: float | None = typer.Option(None, help="L1 penalty (default 0.05)."),
    c2: float | None = typer.Option(None, help="L2 penalty (default 0.01)."),
    iterations: int | None = typer.Option(None, help="Maximum L-BFGS iterations (default 200)."),
) -> None:
    """Train our CRF entity tagger."""
    from pipeline.entities.crf import PRESS_MODEL
    from pipeline.entities.train import train_ner as run
    from pipeline.evaluation.ner_dev import AnnotationError
    from pipeline.resources import model_file

    params = {k: v for k, v in (("c1", c1), ("c2", c2), ("max_iterations", iterations)) if v is not None}
    try:
        summary = run(
            train,
            out or model_file(PRESS_MODEL),
            held_out=held_out if held_out and held_out.exists() else None,
            clusters=clusters,
            params=params,
            gov_archive=gov,
            gov_split=gov_split,
            gov_repeat=gov_repeat,
            gov_limit=gov_limit,
        )
    except (AnnotationError, ValueError, OSError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


def _slices(slices: list[str]) -> list[tuple[int, int]]:
    """The --slice options as (offset, limit) pairs; a malformed one is a usage error."""
    from pipeline.evaluation.samples import parse_slice

    try:
        return [parse_slice(s) for s in slices]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--slice") from None


@train_app.command("gaps")
def train_gaps(
    sample: Path = typer.Argument(
        ..., exists=True, metavar="SAMPLE", help="JSONL (.gz) of intact releases {id, text}."
    ),
    slices: list[str] = typer.Option(
        ["3000:2000", "6000:4000"], "--slice", help="OFFSET:LIMIT of the sample to learn from (repeatable)."
    ),
    out: Path | None = typer.Option(None, help="Where to write the model (default: models/count-gap/gap.crfsuite)."),
) -> None:
    """Train the gap model that judges whether a number was lost between two words (numeral repair)."""
    from pipeline.numerals.gap_model import train_gap_model_on_sample

    summary = train_gap_model_on_sample(sample, out, _slices(slices))
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


@train_app.command("names")
def train_names(
    people: Path = typer.Argument(
        Path("corpora/glossary/people.tsv"),
        exists=True,
        dir_okay=False,
        help="People glossary TSV mined from the archive.",
    ),
    out: Path | None = typer.Option(
        None, help="Where to write the model (default: models/name-translit/name-translit.crfsuite)."
    ),
) -> None:
    """Train the name transliterator on the development persons of the people glossary (held-out persons,
    sha1 of the Thai name % 5 == 0, are left out)."""
    from pipeline.english.glossary import GlossaryError
    from pipeline.english.transliterator_training import train

    try:
        summary = train(people, out)
    except GlossaryError as exc:
        _fail(str(exc))
        raise typer.Exit(1) from None
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))


@eval_app.command("translit")
def eval_translit(
    people: Path = typer.Argument(
        Path("corpora/glossary/people.tsv"),
        exists=True,
        dir_okay=False,
        help="People glossary TSV mined from the archive.",
    ),
    model: Path | None = typer.Option(None, help="Model file (default: the bundled models/name-translit)."),
    split: str = typer.Option("held-out", help="held-out (persons never trained on) or dev."),
) -> None:
    """Spell persons with the learned transliterator and with thai2rom, in the same run: share within 0.85
    similarity of the government's spelling, and exact."""
    from pipeline.english.glossary import GlossaryError
    from pipeline.english.transliterator_training import evaluate

    if split not in ("held-out", "dev"):
        raise typer.BadParameter("held-out or dev", param_hint="--split")
    try:
        report = evaluate(people, model, split=split)
    except GlossaryError as exc:
        _fail(str(exc))
        raise typer.Exit(1) from None
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@train_app.command("pairs")
def train_pairs(
    sample: Path = typer.Argument(
        ..., exists=True, metavar="SAMPLE", help="JSONL (.gz) of intact releases {id, text}."
    ),
    slices: list[str] = typer.Option(
        ["3000:2000", "6000:4000"], "--slice", help="OFFSET:LIMIT of the sample to learn from (repeatable)."
    ),
    out: Path | None = typer.Option(None, help="Where to write the table (default: corpora/numerals/count_pairs.tsv)."),
) -> None:
    """Learn the count-pair table: word pairs intact releases almost always separate with a number (numeral repair)."""
    from pipeline.numerals.count_pairs import learn_count_pairs_on_sample

    summary = learn_count_pairs_on_sample(sample, out, _slices(slices))
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
