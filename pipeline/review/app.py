"""The review desk web page (FastAPI, server-rendered Jinja2; one small script for keyboard shortcuts).

Pages: the queue (releases with open review items, filterable), a release (text with entities and repairs,
review controls, event record, English summary, exports), a login form (reviewer name, and the shared token
when the server has one). Every write is a form POST checked against the session's CSRF token and
attributed to the logged-in reviewer; a decision on a stale item version answers 409 and changes nothing.

>>> app = create_app("sqlite:///review.sqlite")   # doctest: +SKIP
>>> import uvicorn; uvicorn.run(app, host="127.0.0.1", port=8000)   # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import FormData, UploadFile
from starlette.middleware.trustedhost import TrustedHostMiddleware

from pipeline.errors import InputError
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.record import ENTITY_LABELS, Release
from pipeline.review import store as st
from pipeline.review.export import (
    EXPORT_FORMATS,
    MEDIA_TYPES,
    SUFFIXES,
    ExportFormat,
    export_approved,
    export_release,
)
from pipeline.review.highlight import LABEL_NAMES, RepairMark, highlight
from pipeline.review.security import COOKIE, BodySizeLimit, SecurityHeaders, Session, SessionSigner, same_secret

__all__ = ["create_app"]

HERE = Path(__file__).resolve().parent
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the other fields around an upload
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".docx")
_PIPELINE_LOCK = threading.Lock()  # the spaCy pipeline is loaded once and shared; run one release at a time


class LoginRequired(Exception):
    pass


def create_app(
    db: str | os.PathLike[str] | None = None,
    *,
    token: str | None = None,
    users: list[str] | None = None,
    max_upload_bytes: int = DEFAULT_MAX_BYTES,
    secret: bytes | None = None,
    allowed_hosts: list[str] | None = None,
    secure_cookies: bool = False,
) -> FastAPI:
    """The review desk as an ASGI app.

    db: the store's SQLAlchemy URL or SQLite path (default ``$THAIPRESS_REVIEW_DB`` or
        ``thaipress-review.sqlite``); it is migrated to the newest schema here.
    token: a shared secret every user must give at login (set it for any shared deployment).
    users: reviewer names allowed to log in (any name when None).
    max_upload_bytes: the largest release accepted by paste or upload (larger requests get 413).
    secret: the key signing session cookies (random per process when None).
    allowed_hosts: Host headers to accept (guards a loopback server against DNS rebinding); any when None.
    secure_cookies: mark the session cookie Secure (behind HTTPS).
    """
    store = st.open_store(db)
    signer = SessionSigner(secret)
    allowed_users = {u.strip().casefold(): u.strip() for u in users or [] if u.strip()}
    templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                            lstrip_blocks=True)
    templates.globals.update(labels=ENTITY_LABELS, label_names=LABEL_NAMES, formats=EXPORT_FORMATS,
                             token_required=token is not None, quote=quote)

    app = FastAPI(title="thaipress review desk", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # ---------------------------------------------------------------------------------------------
    # sessions, login, CSRF

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        session = signer.loads(request.cookies.get(COOKIE)) or Session()
        if token is None and not session.authenticated:
            session.authenticated = True
        request.state.session = session
        response = await call_next(request)
        if session.changed:
            response.set_cookie(COOKIE, signer.dumps(session), httponly=True, samesite="lax", secure=secure_cookies,
                                path="/")
        return response

    def session_of(request: Request) -> Session:
        return request.state.session

    def require_viewer(request: Request) -> Session:
        session = session_of(request)
        if not session.authenticated:
            raise LoginRequired()
        return session

    def require_reviewer(request: Request) -> str:
        session = require_viewer(request)
        if not session.reviewer:
            raise LoginRequired()
        return session.reviewer

    async def posted_form(request: Request) -> FormData:
        """The POSTed form, once its CSRF token matches the session's (403 otherwise)."""
        form = await request.form(max_files=2, max_fields=50, max_part_size=max_upload_bytes + FORM_OVERHEAD)
        sent = form.get("csrf_token") or request.headers.get("x-csrf-token") or ""
        if not isinstance(sent, str) or not same_secret(sent, session_of(request).csrf):
            raise HTTPException(403, "The form's security token is missing or out of date (CSRF check). "
                                     "Reload the page and try again.")
        return form

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired):
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
        return page(request, "message.html", {"title": "Log in first",
                                              "message": "Log in with your name before making changes; every "
                                                         "change is recorded under it."}, status=401)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return page(request, "message.html", {"title": f"Error {exc.status_code}", "message": exc.detail},
                    status=exc.status_code)

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        session = session_of(request)
        html = templates.get_template(name).render(
            request=request, csrf=session.csrf, reviewer=session.reviewer, authenticated=session.authenticated,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/"):
        return page(request, "login.html", {"title": "Log in", "next": safe_next(next), "error": None})

    @app.post("/login")
    async def login(request: Request):
        form = await posted_form(request)
        name = str(form.get("name") or "").strip()
        target = safe_next(str(form.get("next") or "/"))
        error = None
        if not name or len(name) > 80:
            error = "Give your name (up to 80 characters): every change is recorded under it."
        elif allowed_users and name.casefold() not in allowed_users:
            error = "That name is not on this desk's list of reviewers."
        elif token is not None and not same_secret(str(form.get("token") or ""), token):
            error = "Wrong access token."
        if error:
            return page(request, "login.html", {"title": "Log in", "next": target, "error": error}, status=401)
        session = session_of(request)
        new = Session(reviewer=allowed_users.get(name.casefold(), name), authenticated=True)  # fresh CSRF token
        session.csrf, session.reviewer, session.authenticated, session.changed = new.csrf, new.reviewer, True, True
        st.record_audit(store, session.reviewer or name, "login")
        return RedirectResponse(target, status_code=303)

    @app.post("/logout")
    async def logout(request: Request):
        await posted_form(request)
        session, fresh = session_of(request), Session()  # anonymous again, with a new CSRF token
        session.csrf, session.reviewer, session.authenticated, session.changed = fresh.csrf, None, False, True
        return RedirectResponse("/login", status_code=303)

    # ---------------------------------------------------------------------------------------------
    # queue and new releases

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, status: str = "open", q: str = ""):
        require_viewer(request)
        status = status if status in ("open", "done", "all") else "open"
        rows = st.list_queue(store, status=status, search=q.strip() or None)
        return page(request, "queue.html", {"title": "Review queue", "rows": rows, "status": status, "q": q,
                                            "max_mb": max_upload_bytes // (1024 * 1024)})

    @app.post("/releases")
    async def new_release(request: Request):
        reviewer = require_reviewer(request)
        form = await posted_form(request)
        upload = form.get("file")
        text = str(form.get("text") or "")
        release_date = str(form.get("release_date") or "").strip() or None
        source: str | None = None
        data: str | bytes
        if isinstance(upload, UploadFile) and upload.filename:
            source = f"upload:{upload.filename}"
            data = await upload.read(max_upload_bytes + 1)
            if len(data) > max_upload_bytes:
                raise HTTPException(413, f"Upload too large: the limit is {max_upload_bytes // (1024 * 1024)} MB.")
            data = uploaded_text(upload.filename, data)
        elif text.strip():
            data, source = text, "paste"
        else:
            raise HTTPException(400, "Paste a release or choose a file (.txt, .html or .docx).")
        try:
            record = run_pipeline(data, release_date, max_upload_bytes)
        except InputError as exc:
            raise HTTPException(400, f"Cannot process this release: {exc.reason}.") from None
        record = record.model_copy(update={"source": source})
        st.import_record(store, record, actor=reviewer)
        return RedirectResponse(release_url(record.id), status_code=303)

    # ---------------------------------------------------------------------------------------------
    # a release

    @app.get("/releases/{release_id:path}", response_class=HTMLResponse)
    def release_page(request: Request, release_id: str):
        require_viewer(request)
        return page(request, "release.html", release_context(release_id))

    def release_context(release_id: str) -> dict[str, Any]:
        row = st.get_release(store, release_id)
        if row is None:
            raise HTTPException(404, f"No release {release_id!r} in the store.")
        base = st.base_record(store, release_id)
        current = st.current_record(store, release_id)
        items = st.release_items(store, release_id)
        repair_items = {i.position: i for i in items if i.kind == "repair"}
        entity_items = {i.position: i for i in items if i.kind == "entity"}
        summary_item = next((i for i in items if i.kind == "summary"), None)
        cards, marks = [], []
        for position, proposal in enumerate(base.repairs):
            item = repair_items.get(position)
            if item is None:
                continue
            decided = current.repairs[position]
            shown = decided.replacement if decided.replacement is not None else "?"
            marks.append(RepairMark(proposal, item.id, (shown.strip() or shown) if shown else "∅", item.status))
            cards.append({"item": item, "repair": proposal, "decided": decided,
                          "context": context_of(base.text, proposal.start, proposal.end)})
        entity_rows = [{"position": n, "entity": e, "item": entity_items.get(n)} for n, e in enumerate(base.entities)]
        current_entities = [e for e in (corrected(row_) for row_ in entity_rows) if e is not None]
        labels_present = sorted({e.label for e in current_entities}, key=ENTITY_LABELS.index)
        return {
            "title": row.title or release_id, "row": row, "record": current, "base": base, "cards": cards,
            "summary_item": summary_item, "entity_rows": entity_rows, "labels_present": labels_present,
            "text_html": highlight(base.text, current_entities, marks),
            "event": event_fields(current), "decisions": st.release_decisions(store, release_id),
            "open_items": sum(1 for i in items if i.status == st.OPEN),
        }

    @app.post("/items/{item_id}")
    async def decide_item(request: Request, item_id: int):
        reviewer = require_reviewer(request)
        form = await posted_form(request)
        action = str(form.get("action") or "")
        value = form.get("value")
        try:
            expected = int(str(form.get("expected_version") or ""))
        except ValueError:
            raise HTTPException(400, "The form did not say which version of the item you saw.") from None
        try:
            # decide() checks the action (DecisionError for an unknown one)
            decision = st.decide(store, item_id, cast(st.Action, action), reviewer,
                                 value if isinstance(value, str) else None, expected_version=expected)
        except st.ConflictError as exc:
            return conflict(request, exc, item_id)
        except st.DecisionError as exc:
            raise HTTPException(400, str(exc)) from None
        return after_decision(request, decision)

    @app.post("/entities")
    async def correct_entity(request: Request):
        reviewer = require_reviewer(request)
        form = await posted_form(request)
        release_id = str(form.get("release_id") or "")
        try:
            position = int(str(form.get("position") or ""))
            expected = int(str(form.get("expected_version") or "1"))
        except ValueError:
            raise HTTPException(400, "The form did not name the entity and version.") from None
        english = form.get("english")
        try:
            decision = st.correct_entity(store, release_id, position, reviewer, label=str(form.get("label") or "") or None,
                                         english=english if isinstance(english, str) else None,
                                         remove=form.get("action") == "remove", expected_version=expected)
        except st.ConflictError as exc:
            return conflict(request, exc, None, release_id)
        except (st.DecisionError, KeyError) as exc:
            raise HTTPException(400, str(exc)) from None
        return after_decision(request, decision)

    def after_decision(request: Request, decision: st.Decision) -> Response:
        if wants_json(request):
            return JSONResponse({"decision": decision.__dict__,
                                 "record": st.current_record(store, decision.release_id).model_dump(mode="json")})
        next_item = next_open_item(decision.release_id, decision.item_id)
        anchor = f"#item-{next_item}" if next_item else f"#item-{decision.item_id}"
        return RedirectResponse(release_url(decision.release_id) + anchor, status_code=303)

    def next_open_item(release_id: str, after_item: int) -> int | None:
        items = [i for i in st.release_items(store, release_id) if i.kind != "entity"]
        ids = [i.id for i in items]
        start = ids.index(after_item) + 1 if after_item in ids else 0
        for item in items[start:] + items[:start]:
            if item.status == st.OPEN:
                return item.id
        return None

    def conflict(request: Request, exc: st.ConflictError, item_id: int | None, release_id: str | None = None) -> Response:
        if wants_json(request):
            return JSONResponse({"error": str(exc), "current_version": exc.actual}, status_code=409)
        if release_id is None and item_id is not None:
            with store.session() as session:
                item = session.get(st.ReviewItem, item_id)
                release_id = item.release_id if item else None
        return page(request, "message.html", {
            "title": "Someone else decided first",
            "message": str(exc)[0].upper() + str(exc)[1:] + ".",
            "back": release_url(release_id) + (f"#item-{item_id}" if item_id else "") if release_id else "/",
        }, status=409)

    # ---------------------------------------------------------------------------------------------
    # export

    @app.get("/export/{fmt}")
    def export(request: Request, fmt: str, release: str | None = None):
        require_viewer(request)
        if fmt not in EXPORT_FORMATS:
            raise HTTPException(404, f"Unknown export format {fmt!r}.")
        if release is not None:
            if st.get_release(store, release) is None:
                raise HTTPException(404, f"No release {release!r} in the store.")
            body = export_release(store, release, cast(ExportFormat, fmt))  # fmt is one of EXPORT_FORMATS
            name = f"thaipress-{slug(release)}.{SUFFIXES[fmt]}"
        else:
            import io

            buffer = io.StringIO()
            export_approved(store, cast(ExportFormat, fmt), buffer)
            body, name = buffer.getvalue(), f"thaipress-approved.{SUFFIXES[fmt]}"
        st.record_audit(store, session_of(request).reviewer or "anonymous", f"export:{fmt}", release_id=release)
        return Response(body, media_type=MEDIA_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/healthz")
    def health() -> PlainTextResponse:
        return PlainTextResponse("ok")

    # Outermost last: headers on every response, then the size limit before anything reads the body.
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(BodySizeLimit, max_bytes=max_upload_bytes + FORM_OVERHEAD)
    app.add_middleware(SecurityHeaders)
    return app


# ------------------------------------------------------------------------------------------------------
# helpers


def run_pipeline(data: str | bytes, release_date: str | None, max_bytes: int) -> Release:
    from pipeline.release import process

    with _PIPELINE_LOCK:
        return process(data, release_date=release_date, max_bytes=max_bytes)


def uploaded_text(filename: str, data: bytes) -> str | bytes:
    """Bytes for the ingest stage (it decodes text and HTML), or the text of a .docx."""
    suffix = Path(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise HTTPException(415, f"Cannot read {suffix or 'this'} files: upload .txt, .html or .docx.")
    if suffix != ".docx":
        return data
    try:
        import docx
    except ImportError:
        raise HTTPException(415, "Reading .docx needs python-docx (pip install python-docx).") from None
    import io
    import zipfile

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise HTTPException(400, f"Cannot read this .docx file ({exc}).") from None
    return "\n\n".join(p.text for p in document.paragraphs)


def corrected(row: dict):
    """The entity of an entity-table row after its correction (None when removed)."""
    entity, item = row["entity"], row["item"]
    if item is None or item.status in (st.OPEN, "accepted"):
        return entity
    if item.status == "rejected":
        return None
    return entity.model_copy(update={"label": item.value["label"], "english": item.value.get("english")})


def event_fields(record: Release) -> list[tuple[str, str]]:
    """The event record's non-empty fields, in schema order, each as one line of text."""
    data = record.event.model_dump(mode="json")
    return [(name, describe(value)) for name, value in data.items() if value not in (None, [], {}, "")]


def describe(value: Any) -> str:
    """A short reading of an event field: a mention's text (and English), a value, or JSON as the fallback."""
    import json

    if isinstance(value, list):
        return "; ".join(describe(v) for v in value)
    if isinstance(value, dict):
        if value.get("text"):
            english = value.get("english") or value.get("iso")
            return f"{value['text']} ({english})" if english else str(value["text"])
        for key in ("value", "name"):
            if value.get(key) is not None:
                return str(value[key])
        return json.dumps({k: v for k, v in value.items() if v not in (None, [], {})}, ensure_ascii=False)
    return str(value)


def context_of(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """(before, replaced, after) around a repair, for its card."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return ("…" + before if start > width else before), text[start:end], (after + "…" if end + width < len(text) else after)


def release_url(release_id: str) -> str:
    return "/releases/" + quote(release_id, safe="")


def safe_next(target: str) -> str:
    """Only local paths, so the login form cannot send anyone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:80] or "release"


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")
