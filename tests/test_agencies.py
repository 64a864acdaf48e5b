"""The agency gazetteer grown from the archive (pipeline/entities/agencies.py)."""

from pipeline.archive.reader import bucket
from pipeline.entities import agencies
from pipeline.entities.agencies import PairCounts, agency_rows, name_abbreviation_pairs, select_agencies


def test_a_name_before_its_bracketed_abbreviation_is_a_pair_from_each_head_word():
    pairs = set(name_abbreviation_pairs("โดยกระทรวงสาธารณสุขโดยกรมควบคุมโรค (คร.) แจ้ง"))
    assert ("กรมควบคุมโรค", "คร.") in pairs  # every start is a candidate; the counts decide
    # a head inside a longer head is no start of its own (คณะกรรมการ in สำนักงานคณะกรรมการ…)
    assert set(name_abbreviation_pairs("สำนักงานคณะกรรมการกฤษฎีกา (สคก.)")) == {("สำนักงานคณะกรรมการกฤษฎีกา", "สคก.")}


def test_no_pair_without_a_head_word_or_with_a_head_inside_a_longer_word():
    assert not list(name_abbreviation_pairs("ปัญหาสภาพอากาศแปรปรวน (PM)"))  # สภา in สภาพ is no head
    assert not list(name_abbreviation_pairs("การประชุมผู้นำเขตเศรษฐกิจ (APEC)"))
    assert not list(name_abbreviation_pairs("องค์กรภาคประชาสังคม (CSOs)"))  # CSOs is no abbreviation of a body


def counts_of(releases: dict[str, str]) -> PairCounts:
    counts = PairCounts()
    for release_id, text in releases.items():
        counts.add(release_id, text)
    return counts


def test_a_name_is_kept_when_enough_releases_write_it_with_its_abbreviation():
    text = "โดยกองทุนการออมแห่งชาติ (กอช.) แจ้ง"
    counts = counts_of({f"r{i}": text for i in range(3)} | {"once": "ร่วมกับสถาบันวัคซีนแห่งชาติ (สวช.)"})
    kept = {a.thai: a for a in select_agencies(counts)}
    assert kept["กองทุนการออมแห่งชาติ"].abbreviation == "กอช." and kept["กองทุนการออมแห่งชาติ"].support == 3
    assert "สถาบันวัคซีนแห่งชาติ" not in kept  # one release vouches for it: not enough


def test_rows_leave_out_known_names_their_pieces_and_kinds_of_body():
    counts = counts_of(
        {f"r{i}": "สำนักงานตำรวจแห่งชาติ (ตช.) องค์การบริหารส่วนจังหวัด (อบจ.) สมาคมยานยนต์ไฟฟ้าไทย (ส.ย.ฟ.)" for i in range(4)}
    )
    rows = agency_rows(select_agencies(counts), known={"สำนักงานตำรวจแห่งชาติ"})
    assert [r["thai"] for r in rows] == ["สมาคมยานยนต์ไฟฟ้าไทย"]
    assert rows[0]["aliases"] == "ส.ย.ฟ." and rows[0]["support"] == "4" and rows[0]["releases"].startswith("r")


def test_releases_kept_for_evaluation_are_not_read():
    held = next(f"x/{i}.txt" for i in range(100) if bucket(f"x/{i}.txt") == 0)
    counts = agencies.count_pairs([{"id": held, "lang": "th", "text": "โดยกองทุนการออมแห่งชาติ (กอช.) แจ้ง"}])
    assert not counts.pairs


def test_the_shipped_table_has_provenance_for_every_row():
    from pipeline.resources import corpus_file, read_tsv

    rows = read_tsv(corpus_file("gazetteers", agencies.OUTPUT))
    assert rows
    for row in rows:
        assert int(row["support"]) >= 3 and row["releases"] and row["id"].startswith("th-archive:")
        assert row["label"] == "ORGANIZATION"


def test_official_english_comes_from_the_archive_glossary_by_name_or_abbreviation(tmp_path):
    from pipeline.entities.agencies import fill_english

    glossary = tmp_path / "agencies.tsv"
    glossary.write_text(
        "# mined\nthai\tthai_abbr\tenglish\tenglish_abbr\n"
        "สภาอุตสาหกรรมแห่งประเทศไทย\tส.อ.ท.\tFederation of Thai Industries\tFTI\n",
        encoding="utf-8",
    )
    rows = [
        {"thai": "สภาอุตสาหกรรม", "aliases": "ส.อ.ท.", "english": "", "abbr_en": ""},
        {"thai": "กองทุนการออมแห่งชาติ", "aliases": "กอช.", "english": "", "abbr_en": ""},
    ]
    assert fill_english(rows, glossary) == 1
    assert (rows[0]["english"], rows[0]["abbr_en"]) == ("Federation of Thai Industries", "FTI") and rows[1][
        "english"
    ] == ""
    assert fill_english(rows, tmp_path / "missing.tsv") == 0
