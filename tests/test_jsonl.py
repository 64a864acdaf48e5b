"""One JSONL reader (pipeline.jsonl) for every command: lines split on newlines only, bad lines named by number."""

from __future__ import annotations

import gzip
import json

import pytest

from pipeline.batch.inputs import iter_sources
from pipeline.evaluation.samples import iter_sample, read_sample
from pipeline.jsonl import read_jsonl

LINES = [
    json.dumps({"id": "a", "text": "ข่าว\u2028หนึ่ง"}, ensure_ascii=False),
    "",
    '{"id": "b", "text": "ข่าว',
    json.dumps({"id": "c", "text": "ข่าวสาม\u2029"}, ensure_ascii=False),
]


@pytest.fixture(params=["plain", "gzip"])
def sample(tmp_path, request):
    data = ("\n".join(LINES) + "\n").encode("utf-8") + b"\xff\xfe\n"
    if request.param == "gzip":
        path = tmp_path / "sample.jsonl.gz"
        path.write_bytes(gzip.compress(data))
    else:
        path = tmp_path / "sample.jsonl"
        path.write_bytes(data)
    return path


def test_lines_split_on_newlines_only_and_bad_ones_are_named(sample):
    lines = list(read_jsonl(sample))
    assert [line.number for line in lines] == [1, 3, 4, 5]
    assert lines[0].item == {"id": "a", "text": "ข่าว\u2028หนึ่ง"}
    assert lines[1].item is None and "line 1 column" in lines[1].error
    assert lines[2].item["text"] == "ข่าวสาม\u2029"
    assert lines[3].error.startswith("not UTF-8 (byte 0x")  # the line's number and where in it
    assert (
        list(read_jsonl(sample.read_bytes() if sample.suffix == ".jsonl" else gzip.decompress(sample.read_bytes())))
        == lines
    )


def test_batch_and_the_evaluation_samples_read_the_same_lines(sample):
    sources = list(iter_sources([str(sample)]))
    assert [s.id for s in sources] == ["a", f"{sample}:3", "c", f"{sample}:5"]
    assert sources[0].read().text == "ข่าว\u2028หนึ่ง"
    assert sources[1].error.startswith("invalid JSON line") and sources[3].error.startswith(
        "invalid JSON line: not UTF-8"
    )
    with pytest.raises(ValueError, match=f"{sample}:3: invalid JSON line"):
        list(iter_sample(sample))
    good = sample.with_name("good.jsonl")
    good.write_text("\n".join(LINES[:2] + LINES[3:]) + "\n", encoding="utf-8")
    assert [r["id"] for r in read_sample(good)] == ["a", "c"]
