"""Export reviewed releases: the record rendered from decided values, with every decision (who, when, what).

Formats: ``json`` (one array), ``jsonl`` (one release per line), ``markdown`` (for people; any HTML in the
release text is escaped, so a Markdown viewer shows it as text) and ``jsonld`` (schema.org ``NewsArticle``
nodes with ``AssessAction`` nodes for the decisions).

Each JSON export entry is ``{"record": <Release>, "review": {"approved", "record_version", "imported_at",
"updated_at", "created_by", "base", "items", "decisions"}}``: ``record`` is the release as reviewed,
``base`` the record as imported (the pipeline's proposal), and items and decisions carry who and when to
the microsecond. `pipeline.review.import_records` restores such a line into another store exactly (record
versions are re-rendered from the decisions, in order); only the stores' row ids (``id``, ``item_id``)
differ.
"""

from __future__ import annotations

import html
import io
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from typing import IO, Literal

from pipeline.record import Release
from pipeline.review.store import (
    ReviewStore,
    approved_release_ids,
    base_record,
    current_record,
    get_release,
    item_dicts,
    precise_time,
    release_decisions,
    release_items,
)

__all__ = ["EXPORT_FORMATS", "export_approved", "export_release", "review_document", "render_documents"]

ExportFormat = Literal["json", "jsonl", "markdown", "jsonld"]
EXPORT_FORMATS: tuple[str, ...] = ("json", "jsonl", "markdown", "jsonld")
MEDIA_TYPES = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "markdown": "text/markdown; charset=utf-8",
    "jsonld": "application/ld+json",
}
SUFFIXES = {"json": "json", "jsonl": "jsonl", "markdown": "md", "jsonld": "jsonld"}


def export_approved(
    store: ReviewStore,
    fmt: ExportFormat,
    out: str | os.PathLike[str] | IO[str],
    *,
    release_ids: Iterable[str] | None = None,
    links: bool = False,
) -> int:
    """Write every approved release (no item awaiting a decision), or the given ones, to ``out`` (a path or a
    text stream) in ``fmt``; returns how many were written. ``links`` (jsonl only): also write a
    ``{"id", "duplicate_of"}`` line for each duplicate linked to a written release, as batch does."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    ids = list(release_ids) if release_ids is not None else approved_release_ids(store)
    documents = [review_document(store, release_id) for release_id in ids]
    text = render_documents(documents, fmt)
    if links and fmt == "jsonl":
        from pipeline.review.store import release_links

        text += "".join(
            json.dumps({"id": link_id, "duplicate_of": first}, ensure_ascii=False) + "\n"
            for link_id, first in release_links(store, ids)
        )
    if isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        out.write(text)
    return len(documents)


def export_release(store: ReviewStore, release_id: str, fmt: ExportFormat) -> str:
    """One release in ``fmt``, approved or not (``review.approved`` says which)."""
    buffer = io.StringIO()
    export_approved(store, fmt, buffer, release_ids=[release_id])
    return buffer.getvalue()


def review_document(store: ReviewStore, release_id: str) -> dict:
    """The export entry of one release: its current record and its review (items and decisions)."""
    release = get_release(store, release_id)
    if release is None:
        raise KeyError(release_id)
    items = item_dicts(release_items(store, release_id))
    return {
        "record": json.loads(current_record(store, release_id).model_dump_json()),
        "review": {
            "approved": all(item["status"] != "needs_review" for item in items),
            "record_version": release.record_version,
            "imported_at": precise_time(release.created_at),
            "updated_at": precise_time(release.updated_at),
            "created_by": release.created_by,
            "base": json.loads(base_record(store, release_id).model_dump_json()),
            "items": items,
            "decisions": [asdict(d) for d in release_decisions(store, release_id)],
        },
    }


def render_documents(documents: list[dict], fmt: ExportFormat) -> str:
    if fmt == "json":
        return json.dumps(documents, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents)
    if fmt == "jsonld":
        return json.dumps(json_ld(documents), ensure_ascii=False, indent=2) + "\n"
    return "\n---\n\n".join(markdown(d) for d in documents)


# --------------------------------------------------------------------------------------------------------
# Markdown


def markdown(document: dict) -> str:
    """The record as `pipeline.render.to_markdown` shows it (decided repairs marked in the text), then the
    repaired text and the decisions. HTML special characters are escaped throughout."""
    from pipeline.render import to_markdown

    record = Release.model_validate(document["record"])
    decided = [r for r in record.repairs if r.status in ("accepted", "edited")]
    review = document["review"]
    lines = [to_markdown(record.model_copy(update={"repairs": decided})).rstrip("\n"), ""]
    lines += ["## Repaired text", "", record.text_repaired, ""]
    lines += [
        "## Review",
        "",
        f"Approved: {'yes' if review['approved'] else 'no'} · record version {review['record_version']}",
        "",
    ]
    lines += ["| time (UTC) | reviewer | item | action | before | after |", "|---|---|---|---|---|---|"]
    for d in review["decisions"]:
        lines.append(
            f"| {d['decided_at']} | {_cell(d['reviewer'])} | {d['kind']} {d['position'] + 1} | {d['action']} | "
            f"{_cell(_shown(d['before']))} | {_cell(_shown(d['after']))} |"
        )
    return html.escape("\n".join(lines), quote=False) + "\n"


def _shown(change: dict | None) -> str:
    if not change:
        return ""
    value = change.get("value")
    if isinstance(value, dict):
        value = " / ".join(str(v) for v in value.values() if v)
    return f"{change.get('status')}: {value!r}" if value is not None else str(change.get("status"))


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


# --------------------------------------------------------------------------------------------------------
# JSON-LD

_SCHEMA_TYPES = {"PERSON": "Person", "ORGANIZATION": "Organization", "LOCATION": "Place"}


def json_ld(documents: list[dict]) -> dict:
    graph: list[dict] = []
    for document in documents:
        record, review = document["record"], document["review"]
        article_id = f"urn:thaipress:release:{record['id']}"
        article = {
            "@id": article_id,
            "@type": "NewsArticle",
            "identifier": record["id"],
            "inLanguage": record.get("language", "th"),
            "text": record["text_repaired"] or record["text"],
            "mentions": [
                {
                    "@type": _SCHEMA_TYPES[e["label"]],
                    "name": {"@value": e["text"], "@language": "th"},
                    **({"alternateName": {"@value": e["english"], "@language": "en"}} if e.get("english") else {}),
                    **({"sameAs": f"urn:thaipress:entity:{e['canonical']}"} if e.get("canonical") else {}),
                }
                for e in record["entities"]
                if e["label"] in _SCHEMA_TYPES
            ],
            "creativeWorkStatus": "approved" if review["approved"] else "in review",
            "version": review["record_version"],
        }
        if record.get("release_date"):
            article["datePublished"] = record["release_date"]
        if record.get("source"):
            article["url" if str(record["source"]).startswith(("http://", "https://")) else "isBasedOn"] = record[
                "source"
            ]
        if record.get("summary_en"):
            article["abstract"] = {"@value": record["summary_en"], "@language": "en"}
        graph.append(article)
        for d in review["decisions"]:
            graph.append(
                {
                    "@id": f"{article_id}/decision/{d['id']}",
                    "@type": "AssessAction",
                    "object": {"@id": article_id},
                    "name": f"{d['action']} {d['kind']} {d['position'] + 1}",
                    "agent": {"@type": "Person", "name": d["reviewer"]},
                    "endTime": d["decided_at"],
                    "actionStatus": "CompletedActionStatus",
                    "result": json.dumps(d["after"], ensure_ascii=False),
                }
            )
    return {"@context": "https://schema.org/", "@graph": graph}
