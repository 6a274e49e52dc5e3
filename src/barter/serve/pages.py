"""The dashboard's HTML pages, rendered by Jinja2 with autoescaping on.

Pages carry no inline script and no data-built markup: article text reaches
a template only as plain strings (or highlight.Segment pieces) that the
template escapes.  The one script, static/barter.js, reads what it needs from
data- attributes and the JSON API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from barter.records import CATEGORIES, STATUSES
from barter.serve import queries, timeline
from barter.serve.highlight import Marked, Segment, paragraph_around, segments
from barter.serve.params import filters, page
from barter.serve.queries import Filters, Page
from barter.serve.security import limited

STANDINGS = ("asserted", "reported", "contested", "denied", "planned", "speculative")

environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,  # every page, every variable: article text is hostile
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters["label"] = lambda value: str(value or "").replace("_", " ")


def number(value: object) -> str:
    """1200000 -> '1,200,000'; 2.5 -> '2.50'; anything not a number shown as it is."""
    try:
        figure = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return f"{figure:,.0f}" if figure.is_integer() else f"{figure:,.2f}"


environment.filters["number"] = number


def http_url(value: object) -> str | None:
    """The URL when it is http(s), else None: a javascript: link is escaped text but still a link."""
    text = str(value or "")
    return text if text.lower().startswith(("http://", "https://")) else None


environment.filters["http_url"] = http_url
templates = Jinja2Templates(env=environment)

router = APIRouter(include_in_schema=False)


def _render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    settings = request.app.state.settings
    base = {
        "writable": bool(settings.token),
        "path": request.url.path,
        "categories": CATEGORIES,
        "statuses": STATUSES,
        "standings": STANDINGS,
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status_code)


def _read(request: Request, query, *args: Any) -> Any:
    with request.app.state.gate.read() as connection:
        return query(connection, *args)


def _measures(request: Request) -> dict[str, Any]:
    return {m.id: m for m in request.app.state.settings.measures}


def _pager(request: Request, listing: dict[str, Any]) -> dict[str, Any]:
    """Links to the previous and next pages, keeping every other query parameter."""
    limit, offset, total = listing["limit"], listing["offset"], listing["total"]
    def at(new_offset: int) -> str:  # a relative link: the page's own path and query
        url = request.url.include_query_params(offset=new_offset)
        return f"{url.path}?{url.query}"

    prev_url = at(max(0, offset - limit)) if offset > 0 else None
    next_url = at(offset + limit) if offset + limit < total else None
    return {
        "first": offset + 1 if total else 0,
        "last": min(offset + limit, total),
        "total": total,
        "prev": prev_url,
        "next": next_url,
    }


def error_page(request: Request, status_code: int, detail: str) -> HTMLResponse:
    return _render(request, "error.html", status_code=status_code, status=status_code, detail=detail)


# --- the balance sheet ----------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def balance_sheet(request: Request, pair: str | None = Query(None, max_length=20)) -> HTMLResponse:
    """What A gives B and B gives A; the busiest pair unless one is chosen."""
    with request.app.state.gate.read() as connection:
        known = queries.pairs(connection)
        chosen = queries.parse_pair(pair) if pair else None
        if pair and not chosen:
            raise HTTPException(400, f"pair={pair!r} is not a pair of states: use two codes, such as RUS-PRK")
        if not chosen and known:
            chosen = (known[0]["a"], known[0]["b"])
        sheet = queries.balance(connection, chosen) if chosen else None
        counts = queries.timeline(connection, Filters(pair=chosen)) if chosen else {"counts": [], "without_month": 0}
    return _render(
        request,
        "balance.html",
        pairs=known,
        sheet=sheet,
        chart=timeline.chart(counts["counts"], counts["without_month"]),
        chart_pair=sheet["pair"] if sheet else None,
        measures=_measures(request),
    )


# --- ledger entries -------------------------------------------------------


@router.get("/entries", response_class=HTMLResponse)
def entries(request: Request, where: Filters = Depends(filters), slice_: Page = Depends(page)) -> HTMLResponse:
    with request.app.state.gate.read() as connection:
        listing = queries.list_entries(connection, where, slice_)
        context = _filter_choices(connection)
    return _render(
        request, "entries.html", listing=listing, pager=_pager(request, listing), where=where,
        measures=_measures(request), **context,
    )


def _filter_choices(connection) -> dict[str, Any]:
    return {"pairs": queries.pairs(connection), "outlets": queries.outlets(connection)}


@router.get("/entries/{entry_id:path}", response_class=HTMLResponse)
def entry_page(request: Request, entry_id: str) -> HTMLResponse:
    with request.app.state.gate.read() as connection:
        entry = queries.get_entry(connection, entry_id)
        if entry is None:
            raise HTTPException(404, f"no ledger entry with id {entry_id!r}")
        texts = queries.document_texts(connection, [c["doc_id"] for c in entry["claims"]])
    for claim in entry["claims"]:
        claim["excerpt"] = _excerpt(claim, texts.get(claim["doc_id"]))
    missing = [cid for cid in entry["claim_ids"] if cid not in {c["id"] for c in entry["claims"]}]
    return _render(request, "entry.html", entry=entry, missing=missing, measures=_measures(request))


def _excerpt(claim: dict[str, Any], document: dict[str, Any] | None) -> dict[str, Any]:
    """The claim's paragraph with its quote marked, or why it cannot be shown in place."""
    evidence = claim["evidence"]
    if document is None:
        return {"segments": [], "problem": "the document is no longer in the store"}
    text = document["text"]
    if text[evidence["start"] : evidence["end"]] != evidence["text"]:
        return {"segments": [], "problem": "the recorded offsets no longer match the document's text"}
    window = paragraph_around(text, evidence["start"], evidence["end"])
    pieces = segments(
        text,
        removed=[Marked(s["start"], s["end"], s["reason"]) for s in document["removed"]],
        quotes=[Marked(evidence["start"], evidence["end"], claim["id"])],
        window=window,
    )
    return {
        "segments": pieces,
        "problem": None,
        "cut_before": window[0] > 0,
        "cut_after": window[1] < len(text),
    }


# --- documents ------------------------------------------------------------


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, where: Filters = Depends(filters), slice_: Page = Depends(page)) -> HTMLResponse:
    with request.app.state.gate.read() as connection:
        listing = queries.list_documents(connection, where, slice_)
        context = _filter_choices(connection)
    return _render(request, "documents.html", listing=listing, pager=_pager(request, listing), where=where, **context)


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, claim: str | None = Query(None, max_length=200)) -> HTMLResponse:
    """The clean text with every quote marked and the boilerplate greyed; ``claim`` is the one to focus."""
    with request.app.state.gate.read() as connection:
        document = queries.get_document(connection, doc_id)
        if document is None:
            raise HTTPException(404, f"no document with id {doc_id!r}")
        entry_of = queries.entries_for_claims(connection, [c["id"] for c in document["claims"]])
    text = document["text"]
    quotes = [
        Marked(c["evidence"]["start"], c["evidence"]["end"], c["id"])
        for c in document["claims"]
        if text[c["evidence"]["start"] : c["evidence"]["end"]] == c["evidence"]["text"]
    ]
    pieces = segments(text, removed=[Marked(s["start"], s["end"], s["reason"]) for s in document["removed"]], quotes=quotes)
    return _render(
        request,
        "document.html",
        document=document,
        segments=pieces,
        focus=claim,
        anchor=_first_covering(pieces, claim),
        entry_of=entry_of,
        removed_chars=sum(s["end"] - s["start"] for s in document["removed"]),
    )


def _first_covering(pieces: list[Segment], claim_id: str | None) -> int | None:
    if not claim_id:
        return None
    return next((i for i, s in enumerate(pieces) if claim_id in s.claims), None)


# --- search, timeline, measures, ingest, API docs ------------------------------


@router.get("/search", response_class=HTMLResponse, dependencies=[Depends(limited("search_limiter"))])
def search_page(
    request: Request,
    q: str = Query("", max_length=200),
    where: Filters = Depends(filters),
    slice_: Page = Depends(page),
) -> HTMLResponse:
    results = _read(request, queries.search, q, slice_, where) if q.strip() else None
    for doc in results["documents"]["items"] if results else []:
        snip = doc["snippet"]
        marks = [Marked(snip["mark"][0], snip["mark"][1], "hit")] if snip["mark"] else []
        doc["snippet_segments"] = segments(snip["text"], quotes=marks)
    return _render(request, "search.html", q=q, results=results)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, where: Filters = Depends(filters)) -> HTMLResponse:
    with request.app.state.gate.read() as connection:
        counts = queries.timeline(connection, where)
        context = _filter_choices(connection)
    return _render(
        request, "timeline.html", where=where, measures=_measures(request),
        chart=timeline.chart(counts["counts"], counts["without_month"]),
        chart_pair=f"{where.pair[0]}-{where.pair[1]}" if where.pair else None, **context,
    )


@router.get("/measures", response_class=HTMLResponse)
def measures_page(request: Request) -> HTMLResponse:
    return _render(request, "measures.html", measures=request.app.state.settings.measures)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    return _render(request, "ingest.html", max_upload_mb=settings.max_upload_bytes / (1024 * 1024))


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description as a plain page (FastAPI's Swagger page needs a CDN and inline script)."""
    spec = request.app.openapi()
    routes = []
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            params = [
                {
                    "name": p.get("name"),
                    "where": p.get("in"),
                    "required": p.get("required", False),
                    "description": p.get("description") or p.get("schema", {}).get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            params += _body_fields(spec, operation)
            routes.append({"method": method.upper(), "path": path, "summary": operation.get("summary", ""), "params": params})
    return _render(request, "api_docs.html", routes=routes, spec_url=request.app.openapi_url)


def _body_fields(spec: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields of a form or JSON body, from its schema in the OpenAPI components."""
    fields = []
    for media, content in operation.get("requestBody", {}).get("content", {}).items():
        schema = content.get("schema", {})
        if "$ref" in schema:
            schema = spec.get("components", {}).get("schemas", {}).get(schema["$ref"].rsplit("/", 1)[-1], {})
        required = set(schema.get("required", []))
        for name, field in schema.get("properties", {}).items():
            fields.append({"name": name, "where": media, "required": name in required, "description": field.get("description", "")})
    return fields


@router.get("/docs")
def docs_redirect() -> RedirectResponse:
    """The usual FastAPI address for the docs, kept working."""
    return RedirectResponse("/api/docs")


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg")
