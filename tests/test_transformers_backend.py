"""The transformers summariser, end to end through AutoTokenizer / AutoModelForSeq2SeqLM with a tiny Marian
model built here (a sentencepiece vocabulary trained on a few lines, random weights): whatever the model
writes goes through the faithfulness check, and a translation that invents a number is never final."""

from __future__ import annotations

import json

import pytest

from pipeline.english.summary import summarize
from pipeline.english.transformers_backend import (  # imports torch and transformers only when a model loads
    ModelUnavailable,
    TransformersSummarizer,
    TranslationModel,
    lead_sentences,
)
from pipeline.event import extract_event
from pipeline.release import process

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
sentencepiece = pytest.importorskip("sentencepiece")

LINES = [
    "กรมการค้าภายในจัดงานสัมมนา มีผู้เข้าร่วม 120 คน",
    "นายสมชาย ใจดี ผู้อำนวยการ เปิดงาน เมื่อวันที่ 2 สิงหาคม 2562",
    "The Department of Internal Trade held a seminar with 120 people.",
    "Mr Somchai Chaidi opened the event on 2 August 2019.",
    "The budget was 987 million baht and 654 people joined.",
]
RELEASE = "กรมการค้าภายในจัดสัมมนา\nกรมการค้าภายใน จัด “งานสัมมนาการค้า” เมื่อวันที่ 2 ส.ค. 2562 ณ จังหวัดเชียงใหม่ มีผู้เข้าร่วม 120 คน"


def build_tiny_marian(folder) -> None:
    """A Marian tokenizer (source.spm, target.spm, vocab.json) and a one-layer model with random weights."""
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(LINES * 20), encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(folder / "spm"),
        vocab_size=80,
        model_type="unigram",
        character_coverage=1.0,
        pad_id=-1,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        hard_vocab_limit=False,
    )
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes((folder / "spm.model").read_bytes())
    processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / "spm.model"))
    pieces = ["</s>", "<unk>", "<pad>"] + [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocab = {piece: i for i, piece in enumerate(dict.fromkeys(pieces))}
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        str(folder / "source.spm"),
        str(folder / "target.spm"),
        str(folder / "vocab.json"),
        source_lang="th",
        target_lang="en",
    )
    tokenizer.save_pretrained(folder / "model")
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=128,
        pad_token_id=vocab["<pad>"],
        eos_token_id=vocab["</s>"],
        decoder_start_token_id=vocab["<pad>"],
    )
    torch.manual_seed(0)
    model = MarianMTModel(config)
    model.save_pretrained(folder / "model")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny-marian")
    build_tiny_marian(folder)
    return folder / "model"


@pytest.fixture(scope="module")
def record():
    r = process(RELEASE)
    return r.model_copy(update={"event": extract_event(r)})


def force_output(model: TranslationModel, text: str) -> None:
    """Bias the decoder so that it writes the pieces of `text` whatever the input (an invented claim)."""
    model.load()
    ids = model._tokenizer(text_target=text)["input_ids"]
    with torch.no_grad():
        bias = torch.full_like(model._model.final_logits_bias, -1e4)
        # A position-independent bias cannot spell a sequence, so favour the claim's pieces and end of text.
        for i in ids:
            bias[0, i] = 0.0
        model._model.final_logits_bias.copy_(bias)


def test_lead_sentences_are_the_headline_and_the_lead(record):
    lead = lead_sentences(record)
    assert lead[0] == "กรมการค้าภายในจัดสัมมนา"
    assert lead[1].startswith("กรมการค้าภายใน จัด")


def test_a_random_model_runs_end_to_end_and_its_output_is_checked(tiny_model, record):
    summarizer = TransformersSummarizer(str(tiny_model), lead_sentences=2, batch_size=2)
    summary = summarize(record, summarizer)
    assert summary.source in ("transformers", "template (fallback from transformers)")
    if summary.source == "transformers":  # junk that happens to claim nothing: it must at least pass the check
        from pipeline.english.faithfulness import check

        assert check(summary.text, record) == []
    else:
        assert any(p.startswith("transformers output rejected") for p in summary.problems)
        assert not summary.flagged  # the template summary that replaced it is faithful


def test_a_translation_with_invented_numbers_falls_back_to_the_template(tiny_model, record):
    model = TranslationModel(str(tiny_model))
    force_output(model, "987 654")
    translated = model.translate(["กรมการค้าภายใน จัดงาน"], max_new_tokens=8)[0]
    assert any(d in translated for d in "987654")
    summary = TransformersSummarizer(model)(record)
    assert summary.source == "template (fallback from transformers)"
    assert any("number" in p for p in summary.problems)
    assert "987" not in summary.text and "654" not in summary.text
    assert not summary.flagged


def test_nothing_is_downloaded_unless_asked(tmp_path):
    with pytest.raises(ModelUnavailable, match="allow_download"):
        TranslationModel(str(tmp_path / "no-such-model")).load()
    with pytest.raises(ModelUnavailable, match="allow_download"):
        TranslationModel("thaipress-test/not-on-this-machine").load()
