"""http(s) inputs: one GET with a timeout and a size cap, errors said plainly.

Nothing here runs unless someone names a URL on the command line; tests
serve their own pages from a local server.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from barter.ingest.errors import Unreadable

USER_AGENT = "barter/0.1 (news ingest; +https://github.com/barter)"
CHUNK_BYTES = 65536


@dataclass(frozen=True)
class Fetched:
    """What a URL answered: the body, its media type (no parameters) and declared charset."""

    url: str  # after redirects
    content: bytes
    media_type: str
    charset: str | None


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")


def host_of(url: str | None) -> str:
    """The host a URL names ("" for none), the outlet of last resort."""
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def fetch(url: str, timeout: float, max_bytes: int | None) -> Fetched:
    """GET ``url``; raises Unreadable on a timeout, an error status, no connection or too big an answer."""
    import httpx

    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise Unreadable(_status_reason(response.status_code, response.reason_phrase))
                body = bytearray()
                for chunk in response.iter_bytes(CHUNK_BYTES):
                    body.extend(chunk)
                    if max_bytes and len(body) > max_bytes:
                        raise Unreadable(
                            f"the answer is over the size limit of {megabytes(max_bytes)}; raise --max-bytes to read it"
                        )
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("overall deadline passed")
                media_type, charset = media_type_and_charset(response.headers.get("content-type", ""))
                return Fetched(url=str(response.url), content=bytes(body), media_type=media_type, charset=charset)
    except httpx.TimeoutException as error:
        raise Unreadable(f"no answer within {timeout:g} s; check the URL or raise --timeout") from error
    except httpx.HTTPError as error:
        raise Unreadable(f"could not fetch it ({error or type(error).__name__}); check the URL and the network") from error


def _status_reason(status: int, phrase: str) -> str:
    advice = "check the URL" if status < 500 else "the server failed; try again later"
    return f"the server answered {status} {phrase}; {advice}".replace("  ", " ")


def media_type_and_charset(header: str) -> tuple[str, str | None]:
    media_type, _, parameters = header.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media_type.strip().lower(), charset


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"
