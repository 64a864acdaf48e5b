"""The review desk over HTTP: log in, see the queue, open a release, decide, export. Every write needs a
reviewer and a CSRF token; a stale decision answers 409; release text never becomes markup."""

from __future__ import annotations

import io
import json
import re
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("sqlalchemy")

with warnings.catch_warnings():  # Starlette's TestClient warns that httpx is deprecated in favour of httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from pipeline.record import Entity, Release, Repair
from pipeline.review import store as st
from pipeline.review.app import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SEED = Path(__file__).resolve().parents[1] / "seeds" / "apec-local-innovation-forum.th.txt"
TEXT = "นายสมชาย ใจดี จัดกิจกรรมทั้งหมด รอบ ที่จังหวัดเชียงใหม่"
HOSTILE = "<script>alert(1)</script> <b>ตัวหนา</b> "


def meeting(release_id: str = "meeting", prefix: str = "") -> Release:
    text = prefix + TEXT
    count = text.index("รอบ")
    person = text.index("นายสมชาย")
    return Release(
        id=release_id,
        text=text,
        entities=[
            Entity(
                label="PERSON",
                start=person,
                end=person + 13,
                text=text[person : person + 13],
                english="Mr Somchai Chaidi",
                source="rule",
            )
        ],
        repairs=[
            Repair(
                start=count,
                end=count,
                template="count.classifier",
                replacement="4 ",
                confidence=0.8,
                evidence=prefix + "four places are listed",
            )
        ],
        text_repaired=text,
        summary_en=prefix + "Mr Somchai Chaidi held events.",
    )


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Desk:
    """A TestClient with the helpers a test needs: log in, read the CSRF token, decide."""

    def __init__(self, tmp_path: Path, **options) -> None:
        options.setdefault("processing", "thread")  # the pipeline in a thread of this process: no model reload
        self.app = create_app(f"sqlite:///{tmp_path / 'review.sqlite'}", **options)
        self.store = self.app.state.store
        self.client = TestClient(self.app, follow_redirects=False)

    def csrf(self) -> str:
        return csrf_of(self.client.get("/login").text)

    def login(self, name: str = "somchai", **fields) -> object:
        return self.client.post("/login", data={"csrf_token": self.csrf(), "name": name, "next": "/", **fields})

    def processed(self, response, timeout: float = 120.0):
        """Follow a new release's job page until the pipeline has finished; the final response."""
        import time

        assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
        location, deadline = response.headers["location"], time.monotonic() + timeout
        while time.monotonic() < deadline:
            page = self.client.get(location)
            if page.status_code != 200 or "Processing…" not in page.text:
                return page
            time.sleep(0.05)
        raise AssertionError(f"{location} still processing after {timeout} s")

    def item(self, kind: str = "repair", release_id: str = "meeting") -> st.ReviewItem:
        return next(i for i in st.release_items(self.store, release_id) if i.kind == kind)

    def decide(self, item_id: int, action: str, version: int, value: str | None = None, **headers):
        data = {"csrf_token": self.csrf(), "action": action, "expected_version": str(version)}
        if value is not None:
            data["value"] = value
        return self.client.post(f"/items/{item_id}", data=data, headers=headers)


@pytest.fixture
def desk(tmp_path) -> Desk:
    desk = Desk(tmp_path)
    st.import_record(desk.store, meeting())
    assert desk.login().status_code == 303
    return desk


# --- queue and release page ---------------------------------------------------------------------------


def test_the_queue_lists_releases_with_open_items_and_filters_them(desk):
    st.import_record(desk.store, meeting("other", prefix="ข่าวอื่น "))
    page = desk.client.get("/")
    assert page.status_code == 200 and "/releases/meeting" in page.text and "/releases/other" in page.text
    assert "/releases/other" not in desk.client.get("/", params={"q": "meeting"}).text
    assert "/releases/meeting" not in desk.client.get("/", params={"status": "done"}).text


def test_the_release_page_highlights_entities_and_shows_each_repair_with_controls(desk):
    item = desk.item()
    page = desk.client.get("/releases/meeting").text
    assert '<mark class="ent ent-PERSON" title="PERSON: Mr Somchai Chaidi" data-entity="0:1">นายสมชาย ใจดี' in page
    assert 'class="legend"' in page and "person<span" in page
    assert f'id="item-{item.id}"' in page and "four places are listed" in page and "80%" in page
    for action in ("accept", "reject", "edit"):
        assert f'name="action" value="{action}"' in page
    assert "<h2>Event record</h2>" in page and "Mr Somchai Chaidi held events." in page


def test_an_entity_only_the_repaired_view_has_is_shown_as_pending(desk):
    from pipeline import process

    record = process(
        "สำนักงานพัฒนาชุมชนท้องถิ่น (สพท.) จัดการประชุมประจำปี โดยมีนายสมชาย ใจดี ผู้อำนวยการ สพท ร่วมงาน",
        source_id="abbr",
    )
    assert any(e.from_repair for e in record.entities)
    st.import_record(desk.store, record)
    page = desk.client.get("/releases/abbr").text
    assert 'class="ent ent-ORGANIZATION ent-from-repair"' in page
    assert "only if the proposed repair is accepted" in page


def test_an_unknown_release_is_404(desk):
    assert desk.client.get("/releases/nope").status_code == 404


# --- decisions ----------------------------------------------------------------------------------------


def test_accepting_a_repair_re_renders_the_record_and_names_the_reviewer(desk):
    item = desk.item()
    response = desk.decide(item.id, "accept", 1)
    assert response.status_code == 303 and response.headers["location"].startswith("/releases/meeting#item-")
    page = desk.client.get("/releases/meeting").text
    assert "ทั้งหมด 4 รอบ" in page  # the repaired text
    assert "accepted by <strong>somchai</strong>" in page


def test_editing_the_summary_and_a_repair(desk):
    desk.decide(desk.item("summary").id, "edit", 1, "Mr Somchai Chaidi held four events in Chiang Mai.")
    desk.decide(desk.item().id, "edit", 1, "5 ")
    record = st.current_record(desk.store, "meeting")
    assert record.summary_en == "Mr Somchai Chaidi held four events in Chiang Mai."
    assert "ทั้งหมด 5 รอบ" in record.text_repaired
    assert "held four events in Chiang Mai." in desk.client.get("/releases/meeting").text


def test_rejecting_a_repair_leaves_the_text_alone(desk):
    desk.decide(desk.item().id, "reject", 1)
    assert st.current_record(desk.store, "meeting").text_repaired == TEXT


def test_correcting_an_entity(desk):
    response = desk.client.post(
        "/entities",
        data={
            "csrf_token": desk.csrf(),
            "release_id": "meeting",
            "position": "0",
            "expected_version": "1",
            "label": "ORGANIZATION",
            "english": "Somchai Ltd",
            "action": "edit",
        },
    )
    assert response.status_code == 303
    assert st.current_record(desk.store, "meeting").entities[0].label == "ORGANIZATION"


def test_a_decision_on_a_stale_version_is_409_and_changes_nothing(desk):
    item = desk.item()
    assert desk.decide(item.id, "accept", 1).status_code == 303
    response = desk.decide(item.id, "reject", 1)  # a second tab still showing version 1
    assert response.status_code == 409
    assert "changed by somchai" in response.text and "not saved" in response.text
    assert st.current_record(desk.store, "meeting").repairs[0].status == "accepted"
    as_json = desk.decide(item.id, "reject", 1, accept="application/json")
    assert as_json.status_code == 409 and as_json.json()["current_version"] == 2


def test_a_decision_that_cannot_be_made_is_400(desk):
    assert desk.decide(desk.item().id, "approve", 1).status_code == 400
    assert desk.decide(9999, "accept", 1).status_code == 400


# --- safety -------------------------------------------------------------------------------------------


def test_posts_without_the_csrf_token_are_refused(desk):
    item = desk.item()
    no_token = desk.client.post(f"/items/{item.id}", data={"action": "accept", "expected_version": "1"})
    wrong = desk.client.post(
        f"/items/{item.id}", data={"action": "accept", "expected_version": "1", "csrf_token": "guess"}
    )
    assert no_token.status_code == 403 and wrong.status_code == 403
    assert "CSRF" in no_token.text
    assert desk.client.post("/login", data={"name": "mallory"}).status_code == 403
    assert st.current_record(desk.store, "meeting").repairs[0].status == "needs_review"


def test_a_tampered_session_cookie_is_ignored(desk):
    cookie = desk.client.cookies.get("thaipress_review")
    desk.client.cookies.set("thaipress_review", cookie[:-4] + "0000")
    assert desk.decide(desk.item().id, "accept", 1).status_code in (401, 403)


def test_writes_need_a_reviewer_name(tmp_path):
    desk = Desk(tmp_path)
    st.import_record(desk.store, meeting())
    assert desk.client.get("/").status_code == 200  # reading is open on a local desk without a token
    assert desk.decide(desk.item().id, "accept", 1).status_code == 401
    assert desk.login(name="  ").status_code == 401


def test_a_token_protects_every_page(tmp_path):
    desk = Desk(tmp_path, token="s3cret")
    st.import_record(desk.store, meeting())
    response = desk.client.get("/releases/meeting")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert desk.client.get("/export/json").status_code == 303
    assert desk.login(token="wrong").status_code == 401
    assert desk.login(token="s3cret").status_code == 303
    assert desk.client.get("/releases/meeting").status_code == 200


def test_a_user_list_limits_who_can_log_in(tmp_path):
    desk = Desk(tmp_path, users=["Somchai", "Malee"])
    assert desk.login(name="mallory").status_code == 401
    assert desk.login(name="malee").status_code == 303
    assert "Reviewing as <strong>Malee</strong>" in desk.client.get("/").text


def test_release_text_is_escaped_in_every_view(desk):
    st.import_record(desk.store, meeting("hostile", prefix=HOSTILE))
    item = desk.item(release_id="hostile")
    desk.decide(item.id, "edit", 1, "<i>4</i> ")
    views = {
        "queue": desk.client.get("/").text,
        "release": desk.client.get("/releases/hostile").text,
        "markdown": desk.client.get("/export/markdown", params={"release": "hostile"}).text,
    }
    for name, body in views.items():
        assert "<script>alert(1)</script>" not in body, name
        assert "<b>" not in body and "<i>4</i>" not in body.replace("&lt;i&gt;", ""), name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, name
    assert "script-src 'self'" in desk.client.get("/releases/hostile").headers["content-security-policy"]


def test_uploads_over_the_limit_are_413(tmp_path):
    desk = Desk(tmp_path)  # the default limit: 5 MB
    desk.login()
    big = io.BytesIO("ข่าว".encode() * (5 * 1024 * 1024 // 12 + 1000))
    response = desk.client.post(
        "/releases", data={"csrf_token": desk.csrf()}, files={"file": ("big.txt", big, "text/plain")}
    )
    assert response.status_code == 413
    assert st.list_queue(desk.store, status="all") == []


def test_upload_types_other_than_text_html_docx_are_refused(desk):
    response = desk.client.post(
        "/releases", data={"csrf_token": desk.csrf()}, files={"file": ("release.pdf", b"%PDF-1.4", "application/pdf")}
    )
    assert response.status_code == 415


# --- new releases (these run the pipeline) ------------------------------------------------------------


def test_pasting_a_release_processes_it_and_opens_it_for_review(desk):
    response = desk.client.post("/releases", data={"csrf_token": desk.csrf(), "text": SEED.read_text(encoding="utf-8")})
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    done = desk.processed(response)
    assert done.status_code == 303 and done.headers["location"].startswith("/releases/")
    page = desk.client.get(done.headers["location"]).text
    assert "ent-ORGANIZATION" in page and "count.classifier" in page


def test_uploading_html_and_docx(desk):
    html = "<html><body><p>นายสมชาย ใจดี เดินทางไป<b>จังหวัดเชียงใหม่</b></p><script>x()</script></body></html>"
    response = desk.client.post(
        "/releases",
        data={"csrf_token": desk.csrf(), "release_date": "2019-08-02"},
        files={"file": ("release.html", html.encode(), "text/html")},
    )
    page = desk.client.get(desk.processed(response).headers["location"]).text
    assert "จังหวัดเชียงใหม่" in page and "x()" not in page
    docx = pytest.importorskip("docx")
    document, buffer = docx.Document(), io.BytesIO()
    document.add_paragraph("นางสาวมาลี ใจงาม เดินทางไปจังหวัดขอนแก่น")
    document.save(buffer)
    response = desk.client.post(
        "/releases",
        data={"csrf_token": desk.csrf()},
        files={"file": ("release.docx", buffer.getvalue(), "application/octet-stream")},
    )
    assert "จังหวัดขอนแก่น" in desk.client.get(desk.processed(response).headers["location"]).text


def test_input_the_pipeline_refuses_is_a_clear_400(desk):
    response = desk.processed(desk.client.post("/releases", data={"csrf_token": desk.csrf(), "text": "English only"}))
    assert response.status_code == 400 and "no Thai text" in response.text


# --- export -------------------------------------------------------------------------------------------


def test_export_contains_the_decision_with_reviewer_and_time(desk):
    desk.decide(desk.item().id, "accept", 1)
    desk.decide(desk.item("summary").id, "accept", 1)
    response = desk.client.get("/export/json")  # approved releases: this one has no open items left
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    [entry] = response.json()
    decisions = entry["review"]["decisions"]
    assert [(d["action"], d["reviewer"]) for d in decisions] == [("accept", "somchai"), ("accept", "somchai")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", d["decided_at"]) for d in decisions)
    assert "ทั้งหมด 4 รอบ" in entry["record"]["text_repaired"]


@pytest.mark.parametrize("fmt", ["jsonl", "markdown", "jsonld"])
def test_one_release_exports_in_every_format(desk, fmt):
    desk.decide(desk.item().id, "accept", 1)
    body = desk.client.get(f"/export/{fmt}", params={"release": "meeting"}).text
    assert "somchai" in body
    if fmt == "jsonl":
        assert json.loads(body)["review"]["approved"] is False  # the summary is still open


def test_unknown_export_format_is_404(desk):
    assert desk.client.get("/export/csv").status_code == 404


def test_logging_out_ends_the_reviewers_session(desk):
    assert desk.client.post("/logout", data={"csrf_token": desk.csrf()}).status_code == 303
    assert desk.decide(desk.item().id, "accept", 1).status_code == 401
