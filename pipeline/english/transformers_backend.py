"""A seq2seq translation model (Marian, NLLB, mT5 ...) as summariser: the headline and lead sentences of the
release, translated, then checked for faithfulness like every summary. When the translation states anything
the record does not support, the template summary is used instead and the problems are kept.

Models load once, lazily, from a local folder or the Hugging Face cache (`local_files_only=True`); nothing is
downloaded unless `allow_download=True`. torch and transformers are the `transformers` extra.

>>> summarizer = TransformersSummarizer("models/opus-mt-th-en")  # doctest: +SKIP
>>> summarize(record, summarizer).source  # doctest: +SKIP
'transformers'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.english.faithfulness import check
from pipeline.english.summary import Summary, template_summary
from pipeline.record import Release


class ModelUnavailable(RuntimeError):
    """The model is neither a local folder nor in the local cache (and downloading was not allowed)."""


_SENTENCE_BREAK = re.compile(r"(?<=\S)\s{1,3}(?=\S)")


@dataclass
class TranslationModel:
    """A tokenizer and a seq2seq model, loaded together.

    name_or_path: a local folder (or, with allow_download, a hub id such as Helsinki-NLP/opus-mt-th-en).
    allow_download: let transformers fetch the model when it is not on disk.
    device: "cpu", "cuda" ...; None picks CUDA when available.
    source_lang / target_lang: language codes for multilingual models (NLLB: tha_Thai → eng_Latn).
    """

    name_or_path: str
    allow_download: bool = False
    device: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    _tokenizer: Any = field(default=None, init=False, repr=False)
    _model: Any = field(default=None, init=False, repr=False)

    def load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        local_only = not self.allow_download
        kwargs = {"src_lang": self.source_lang} if self.source_lang else {}
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(self.name_or_path, local_files_only=local_only, **kwargs)
            self._model = AutoModelForSeq2SeqLM.from_pretrained(self.name_or_path, local_files_only=local_only)
        except (OSError, ValueError) as exc:  # missing files; a path that is not a hub id
            hint = (
                ""
                if self.allow_download
                else " (downloads are off: pass allow_download=True, see models/TRANSLATION.md)"
            )
            raise ModelUnavailable(f"cannot load translation model {self.name_or_path!r}{hint}: {exc}") from exc
        self.device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        self._model.to(self.device).eval()

    def translate(
        self, texts: list[str], *, batch_size: int = 8, max_new_tokens: int = 128, num_beams: int = 2
    ) -> list[str]:
        """Translate `texts` in batches; returns one string per input."""
        import torch

        self.load()
        generate_args: dict[str, Any] = {"max_new_tokens": max_new_tokens, "num_beams": num_beams}
        if self.target_lang:
            generate_args["forced_bos_token_id"] = self._tokenizer.convert_tokens_to_ids(self.target_lang)
        out: list[str] = []
        for i in range(0, len(texts), batch_size):
            batch = self._tokenizer(
                texts[i : i + batch_size], return_tensors="pt", padding=True, truncation=True, max_length=256
            ).to(self.device)
            with torch.inference_mode():
                generated = self._model.generate(**batch, **generate_args)
            out += self._tokenizer.batch_decode(generated, skip_special_tokens=True)
        return [o.strip() for o in out]


def lead_sentences(record: Release, limit: int = 3, max_chars: int = 300) -> list[str]:
    """The headline and the first sentences of the body (Thai separates sentences with spaces), each cut to
    `max_chars` at a space."""
    from pipeline.event.context import ReleaseView

    view = ReleaseView.of(record)
    pieces: list[str] = []
    for line in ([view.headline] if view.headline else []) + ([view.lead] if view.lead else []):
        chunk = ""
        for part in _SENTENCE_BREAK.split(line.text.strip()):
            if chunk and len(chunk) + len(part) + 1 > max_chars:
                pieces.append(chunk)
                chunk = ""
            chunk = f"{chunk} {part}".strip()
        if chunk:
            pieces.append(chunk)
    return pieces[:limit]


class TransformersSummarizer:
    """Summaries by translating the lead with a seq2seq model; falls back to the template when unfaithful.

    model: a `TranslationModel`, or a folder / hub id to build one from.
    allow_download: passed to the model when built from a name (default False: local files only).
    lead_sentences: how many lead pieces to translate.
    batch_size: sentences per generate() call.
    """

    def __init__(
        self,
        model: TranslationModel | str,
        *,
        allow_download: bool = False,
        lead_sentences: int = 3,
        batch_size: int = 8,
    ) -> None:
        self.model = model if isinstance(model, TranslationModel) else TranslationModel(model, allow_download)
        self.lead_sentences = lead_sentences
        self.batch_size = batch_size

    def __call__(self, record: Release) -> Summary:
        return self.summarize_many([record])[0]

    def summarize_many(self, records: list[Release]) -> list[Summary]:
        """Summaries for several records, translating all their lead sentences in shared batches."""
        leads = [lead_sentences(r, self.lead_sentences) for r in records]
        flat = [s for lead in leads for s in lead]
        translated = iter(self.model.translate(flat, batch_size=self.batch_size)) if flat else iter(())
        out = []
        for record, lead in zip(records, leads):
            sentences = [next(translated) for _ in lead]
            text = (sentences[0] + "\n\n" + " ".join(sentences[1:])).strip() if sentences else ""
            out.append(self._checked(text, record))
        return out

    def _checked(self, text: str, record: Release) -> Summary:
        problems = check(text, record)
        if not problems:
            return Summary(text=text, source="transformers")
        fallback = template_summary(record)
        return Summary(
            text=fallback.text,
            flagged=fallback.flagged,
            problems=[f"transformers output rejected: {p}" for p in problems] + fallback.problems,
            source="template (fallback from transformers)",
        )
