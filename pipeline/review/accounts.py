"""Reviewer accounts for a team desk: names with Argon2 password hashes (argon2-cffi), and a login throttle.

Once a store has an account, the desk asks every reviewer for a name and password (`verify_login`); with
none, it stays a one-person desk (any name, plus the shared token when one is set). Accounts are made on the
command line: ``thaipress review user add NAME`` (the password is asked for, or read from standard input).

>>> add_user(store, "somchai", "a long passphrase")      # doctest: +SKIP
>>> verify_login(store, "Somchai", "a long passphrase")  # doctest: +SKIP
'somchai'
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pipeline.review import store as st

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from sqlalchemy.orm import Session

__all__ = [
    "AccountError",
    "add_user",
    "set_password",
    "remove_user",
    "list_users",
    "has_users",
    "verify_login",
    "LoginThrottle",
    "MIN_PASSWORD",
]

MIN_PASSWORD = 10


class AccountError(ValueError):
    """An account that cannot be made or changed; the message says why."""


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def add_user(store: st.ReviewStore, name: str, password: str, *, actor: str = "cli") -> str:
    """Create an account; returns the name as stored. Names are unique regardless of case."""
    name = _checked_name(name)
    _check_password(password)
    with store.session() as session:
        if session.scalar(select(st.UserRow.name).where(func.lower(st.UserRow.name) == name.lower())):
            raise AccountError(f"there is already an account named {name!r}")
        session.add(
            st.UserRow(name=name, password_hash=_hasher().hash(password), created_at=st.utcnow(), created_by=actor)
        )
        session.add(st.AuditEntry(at=st.utcnow(), actor=actor, action="user:add", detail={"name": name}))
        try:
            session.commit()
        except IntegrityError:
            raise AccountError(f"there is already an account named {name!r}") from None
    return name


def set_password(store: st.ReviewStore, name: str, password: str, *, actor: str = "cli") -> None:
    _check_password(password)
    with store.session() as session:
        row = _find(session, name)
        if row is None:
            raise AccountError(f"no account named {name!r}")
        row.password_hash = _hasher().hash(password)
        session.add(st.AuditEntry(at=st.utcnow(), actor=actor, action="user:password", detail={"name": row.name}))
        session.commit()


def remove_user(store: st.ReviewStore, name: str, *, actor: str = "cli") -> None:
    with store.session() as session:
        row = _find(session, name)
        if row is None:
            raise AccountError(f"no account named {name!r}")
        session.delete(row)
        session.add(st.AuditEntry(at=st.utcnow(), actor=actor, action="user:remove", detail={"name": row.name}))
        session.commit()


def list_users(store: st.ReviewStore) -> list[str]:
    with store.session() as session:
        return list(session.scalars(select(st.UserRow.name).order_by(st.UserRow.name)).all())


def has_users(store: st.ReviewStore) -> bool:
    with store.session() as session:
        return (session.scalar(select(func.count()).select_from(st.UserRow)) or 0) > 0


def verify_login(store: st.ReviewStore, name: str, password: str) -> str | None:
    """The account's name when ``password`` is its password, else None. An unknown name costs the same time
    as a wrong password (a hash is checked either way), so timing does not tell which names exist."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    with store.session() as session:
        row = _find(session, name.strip())
        stored = row.password_hash if row else _DUMMY.get(hasher)
        try:
            hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if hasher.check_needs_rehash(row.password_hash):
            row.password_hash = hasher.hash(password)
            session.commit()
        return row.name


class _Dummy:
    """A hash of a random password, made once, to verify against for unknown names."""

    def __init__(self) -> None:
        self._hash: str | None = None

    def get(self, hasher: PasswordHasher) -> str:
        if self._hash is None:
            import secrets

            self._hash = hasher.hash(secrets.token_urlsafe(16))
        return self._hash


_DUMMY = _Dummy()


def _find(session: Session, name: str) -> st.UserRow | None:
    return session.scalars(select(st.UserRow).where(func.lower(st.UserRow.name) == name.strip().lower())).first()


def _checked_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 80 or any(c in name for c in "\r\n\t"):
        raise AccountError("a name is 1 to 80 characters on one line")
    return name


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")


class LoginThrottle:
    """At most ``attempts`` failed logins per ``window`` seconds for one client address and for one name;
    after that, `wait` says how many seconds remain before the next try is accepted (token guesses too)."""

    def __init__(self, attempts: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts, self.window, self.clock = attempts, window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, *keys: str) -> int:
        now = self.clock()
        with self._lock:
            longest = 0.0
            for key in keys:
                failures = self._recent(key, now)
                if len(failures) >= self.attempts:
                    longest = max(longest, failures[0] + self.window - now)
            return int(longest) + 1 if longest > 0 else 0

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)
            if len(self._failures) > 10_000:  # forget quiet keys so a spray of names cannot grow memory
                for key in [k for k, v in self._failures.items() if not v or v[-1] < now - self.window]:
                    del self._failures[key]

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures
