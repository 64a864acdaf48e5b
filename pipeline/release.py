"""`process`: one release in, one `Release` record out. The stages run in order, top to bottom."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re

from spacy.tokens import Doc

from pipeline.english.names import english_name
from pipeline.entities.gazetteer import default_gazetteer
from pipeline.errors import InputError
from pipeline.ingest import DEFAULT_MAX_BYTES, Decoded, decode_bytes, read_text, release_date_of
from pipeline.normalize import Normalized, normalize_text
from pipeline.numerals import detect_repairs
from pipeline.numerals.restore import FoundEntity, restore
from pipeline.record import DateRecord, Entity, Release
from pipeline.tokens import doc_text, doc_words


def process(
    text: str | bytes,
    *,
    release_date: dt.date | str | int | None = None,
    source_id: str | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    summarizer=None,
    english: str | bytes | None = None,
) -> Release:
    """Turn one Thai release (text, or bytes in any common Thai encoding) into a `Release` record.

    `source_id` becomes the record's id (default: a hash of the text); `source` names the input in errors
    and in `Release.source` (default: `source_id`). Raises `InputError` naming the input for empty, binary,
    undecodable, oversize or non-Thai input. `summarizer` writes `summary_en` (default: the template
    summary; `pipeline.english.transformers_backend.TransformersSummarizer` for a seq2seq model).
    `english` is the English twin of the release (text or bytes), when there is one: lost numerals get the
    values it states as proposals (`pipeline.twin`); an English that is empty, huge or not English raises
    `InputError` naming "<source> (English twin)".

    >>> record = process("นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562")
    >>> [(e.text, e.label) for e in record.entities]
    [('นายสมชาย ใจดี', 'PERSON'), ('จังหวัดเชียงใหม่', 'LOCATION'), ('2 ส.ค. 2562', 'DATE')]
    >>> record.dates[0].iso
    '2019-08-02'
    """
    source = source or source_id or "<text>"
    decoded = (
        decode_bytes(text, source=source, max_bytes=max_bytes)
        if isinstance(text, bytes)
        else read_text(text, source=source, max_bytes=max_bytes)
    )
    twin = None
    if english is not None:
        from pipeline.twin import read_twin_input

        twin = read_twin_input(english, source=f"{source} (English twin)", max_bytes=max_bytes)
    return process_decoded(
        decoded,
        release_date=_as_date(release_date, source),
        source_id=source_id,
        source=source,
        summarizer=summarizer,
        twin=twin,
    )


def process_decoded(
    decoded: Decoded,
    *,
    release_date: dt.date | None = None,
    source_id: str | None = None,
    source: str | None = None,
    summarizer=None,
    twin=None,
    normalized: bool = False,
) -> Release:
    """The stages after ingest: normalise, annotate, and build the record (``twin``: a read English twin).
    ``normalized``: ``decoded.text`` is already `normalize_text`'s output (the batch runner normalises each
    text to hash it), so it is not normalised again."""
    source = source or source_id or "<text>"
    if not _has_thai_letter(decoded.text):  # thai_ratio(...) == 0.0, without counting every letter
        raise InputError(source, "no Thai text")
    # the record needs only the normalised text, not normalize()'s offsets back to the input
    text = decoded.text if normalized else normalize_text(decoded.text)
    doc = annotate(text, release_date=release_date)
    return build_record(
        doc,
        text,
        decoded=decoded,
        release_date=release_date,
        source_id=source_id,
        source=None if source == "<text>" else source,
        summarizer=summarizer,
        twin=twin,
    )


_THAI_LETTER = re.compile(r"(?=[\u0e00-\u0e7f])[^\W\d_]")  # as ingest.thai_ratio counts them


def _has_thai_letter(text: str) -> bool:
    return _THAI_LETTER.search(text) is not None


def annotate(text: str, *, release_date: dt.date | None = None) -> Doc:
    """Run the spaCy pipeline (`pipeline.load()`) on normalised text; the release date, for relative dates,
    goes in `doc.user_data`, where the pipeline's first component reads it."""
    from pipeline.language import load

    nlp = load()
    doc = nlp.make_doc(text)
    doc.user_data["release_date"] = release_date
    return nlp(doc)


def build_record(
    doc: Doc,
    normalized: Normalized | str,
    *,
    decoded: Decoded | None = None,
    release_date: dt.date | None = None,
    source_id: str | None = None,
    source: str | None = None,
    summarizer=None,
    twin=None,
) -> Release:
    """Assemble the `Release` record from an annotated Doc (of the normalised text, `normalized`, or a
    `Normalized`): entities, dates, repairs, event, summary."""
    from pipeline.english.names import link_short_names, names_from_twin
    from pipeline.english.summary import summarize
    from pipeline.event import extract_event

    text = normalized if isinstance(normalized, str) else normalized.text
    record_id = source_id or "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    groups = _span_groups(doc)
    entities = link_short_names([entity_record(span, groups.get((span.start, span.end), "rule")) for span in doc.ents])
    if twin is not None:  # a machine-made name takes the spelling the English twin prints
        entities = names_from_twin(entities, twin.text)
    dates = [DateRecord.from_match(match) for match in (doc._.dates or [])]
    words = doc_words(doc)
    if twin is None:
        repairs = detect_repairs(text, release_date=release_date, words=words, dates=doc._.dates)
        twin_warnings: list[str] = []
    else:  # each repair also weighs what the English twin states
        from pipeline.twin import detect_repairs_with_twin

        repairs, twin_warnings = detect_repairs_with_twin(
            text, twin, release_date=release_date, words=words, dates=doc._.dates
        )
    record = Release(
        id=record_id,
        source=source or source_id,
        encoding=decoded.encoding if decoded else None,
        release_date=release_date.isoformat() if release_date else None,
        text=text,
        entities=entities,
        dates=dates,
        repairs=repairs,
        english=twin.text if twin is not None else None,
        warnings=twin_warnings,
    )
    # the dates and entities the proposed repairs would restore (the review desk redoes this after decisions)
    record = restore(record, repairs, find_entities=find_entities, words=words)
    record.event = extract_event(record)
    summary = summarize(record, summarizer)
    # A summary that fails the faithfulness check is not emitted as final: it stays out of summary_en.
    record.summary_en = summary.text if not summary.flagged else ""
    record.warnings += [f"summary: {problem}" for problem in summary.problems]
    return record


def entity_record(span, source: str) -> Entity:
    canonical = span.kb_id_ or None
    entry = default_gazetteer().entry(canonical) if canonical else None
    # doc_text: spaCy's doc.text rebuilds the whole text on each call (quadratic over a long release's names);
    # a slice of it is span.text (which joins the span's tokens again)
    label, start, end, full = span.label_, span.start_char, span.end_char, doc_text(span.doc)
    text = full[start:end]
    following = full[end : end + 80] if label == "PERSON" else ""
    english = english_name(label, text, entry.english if entry else None, following)
    return Entity(
        label=label,
        start=start,
        end=end,
        text=text,
        canonical=canonical,
        english=english.text if english else None,
        english_source=english.source if english else None,
        english_evidence=list(english.evidence) if english and english.evidence else None,
        source=source,
    )


def _span_groups(doc: Doc) -> dict[tuple[int, int], str]:
    """Which recogniser proposed each token span (the first, in resolution order); spans made by linking
    an abbreviation to its full name are absent and count as rules."""
    found: dict[tuple[int, int], str] = {}
    for group, name in (
        ("patterns", "rule"),
        ("crf", "crf"),
        ("rules", "rule"),
        ("dates", "dates"),
        ("gazetteer", "gazetteer"),
    ):
        for span in doc.spans.get(group, []):
            found.setdefault((span.start, span.end), name)
    return found


def find_entities(text: str, release_date: dt.date | None) -> list[FoundEntity]:
    """The entity stages on ``text`` (a stretch of the repaired text), for `pipeline.numerals.restore`."""
    doc = annotate(text, release_date=release_date)
    groups = _span_groups(doc)
    return [
        FoundEntity(
            span.label_,
            span.start_char,
            span.end_char,
            functools.partial(entity_record, span, groups.get((span.start, span.end), "rule")),
        )
        for span in doc.ents
    ]


def _as_date(value: object, source: str) -> dt.date | None:
    return release_date_of(value, source)
