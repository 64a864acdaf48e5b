"""Render a `Release` as Markdown for people (JSON is `Release.model_dump_json`)."""

from __future__ import annotations

from pipeline.record import Release


def to_markdown(record: Release) -> str:
    """A readable report: the text (repairs marked), entities, dates and repairs awaiting review."""
    lines = [f"# {record.id}", ""]
    if record.release_date:
        lines += [f"Release date: {record.release_date}", ""]
    lines += ["## Text", "", _marked_text(record), ""]
    lines += ["## Entities", "", "| label | text | English | source | id |", "|---|---|---|---|---|"]
    for e in record.entities:
        text = _cell(e.text) + (_IF_REPAIRED if e.from_repair else "")
        lines.append(
            f"| {e.label} | {text} | {_cell(e.english or '')} | {e.english_source or ''} | {e.canonical or ''} |"
        )
    lines += ["", "## Dates", "", "| text | year | month | day | ISO |", "|---|---|---|---|---|"]
    for d in record.dates:
        text = _cell(d.text) + (_IF_REPAIRED if d.from_repair else "")
        lines.append(f"| {text} | {_blank(d.year)} | {_blank(d.month)} | {_blank(d.day)} | {d.iso or ''} |")
    if record.summary_en:
        lines += ["", "## Summary", "", record.summary_en]
    return "\n".join(lines) + "\n"


_IF_REPAIRED = " (if the proposed repair is accepted)"


def _marked_text(record: Release) -> str:
    if not record.repairs:
        return record.text
    from pipeline.numerals import render_markdown

    return render_markdown(record.text, record.repairs)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _blank(value: object) -> str:
    return "" if value is None else str(value)
