"""The JSON API under /api: read the ledger, its claims and documents; write only with the token."""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile

from barter.serve import queries
from barter.serve.jobs import IngestUnavailable
from barter.serve.params import filters, page
from barter.serve.queries import Filters, Page
from barter.serve.security import limited, require_token

router = APIRouter(prefix="/api", tags=["api"])

MAX_UPLOAD_FILES = 50
MAX_URLS = 50
_URL = re.compile(r"^https?://[^\s<>\"']{1,2000}$")


def _read(request: Request, query, *args: Any) -> Any:
    with request.app.state.gate.read() as connection:
        return query(connection, *args)


def _found(value: Any, what: str, key: str) -> Any:
    if value is None:
        raise HTTPException(404, f"no {what} with id {key!r}")
    return value


@router.get("/pairs", summary="Pairs of states in the ledger, busiest first")
def list_pairs(request: Request) -> list[dict[str, Any]]:
    return _read(request, queries.pairs)


@router.get("/balance", summary="A pair's balance sheet: what A gives B and what B gives A, by category")
def get_balance(
    request: Request,
    pair: Annotated[str, Query(description="Two states: RUS-PRK", max_length=20)],
) -> dict[str, Any]:
    parsed = queries.parse_pair(pair)
    if not parsed:
        raise HTTPException(400, f"pair={pair!r} is not a pair of states: use two codes, such as RUS-PRK")
    return _read(request, queries.balance, parsed)


@router.get("/entries", summary="Ledger entries, filtered and paginated")
def list_entries(request: Request, where: Filters = Depends(filters), slice_: Page = Depends(page)) -> dict[str, Any]:
    return _read(request, queries.list_entries, where, slice_)


@router.get("/entries/{entry_id:path}", summary="One ledger entry with its claims")
def get_entry(request: Request, entry_id: str) -> dict[str, Any]:
    return _found(_read(request, queries.get_entry, entry_id), "ledger entry", entry_id)


@router.get("/claims", summary="Claims, filtered and paginated")
def list_claims(request: Request, where: Filters = Depends(filters), slice_: Page = Depends(page)) -> dict[str, Any]:
    return _read(request, queries.list_claims, where, slice_)


@router.get("/claims/{claim_id:path}", summary="One claim with its evidence and document")
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    return _found(_read(request, queries.get_claim, claim_id), "claim", claim_id)


@router.get("/documents", summary="Documents, filtered and paginated; claim filters keep documents with a matching claim")
def list_documents(request: Request, where: Filters = Depends(filters), slice_: Page = Depends(page)) -> dict[str, Any]:
    return _read(request, queries.list_documents, where, slice_)


@router.get("/documents/{doc_id:path}", summary="One document: text, removed spans, claims")
def get_document(request: Request, doc_id: str) -> dict[str, Any]:
    return _found(_read(request, queries.get_document, doc_id), "document", doc_id)


@router.delete(
    "/documents/{doc_id:path}",
    summary="Delete a document and its claims (needs the token)",
    dependencies=[Depends(limited("write_limiter")), Depends(require_token)],
)
def delete_document(request: Request, doc_id: str) -> dict[str, Any]:
    with request.app.state.gate.write() as connection:
        found = connection.execute("SELECT count(*) FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        if not found:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        claims = connection.execute("SELECT count(*) FROM claims WHERE doc_id = ?", [doc_id]).fetchone()[0]
        connection.execute("DELETE FROM claims WHERE doc_id = ?", [doc_id])
        connection.execute("DELETE FROM extracted WHERE doc_id = ?", [doc_id])
        connection.execute("DELETE FROM documents WHERE id = ?", [doc_id])
    return {
        "deleted": doc_id,
        "claims_deleted": claims,
        "note": "ledger entries still cite the deleted claims until the ledger is rebuilt",
    }


@router.get("/outlets", summary="Outlets (document sources) with their document counts")
def list_outlets(request: Request) -> list[dict[str, Any]]:
    return _read(request, queries.outlets)


@router.get("/measures", summary="The UN sanctions measures entries are checked against")
def list_measures(request: Request) -> list[dict[str, Any]]:
    return [_measure(m) for m in request.app.state.settings.measures]


def _measure(measure: Any) -> dict[str, Any]:
    data = asdict(measure)
    for key in ("deadline",):
        if data.get(key) is not None:
            data[key] = data[key].isoformat()
    if data.get("cap") and data["cap"].get("since") is not None:
        data["cap"]["since"] = data["cap"]["since"].isoformat()
    return data


@router.get("/timeline", summary="Ledger entries by month first reported and category")
def get_timeline(request: Request, where: Filters = Depends(filters)) -> dict[str, Any]:
    return _read(request, queries.timeline, where)


@router.get(
    "/search",
    summary="Search documents (title and text) and quotes (claim evidence); every term must match; "
    "filters narrow the quotes, the outlet narrows both",
    dependencies=[Depends(limited("search_limiter"))],
)
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200, description='Words; "quoted phrases" stay whole')],
    where: Filters = Depends(filters),
    slice_: Page = Depends(page),
) -> dict[str, Any]:
    return _read(request, queries.search, q, slice_, where)


@router.post(
    "/ingest",
    status_code=202,
    summary="Ingest uploaded files and/or URLs and feeds in the background (needs the token)",
    dependencies=[Depends(limited("write_limiter")), Depends(require_token)],
)
async def start_ingest(
    request: Request,
    files: Annotated[list[UploadFile], File(description="Files: .txt, .html, .jsonl, .csv, .warc(.gz), feeds")] = [],  # noqa: B006
    urls: Annotated[str, Form(max_length=100_000, description="URLs of articles or feeds, one a line")] = "",
) -> dict[str, Any]:
    links = [u.strip() for u in urls.splitlines() if u.strip()]
    bad = [u for u in links if not _URL.match(u)]
    if bad:
        raise HTTPException(400, f"not an http(s) URL: {bad[0][:80]!r}; give one URL a line")
    uploads = [f for f in files if f.filename]
    if not uploads and not links:
        raise HTTPException(400, "nothing to ingest: upload files or give URLs, one a line")
    if len(uploads) > MAX_UPLOAD_FILES or len(links) > MAX_URLS:
        raise HTTPException(400, f"too many inputs: at most {MAX_UPLOAD_FILES} files and {MAX_URLS} URLs at a time")
    scratch = Path(tempfile.mkdtemp(prefix="barter-upload-")) if uploads else None
    inputs = [str(await _save_upload(upload, scratch, n)) for n, upload in enumerate(uploads)] if scratch else []
    try:
        job = request.app.state.jobs.start(inputs + links, scratch)
    except IngestUnavailable as error:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        raise HTTPException(503, str(error)) from error
    return {**job.as_dict(), "progress": f"/api/ingest/{job.id}"}


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


async def _save_upload(upload: UploadFile, scratch: Path, number: int) -> Path:
    """Copy an upload into ``scratch`` under a harmless name that keeps its extension."""
    name = _SAFE_NAME.sub("_", Path(upload.filename or "upload").name).strip("._") or "upload"
    target = scratch / f"{number:03d}-{name[-120:]}"
    with target.open("wb") as out:
        while chunk := await upload.read(1024 * 1024):
            out.write(chunk)
    return target


@router.get(
    "/ingest/{job_id}",
    summary="Progress of an ingest job (needs the token)",
    dependencies=[Depends(limited("progress_limiter")), Depends(require_token)],
)
def ingest_progress(request: Request, job_id: str) -> dict[str, Any]:
    job = request.app.state.jobs.get(job_id)
    return _found(job, "ingest job", job_id).as_dict()
