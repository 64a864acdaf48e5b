"""`process`: one release in, one `Release` record out. The stages run in order, top to bottom."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from spacy.tokens import Doc

from pipeline.errors import InputError
from pipeline.ingest import DEFAULT_MAX_BYTES, Decoded, decode_bytes, read_text, thai_ratio
from pipeline.normalize import Normalized, normalize
from pipeline.record import DateRecord, Entity, Release
from pipeline.tokens import doc_words


def process(
    text: str | bytes,
    *,
    release_date: dt.date | str | None = None,
    source_id: str | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    summarizer=None,
) -> Release:
    """Turn one Thai release (text, or bytes in any common Thai encoding) into a `Release` record.

    `source_id` becomes the record's id (default: a hash of the text); `source` names the input in errors
    and in `Release.source` (default: `source_id`). Raises `InputError` naming the input for empty, binary,
    undecodable, oversize or non-Thai input. `summarizer` writes `summary_en` (default: the template
    summary; `pipeline.english.transformers_backend.TransformersSummarizer` for a seq2seq model).

    >>> record = process("นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562")
    >>> [(e.text, e.label) for e in record.entities]
    [('นายสมชาย ใจดี', 'PERSON'), ('จังหวัดเชียงใหม่', 'LOCATION'), ('2 ส.ค. 2562', 'DATE')]
    >>> record.dates[0].iso
    '2019-08-02'
    """
    source = source or source_id or "<text>"
    decoded = decode_bytes(text, source=source, max_bytes=max_bytes) if isinstance(text, bytes) else read_text(
        text, source=source, max_bytes=max_bytes
    )
    return process_decoded(
        decoded, release_date=_as_date(release_date, source), source_id=source_id, source=source, summarizer=summarizer
    )


def process_decoded(
    decoded: Decoded,
    *,
    release_date: dt.date | None = None,
    source_id: str | None = None,
    source: str | None = None,
    summarizer=None,
) -> Release:
    """The stages after ingest: normalise, annotate, and build the record."""
    source = source or source_id or "<text>"
    if not _has_thai_letter(decoded.text):  # thai_ratio(...) == 0.0, without counting every letter
        raise InputError(source, "no Thai text")
    normalized = normalize(decoded.text)
    doc = annotate(normalized.text, release_date=release_date)
    return build_record(
        doc,
        normalized,
        decoded=decoded,
        release_date=release_date,
        source_id=source_id,
        source=None if source == "<text>" else source,
        summarizer=summarizer,
    )


_THAI_LETTER = re.compile(r"(?=[\u0e00-\u0e7f])[^\W\d_]")  # as ingest.thai_ratio counts them


def _has_thai_letter(text: str) -> bool:
    return _THAI_LETTER.search(text) is not None


def annotate(text: str, *, release_date: dt.date | None = None) -> Doc:
    """Run the spaCy pipeline on normalised text, with the release date for relative dates (which is why
    the components are called here rather than through `nlp(text)`: the Doc must carry the date first)."""
    from pipeline.language import load

    nlp = load()
    doc = nlp.make_doc(text)
    doc._.release_date = release_date
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc


def build_record(
    doc: Doc,
    normalized: Normalized,
    *,
    decoded: Decoded | None = None,
    release_date: dt.date | None = None,
    source_id: str | None = None,
    source: str | None = None,
    summarizer=None,
) -> Release:
    """Assemble the `Release` record from an annotated Doc: entities, dates, repairs, event, summary."""
    from pipeline.english.summary import summarize
    from pipeline.event import extract_event

    text = normalized.text
    record_id = source_id or "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    groups = _span_groups(doc)
    entities = [entity_record(span, groups.get((span.start, span.end), "rule")) for span in doc.ents]
    dates = [date_record(match) for match in (doc._.dates or [])]
    repairs, text_repaired = numeral_repairs(text, release_date, words=doc_words(doc), dates=doc._.dates)
    dates += restored_dates(text, repairs, text_repaired, release_date)
    entities += restored_entities(text, repairs, text_repaired, release_date, entities, doc)
    record = Release(
        id=record_id,
        source=source or source_id,
        encoding=decoded.encoding if decoded else None,
        release_date=release_date.isoformat() if release_date else None,
        text=text,
        entities=entities,
        dates=dates,
        repairs=repairs,
        text_repaired=text_repaired,
    )
    record.event = extract_event(record)
    summary = summarize(record, summarizer)
    # A summary that fails the faithfulness check is not emitted as final: it stays out of summary_en.
    record.summary_en = summary.text if not summary.flagged else ""
    record.warnings += [f"summary: {problem}" for problem in summary.problems]
    return record


def entity_record(span, source: str) -> Entity:
    from pipeline.english.names import english_name
    from pipeline.entities.gazetteer import default_gazetteer

    canonical = span.kb_id_ or None
    entry = default_gazetteer().entry(canonical) if canonical else None
    english = english_name(span.label_, span.text, entry.english if entry else None)
    return Entity(
        label=span.label_,
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        canonical=canonical,
        english=english.text if english else None,
        english_source=english.source if english else None,
        source=source,
    )


def _span_groups(doc: Doc) -> dict[tuple[int, int], str]:
    """Which recogniser proposed each token span (the first, in resolution order); spans made by linking
    an abbreviation to its full name are absent and count as rules."""
    found: dict[tuple[int, int], str] = {}
    for group, name in (("crf", "crf"), ("rules", "rule"), ("dates", "dates"), ("gazetteer", "gazetteer")):
        for span in doc.spans.get(group, []):
            found.setdefault((span.start, span.end), name)
    return found


def date_record(match, *, span: tuple[int, int] | None = None, text: str | None = None, from_repair: bool = False) -> DateRecord:
    value = match.value

    def fields(v) -> dict:
        return dict(
            year=v.year, month=v.month, day=v.day, iso=v.iso, calendar=v.calendar, complete=v.complete,
            relative=v.relative, fiscal_year=v.fiscal_year,
        )

    start, end = span or (match.start, match.end)
    shown = match.text if text is None else text
    end_date = None
    if value.end is not None:
        end_date = DateRecord(start=start, end=end, text=shown, **fields(value.end))
    return DateRecord(start=start, end=end, text=shown, end_date=end_date, from_repair=from_repair, **fields(value))


def restored_dates(text: str, repairs: list, text_repaired: str, release_date: dt.date | None) -> list[DateRecord]:
    """Dates that the proposed repairs would restore: parsed from `text_repaired`, placed at the span of
    the original text they cover, and marked `from_repair` (a person has not accepted them yet)."""
    from pipeline.dates import find_dates

    edits = _repaired_edits(repairs)
    if not edits:
        return []
    records = []
    for match in find_dates(text_repaired, release_date=release_date):
        if not any(new_start < match.end and match.start < new_end for _s, _e, new_start, new_end in edits):
            continue
        start, end = _to_original(match.start, edits, side="start"), _to_original(match.end, edits, side="end")
        records.append(date_record(match, span=(start, end), text=text[start:end], from_repair=True))
    return records


def restored_entities(
    text: str,
    repairs: list,
    text_repaired: str,
    release_date: dt.date | None,
    entities: list[Entity],
    original: Doc,
) -> list[Entity]:
    """Entities that only the repaired view has ("สพท" + the proposed dot is "สพท.", the abbreviation a "full
    name (สพท.)" pair defined; a restored day makes "ส.ค. 62" a full date): the entity stages run again on the stretches of `text_repaired` around
    each proposed value (`_windows`), and each entity that touches a proposal is kept, placed at the original
    text's span and marked `from_repair`. An entity the original already has (same label and span) is not
    repeated, nor one whose original span would cut a word of the ``original`` Doc."""
    edits = _repaired_edits(repairs)
    if not edits:
        return []
    bounds = {t.idx for t in original} | {t.idx + len(t) for t in original}
    known = {(e.label, e.start, e.end) for e in entities}
    found = []
    for w_start, w_end in _windows(text_repaired, [(new_start, new_end) for _s, _e, new_start, new_end in edits]):
        doc = annotate(text_repaired[w_start:w_end], release_date=release_date)
        groups = _span_groups(doc)
        for span in doc.ents:
            s_start, s_end = span.start_char + w_start, span.end_char + w_start
            if not any(new_start < s_end and s_start < new_end for _s, _e, new_start, new_end in edits):
                continue
            start, end = _to_original(s_start, edits, side="start"), _to_original(s_end, edits, side="end")
            if (span.label_, start, end) in known or start >= end or start not in bounds or end not in bounds:
                continue
            known.add((span.label_, start, end))
            entity = entity_record(span, groups.get((span.start, span.end), "rule"))
            update = {"start": start, "end": end, "text": text[start:end], "from_repair": True}
            found.append(entity.model_copy(update=update))
    return found


_WINDOW = 400  # characters of context on each side of a repair for the entity stages


def _windows(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of ``text`` reaching ``_WINDOW`` characters beyond each span, widened to whitespace so no
    word is cut, overlapping ones merged: the entity stages read a repair's sentence, not the whole release."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        a, b = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _repaired_edits(repairs: list) -> list[tuple[int, int, int, int]]:
    """(original start, original end, repaired start, repaired end) of every applied repair, in order."""
    edits, shift = [], 0
    for repair in sorted((r for r in repairs if r.replacement is not None), key=lambda r: r.start):
        new_start = repair.start + shift
        new_end = new_start + len(repair.replacement)
        edits.append((repair.start, repair.end, new_start, new_end))
        shift += len(repair.replacement) - (repair.end - repair.start)
    return edits


def _to_original(offset: int, edits: list[tuple[int, int, int, int]], *, side: str) -> int:
    """Map an offset in the repaired text to the original text; inside a replacement, to its edge."""
    shift = 0
    for start, end, new_start, new_end in edits:
        if offset <= new_start:
            break
        if offset < new_end:
            return start if side == "start" else end
        shift = new_end - end
    return offset - shift


def numeral_repairs(text: str, release_date: dt.date | None, *, words=None, dates=None):
    """Repairs proposed by the numeral stage, and the text with them applied (unchanged when none).
    `words` and `dates` are the Doc's, so that the stage need not tokenise and parse dates again."""
    from pipeline.numerals import apply_repairs, detect_repairs

    repairs = detect_repairs(text, release_date=release_date, words=words, dates=dates)
    return repairs, apply_repairs(text, repairs)


def _as_date(value: dt.date | str | None, source: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(source, f"release date {value!r} is not YYYY-MM-DD") from None
