"""The review desk in a real browser (Debian's headless Chromium driven by Playwright), on the reference
release: paste it (a "processing…" page, then the release), find it in the queue with filters and open it
by keyboard, decide with keys, undo, correct an entity once for all its mentions, add an entity by
selecting its text, save the summary with Ctrl+Enter, export, and read every decision back.

Needs /usr/bin/chromium (apt-get install chromium; $THAIPRESS_CHROMIUM overrides the path) and the playwright
package; no `playwright install`.
Skipped when Chromium is missing, except in CI (CI=true), where that is a failure.
THAIPRESS_SCREENSHOT=1 saves the release page to docs/review-desk.png.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "apec-local-innovation-forum.th.txt"
SCREENSHOT = ROOT / "docs" / "review-desk.png"
CHROMIUM = Path(os.environ.get("THAIPRESS_CHROMIUM", "/usr/bin/chromium"))  # Debian's build
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REVIEWER = "Malee (e2e)"
SUMMARY = "Taiwan's SMEA and Thailand's OSMEP held the APEC Local Innovation Ecosystem Forum."


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser test (apt-get install -y chromium)")
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.exists():
    _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:
    _unavailable("the playwright package is not installed (pip install 'thaipress[review-e2e]')")
pytest.importorskip("uvicorn")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from pipeline.review.app import create_app

    db = tmp_path_factory.mktemp("desk") / "review.sqlite"
    port = _free_port()
    app = create_app(f"sqlite:///{db}", allowed_hosts=["127.0.0.1"], processing="thread")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the review desk did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app.state.jobs.shutdown()
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


SMEA_ENGLISH = "Small and Medium Enterprise Administration"
ADDED = "เมืองหลวง"

SELECT_PLAIN_TEXT = """word => {
  // Select the first occurrence of `word` that is plain text (not inside an entity or a chip), as a
  // reader would with the mouse, and let the page react to the mouse-up.
  const root = document.getElementById("release-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest("mark, [data-skip]")) continue;
    const at = node.data.indexOf(word);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + word.length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
    return true;
  }
  return false;
}"""


def test_the_review_flow_on_the_reference_release(server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # Log in: every change is recorded under the reviewer's name.
    page.goto(f"{server}/login")
    page.fill("input[name=name]", REVIEWER)
    page.click("button[type=submit]")
    expect(page.locator(".who")).to_contain_text(REVIEWER)

    # Paste the reference release: a "processing…" page while the pipeline runs, then the release.
    page.fill("textarea[name=text]", SEED.read_text(encoding="utf-8"))
    page.click("#new-release button[type=submit]")
    page.wait_for_url(re.compile(r"/(jobs|releases)/"))
    page.wait_for_url(re.compile(r"/releases/"), timeout=180_000)
    release_url = page.url.split("#")[0]
    expect(page.locator(".release-text").first).to_contain_text("ไต้หวัน")
    expect(page.locator(".progress")).to_contain_text("0 of ")

    # Nothing covers the controls (the shortcut hint once sat over the buttons at the bottom right).
    covered = page.evaluate("""() => Array.from(document.querySelectorAll('.controls button, .exports a'))
        .map(b => { b.scrollIntoView({block: 'end'}); const r = b.getBoundingClientRect();
                    const hit = document.elementFromPoint(r.right - 2, r.bottom - 2);
                    return hit && (b === hit || b.contains(hit)) ? null : b.textContent.trim(); })
        .filter(Boolean)""")
    assert covered == []

    # Find it in the queue by a repair template and low confidence; open it with the keyboard.
    template = page.locator(".items-panel article.item code").first.inner_text()
    page.goto(f"{server}/")
    page.select_option("select[name=template]", template)
    page.select_option("select[name=confidence]", "90")
    page.click("#queue-filters button[type=submit]")
    expect(page.locator("tr.queue-row")).to_have_count(1)
    page.keyboard.press("j")
    expect(page.locator("tr.queue-row").first).to_have_class(re.compile(r"\bcurrent\b"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == release_url

    # Decide with keys: walk to the first proposal that has a value (j), accept it (a); reject the next (r).
    cards = page.locator(".items-panel article.item")
    enabled = [not cards.nth(i).locator("form.accept button").is_disabled() for i in range(cards.count())]
    target = enabled.index(True)
    item_id = cards.nth(target).get_attribute("data-item")
    proposal = cards.nth(target).locator(".proposal strong").inner_text().strip("“”")
    expect(cards.first).to_have_class(re.compile(r"\bcurrent\b"))  # the first open item is selected on load
    for _ in range(target):
        page.keyboard.press("j")
    expect(cards.nth(target)).to_have_class(re.compile(r"\bcurrent\b"))
    with page.expect_navigation():
        page.keyboard.press("a")
    accepted = page.locator(f"#item-{item_id}")
    expect(accepted).to_have_class(re.compile(r"status-accepted"))
    expect(accepted.locator(".decided")).to_contain_text(REVIEWER)
    expect(page.locator("details.repaired .release-text")).to_contain_text(proposal)
    expect(page.locator(".progress")).to_contain_text("1 of ")
    rejected_id = page.locator(".items-panel article.item.current").get_attribute("data-item")  # the next open one
    with page.expect_navigation():
        page.keyboard.press("r")
    expect(page.locator(f"#item-{rejected_id}")).to_have_class(re.compile(r"status-rejected"))

    # Undo (u) takes the rejection back; the accepted one stays.
    with page.expect_navigation():
        page.keyboard.press("u")
    expect(page.locator(f"#item-{rejected_id}")).to_have_class(re.compile(r"status-needs_review"))
    expect(page.locator(f"#item-{item_id}")).to_have_class(re.compile(r"status-accepted"))

    # Correct an entity once for all its mentions: SMEA's row, its English name.
    row = page.locator('tr.entity-row[data-text="SMEA"]')
    mentions = int(row.locator("td.num").inner_text())
    assert mentions > 1
    row.locator("input[name=english]").fill(SMEA_ENGLISH)
    with page.expect_navigation():
        row.locator("button[value=edit]").click()
    expect(page.locator('tr.entity-row[data-text="SMEA"]')).to_contain_text(SMEA_ENGLISH)

    # Add a missing entity by selecting its text.
    assert page.evaluate(SELECT_PLAIN_TEXT, ADDED)
    tools = page.locator("#selection-tools")
    expect(tools).to_be_visible()
    expect(tools.locator(".selected-text")).to_have_text(f"“{ADDED}”")
    tools.locator("select[name=label]").select_option("LOCATION")
    with page.expect_navigation():
        tools.locator("button[type=submit]").first.click()
    expect(page.locator("#release-text mark.ent-LOCATION", has_text=ADDED).first).to_be_visible()

    # The summary: "s" focuses it, Ctrl+Enter saves it.
    page.keyboard.press("s")
    page.keyboard.press("Control+A")
    page.keyboard.type(SUMMARY)
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    expect(page.locator(".summary .summary-text")).to_have_text(SUMMARY)
    expect(page.locator(".summary article.item")).to_have_class(re.compile(r"status-edited"))
    expect(page.locator(".history")).not_to_contain_text("{'status'")

    if os.environ.get("THAIPRESS_SCREENSHOT") == "1":
        # A fresh load selecting the accepted item, scrolled to where it sits in the text.
        page.goto("about:blank")
        page.goto(f"{release_url}#item-{item_id}")
        page.locator(f'.release-text .repair-chip[data-item="{item_id}"]').evaluate(
            "chip => chip.scrollIntoView({block: 'center'})"
        )
        page.wait_for_timeout(400)  # the card list scrolls smoothly
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))

    # Export this release as JSON and read every decision back.
    with page.expect_download() as download:
        page.click("a[data-export=json]")
    path = tmp_path / "export.json"
    download.value.save_as(path)
    [entry] = json.loads(path.read_text(encoding="utf-8"))
    decisions = entry["review"]["decisions"]
    assert [(d["kind"], d["action"]) for d in decisions] == (
        [("repair", "accept"), ("repair", "reject"), ("repair", "undo")]
        + [("entity", "edit")] * mentions
        + [("entity_new", "accept"), ("summary", "edit")]
    )
    assert {d["reviewer"] for d in decisions} == {REVIEWER}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", d["decided_at"]) for d in decisions)
    assert decisions[0]["after"] == {"status": "accepted", "value": proposal}
    record = entry["record"]
    assert record["summary_en"] == SUMMARY and proposal in record["text_repaired"]
    smea = [e for e in record["entities"] if e["text"] == "SMEA"]
    assert len(smea) == mentions and all(e["english"] == SMEA_ENGLISH for e in smea)
    assert [(e["label"], e["source"]) for e in record["entities"] if e["text"] == ADDED] == [("LOCATION", "reviewer")]
    assert problems == []  # no script errors and no Content-Security-Policy violations
    context.close()
