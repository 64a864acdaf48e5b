"""Shared fixtures: the review store on SQLite and on a throwaway PostgreSQL server (see postgres_server.py)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _romanization_cache_in_a_temp_dir(tmp_path_factory):
    """The on-disk romanisation cache (`pipeline.english.romanization_cache`) of the tests: a temp folder,
    never the user's ~/.cache."""
    if "THAIPRESS_CACHE_DIR" not in os.environ:
        os.environ["THAIPRESS_CACHE_DIR"] = str(tmp_path_factory.mktemp("thaipress-cache"))
    yield


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for this test session; skipped without PostgreSQL, except under CI."""
    pytest.importorskip("psycopg")
    from postgres_server import PostgresServer, postgres_bin

    if postgres_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: .ci/run installs it (apt-get install -y postgresql)")
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh, empty store's URL, on each database the desk supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'review.sqlite'}"
    return request.getfixturevalue("postgres").database()


@pytest.fixture
def tiny_thainer(tmp_path):
    """A ThaiNER-format training file of three tagged lines (each three times): enough to train a CRF in a test."""
    lines = [
        "[PERSON]นายสมชาย ใจดี[/PERSON] เดินทางไป[LOCATION]จังหวัดเชียงใหม่[/LOCATION]",
        "[ORGANIZATION]กระทรวงพาณิชย์[/ORGANIZATION] จัดงานที่[LOCATION]จังหวัดขอนแก่น[/LOCATION]",
        "[PERSON]นางสาววิภา รักดี[/PERSON] ประชุมกับ[ORGANIZATION]กระทรวงการคลัง[/ORGANIZATION]",
    ]
    train = tmp_path / "train.txt"
    train.write_text("\n".join(lines * 3) + "\n", encoding="utf-8")
    return train
