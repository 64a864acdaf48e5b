"""The spaCy pipeline as spaCy users expect it (`pipeline.language`, `pipeline.entities.components`):
`nlp(text)` is the whole entity stage, the release date travels with the Doc, the components declare what
they read and write, the resolver is swappable from the config, and `nlp.to_disk()` saves the gazetteer."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.util import registry

import pipeline
from pipeline.entities.gazetteer import Gazetteer, GazetteerEntry
from pipeline.language import PIPE_NAMES, build, load

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "apec-local-innovation-forum.th.txt"

# Short releases written for these tests: relative and partial dates (resolved against the release
# date), an abbreviation pair, a known agency and province, titled names.
RELEASES = [
    (
        "เมื่อวานนี้ (1 ส.ค.) นายสมชาย ใจดี ผู้อำนวยการสำนักงานส่งเสริมวิสาหกิจขนาดกลางและขนาดย่อม (สสว.) "
        "เดินทางไปจังหวัดเชียงใหม่ เพื่อประชุมร่วมกับผู้ประกอบการ สสว. จะจัดงานอีกครั้งในวันที่ 15 นี้",
        "2019-08-02",
    ),
    (
        "กระทรวงสาธารณสุขแจ้งว่า เมื่อวันที่ 3 ที่ผ่านมา นางสาวมาลี สุขใจ รองปลัดกระทรวง ได้ตรวจเยี่ยม"
        "โรงพยาบาลในจังหวัดขอนแก่น และจะประชุมอีกครั้งในเดือนหน้า ปีงบประมาณ 2564",
        "2020-11-10",
    ),
    (
        "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี มอบหมายให้กระทรวงการต่างประเทศ ติดตามสถานการณ์ในประเทศญี่ปุ่น "
        "ตั้งแต่วันที่ 1 ตุลาคม ถึงวันที่ 15 พฤศจิกายน 2563 และรายงานภายในสัปดาห์นี้",
        None,
    ),
]


def _entities(items) -> list[tuple]:
    return [(e.label_, e.start_char, e.end_char, e.kb_id_ or None) for e in items]


def _record_entities(record) -> list[tuple]:
    return [(e.label, e.start, e.end, e.canonical) for e in record.entities if not e.from_repair]


def _dates(matches) -> list[tuple]:
    return [(m.start, m.end, m.value.iso, m.value.year, m.value.month, m.value.day) for m in matches or []]


def _record_dates(record) -> list[tuple]:
    return [(d.start, d.end, d.iso, d.year, d.month, d.day) for d in record.dates if not d.from_repair]


def _cases():
    seed = pipeline.process(SEED.read_text(encoding="utf-8")).text  # the normalised text
    return [(seed, "2019-08-02"), (seed, None), *RELEASES]


@pytest.mark.parametrize(("text", "release_date"), _cases())
def test_nlp_gives_the_entities_and_dates_that_process_reports(text, release_date):
    record = pipeline.process(text, release_date=release_date)
    assert record.text == text  # already normalised: the offsets compare directly
    nlp = pipeline.load()

    ((doc, context),) = nlp.pipe([(text, {"release_date": release_date, "id": "x"})], as_tuples=True)
    assert context == {"release_date": release_date, "id": "x"}
    assert _entities(doc.ents) == _record_entities(record)
    assert _dates(doc._.dates) == _record_dates(record)

    made = nlp.make_doc(text)
    made.user_data["release_date"] = release_date
    assert _entities(nlp(made).ents) == _record_entities(record)
    assert _dates(made._.dates) == _record_dates(record)


def test_the_release_date_resolves_relative_dates_however_it_is_passed():
    nlp = load()
    text = "เมื่อวานนี้ นายกรัฐมนตรีเดินทางไปจังหวัดเชียงใหม่"
    assert nlp(text)._.dates[0].value.iso is None  # no release date: "yesterday" stays unresolved

    by_extension = nlp.make_doc(text)
    by_extension._.release_date = dt.date(2019, 8, 2)
    by_user_data = nlp.make_doc(text)
    by_user_data.user_data["release_date"] = "2019-08-02"
    ((by_context, _),) = nlp.pipe([(text, {"release_date": dt.date(2019, 8, 2)})], as_tuples=True)
    for doc in (nlp(by_extension), nlp(by_user_data), by_context):
        assert doc._.release_date == dt.date(2019, 8, 2)
        assert doc._.dates[0].value.iso == "2019-08-01"

    bad = nlp.make_doc(text)
    bad.user_data["release_date"] = "2 Aug 2019"
    with pytest.raises(ValueError, match="2 Aug 2019"):
        nlp(bad)


def test_every_component_declares_what_it_writes_and_reads_and_the_order_satisfies_it():
    nlp = load()
    assert nlp.pipe_names == list(PIPE_NAMES)
    for name in PIPE_NAMES:
        assert nlp.get_pipe_meta(name).assigns, f"{name} declares no assigns"
    assert nlp.get_pipe_meta("thaipress_dates").requires == ["doc._.release_date"]
    analysis = nlp.analyze_pipes(pretty=False)
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]


def test_doc_extensions_are_registered_when_a_pipeline_is_built_not_on_import():
    script = (
        "from spacy.tokens import Doc\n"
        "import pipeline.entities.components as c\n"
        "assert not Doc.has_extension('release_date') and not Doc.has_extension('dates')\n"
        "from pipeline.language import build\n"
        "build(); build(); c.register_extensions()\n"
        "assert Doc.has_extension('release_date') and Doc.has_extension('dates')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


@registry.misc("test.dates_only.v1")
def _dates_only():
    def resolve(doc):
        return list(doc.spans.get("dates", []))

    return resolve


def test_the_resolver_is_a_registered_function_named_in_the_config():
    text = "นายสมชาย ใจดี เดินทางไปจังหวัดเชียงใหม่ เมื่อวันที่ 2 ส.ค. 2562"
    default = load()
    assert {e.label_ for e in default(text).ents} == {"PERSON", "LOCATION", "DATE"}
    assert default.config["components"]["thaipress_entities"]["resolve"] == {"@misc": "thaipress.crf_first.v1"}

    nlp = build()
    nlp.replace_pipe("thaipress_entities", "thaipress_entities", config={"resolve": {"@misc": "test.dates_only.v1"}})
    assert [(e.text, e.label_) for e in nlp(text).ents] == [("2 ส.ค. 2562", "DATE")]


def test_nlp_to_disk_saves_the_gazetteer_and_spacy_load_reads_it_back(tmp_path):
    text = "กรมทดสอบระบบจัดประชุมที่จังหวัดเชียงใหม่"
    entry = GazetteerEntry("test:dts", "ORGANIZATION", "กรมทดสอบระบบ", "Department of System Tests", "DST")
    nlp = build()
    component = nlp.get_pipe("thaipress_gazetteer")
    component._gazetteer = Gazetteer({**component.gazetteer.entries_by_surface, "กรมทดสอบระบบ": [entry]})
    before = [(e.text, e.label_, e.kb_id_) for e in nlp(text).ents]
    assert ("กรมทดสอบระบบ", "ORGANIZATION", "test:dts") in before

    nlp.to_disk(tmp_path / "nlp")
    assert (tmp_path / "nlp" / "thaipress_gazetteer" / "gazetteer.jsonl").exists()
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.pipe_names == nlp.pipe_names
    saved = loaded.get_pipe("thaipress_gazetteer").gazetteer
    assert saved.entries_by_surface == component.gazetteer.entries_by_surface  # same names, same order
    assert [(e.text, e.label_, e.kb_id_) for e in loaded(text).ents] == before
    assert [(e.text, e.label_, e.kb_id_) for e in build()(text).ents] != before  # the default does not know it

    # A fresh interpreter finds the components through the package's spaCy entry points, without an import.
    script = f"import spacy; print([e.kb_id_ for e in spacy.load({str(tmp_path / 'nlp')!r})({text!r}).ents])"
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "test:dts" in done.stdout
