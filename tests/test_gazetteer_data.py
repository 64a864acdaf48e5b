"""Data checks for corpora/gazetteers/*.tsv."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

GAZ = Path(__file__).resolve().parents[1] / "corpora" / "gazetteers"
HEADER = ["id", "label", "thai", "english", "aliases", "abbr_en"]
TITLE_HEADER = ["thai", "english", "kind"]
LABELS = {"LOCATION", "ORGANIZATION"}
KINDS = {"personal", "academic", "military", "police", "royal", "clergy", "role"}
ENTITY_FILES = [
    "th_provinces.tsv",
    "th_districts.tsv",
    "countries.tsv",
    "foreign_cities.tsv",
    "th_government.tsv",
    "th_places.tsv",
    "intl_orgs.tsv",
]


def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    text = (GAZ / name).read_text(encoding="utf-8")
    assert "\r" not in text, f"{name}: CR line endings"
    lines = text.split("\n")
    assert lines[-1] == "", f"{name}: missing final newline"
    header = lines[0].split("\t")
    rows = []
    for i, line in enumerate(lines[1:-1], start=2):
        cells = line.split("\t")
        assert len(cells) == len(header), f"{name}:{i}: {len(cells)} columns"
        rows.append(dict(zip(header, cells)))
    return header, rows


def check_cells(name: str, row: dict[str, str]) -> None:
    for key, value in row.items():
        assert unicodedata.is_normalized("NFC", value), f"{name}: {key} not NFC: {value!r}"
        assert value == value.strip(), f"{name}: {key} has outer spaces: {value!r}"


@pytest.fixture(scope="module")
def entities() -> dict[str, list[dict[str, str]]]:
    return {name: read(name)[1] for name in ENTITY_FILES}


def all_rows(entities):
    return [r for rows in entities.values() for r in rows]


@pytest.mark.parametrize("name", ENTITY_FILES)
def test_entity_file(name: str) -> None:
    header, rows = read(name)
    assert header == HEADER
    assert rows, f"{name} is empty"
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    for r in rows:
        check_cells(name, r)
        assert r["id"] and r["id"] == r["id"].lower() and r["id"].isascii() and ":" in r["id"], r
        assert " " not in r["id"], r
        assert r["label"] in LABELS, r
        assert r["thai"] and r["english"], r
        aliases = r["aliases"].split("|") if r["aliases"] else []
        assert all(a and a == a.strip() for a in aliases), f"{name}: empty/spaced alias in {r['id']}"
        assert len(aliases) == len(set(aliases)), f"{name}: duplicate alias in {r['id']}"
        assert r["thai"] not in aliases, f"{name}: thai repeated in aliases of {r['id']}"


def test_ids_unique_across_files(entities) -> None:
    ids = [r["id"] for r in all_rows(entities)]
    assert len(ids) == len(set(ids))


def test_titles() -> None:
    header, rows = read("titles.tsv")
    assert header == TITLE_HEADER
    keys = [(r["thai"], r["kind"]) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate (thai, kind)"
    for r in rows:
        check_cells("titles.tsv", r)
        assert r["thai"] and r["english"], r
        assert r["kind"] in KINDS, r
    thai = {r["thai"] for r in rows}
    assert {"นาย", "นางสาว", "น.ส.", "ดร.", "ผศ.ดร.", "พล.ต.อ.", "ม.ร.ว."} <= thai


def test_counts(entities) -> None:
    assert len(entities["th_provinces.tsv"]) == 77
    assert len(entities["th_districts.tsv"]) >= 900
    assert len(entities["countries.tsv"]) >= 198
    assert len(entities["foreign_cities.tsv"]) >= 140
    assert len(entities["th_government.tsv"]) >= 150


def lookup(entities, surface: str) -> list[dict[str, str]]:
    return [r for r in all_rows(entities) if surface == r["thai"] or surface in r["aliases"].split("|")]


def test_known_entries(entities) -> None:
    (cm,) = [r for r in entities["th_provinces.tsv"] if r["thai"] == "เชียงใหม่"]
    assert cm["english"] == "Chiang Mai" and cm["id"] == "th-province:chiang-mai"
    assert "จ.เชียงใหม่" in cm["aliases"].split("|")

    bkk = lookup(entities, "กทม.")
    assert [r["id"] for r in bkk] == ["th-province:bangkok"]

    for surface in ("สสว.", "สสว"):
        (osmep,) = lookup(entities, surface)
        assert osmep["id"].startswith("th-gov:osmep")
        assert osmep["english"] == "Office of Small and Medium Enterprises Promotion"
        assert osmep["label"] == "ORGANIZATION"

    (apec,) = lookup(entities, "APEC")
    assert apec["id"] == "intl:apec" and apec["abbr_en"] == "APEC"
    assert lookup(entities, "กลุ่มความร่วมมือทางเศรษฐกิจเอเชีย-แปซิฟิก") == [apec]

    (tw,) = lookup(entities, "ไต้หวัน")
    assert tw["id"] == "country:tw" and tw["label"] == "LOCATION"

    (smea,) = lookup(entities, "SMEA")
    assert smea["id"] == "tw-gov:smea"

    assert [r["id"] for r in lookup(entities, "เมืองทอมสค์")] == ["city:tomsk"]
    assert [r["id"] for r in lookup(entities, "กรุงไทเป")] == ["city:taipei"]
    assert [r["label"] for r in lookup(entities, "ทำเนียบรัฐบาล")] == ["LOCATION"]
    assert lookup(entities, "กระทรวงการคลัง")[0]["english"] == "Ministry of Finance"


def test_ministries(entities) -> None:
    ministries = [r for r in entities["th_government.tsv"] if r["thai"].startswith("กระทรวง")]
    assert len(ministries) == 19  # + สำนักนายกรัฐมนตรี = 20 ministry-level bodies
    assert any(r["thai"] == "สำนักนายกรัฐมนตรี" for r in entities["th_government.tsv"])


def test_ambiguous_districts_are_prefixed(entities) -> None:
    by_code = {r["id"].split(":")[1].split("-")[0]: r for r in entities["th_districts.tsv"]}
    assert by_code["5001"]["thai"] == "เมืองเชียงใหม่"
    for r in entities["th_districts.tsv"]:
        if r["thai"].startswith(("อำเภอ", "เขต")):
            bare = r["thai"].removeprefix("อำเภอ").removeprefix("เขต")
            assert bare not in r["aliases"].split("|"), r
