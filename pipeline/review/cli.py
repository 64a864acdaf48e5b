"""`thaipress review import|export` and `thaipress serve`: thin commands over `pipeline.review`.

Register them in `pipeline/cli.py`::

    from pipeline.review.cli import review_app, serve
    app.add_typer(review_app, name="review")
    app.command()(serve)

Importing this module is cheap (typer only); the store, FastAPI and uvicorn load when a command runs.
"""

from __future__ import annotations

import ipaddress
import sys
from enum import Enum
from pathlib import Path

import typer

review_app = typer.Typer(no_args_is_help=True, help="The review desk's store: import records, export approved ones.")

DB_HELP = "Store: a SQLAlchemy URL or a SQLite file (default $THAIPRESS_REVIEW_DB or thaipress-review.sqlite)."


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    jsonld = "jsonld"


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"thaipress: {message}", err=True)
    raise typer.Exit(code)


def _missing_extra(exc: ImportError) -> None:
    _fail(f"the review desk needs the 'review' extra (pip install 'thaipress[review]'): {exc}")


@review_app.command("import")
def import_(
    path: Path = typer.Argument(..., help="Records as JSONL (thaipress process --format jsonl)."),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
) -> None:
    """Add records to the review store (releases already there are skipped)."""
    try:
        from pipeline.review.store import import_records, open_store
    except ImportError as exc:
        _missing_extra(exc)
    from pipeline.errors import InputError

    try:
        result = import_records(open_store(db), path)
    except InputError as exc:
        _fail(str(exc))
    for line in result.failed:
        typer.echo(f"thaipress: skipped error line {line}", err=True)
    typer.echo(f"imported {len(result.imported)}, already in the store {len(result.skipped)}, "
               f"error lines {len(result.failed)}")


@review_app.command("export")
def export(
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", help="Output format."),
    out: Path | None = typer.Option(None, "--out", help="File to write (default: standard output)."),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
) -> None:
    """Write every approved release (no item awaiting a decision) with its decisions."""
    try:
        from pipeline.review.export import export_approved
        from pipeline.review.store import open_store
    except ImportError as exc:
        _missing_extra(exc)
    store = open_store(db)
    try:
        count = export_approved(store, format.value, out if out is not None else sys.stdout)
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}")
    if out is not None:
        typer.echo(f"exported {count} approved release{'' if count == 1 else 's'} to {out}", err=True)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless told otherwise)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
    token: str | None = typer.Option(None, "--token", envvar="THAIPRESS_REVIEW_TOKEN",
                                        help="Shared access token asked at login; required off loopback."),
    user: list[str] | None = typer.Option(None, "--user", help="Reviewer allowed to log in (repeat; default: any name)."),
    secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Mark the session cookie Secure (behind HTTPS)."),
) -> None:
    """Serve the review desk: a queue of releases, review controls, paste/upload, exports."""
    loopback = _is_loopback(host)
    if not loopback and not token:
        _fail(f"refusing to listen on {host} without --token (or $THAIPRESS_REVIEW_TOKEN): anyone who can reach "
              "it could change records", code=2)
    try:
        import uvicorn

        from pipeline.review.app import create_app
    except ImportError as exc:
        _missing_extra(exc)
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
    app = create_app(db, token=token, users=user or None, allowed_hosts=hosts, secure_cookies=secure_cookies)
    typer.echo(f"thaipress review desk on http://{host}:{port}/ (store {app.state.store.url})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
