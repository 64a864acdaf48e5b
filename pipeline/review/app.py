"""The review desk web page (FastAPI, server-rendered Jinja2; one small script for keyboard shortcuts).

Pages: the queue (releases, filtered, sorted and paged), a release (its text page by page with entities and
repairs, review controls, progress, the event record, the English summary, one row per distinct entity,
exports), a job page ("processing…" while a pasted or uploaded release goes through the pipeline in a worker
process), the audit log, and a login form. Every write is a form POST checked against the session's CSRF
token and attributed to the logged-in reviewer; a decision on a stale item version answers 409 and changes
nothing.

Who may log in: with reviewer accounts in the store (``thaipress review user add``), a name and its password;
with none, any name (a one-person desk on loopback), plus the shared token when one is set. Failed logins
are throttled per client and per name.

>>> app = create_app("sqlite:///review.sqlite")   # doctest: +SKIP
>>> import uvicorn; uvicorn.run(app, host="127.0.0.1", port=8000)   # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.datastructures import FormData, UploadFile
from starlette.middleware.trustedhost import TrustedHostMiddleware

from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.record import ENTITY_LABELS
from pipeline.review import accounts
from pipeline.review import store as st
from pipeline.review.export import EXPORT_FORMATS, MEDIA_TYPES, SUFFIXES, ExportFormat, export_approved, export_release
from pipeline.review.glossary import export_glossary, remember_correction
from pipeline.review.highlight import LABEL_NAMES, RepairMark, highlight
from pipeline.review.jobs import JobRunner
from pipeline.review.security import COOKIE, BodySizeLimit, SecurityHeaders, Session, SessionSigner, same_secret
from pipeline.review.uploads import UploadError, uploaded_text
from pipeline.review.views import (
    PAGE_CHARS,
    describe,
    entity_groups,
    event_fields,
    readable_change,
    text_pages,
)

__all__ = ["create_app"]

HERE = Path(__file__).resolve().parent
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the other fields around an upload
ENTITY_ROWS_PER_PAGE = 50
QUEUE_PER_PAGE = 50
AUDIT_PER_PAGE = 100


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
    workers: int = 1,
    processing: str = "process",
    throttle: accounts.LoginThrottle | None = None,
) -> FastAPI:
    """The review desk as an ASGI app.

    db: the store's SQLAlchemy URL or SQLite path (default ``$THAIPRESS_REVIEW_DB`` or
        ``thaipress-review.sqlite``); it is migrated to the newest schema here.
    token: a shared secret every user must give at login (the one-person or small-office mode).
    users: reviewer names allowed to log in (any name when None), when the store has no accounts.
    max_upload_bytes: the largest release accepted by paste or upload (larger requests get 413).
    secret: the key signing session cookies (random per process when None).
    allowed_hosts: Host headers to accept (guards a loopback server against DNS rebinding); any when None.
    secure_cookies: mark the session cookie Secure (behind HTTPS).
    workers: worker processes that run the pipeline on pasted and uploaded releases.
    processing: ``process`` (worker processes) or ``thread`` (one thread of this process; for tests).
    throttle: the failed-login limiter (default: 5 failures per 5 minutes per client and per name).
    """
    store = st.open_store(db)
    # Rendering a record applies repairs (the numeral stage, which imports spaCy): load it now, not on the
    # first reviewer's first page.
    import pipeline.numerals  # noqa: F401

    runner = JobRunner(store, workers=workers, mode="thread" if processing == "thread" else "process")
    throttle = throttle or accounts.LoginThrottle()
    signer = SessionSigner(secret)
    allowed_users = {u.strip().casefold(): u.strip() for u in users or [] if u.strip()}
    templates = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    templates.globals.update(
        labels=ENTITY_LABELS,
        label_names=LABEL_NAMES,
        formats=EXPORT_FORMATS,
        token_required=token is not None,
        quote=quote,
        describe=describe,
        change=readable_change,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        runner.shutdown()

    app = FastAPI(title="thaipress review desk", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.store = store
    app.state.jobs = runner
    app.state.throttle = throttle
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def team_mode() -> bool:
        return accounts.has_users(store)

    # ---------------------------------------------------------------------------------------------
    # sessions, login, CSRF

    @app.middleware("http")
    async def session_cookie(request: Request, call_next):
        session = signer.loads(request.cookies.get(COOKIE)) or Session()
        if token is None and not session.authenticated and not team_mode():
            session.authenticated = True
        request.state.session = session
        response = await call_next(request)
        if session.changed:
            response.set_cookie(
                COOKIE, signer.dumps(session), httponly=True, samesite="lax", secure=secure_cookies, path="/"
            )
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
            raise HTTPException(
                403, "The form's security token is missing or out of date (CSRF check). Reload the page and try again."
            )
        return form

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired):
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
        return page(
            request,
            "message.html",
            {
                "title": "Log in first",
                "message": "Log in with your name before making changes; every change is recorded under it.",
            },
            status=401,
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return page(
            request,
            "message.html",
            {"title": f"Error {exc.status_code}", "message": exc.detail},
            status=exc.status_code,
        )

    def page(
        request: Request, name: str, context: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
    ) -> HTMLResponse:
        session = session_of(request)
        html = templates.get_template(name).render(
            request=request,
            csrf=session.csrf,
            reviewer=session.reviewer,
            authenticated=session.authenticated,
            **context,
        )
        return HTMLResponse(html, status_code=status, headers=headers)

    def login_page(request: Request, target: str, error: str | None, status: int = 200) -> HTMLResponse:
        return page(
            request,
            "login.html",
            {"title": "Log in", "next": target, "error": error, "password_required": team_mode()},
            status=status,
        )

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str = "/"):
        return login_page(request, safe_next(next), None)

    @app.post("/login")
    async def login(request: Request):
        form = await posted_form(request)
        name = str(form.get("name") or "").strip()
        target = safe_next(str(form.get("next") or "/"))
        client = "client:" + (request.client.host if request.client else "?")
        keys = (client, "name:" + name.casefold())
        wait = throttle.wait(*keys)
        if wait:
            return login_page(request, target, f"Too many failed logins: try again in {wait} seconds.", status=429)
        error: str | None = None
        who: str | None = name
        if not name or len(name) > 80:
            error = "Give your name (up to 80 characters): every change is recorded under it."
        elif team_mode():
            who = accounts.verify_login(store, name, str(form.get("password") or ""))
            if who is None:
                error = "Wrong name or password."
        elif allowed_users and name.casefold() not in allowed_users:
            error = "That name is not on this desk's list of reviewers."
        else:
            who = allowed_users.get(name.casefold(), name)
        if error is None and token is not None and not same_secret(str(form.get("token") or ""), token):
            error = "Wrong access token."
        if error:
            throttle.failed(*keys)
            st.record_audit(store, name[:80] or "anonymous", "login:failed", detail={"client": keys[0][7:]})
            return login_page(request, target, error, status=401)
        throttle.succeeded(keys[1])
        session = session_of(request)
        new = Session(reviewer=who, authenticated=True)  # fresh CSRF token
        session.csrf, session.reviewer, session.authenticated, session.changed = new.csrf, new.reviewer, True, True
        st.record_audit(store, who or name, "login")
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
    def queue(
        request: Request,
        status: str = "open",
        q: str = "",
        template: str = "",
        confidence: str = "",
        reviewer: str = "",
        date_from: str = "",
        date_to: str = "",
        sort: str = "updated",
        page_no: int = 1,
    ):
        require_viewer(request)
        where = st.QueueFilter(
            status=status if status in ("open", "done", "all") else "open",
            search=q.strip() or None,
            template=template.strip() or None,
            confidence_below=_percent(confidence),
            reviewer=reviewer.strip() or None,
            date_from=_iso_date(date_from),
            date_to=_iso_date(date_to),
            sort=sort if sort in st.QUEUE_SORTS else "updated",
        )
        result = st.queue_page(store, where, page=page_no, per_page=QUEUE_PER_PAGE)
        params = {
            k: v
            for k, v in {
                "status": where.status,
                "q": q,
                "template": template,
                "confidence": confidence,
                "reviewer": reviewer,
                "date_from": date_from,
                "date_to": date_to,
                "sort": where.sort,
            }.items()
            if v
        }
        return page(
            request,
            "queue.html",
            {
                "title": "Review queue",
                "result": result,
                "rows": result.rows,
                "where": where,
                "q": q,
                "confidence": confidence,
                "templates": st.repair_templates(store),
                "sorts": st.QUEUE_SORTS,
                "page_url": lambda n: "/?" + urlencode({**params, "page_no": n}),
                "max_mb": max_upload_bytes // (1024 * 1024),
            },
        )

    @app.post("/releases")
    async def new_release(request: Request):
        reviewer = require_reviewer(request)
        form = await posted_form(request)
        upload = form.get("file")
        text = str(form.get("text") or "")
        release_date = _iso_date(str(form.get("release_date") or ""))
        source: str | None = None
        data: str | bytes
        if isinstance(upload, UploadFile) and upload.filename:
            source = f"upload:{upload.filename}"
            data = await upload.read(max_upload_bytes + 1)
            if len(data) > max_upload_bytes:
                raise HTTPException(413, f"Upload too large: the limit is {max_upload_bytes // (1024 * 1024)} MB.")
            try:
                data = uploaded_text(upload.filename, data, max_bytes=max_upload_bytes)
            except UploadError as exc:
                raise HTTPException(exc.status, str(exc)) from None
        elif text.strip():
            data, source = text, "paste"
        else:
            raise HTTPException(400, "Paste a release or choose a file (.txt, .html or .docx).")
        job_id = runner.submit(
            data, release_date=release_date, max_bytes=max_upload_bytes, source=source, actor=reviewer
        )
        if wants_json(request):
            return JSONResponse({"job": job_id, "url": f"/jobs/{job_id}"}, status_code=202)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)

    @app.get("/jobs/{job_id}")
    def job_page(request: Request, job_id: int):
        require_viewer(request)
        job = runner.job(job_id)
        if job is None:
            raise HTTPException(404, f"No job {job_id}.")
        if wants_json(request):
            return JSONResponse(job.__dict__)
        if job.status == "done" and job.release_id:
            return RedirectResponse(release_url(job.release_id), status_code=303)
        if job.status == "failed":
            return page(
                request,
                "message.html",
                {"title": "This release could not be processed", "message": job.error or "Unknown error."},
                status=400,
            )
        return page(request, "job.html", {"title": "Processing…", "job": job}, headers={"Refresh": "1"})

    # ---------------------------------------------------------------------------------------------
    # a release

    @app.get("/releases/{release_id:path}", response_class=HTMLResponse)
    def release_page(request: Request, release_id: str, page_no: int = 1, entities_page: int = 1):
        require_viewer(request)
        if st.get_release(store, release_id) is None:
            first = st.linked_release(store, release_id)
            if first is not None:  # a duplicate's id leads to the release it duplicates
                return RedirectResponse(release_url(first), status_code=303)
        return page(
            request, "release.html", release_context(release_id, page_no, entities_page, session_of(request).reviewer)
        )

    def release_context(release_id: str, page_no: int, entities_page: int, reviewer: str | None) -> dict[str, Any]:
        row = st.get_release(store, release_id)
        if row is None:
            raise HTTPException(404, f"No release {release_id!r} in the store.")
        base = st.base_record(store, release_id)
        items = st.release_items(store, release_id)
        current = st.render_record(base, items)
        repair_items = {i.position: i for i in items if i.kind == "repair"}
        entity_items = {i.position: i for i in items if i.kind == "entity"}
        summary_item = next((i for i in items if i.kind == "summary"), None)

        pages = text_pages(base.text, PAGE_CHARS)
        page_no = min(max(1, page_no), len(pages))
        a, b = pages[page_no - 1]
        cards, marks = [], []
        for position, proposal in enumerate(base.repairs):
            item = repair_items.get(position)
            if item is None or not (a <= proposal.start < b or (proposal.start == b == len(base.text))):
                continue
            decided = current.repairs[position]
            shown = decided.replacement if decided.replacement is not None else "?"
            marks.append(
                RepairMark(
                    proposal.model_copy(update={"start": proposal.start - a, "end": min(proposal.end, b) - a}),
                    item.id,
                    (shown.strip() or shown) if shown else "∅",
                    item.status,
                )
            )
            cards.append(
                {
                    "item": item,
                    "repair": proposal,
                    "decided": decided,
                    "number": position + 1,
                    "context": context_of(base.text, proposal.start, proposal.end),
                }
            )
        # The current entities of this page, each with the base position it came from (for moving boundaries).
        shown_entities, positions = [], []
        for position, entity in enumerate(base.entities):
            item = entity_items.get(position)
            now = corrected(entity, item, base.text)
            if now is not None and a <= now.start and now.end <= b:
                shown_entities.append(now.model_copy(update={"start": now.start - a, "end": now.end - a}))
                positions.append(f"{position}:{item.version if item is not None else 1}")
        for entity in current.entities:
            if entity.source == "reviewer" and a <= entity.start and entity.end <= b:
                shown_entities.append(entity.model_copy(update={"start": entity.start - a, "end": entity.end - a}))
                positions.append("")
        groups = entity_groups(base, entity_items, current)
        entity_pages = max(1, -(-len(groups) // ENTITY_ROWS_PER_PAGE))
        entities_page = min(max(1, entities_page), entity_pages)
        decided_items = [i for i in items if i.kind in ("repair", "summary")]
        open_items = sum(1 for i in decided_items if i.status == st.OPEN)
        decisions = st.release_decisions(store, release_id)
        labels_present = sorted({e.label for e in current.entities}, key=ENTITY_LABELS.index)
        return {
            "title": row.title or release_id,
            "row": row,
            "record": current,
            "base": base,
            "cards": cards,
            "summary_item": summary_item,
            "labels_present": labels_present,
            "text_html": highlight(base.text[a:b], shown_entities, marks, entity_ids=positions),
            "text_offset": a,
            "page_no": page_no,
            "pages": len(pages),
            "page_url": lambda n, e=entities_page: (
                release_url(release_id) + "?" + urlencode({"page_no": n, "entities_page": e})
            ),
            "entity_url": lambda e, n=page_no: (
                release_url(release_id) + "?" + urlencode({"page_no": n, "entities_page": e}) + "#entities"
            ),
            "groups": groups[(entities_page - 1) * ENTITY_ROWS_PER_PAGE : entities_page * ENTITY_ROWS_PER_PAGE],
            "group_count": len(groups),
            "entities_page": entities_page,
            "entity_pages": entity_pages,
            "repairs_total": len(base.repairs),
            "repairs_elsewhere": len(base.repairs) - len(cards),
            "event": event_fields(current),
            "decisions": decisions[-50:][::-1],
            "decision_count": len(decisions),
            "open_items": open_items,
            "decided_count": len(decided_items) - open_items,
            "item_count": len(decided_items),
            "can_undo": bool(reviewer) and any(d.reviewer == reviewer and d.action != "undo" for d in decisions),
            "next_release": st.next_open_release(store, release_id) if open_items == 0 else None,
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
            decision = st.decide(
                store,
                item_id,
                cast(st.Action, action),
                reviewer,
                value if isinstance(value, str) else None,
                expected_version=expected,
            )
        except st.ConflictError as exc:
            return conflict(request, exc, item_id)
        except st.DecisionError as exc:
            raise HTTPException(400, str(exc)) from None
        return after_decision(request, decision)

    @app.post("/entities")
    async def correct_entity(request: Request):
        """Correct one mention or, with ``positions`` (comma-separated) and ``versions``, all mentions of a
        distinct entity at once; ``start``/``end`` move one mention's boundaries."""
        reviewer = require_reviewer(request)
        form = await posted_form(request)
        release_id = str(form.get("release_id") or "")
        try:
            positions = [int(p) for p in str(form.get("positions") or form.get("position") or "").split(",") if p]
            versions = [
                int(v) for v in str(form.get("versions") or form.get("expected_version") or "1").split(",") if v
            ]
            start = int(str(form.get("start"))) if form.get("start") not in (None, "") else None
            end = int(str(form.get("end"))) if form.get("end") not in (None, "") else None
        except ValueError:
            raise HTTPException(400, "The form did not name the entity and version.") from None
        if not positions:
            raise HTTPException(400, "The form did not name the entity and version.")
        expected = dict(zip(positions, versions)) if len(versions) == len(positions) else (versions or [1])[0]
        english = form.get("english")
        if start is not None and not str(english or "").strip():
            english = None  # moving boundaries keeps the English name
        try:
            decision = st.correct_entity(
                store,
                release_id,
                positions,
                reviewer,
                label=str(form.get("label") or "") or None,
                english=english if isinstance(english, str) else None,
                start=start,
                end=end,
                remove=form.get("action") == "remove",
                expected_version=expected,
            )
        except st.ConflictError as exc:
            return conflict(request, exc, None, release_id)
        except (st.DecisionError, KeyError) as exc:
            raise HTTPException(400, str(exc)) from None
        if isinstance(english, str) and form.get("action") != "remove":
            remember_correction(store, release_id, positions[0], reviewer, english)  # the same name never wrong twice
        return after_decision(request, decision, anchor="entities")

    @app.post("/entities/add")
    async def add_entity(request: Request):
        reviewer = require_reviewer(request)
        form = await posted_form(request)
        release_id = str(form.get("release_id") or "")
        try:
            start, end = int(str(form.get("start"))), int(str(form.get("end")))
        except ValueError:
            raise HTTPException(400, "Select the text of the entity first.") from None
        english = form.get("english")
        try:
            decision = st.add_entity(
                store,
                release_id,
                start,
                end,
                str(form.get("label") or ""),
                reviewer,
                english=english if isinstance(english, str) else None,
            )
        except st.ConflictError as exc:
            return conflict(request, exc, None, release_id)
        except (st.DecisionError, KeyError) as exc:
            raise HTTPException(400, str(exc)) from None
        return after_decision(request, decision, anchor="entities")

    @app.post("/undo")
    async def undo(request: Request):
        reviewer = require_reviewer(request)
        form = await posted_form(request)
        release_id = str(form.get("release_id") or "")
        try:
            decisions = st.undo_last(store, release_id, reviewer)
        except st.ConflictError as exc:
            return conflict(request, exc, None, release_id)
        except (st.DecisionError, KeyError) as exc:
            raise HTTPException(400, str(exc)) from None
        return after_decision(request, decisions[0], anchor=f"item-{decisions[0].item_id}")

    @app.get("/glossary/names.tsv")
    def reviewer_glossary(request: Request) -> PlainTextResponse:
        require_viewer(request)
        out = io.StringIO()
        export_glossary(store, out)
        return PlainTextResponse(out.getvalue(), media_type="text/tab-separated-values; charset=utf-8")

    def after_decision(request: Request, decision: st.Decision, anchor: str | None = None) -> Response:
        if wants_json(request):
            return JSONResponse(
                {
                    "decision": decision.__dict__,
                    "record": st.current_record(store, decision.release_id).model_dump(mode="json"),
                }
            )
        if anchor is None:
            next_item = next_open_item(decision.release_id, decision.item_id)
            anchor = f"item-{next_item}" if next_item else f"item-{decision.item_id}"
        referer = request.headers.get("referer") or ""
        found = re.search(r"\?[^#]*", referer)
        query = found.group(0) if found and referer.split("?")[0].endswith(release_url(decision.release_id)) else ""
        return RedirectResponse(release_url(decision.release_id) + query + "#" + anchor, status_code=303)

    def next_open_item(release_id: str, after_item: int) -> int | None:
        items = [i for i in st.release_items(store, release_id) if i.kind in ("repair", "summary")]
        ids = [i.id for i in items]
        start = ids.index(after_item) + 1 if after_item in ids else 0
        for item in items[start:] + items[:start]:
            if item.status == st.OPEN:
                return item.id
        return None

    def conflict(
        request: Request, exc: st.ConflictError, item_id: int | None, release_id: str | None = None
    ) -> Response:
        if wants_json(request):
            return JSONResponse({"error": str(exc), "current_version": exc.actual}, status_code=409)
        if release_id is None and item_id is not None:
            with store.session() as session:
                item = session.get(st.ReviewItem, item_id)
                release_id = item.release_id if item else None
        return page(
            request,
            "message.html",
            {
                "title": "Someone else decided first",
                "message": str(exc)[0].upper() + str(exc)[1:] + ".",
                "back": release_url(release_id) + (f"#item-{item_id}" if item_id else "") if release_id else "/",
            },
            status=409,
        )

    # ---------------------------------------------------------------------------------------------
    # export and audit

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
        return Response(
            body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )

    @app.get("/audit", response_class=HTMLResponse)
    def audit(request: Request, page_no: int = 1, action: str = "", actor: str = ""):
        require_viewer(request)
        entries, total = st.audit_page(
            store, page=page_no, per_page=AUDIT_PER_PAGE, action=action.strip() or None, actor=actor.strip() or None
        )
        pages = max(1, -(-total // AUDIT_PER_PAGE))
        params = {k: v for k, v in {"action": action, "actor": actor}.items() if v}
        return page(
            request,
            "audit.html",
            {
                "title": "Audit log",
                "entries": entries,
                "total": total,
                "page_no": min(max(1, page_no), pages),
                "pages": pages,
                "action": action,
                "actor": actor,
                "page_url": lambda n: "/audit?" + urlencode({**params, "page_no": n}),
            },
        )

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


def corrected(entity, item, text: str):
    """An entity after its correction (None when removed)."""
    if item is None or item.status in (st.OPEN, "accepted"):
        return entity
    if item.status == "rejected":
        return None
    value = item.value or {}
    update = {"label": value.get("label", entity.label), "english": value.get("english")}
    if "start" in value and "end" in value:
        update.update(start=value["start"], end=value["end"], text=text[value["start"] : value["end"]])
    return entity.model_copy(update=update)


def context_of(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """(before, replaced, after) around a repair, for its card."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    return (
        ("…" + before if start > width else before),
        text[start:end],
        (after + "…" if end + width < len(text) else after),
    )


def release_url(release_id: str) -> str:
    return "/releases/" + quote(release_id, safe="")


def safe_next(target: str) -> str:
    """Only local paths, so the login form cannot send anyone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")[:80] or "release"


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _percent(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number / 100 if number > 1 else number


def _iso_date(value: str) -> str | None:
    value = value.strip()
    return value if re.fullmatch(r"\d{4}-\d\d-\d\d", value) else None
