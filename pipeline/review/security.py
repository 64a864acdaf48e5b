"""What keeps the review desk safe to share: signed session cookies (reviewer name, login state, CSRF token),
a request body size limit, and security headers.

The session lives in one cookie, signed with HMAC-SHA256 under a secret held by the server process; a
forged or altered cookie is ignored (a fresh anonymous session replaces it). Every form carries the
session's CSRF token in a hidden field, and every POST is checked against it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Session", "SessionSigner", "BodySizeLimit", "SecurityHeaders", "same_secret"]

COOKIE = "thaipress_review"


@dataclass
class Session:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    reviewer: str | None = None
    authenticated: bool = False  # passed the token check (or no token is set)
    changed: bool = True  # needs to be (re)written as a cookie

    def as_dict(self) -> dict[str, Any]:
        return {"csrf": self.csrf, "reviewer": self.reviewer, "auth": self.authenticated}


class SessionSigner:
    """Turns a `Session` into a signed cookie value and back.

    secret: the signing key (random per process unless given, so sessions end when the server restarts).
    """

    def __init__(self, secret: bytes | None = None) -> None:
        self.secret = secret or secrets.token_bytes(32)

    def dumps(self, session: Session) -> str:
        payload = base64.urlsafe_b64encode(json.dumps(session.as_dict(), separators=(",", ":")).encode()).decode()
        return f"{payload}.{self._sign(payload)}"

    def loads(self, value: str | None) -> Session | None:
        if not value or "." not in value:
            return None
        payload, signature = value.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(payload.encode()))
            return Session(
                csrf=str(data["csrf"]),
                reviewer=data.get("reviewer"),
                authenticated=bool(data.get("auth")),
                changed=False,
            )
        except (ValueError, KeyError, TypeError):
            return None

    def _sign(self, payload: str) -> str:
        return hmac.new(self.secret, payload.encode(), hashlib.sha256).hexdigest()


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class BodySizeLimit:
    """Refuse request bodies over ``max_bytes`` with 413, by Content-Length up front and by counting the body
    as it streams in (for chunked uploads)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = f"Upload too large: the limit is {self.max_bytes // (1024 * 1024)} MB.\n".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """A strict Content-Security-Policy (no inline script or style), no sniffing, no framing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
