"""The desk's guards: security headers, a body-size cap, a rate limiter, the write token.

Article text is hostile.  Templates escape it; these guards make sure that a
mistake there still cannot run script (the CSP allows only our own static
files and no inline code), that nobody can fill the disk or the CPU through
the upload and search endpoints, and that nothing writes without the token
the server was started with.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)

ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response, whatever produced it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(HTTPException):
    """Raised while reading a body past the cap.  An HTTPException, so FastAPI's
    form parsing lets it through as a 413 rather than a generic 400."""

    def __init__(self, cap: int) -> None:
        super().__init__(status_code=413, detail=_too_large(cap))


class BodySizeLimit:
    """Refuses request bodies over a cap (413), counting bytes as they arrive.

    Content-Length is checked first, but a chunked upload has none, so the
    bytes are counted too.  ``large_paths`` (the upload endpoint) get the
    upload cap; everything else gets ``default_bytes``.
    """

    def __init__(self, app: ASGIApp, default_bytes: int, large_bytes: int, large_paths: tuple[str, ...]) -> None:
        self.app = app
        self.default_bytes = default_bytes
        self.large_bytes = large_bytes
        self.large_paths = large_paths

    async def __call__(self, scope: dict, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.large_bytes if scope.get("path", "") in self.large_paths else self.default_bytes
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            await _refuse(send, cap)
            return
        seen = 0
        started = False

        async def counting_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise BodyTooLarge(cap)
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _refuse(send, cap)


def _too_large(cap: int) -> str:
    limit = f"{cap / (1024 * 1024):g} MB" if cap >= 1024 * 1024 else f"{cap} bytes"
    return f"request body too large: the limit is {limit}; send smaller or fewer files"


async def _refuse(send, cap: int) -> None:
    body = json.dumps({"detail": _too_large(cap)}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """At most ``per_minute`` requests per client in any sliding 60-second window.

    In memory and per process: enough for one analyst's desk, not a cluster.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> float:
        """0 when the request may go ahead, else the seconds to wait."""
        now = self.clock()
        with self._lock:
            if len(self._seen) > 10_000:  # forget idle clients rather than grow without bound
                self._seen = {k: v for k, v in self._seen.items() if v and now - v[-1] < 60}
            times = self._seen.setdefault(client, deque())
            while times and now - times[0] >= 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return max(0.1, 60 - (now - times[0]))
            times.append(now)
            return 0.0


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def limited(limiter_name: str) -> Callable[[Request], None]:
    """A FastAPI dependency that answers 429 when the client is over the named limiter's rate."""

    def check(request: Request) -> None:
        limiter: RateLimiter = getattr(request.app.state, limiter_name)
        wait = limiter.allow(client_key(request))
        if wait:
            raise HTTPException(
                status_code=429,
                detail=f"too many requests: at most {limiter.per_minute} a minute; try again in {wait:.0f} s",
                headers={"Retry-After": str(int(wait) + 1)},
            )

    return check


def require_token(request: Request) -> None:
    """Writes need ``Authorization: Bearer <token>`` matching the token set at start-up.

    401 when no token is sent, 403 when it is wrong or the server was started
    read-only (no token at all).
    """
    expected: str | None = request.app.state.settings.token
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(
            status_code=401,
            detail="this endpoint writes: send the server's token as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not expected:
        raise HTTPException(status_code=403, detail="the server is read-only: restart it with --token to allow writes")
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(status_code=403, detail="wrong token")
