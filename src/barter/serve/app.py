"""The desk's FastAPI application: the JSON API under /api and the dashboard's pages.

``create_app`` wires the parts together; nothing here touches the store at
import time, so building an app is cheap and side-effect free.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException

from barter.records import Measure
from barter.store import LOCK_WAIT_SECONDS, StoreBusy
from barter.serve.access import StoreGate
from barter.serve.jobs import IngestJobs
from barter.serve.security import BodySizeLimit, RateLimiter, SecurityHeaders

HERE = Path(__file__).parent
DEFAULT_MAX_UPLOAD_MB = 20
DEFAULT_BODY_BYTES = 64 * 1024  # any request but an upload
INGEST_PATH = "/api/ingest"
PROGRESS_POLLS_PER_MINUTE = 300  # the ingest page polls about once a second

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    db_path: Path
    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    search_per_minute: int = 120
    write_per_minute: int = 20
    measures: tuple[Measure, ...] = field(default=())


def load_measures() -> tuple[Measure, ...]:
    """The packaged UN measures, or none when they cannot be loaded (the desk still works)."""
    try:
        from barter.measures import load
    except ImportError:
        return ()
    try:
        return tuple(load())
    except Exception as error:  # a broken measures file must not take the desk down
        log.warning("measures not shown: %s", error)
        return ()


def create_app(
    db_path: Path | str,
    token: str | None = None,
    *,
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB,
    search_per_minute: int = 120,
    write_per_minute: int = 20,
    measures: Iterable[Measure] | None = None,
    allowed_hosts: Iterable[str] | None = None,
    lock_wait: float = LOCK_WAIT_SECONDS,
) -> FastAPI:
    """The desk over the DuckDB file at ``db_path``; writes need ``token`` (none: read-only).

    ``allowed_hosts`` (say, the loopback names) refuses requests for any other
    Host header, so a web page that rebinds its own name to 127.0.0.1 cannot
    read the desk from a browser.  ``measures`` defaults to the packaged ones.
    ``lock_wait`` is how long a request waits for another process's write.
    """
    from barter.serve import api, pages

    settings = Settings(
        db_path=Path(db_path),
        token=token or None,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        search_per_minute=search_per_minute,
        write_per_minute=write_per_minute,
        measures=tuple(measures) if measures is not None else load_measures(),
    )
    app = FastAPI(
        title="barter",
        summary="A sourced ledger of what states give each other, read from the news.",
        version="1",
        # FastAPI's own docs pages load scripts from a CDN and run inline code:
        # neither passes our CSP, so /api/docs is our own server-rendered page.
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=_lifespan,
    )
    _prepare_store(settings.db_path)
    app.state.settings = settings
    app.state.gate = StoreGate(settings.db_path, wait=lock_wait)
    app.state.jobs = IngestJobs(app.state.gate, max_bytes=settings.max_upload_bytes)
    app.state.search_limiter = RateLimiter(search_per_minute)
    app.state.write_limiter = RateLimiter(write_per_minute)
    app.state.progress_limiter = RateLimiter(PROGRESS_POLLS_PER_MINUTE)
    _add_error_pages(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(
        BodySizeLimit,
        default_bytes=DEFAULT_BODY_BYTES,
        large_bytes=settings.max_upload_bytes,
        large_paths=(INGEST_PATH,),
    )
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)  # added last, so outermost: every response carries the headers
    return app


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.gate.close()  # let other processes write the file the moment the server stops


def _prepare_store(path: Path) -> None:
    """Create or migrate the store once, before requests open it read-only.

    ``reading`` migrates a store it finds behind; doing that inside a request
    would open a writer next to other requests' readers, which DuckDB refuses
    within one process.
    """
    from barter.store import reading

    with reading(path):
        pass


def _add_error_pages(app: FastAPI) -> None:
    """Errors answer in JSON under /api and as a page everywhere else."""
    from barter.serve.pages import error_page

    def wants_page(request: Request) -> bool:
        return not request.url.path.startswith(("/api/", "/static/")) or request.url.path == "/api/docs"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if wants_page(request):
            response = error_page(request, error.status_code, str(error.detail))
            for name, value in (error.headers or {}).items():
                response.headers[name] = value
            return response
        return await http_exception_handler(request, error)

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, error: StoreBusy):
        detail = f"{error} (another barter command is writing the store)"
        if wants_page(request):
            return error_page(request, 503, detail)
        return JSONResponse({"detail": detail}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError):
        if wants_page(request):
            problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in error.errors())
            return error_page(request, 400, f"bad request: {problems}")
        return await request_validation_exception_handler(request, error)
