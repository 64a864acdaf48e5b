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
    path: Path = typer.Argument(
        ...,
        help="Records as JSONL: thaipress process --format jsonl, thaipress batch's "
        "records.jsonl as it is, or a review export (jsonl).",
    ),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
) -> None:
    """Add records to the review store: new releases need review; a review export comes back with its decisions.

    Releases already there are skipped, duplicates are linked, error lines are counted. A line that is not a
    record is reported with the field at fault (exit status 1), and the other lines are still imported.
    """
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
    for problem in result.problems:
        typer.echo(f"thaipress: {problem}", err=True)
    typer.echo(result.summary())
    if result.problems:
        raise typer.Exit(1)


@review_app.command("export")
def export(
    format: ExportFormat = typer.Option(ExportFormat.jsonl, "--format", help="Output format."),
    out: Path | None = typer.Option(None, "--out", help="File to write (default: standard output)."),
    everything: bool = typer.Option(
        False,
        "--all",
        help="Every release, approved or not, and the duplicates' links (jsonl): a whole store, to import elsewhere.",
    ),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
) -> None:
    """Write every approved release (no item awaiting a decision), or every release, with its decisions."""
    try:
        from pipeline.review.export import export_approved
        from pipeline.review.store import all_release_ids, open_store
    except ImportError as exc:
        _missing_extra(exc)
    store = open_store(db)
    ids = all_release_ids(store) if everything else None
    try:
        count = export_approved(
            store, format.value, out if out is not None else sys.stdout, release_ids=ids, links=everything
        )
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}")
    if out is not None:
        what = "release" if everything else "approved release"
        typer.echo(f"exported {count} {what}{'' if count == 1 else 's'} to {out}", err=True)


user_app = typer.Typer(
    no_args_is_help=True, help="Reviewer accounts (a team desk: every reviewer logs in with a password)."
)
review_app.add_typer(user_app, name="user")


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@user_app.command("add")
def user_add(
    name: str = typer.Argument(..., help="The reviewer's name, as decisions will record it."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
) -> None:
    """Create a reviewer account (asks for the password). Once one exists, the desk asks everyone for one."""
    try:
        from pipeline.review.accounts import AccountError, add_user
        from pipeline.review.store import open_store
    except ImportError as exc:
        _missing_extra(exc)
    try:
        stored = add_user(open_store(db), name, _password(password_stdin))
    except AccountError as exc:
        _fail(str(exc))
    typer.echo(f"added reviewer {stored}", err=True)


@user_app.command("password")
def user_password(
    name: str = typer.Argument(...),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
) -> None:
    """Set a reviewer's password."""
    from pipeline.review.accounts import AccountError, set_password
    from pipeline.review.store import open_store

    try:
        set_password(open_store(db), name, _password(password_stdin))
    except AccountError as exc:
        _fail(str(exc))


@user_app.command("remove")
def user_remove(
    name: str = typer.Argument(...),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
) -> None:
    """Remove a reviewer account (their decisions stay, under their name)."""
    from pipeline.review.accounts import AccountError, remove_user
    from pipeline.review.store import open_store

    try:
        remove_user(open_store(db), name)
    except AccountError as exc:
        _fail(str(exc))


@user_app.command("list")
def user_list(db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP)) -> None:
    """The reviewer accounts, one a line."""
    from pipeline.review.accounts import list_users
    from pipeline.review.store import open_store

    for name in list_users(open_store(db)):
        typer.echo(name)


glossary_app = typer.Typer(no_args_is_help=True, help="The reviewers' name glossary (names corrected on the desk).")
review_app.add_typer(glossary_app, name="glossary")


@glossary_app.command("export")
def glossary_export(
    out: Path | None = typer.Option(None, "--out", help="TSV file to write (default: standard output)."),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
) -> None:
    """Write the names reviewers corrected as a TSV for `thaipress process/batch --glossary PATH`."""
    try:
        from pipeline.review.glossary import export_glossary
        from pipeline.review.store import open_store
    except ImportError as exc:
        _missing_extra(exc)
    store = open_store(db)
    try:
        if out is None:
            count = export_glossary(store, sys.stdout)
        else:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                count = export_glossary(store, handle)
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}")
    if out is not None:
        typer.echo(f"exported {count} name{'' if count == 1 else 's'} to {out}", err=True)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless told otherwise)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: str | None = typer.Option(None, "--db", envvar="THAIPRESS_REVIEW_DB", help=DB_HELP),
    token: str | None = typer.Option(
        None,
        "--token",
        envvar="THAIPRESS_REVIEW_TOKEN",
        help="Shared access token asked at login; required off loopback.",
    ),
    user: list[str] | None = typer.Option(
        None, "--user", help="Reviewer allowed to log in (repeat; default: any name)."
    ),
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies", help="Mark the session cookie Secure (behind HTTPS)."
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        help="Worker processes for pasted and uploaded releases (each holds the pipeline: about 650 MB).",
    ),
) -> None:
    """Serve the review desk: a queue of releases, review controls, paste/upload, exports.

    With reviewer accounts in the store (thaipress review user add), everyone logs in with a password; with
    none, it is a one-person desk: any name, and --token when it listens beyond loopback.
    """
    loopback = _is_loopback(host)
    try:
        import uvicorn

        from pipeline.review.accounts import has_users
        from pipeline.review.app import create_app
        from pipeline.review.store import open_store
    except ImportError as exc:
        _missing_extra(exc)
    if not loopback and not token and not has_users(open_store(db)):
        _fail(
            f"refusing to listen on {host} without reviewer accounts (thaipress review user add) or --token "
            "(or $THAIPRESS_REVIEW_TOKEN): anyone who can reach it could change records",
            code=2,
        )
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
    app = create_app(
        db, token=token, users=user or None, allowed_hosts=hosts, secure_cookies=secure_cookies, workers=workers
    )
    typer.echo(f"thaipress review desk on http://{host}:{port}/ (store {app.state.store.url})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
