"""The review desk in a real browser (Debian's headless Chromium driven by Playwright): paste the reference
release, accept a proposal with the keyboard, edit the English summary, export, and read the decision back.

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
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
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
    app = create_app(f"sqlite:///{db}", allowed_hosts=["127.0.0.1"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the review desk did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_paste_accept_with_keyboard_edit_summary_and_export(server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # Log in: every change is recorded under the reviewer's name.
    page.goto(f"{server}/login")
    page.fill("input[name=name]", REVIEWER)
    page.click("button[type=submit]")
    expect(page.locator(".who")).to_contain_text(REVIEWER)

    # Paste the reference release and process it on the spot.
    page.fill("textarea[name=text]", SEED.read_text(encoding="utf-8"))
    page.click("#new-release button[type=submit]")
    page.wait_for_url(re.compile(r"/releases/"))
    expect(page.locator(".release-text").first).to_contain_text("ไต้หวัน")
    expect(page.locator("mark.ent.ent-ORGANIZATION").first).to_be_visible()

    # Walk to the first proposal that has a value (j), and accept it (a).
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

    # Edit the English summary ("s" focuses it; select the generated text and type over it); the page
    # re-renders it from the accepted value.
    page.keyboard.press("s")
    page.keyboard.press("Control+A")
    page.keyboard.type(SUMMARY)
    with page.expect_navigation():
        page.click(".summary-edit button[type=submit]")
    expect(page.locator(".summary .summary-text")).to_have_text(SUMMARY)
    expect(page.locator(".summary article.item")).to_have_class(re.compile(r"status-edited"))

    if os.environ.get("THAIPRESS_SCREENSHOT") == "1":
        # A fresh load selecting the accepted item, scrolled to where it sits in the text.
        release_url = page.url.split("#")[0]
        page.goto("about:blank")
        page.goto(f"{release_url}#item-{item_id}")
        page.locator(f'.release-text .repair-chip[data-item="{item_id}"]').evaluate(
            "chip => chip.scrollIntoView({block: 'center'})")
        page.wait_for_timeout(400)  # the card list scrolls smoothly
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))

    # Export this release as JSON and read the decisions back.
    with page.expect_download() as download:
        page.click("a[data-export=json]")
    path = tmp_path / "export.json"
    download.value.save_as(path)
    [entry] = json.loads(path.read_text(encoding="utf-8"))
    decisions = entry["review"]["decisions"]
    assert [(d["kind"], d["action"], d["reviewer"]) for d in decisions] == [
        ("repair", "accept", REVIEWER), ("summary", "edit", REVIEWER)]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", d["decided_at"]) for d in decisions)
    assert decisions[0]["after"] == {"status": "accepted", "value": proposal}
    assert entry["record"]["summary_en"] == SUMMARY
    assert proposal in entry["record"]["text_repaired"]
    assert problems == []  # no script errors and no Content-Security-Policy violations
    context.close()
