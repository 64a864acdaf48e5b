"""The `thaipress` command: a thin layer over the library (`pipeline.process`, evaluation, training)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from pipeline.errors import InputError
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.batch.cli import batch
from pipeline.review.cli import review_app, serve

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Thai press releases to structured records.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure the pipeline on held-out data.")
train_app = typer.Typer(no_args_is_help=True, help="Train the project's models.")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(review_app, name="review")
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


def _jobs(paths: list[str], input_format: InputFormat, release_date: Optional[str]) -> Iterator[tuple[str, object]]:
    """(source, job) pairs; a job is a dict of process() arguments, or an InputError for a bad input."""
    for path in paths:
        name = "<stdin>" if path == "-" else path
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            yield name, InputError(name, exc.strerror or str(exc))
            continue
        if input_format is InputFormat.text:
            yield name, {"text": data, "source_id": None if path == "-" else path, "source": name, "release_date": release_date}
            continue
        for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{name}:{number}"
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    raise ValueError("needs an object with a string 'text'")
            except ValueError as exc:
                yield where, InputError(where, f"invalid JSON line: {exc}")
                continue
            yield where, {
                "text": item["text"],
                "source_id": str(item["id"]) if item.get("id") is not None else where,
                "source": f"{where} (id {item['id']})" if item.get("id") is not None else where,
                "release_date": item.get("release_date") or release_date,
            }


@app.command()
def process(
    paths: list[str] = typer.Argument(..., help="Files to process; '-' reads standard input."),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", help="Output format."),
    input_format: InputFormat = typer.Option(InputFormat.text, "--input-format", help="text: one release per file; jsonl: one {id, text, release_date} per line."),
    release_date: Optional[str] = typer.Option(None, "--release-date", help="YYYY-MM-DD, for relative dates."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Reject inputs larger than this."),
    summarizer: SummarizerChoice = typer.Option(SummarizerChoice.template, "--summarizer", help="English summary: template (default) or a transformers translation model."),
    model: Optional[str] = typer.Option(None, "--model", help="Folder or hub id of a seq2seq model (with --summarizer transformers)."),
    allow_download: bool = typer.Option(False, "--allow-download", help="Let transformers download --model."),
) -> None:
    """Process releases and print their records. Bad inputs are reported on stderr (exit 1); the rest go on."""
    from pipeline.release import process as run
    from pipeline.render import to_markdown

    chosen = _load_summarizer(summarizer, model, allow_download)

    failed = 0
    for source, job in _jobs(paths, input_format, release_date):
        try:
            if isinstance(job, InputError):
                raise job
            record = run(
                job["text"], release_date=job["release_date"], source_id=job["source_id"], source=job["source"],
                max_bytes=max_bytes, summarizer=chosen,
            )
        except InputError as exc:
            failed += 1
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


def _load_summarizer(choice: SummarizerChoice, model: Optional[str], allow_download: bool):
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
        raise typer.Exit(1)
    try:
        chosen = TransformersSummarizer(model, allow_download=allow_download)
        chosen.model.load()
    except ModelUnavailable as exc:
        _fail(str(exc))
        raise typer.Exit(1)
    return chosen


@app.command()
def schema() -> None:
    """Print the JSON Schema of the release record."""
    from pipeline.record import Release

    typer.echo(json.dumps(Release.model_json_schema(), ensure_ascii=False, indent=2))


@eval_app.command("ner")
def eval_ner(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="ThaiNER-format file ([LABEL]…[/LABEL] inline)."),
    peer: bool = typer.Option(True, help="Also score pythainlp's bundled ThaiNER CRF, in the same run."),
) -> None:
    """Entity-level precision, recall and F1 per label (exact span and label)."""
    from pipeline.evaluation.ner import evaluate_ner, format_results, peer_system, pipeline_system

    systems = {"thaipress": pipeline_system()}
    if peer:
        systems["peer (ThaiNER 1.5 CRF)"] = peer_system()
    typer.echo(format_results(evaluate_ner(file, systems)))
    typer.echo(
        "Exact span and label; ThaiNER's FACILITY counts as LOCATION. Our CRF was trained without these texts;"
        " pythainlp's model was trained on ThaiNER 1.5, whose val.txt lies inside train.txt, so the peer has"
        " seen them."
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


@eval_app.command("summary")
def eval_summary(
    pairs: Path = typer.Argument(..., exists=True, dir_okay=False, help="JSONL of {thai_id, english_id}."),
    sample: Path = typer.Option(Path("../shared/corpora/thaigov-sample.jsonl.gz"), exists=True, help="JSONL(.gz) of {id, text} holding the texts."),
    faithfulness_limit: int = typer.Option(500, help="Thai releases of the sample checked for untraceable numbers (0: skip)."),
) -> None:
    """Our summaries against the agencies' English releases, and faithfulness over the sample."""
    from pipeline.evaluation.summary import evaluate_summaries, faithfulness_over_sample, load_pairs

    report = evaluate_summaries(load_pairs(pairs, sample)).as_dict()
    if faithfulness_limit:
        report["faithfulness"] = faithfulness_over_sample(sample, limit=faithfulness_limit).as_dict()
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@train_app.command("ner")
def train_ner(
    train: Path = typer.Option(Path("../shared/corpora/thainer-1.5/train.txt"), exists=True, help="ThaiNER-format training file."),
    held_out: Optional[Path] = typer.Option(Path("../shared/corpora/thainer-1.5/val.txt"), help="Texts to leave out of training (kept for evaluation)."),
    out: Optional[Path] = typer.Option(None, help="Where to write the model (default: models/ner-crf/)."),
    clusters: bool = typer.Option(
        False, help="Also use the archive's word clusters (corpora/clusters/) as features (not in the shipped model: no gain on val or the government dev set)."
    ),
) -> None:
    """Train our CRF entity tagger."""
    from pipeline.entities.crf import PRESS_MODEL
    from pipeline.entities.train import train_ner as run
    from pipeline.resources import model_file

    summary = run(
        train, out or model_file(PRESS_MODEL), held_out=held_out if held_out and held_out.exists() else None, clusters=clusters
    )
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


@train_app.command("gaps")
def train_gaps(
    sample: Path = typer.Argument(..., exists=True, metavar="SAMPLE", help="JSONL (.gz) of intact releases {id, text}."),
    slices: list[str] = typer.Option(
        ["3000:2000", "6000:4000"], "--slice", help="OFFSET:LIMIT of the sample to learn from (repeatable)."
    ),
    out: Optional[Path] = typer.Option(None, help="Where to write the model (default: models/count-gap/gap.crfsuite)."),
) -> None:
    """Train the gap model that judges whether a number was lost between two words (numeral repair)."""
    from pipeline.evaluation.samples import parse_slice
    from pipeline.numerals.gap_model import train_gap_model_on_sample

    try:
        parsed = [parse_slice(s) for s in slices]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--slice") from None
    summary = train_gap_model_on_sample(sample, out, parsed)
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
