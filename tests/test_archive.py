"""pipeline.archive: reading the archive, date lines, pairing, people alignment, mined glossaries, name scores.

Each test builds its own small archive of real-looking releases (no shared data needed).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.archive.agencies import (
    english_abbreviations,
    full_names,
    mine_agencies,
    shared_ending,
    thai_abbreviations,
)
from pipeline.archive.dateline import publication_date
from pipeline.archive.evaluate import glossary_english, score_names, strip_english_title
from pipeline.archive.evidence import numbers_in
from pipeline.archive.glossary import (
    GlossaryFormatError,
    build_glossaries,
    load_pairs,
    mine_people,
    read_glossary,
)
from pipeline.archive.pairing import pair_archive
from pipeline.archive.people import align_people, english_people, name_similarity, thai_people
from pipeline.archive.reader import SkipCounts, read_archive, split_of


def thai_release(headline: str, date_line: str, body: str) -> str:
    return f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{headline}\n\n\n{date_line}\nพิมพ์\n{headline}\n{body}\nที่มา : กองโฆษก\n"


def english_release(headline: str, date_line: str, body: str) -> str:
    return f"รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{headline}\n\n\n{date_line}\n{headline}\n{body}\n"


TH_TWIN = thai_release(
    "รองโฆษกฯ เผย ครม. อนุมัติงบ 1,250 ล้านบาท ช่วยเกษตรกร 38 จังหวัด",
    "วันอังคารที่ 9 มีนาคม 2564",
    "น.ส.ไตรศุลี ไตรสรณกุล รองโฆษกประจำสำนักนายกรัฐมนตรี เปิดเผยว่า คณะรัฐมนตรีอนุมัติงบประมาณ 1,250 ล้านบาท "
    "ให้กระทรวงเกษตรและสหกรณ์ ช่วยเหลือเกษตรกร 412,000 ครัวเรือน ใน 38 จังหวัด โดยนายเฉลิมชัย ศรีอ่อน "
    "รัฐมนตรีว่าการกระทรวงเกษตรและสหกรณ์ และสำนักงานเศรษฐกิจการเกษตร (สศก.) จะติดตามผล",
)
TH_OTHER = thai_release(
    "นายกรัฐมนตรีเปิดงานกีฬาแห่งชาติ ครั้งที่ 47 ที่จังหวัดเชียงใหม่",
    "วันอังคารที่ 9 มีนาคม 2564",
    "พลเอก ประยุทธ์ จันทร์โอชา นายกรัฐมนตรี เปิดการแข่งขันกีฬาแห่งชาติ ครั้งที่ 47 ณ จังหวัดเชียงใหม่ มีนักกีฬา 9,800 คน",
)
EN_TWIN = english_release(
    "Cabinet approves 1,250 million baht to assist farmers in 38 provinces",
    "วันพุธที่ 10 มีนาคม 2564",
    "Deputy Government Spokesperson Traisulee Traisoranakul said the Cabinet approved a budget of 1,250 million baht "
    "for the Ministry of Agriculture and Cooperatives to help 412,000 households in 38 provinces. Mr. Chalermchai "
    "Sri-on, Minister of Agriculture and Cooperatives, and the Office of Agricultural Economics (OAE) will follow up.",
)
EN_ORPHAN = english_release(
    "Thailand hosts regional conference on ocean plastics",
    "วันพุธที่ 10 มีนาคม 2564",
    "Delegates from 14 countries discussed 3,600 tonnes of marine waste in Phuket with the Pollution Control "
    "Department.",
)
EN_NO_DATE = "Thailand welcomes tourists\nThe Prime Minister welcomed 5,000 visitors.\n"


def write_archive(path: Path, rows: list, extra_lines: list[bytes] = ()) -> Path:
    with gzip.open(path, "wb") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        for line in extra_lines:
            handle.write(line + b"\n")
    return path


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    rows = [
        {"id": "2021/03/12/th_1.txt", "lang": "th", "text": TH_TWIN},
        {"id": "2021/03/12/th_2.txt", "lang": "th", "text": TH_OTHER},
        {"id": "2021/03/12/en_1.txt", "lang": "en", "text": EN_TWIN},
        {"id": "2021/03/12/en_2.txt", "lang": "en", "text": EN_ORPHAN},
        {"id": "2021/03/12/en_3.txt", "lang": "en", "text": EN_NO_DATE},
    ]
    return write_archive(
        tmp_path / "archive.jsonl.gz", rows, [b"{not json", b"\xff\xfe broken", b"[1, 2]", b'{"id": 5}']
    )


def test_read_archive_skips_bad_lines_with_counted_reasons(archive: Path) -> None:
    skipped = SkipCounts()
    ids = [r.id for r in read_archive(archive, skipped)]
    assert len(ids) == 5
    assert skipped.as_dict() == {"no string id or text": 1, "not JSON": 1, "not UTF-8": 1, "not a JSON object": 1}


def test_read_archive_names_an_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "cut.jsonl.gz"
    bad.write_bytes(gzip.compress(b'{"id": "a", "lang": "th", "text": "x"}\n' * 50)[:40])
    with pytest.raises(OSError, match=r"cut.jsonl.gz"):
        list(read_archive(bad))


def test_publication_date_comes_from_the_date_line_not_the_folder() -> None:
    assert publication_date(TH_TWIN).isoformat() == "2021-03-09"
    assert publication_date("หัวข้อ\nวันศุกร์ที่ ๒ สิงหาคม ๒๕๖๒\n").isoformat() == "2019-08-02"
    assert publication_date(EN_NO_DATE) is None
    assert publication_date("หัวข้อ\nวันศุกร์ที่ 31 กุมภาพันธ์ 2564\n") is None


def test_split_rule_is_the_shared_sha1_rule() -> None:
    import hashlib

    ids = [f"2021/01/{d:02d}/x_{i}.txt" for d in range(1, 29) for i in range(5)]
    held = [i for i in ids if split_of(i) == "heldout"]
    assert held == [i for i in ids if int(hashlib.sha1(i.encode()).hexdigest(), 16) % 5 == 0]
    assert 0.1 < len(held) / len(ids) < 0.3


def test_numbers_both_releases_state() -> None:
    assert {"1250", "412000", "38"} <= numbers_in(EN_TWIN) & numbers_in(TH_TWIN)
    assert "2021" in numbers_in("ปี ๒๕๖๔")


def test_people_are_aligned_by_romanisation_with_their_roles() -> None:
    th = thai_people(TH_TWIN)
    assert [p.name for p in th] == ["ไตรศุลี ไตรสรณกุล", "เฉลิมชัย ศรีอ่อน"]
    assert th[0].role == "รองโฆษกประจำสำนักนายกรัฐมนตรี"
    aligned = {a.thai.name: a.english for a in align_people(th, english_people(EN_TWIN))}
    assert aligned["ไตรศุลี ไตรสรณกุล"].name == "Traisulee Traisoranakul"
    assert aligned["ไตรศุลี ไตรสรณกุล"].role == "Deputy Government Spokesperson"
    assert aligned["เฉลิมชัย ศรีอ่อน"].name == "Chalermchai Sri-on"
    assert aligned["เฉลิมชัย ศรีอ่อน"].role == "Minister of Agriculture and Cooperatives"
    assert name_similarity("ประยุทธ์ จันทร์โอชา", "Traisulee Traisoranakul") < 0.5


def test_pairs_find_the_twin_and_say_why_others_have_none(archive: Path) -> None:
    skipped = SkipCounts()
    pairs = {p.en_id: p for p in pair_archive(archive, skipped=skipped)}
    twin = pairs["2021/03/12/en_1.txt"]
    assert twin.th_id == "2021/03/12/th_1.txt"
    assert {"1250", "412000"} <= set(twin.evidence["numbers"])
    assert twin.evidence["days_apart"] == 1
    assert any(n.startswith("ไตรศุลี") for n in twin.evidence["names"])
    assert pairs["2021/03/12/en_2.txt"].th_id is None
    assert pairs["2021/03/12/en_2.txt"].evidence["reason"] == "best candidate below threshold"
    assert pairs["2021/03/12/en_3.txt"].evidence["reason"] == "no date line"
    assert skipped.counts["not JSON"] == 1 and skipped.counts["English release without a date line"] == 1


def test_cli_pairs_writes_one_line_per_english_release(archive: Path, tmp_path: Path) -> None:
    from pipeline.cli import app

    out = tmp_path / "pairs.jsonl"
    result = CliRunner().invoke(app, ["archive", "pairs", str(archive), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["en_id"] for p in lines] == ["2021/03/12/en_1.txt", "2021/03/12/en_2.txt", "2021/03/12/en_3.txt"]
    assert set(lines[0]) == {"en_id", "th_id", "score", "split", "evidence"}
    assert json.loads(result.stdout)["with_twin"] == 1


def test_cli_pairs_names_a_missing_archive(tmp_path: Path) -> None:
    from pipeline.cli import app

    result = CliRunner().invoke(
        app, ["archive", "pairs", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "p.jsonl")]
    )
    assert result.exit_code == 1
    assert "nope.jsonl" in result.output


def _aligned_many(n: int, spelling: str = "Traisulee Traisoranakul"):
    th = thai_people(TH_TWIN)
    en = english_people(EN_TWIN.replace("Traisulee Traisoranakul", spelling))
    return [({"en_id": f"en_{i}"}, align_people(th, en)) for i in range(n)]


def test_people_glossary_keeps_the_most_frequent_spelling_and_lists_others() -> None:
    aligned = _aligned_many(3) + _aligned_many(1, "Traisulee Traisaranakul")
    rows = {r["thai"]: r for r in mine_people(aligned)}
    row = rows["ไตรศุลี ไตรสรณกุล"]
    assert row["english"] == "Traisulee Traisoranakul" and row["support"] == "3"
    assert row["variants"] == "Traisulee Traisaranakul:1"
    assert row["thai_with_title"] == "น.ส.ไตรศุลี ไตรสรณกุล"
    assert row["role_en"] == "Deputy Government Spokesperson"
    assert row["releases"] == "en_0|en_1|en_2"


def test_people_glossary_drops_a_loose_one_off() -> None:
    from pipeline.archive.glossary import ONE_OFF_MIN
    from pipeline.archive.people import align_more

    # aligned by the second pass only (below the first pass's floor): once is not enough, twice is
    th = thai_people("นายปานปรีย์ พหิทธานุกร รองนายกรัฐมนตรี กล่าว")
    en = english_people("Deputy Prime Minister Parnpree Bahiddha-Nukara said")
    aligned = [({"en_id": "en_1"}, align_more(th, en))]
    assert aligned[0][1] and aligned[0][1][0].score < ONE_OFF_MIN, "aligned loosely in the pair"
    assert mine_people(aligned) == []
    assert [r["english"] for r in mine_people(aligned * 2)] == ["Parnpree Bahiddha-Nukara"]
    # a one-off the first pass aligns is kept
    close = [
        ({"en_id": "en_1"}, align_people(thai_people("นายสมชาย ใจดี กล่าว"), english_people("Mr. Somchai Jaidee said")))
    ]
    assert [r["support"] for r in mine_people(close)] == ["1"]


def test_agencies_from_thai_and_english_brackets() -> None:
    assert thai_abbreviations(TH_TWIN) == {"สศก"}
    assert english_abbreviations(EN_TWIN) == {"OAE": "Office of Agricultural Economics"}
    contexts = {"สศก": ["ร่วมกับสำนักงานเศรษฐกิจการเกษตร", "โดยสำนักงานเศรษฐกิจการเกษตร", " และสำนักงานเศรษฐกิจการเกษตร"]}
    assert full_names(contexts) == {"สศก": "สำนักงานเศรษฐกิจการเกษตร"}
    rows = mine_agencies([(f"en_{i}", EN_TWIN, TH_TWIN) for i in range(2)], full_names(contexts))
    assert [(r["thai"], r["thai_abbr"], r["english"], r["english_abbr"], r["support"]) for r in rows] == [
        ("สำนักงานเศรษฐกิจการเกษตร", "สศก.", "Office of Agricultural Economics", "OAE", "2")
    ]
    assert shared_ending(["กรมควบคุมโรค", "นายก"]) == ""


def test_build_glossaries_is_byte_for_byte_and_can_leave_out_heldout(archive: Path, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {"en_id": "2021/03/12/en_1.txt", "th_id": "2021/03/12/th_1.txt", "score": 0.9, "split": s, "evidence": {}}
        for s in ("dev", "dev")
    ]
    pairs.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    first = build_glossaries(archive, pairs, tmp_path / "a")
    build_glossaries(archive, pairs, tmp_path / "b")
    for name in ("people.tsv", "roles_mined.tsv", "agencies.tsv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert first["pairs"] == 2 and first["people"] >= 1
    assert "Traisulee Traisoranakul" in (tmp_path / "a" / "people.tsv").read_text(encoding="utf-8")
    rows[0]["split"] = rows[1]["split"] = "heldout"
    pairs.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert build_glossaries(archive, pairs, tmp_path / "c", exclude_split="heldout")["people"] == 0


def test_malformed_glossary_row_is_one_error_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "people.tsv"
    path.write_text("# note\nthai\tenglish\nสมชาย ใจดี\tSomchai Jaidee\nสมหญิง\n", encoding="utf-8")
    with pytest.raises(GlossaryFormatError, match=r"people.tsv:4: 1 fields, the header has 2"):
        read_glossary(path)
    bad_pairs = tmp_path / "pairs.jsonl"
    bad_pairs.write_text('{"en_id": "a", "split": "dev", "th_id": "b"}\nnot json\n', encoding="utf-8")
    with pytest.raises(GlossaryFormatError, match=r"pairs.jsonl:2"):
        load_pairs(bad_pairs)


def test_name_scores_take_any_thai_to_english_function() -> None:
    aligned = _aligned_many(1)
    perfect = score_names(
        aligned, {"น.ส.ไตรศุลี ไตรสรณกุล": "Ms. Traisulee Traisoranakul", "นายเฉลิมชัย ศรีอ่อน": "Mr. Chalermchai Sri-on"}.get
    )
    assert perfect.as_dict()["share_within_0.85"] == 1.0 and perfect.exact == 2
    silent = score_names(aligned, lambda name: None)
    assert silent.close == 0 and silent.unanswered == 2
    lookup = glossary_english(
        [{"thai": "เฉลิมชัย ศรีอ่อน", "thai_with_title": "นายเฉลิมชัย ศรีอ่อน", "english": "Chalermchai Sri-on"}], fallback=None
    )
    assert lookup("นายเฉลิมชัย ศรีอ่อน") == "Chalermchai Sri-on" and lookup("นายสมชาย ใจดี") is None
    assert strip_english_title("Pol. Gen. Dr. Somchai Jaidee") == "Somchai Jaidee"


def test_a_candidate_whose_numbers_disagree_is_not_a_twin(tmp_path: Path) -> None:
    en = english_release(
        "Deputy Government Spokesperson on farm aid",
        "วันพุธที่ 10 มีนาคม 2564",
        "Deputy Government Spokesperson Traisulee Traisoranakul said 1,900 million baht goes to 51 provinces, "
        "77,000 households and 640 cooperatives of the Ministry of Agriculture and Cooperatives.",
    )
    path = write_archive(
        tmp_path / "a.jsonl", [{"id": "th_1", "lang": "th", "text": TH_TWIN}, {"id": "en_1", "lang": "en", "text": en}]
    )
    skipped = SkipCounts()
    [pair] = pair_archive(path, skipped=skipped, threshold=0.0)
    assert pair.th_id is None and pair.evidence["reason"] == "numbers disagree"
    assert skipped.counts["English release whose best candidate's numbers disagree"] == 1


def test_shipped_mined_gazetteer_rows_follow_the_gazetteer_format() -> None:
    import unicodedata

    from pipeline.resources import corpus_file, read_tsv

    mined = corpus_file("gazetteers", "th_government_mined.tsv")
    if not mined.exists():
        pytest.skip("no mined gazetteer rows (make glossary)")
    assert mined.read_text(encoding="utf-8").splitlines()[0].split("\t") == [
        "id",
        "label",
        "thai",
        "english",
        "aliases",
        "abbr_en",
    ]
    others = {
        row["id"]
        for path in mined.parent.glob("*.tsv")
        if path.name not in {"titles.tsv", mined.name}
        for row in read_tsv(path)
    }
    for row in read_tsv(mined):
        assert row["id"].startswith("th-gov-mined:") and row["id"] not in others
        assert row["label"] == "ORGANIZATION" and row["thai"] and row["english"]
        aliases = row["aliases"].split("|") if row["aliases"] else []
        assert row["thai"] not in aliases and len(aliases) == len(set(aliases))
        for value in row.values():
            assert unicodedata.is_normalized("NFC", value) and value == value.strip()


def test_shipped_people_glossary_reads_cleanly() -> None:
    from pipeline.resources import corpus_file

    path = corpus_file("glossary", "people.tsv")
    if not path.exists():
        pytest.skip("no people glossary (make glossary)")
    rows = read_glossary(path, required=("thai", "english", "support", "releases"))
    assert len({r["thai"] for r in rows}) == len(rows)
    from pipeline.archive.glossary import MIN_SUPPORT, ONE_OFF_MIN

    assert all(int(r["support"]) >= MIN_SUPPORT or float(r["score"]) >= ONE_OFF_MIN for r in rows)


def test_eval_people_scores_a_plugged_in_function(archive: Path, tmp_path: Path) -> None:
    from pipeline.cli import app

    pairs = tmp_path / "pairs.jsonl"
    en_id = "2021/03/12/en_1.txt"
    split = split_of(en_id)
    pairs.write_text(
        json.dumps({"en_id": en_id, "th_id": "2021/03/12/th_1.txt", "score": 0.9, "split": split, "evidence": {}})
        + "\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    bad = runner.invoke(
        app, ["archive", "eval-people", str(archive), "--pairs", str(pairs), "--english-of", "nowhere:f"]
    )
    assert bad.exit_code == 2
    from pipeline.archive.evaluate import bucket, evaluate_people

    held = next(f"2021/03/12/en_{n}.txt" for n in range(100) if bucket(f"2021/03/12/en_{n}.txt") == 0)
    rows = json.loads(pairs.read_text(encoding="utf-8"))
    pairs.write_text(json.dumps({**rows, "en_id": held, "split": "heldout"}) + "\n", encoding="utf-8")
    releases = [{"id": held if r.id == en_id else r.id, "lang": r.lang, "text": r.text} for r in read_archive(archive)]
    rebuilt = write_archive(tmp_path / "a.jsonl.gz", releases)
    report = evaluate_people(
        rebuilt, pairs, {"silent": lambda name: None}, split="heldout", work_dir=tmp_path / "work", agencies=True
    )
    assert report["silent"]["people"] == 2 and report["silent"]["within_0.85"] == 0
    assert report["_data"]["pairs"] == 1 and report["_data"]["glossary_people"] == 0
    chain = report["shipped chain (glossary and transliterator from the learning buckets only)"]
    # nothing to learn from: no archive answer, no learned answer (the shipped glossary and model are not used)
    assert set(chain["by_english_source"]) <= {"transliteration", "source"} and chain["people"] == 2
    agencies = report["agencies keep their official names (hand-made gazetteer English only)"]
    assert agencies["official"] >= 1  # the twin prints "Ministry of Agriculture and Cooperatives"


def test_thai2rom_baseline_ignores_the_glossaries() -> None:
    from pipeline.archive.evaluate import thai2rom_english
    from pipeline.english.names import romanize

    # the shipped glossary knows him as "Anutin Charnvirakul"; the baseline must not use it
    assert thai2rom_english("นายอนุทิน ชาญวีรกูล") == "Mr " + romanize("อนุทิน ชาญวีรกูล")


def test_an_english_title_gloss_in_brackets_is_not_part_of_the_name() -> None:
    assert strip_english_title("Dr (physician) Somchai Jaidee") == "Somchai Jaidee"
    assert strip_english_title("Mr. Anutin Charnvirakul") == "Anutin Charnvirakul"


def test_second_pass_aligns_a_name_far_from_its_romanisation_but_not_a_place() -> None:
    from pipeline.archive.people import align_more

    thai = thai_people("นายปานปรีย์ พหิทธานุกร รองนายกรัฐมนตรี และนางรัดเกล้า อินทวงศ์ รองโฆษก กล่าว")
    english = english_people(
        "Deputy Prime Minister Parnpree Bahiddha-Nukara visited Surat Thani with the governor of the province."
    )
    assert align_people(thai, english) == []
    aligned = align_more(thai, english)
    assert [(a.thai.name, a.english.name) for a in aligned] == [("ปานปรีย์ พหิทธานุกร", "Parnpree Bahiddha-Nukara")]


def test_agencies_printed_otherwise_are_mined_and_shortened_mentions_are_not_renames() -> None:
    from pipeline.archive.agencies import official_english, printed_spellings

    th = "พลเอก ประยุทธ์ จันทร์โอชา รัฐมนตรีว่าการกระทรวงกลาโหม และกระทรวงกลาโหม ร่วมกับกระทรวงการคลัง"
    en = (
        "Gen. Prayut Chan-o-cha, Minister of Defense, and the Ministry of Defense worked with the Minister of "
        "Finance, the Minister of Finance and the Ministry of Finance."
    )
    rows = printed_spellings([("en_1", en, th), ("en_2", en, th)])
    assert [(r["gazetteer_id"], r["english"], r["support"]) for r in rows] == [
        ("th-gov:mod", "Ministry of Defense", "2")
    ]
    assert printed_spellings([("en_1", en, th)]) == []  # once is not enough
    # the minister's role names the ministry in Thai; "Minister of Finance" is not a spelling of the ministry
    role_only = "Mr. Arkhom Termpittayapaisith, Minister of Finance, said the Minister of Finance would act."
    assert printed_spellings([("en_1", role_only, th), ("en_2", role_only, th)]) == []
    assert official_english(rows) == {"th-gov:mod": "Ministry of Defense"}
    shortened = [{**rows[0], "gazetteer_id": "th-gov:nsc", "english": "National Security Council"}]
    assert official_english(shortened) == {}
    abbreviated = [{**rows[0], "gazetteer_id": "th-gov:osmep", "english": "Office of SMEs Promotion"}]
    assert official_english(abbreviated) == {}


def test_person_english_takes_the_glossary_and_model_it_is_given() -> None:
    from pipeline.english.glossary import PeopleGlossary, PersonName
    from pipeline.english.names import person_english

    glossary = PeopleGlossary([PersonName("สมชาย ใจดี", "Somchai Jaidee", "Somchai Jaidee", "archive", ("en_9",))])
    found = person_english("นายสมชาย ใจดี", archive=glossary, learned=lambda name: None)
    assert (found.text, found.source, found.evidence) == ("Mr Somchai Jaidee", "archive", ("en_9",))
    other = person_english("นายสมศักดิ์ ใจดี", archive=glossary, learned=lambda name: "Somsak Jaidee")
    assert (other.text, other.source) == ("Mr Somsak Jaidee", "learned")
    plain = person_english("นายสมศักดิ์ ใจดี", archive=PeopleGlossary([]), learned=lambda name: None)
    assert plain.source == "transliteration"


def test_known_agencies_get_the_english_name_printed_before_their_abbreviation() -> None:
    from pipeline.archive.agencies import printed_names

    th = "โดยการท่องเที่ยวแห่งประเทศไทย (ททท.) ร่วมกับกระทรวงการคลัง"
    en = "with the Tourism Authority of Thailand (TAT) and the Finance Ministry"
    rows = printed_names([("en_1", en, th), ("en_2", en, th)])
    tat = [r for r in rows if r["english_abbr"] == "TAT"]
    assert [(r["english"], r["support"], r["releases"]) for r in tat] == [
        ("Tourism Authority of Thailand", "2", "en_1|en_2")
    ]
    assert tat[0]["gazetteer_id"] and tat[0]["thai"] == "การท่องเที่ยวแห่งประเทศไทย"
    assert printed_names([("en_1", en, th)]) == []


def test_cli_glossary_names_the_bad_line_of_a_pairs_file(archive: Path, tmp_path: Path) -> None:
    from pipeline.cli import app

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"en_id": "a", "th_id": "b", "split": "dev"}\n{"en_id": \n', encoding="utf-8")
    result = CliRunner().invoke(
        app, ["archive", "glossary", str(archive), "--pairs", str(pairs), "--out-dir", str(tmp_path / "g")]
    )
    assert result.exit_code == 1
    assert "pairs.jsonl:2" in result.output and "Traceback" not in result.output


def test_shipped_hand_checked_pairs_are_well_formed() -> None:
    from pipeline.resources import corpus_file

    path = corpus_file("archive", "pairs_checked.tsv")
    if not path.exists():
        pytest.skip("no hand-checked pairs")
    rows = read_glossary(path, required=("en_id", "th_id", "verdict"))
    assert len(rows) == 50 and len({r["en_id"] for r in rows}) == 50
    assert {r["verdict"] for r in rows} <= {"correct", "wrong"}
    assert all(split_of(r["en_id"].replace("\\t", "\t")) == "dev" for r in rows)
