"""The desk's reads: plain SQL over the store's tables, every value bound.

These functions take an open (read-only) DuckDB connection and return plain
dicts and lists, ready for JSON or a template.  They read the tables directly
rather than through the pipeline's store modules so the desk depends only on
the schema.  Filters are assembled as fixed SQL fragments plus a parameter
list: no value from a request is ever formatted into SQL text.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

MAX_LIMIT = 200
DEFAULT_LIMIT = 50

# Ledger dates are ISO prefixes ("2023", "2023-09", "2023-09-14").  For a date
# range, a partial date is stretched to the last (or first) day it could mean,
# so an entry dated "2023" still overlaps a range starting "2023-05-01".
_LATEST_DAY = "CASE length({col}) WHEN 4 THEN {col} || '-12-31' WHEN 7 THEN {col} || '-31' ELSE {col} END"
_EARLIEST_DAY = "CASE length({col}) WHEN 4 THEN {col} || '-01-01' WHEN 7 THEN {col} || '-01' ELSE {col} END"


@dataclass(frozen=True)
class Page:
    """Which slice of a listing to return."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "limit", max(1, min(int(self.limit), MAX_LIMIT)))
        object.__setattr__(self, "offset", max(0, int(self.offset)))


@dataclass(frozen=True)
class Filters:
    """What a listing is narrowed to; every field is optional."""

    pair: tuple[str, str] | None = None  # both directions between two states
    giver: str | None = None
    receiver: str | None = None
    category: str | None = None
    status: str | None = None  # a claim's status, or a ledger entry's standing
    since: str | None = None  # ISO date (or prefix), inclusive
    until: str | None = None
    outlet: str | None = None  # a document's source
    measure: str | None = None  # a measure id among an entry's flags
    doc_id: str | None = None


@dataclass
class Where:
    """A conjunction of SQL fragments and the parameters they bind, in order."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""


_STATE_CODE = re.compile(r"[A-Z]{2,3}")


def parse_pair(text: str | None) -> tuple[str, str] | None:
    """'RUS-PRK' (or 'RUS,PRK') -> ('RUS', 'PRK'); anything else -> None."""
    if not text:
        return None
    parts = [p.strip().upper() for p in re.split(r"[-,:/ ]", text) if p.strip()]
    if len(parts) != 2 or parts[0] == parts[1] or not all(_STATE_CODE.fullmatch(p) for p in parts):
        return None
    return parts[0], parts[1]


def _loads(value: Any, default: Any) -> Any:
    if value is None:
        return default
    if isinstance(value, (list, dict)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


# --- ledger entries -------------------------------------------------------

_ENTRY_COLUMNS = (
    "id, giver, receiver, category, items, claim_ids, outlets, asserted_by, denied_by, standing, "
    "quantity_low, quantity_high, quantity_unit, first_date, last_date, flags"
)


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    quantity = None
    if row.get("quantity_low") is not None and row.get("quantity_high") is not None:
        quantity = {"low": row["quantity_low"], "high": row["quantity_high"], "unit": row.get("quantity_unit") or ""}
    return {
        "id": row["id"],
        "giver": row["giver"],
        "receiver": row["receiver"],
        "category": row["category"],
        "items": _loads(row.get("items"), []),
        "claim_ids": _loads(row.get("claim_ids"), []),
        "outlets": row.get("outlets") or 0,
        "asserted_by": _loads(row.get("asserted_by"), []),
        "denied_by": _loads(row.get("denied_by"), []),
        "standing": row.get("standing"),
        "quantity": quantity,
        "first_date": row.get("first_date"),
        "last_date": row.get("last_date"),
        "flags": _loads(row.get("flags"), []),
    }


def _entry_where(filters: Filters) -> Where:
    where = Where()
    if filters.pair:
        a, b = filters.pair
        where.add("((giver = ? AND receiver = ?) OR (giver = ? AND receiver = ?))", a, b, b, a)
    if filters.giver:
        where.add("giver = ?", filters.giver)
    if filters.receiver:
        where.add("receiver = ?", filters.receiver)
    if filters.category:
        where.add("category = ?", filters.category)
    if filters.status:
        where.add("standing = ?", filters.status)
    if filters.since:
        latest = _LATEST_DAY.format(col="coalesce(last_date, first_date)")
        where.add(f"{latest} >= ?", _earliest_day(filters.since))
    if filters.until:
        earliest = _EARLIEST_DAY.format(col="coalesce(first_date, last_date)")
        where.add(f"{earliest} <= ?", _latest_day(filters.until))
    if filters.measure:
        where.add("list_contains(json_extract_string(flags, '$[*].measure_id'), ?)", filters.measure)
    if filters.outlet:
        where.add(
            "EXISTS (SELECT 1 FROM claims c JOIN documents d ON d.id = c.doc_id"
            " WHERE list_contains(CAST(ledger_entries.claim_ids AS VARCHAR[]), c.id) AND d.source = ?)",
            filters.outlet,
        )
    if filters.doc_id:
        where.add(
            "EXISTS (SELECT 1 FROM claims c WHERE list_contains(CAST(ledger_entries.claim_ids AS VARCHAR[]), c.id)"
            " AND c.doc_id = ?)",
            filters.doc_id,
        )
    return where


def _paged(items: list[dict[str, Any]], total: int, page: Page) -> dict[str, Any]:
    """One page of a listing, as every listing endpoint answers it."""
    return {"items": items, "total": total, "limit": page.limit, "offset": page.offset}


def list_entries(con: duckdb.DuckDBPyConnection, filters: Filters, page: Page) -> dict[str, Any]:
    """Ledger entries matching ``filters``, newest first, one page of them plus the total."""
    where = _entry_where(filters)
    total = con.execute(f"SELECT count(*) FROM ledger_entries{where.sql()}", where.params).fetchone()[0]
    cursor = con.execute(
        f"SELECT {_ENTRY_COLUMNS} FROM ledger_entries{where.sql()}"
        " ORDER BY coalesce(last_date, first_date) DESC NULLS LAST, id LIMIT ? OFFSET ?",
        [*where.params, page.limit, page.offset],
    )
    return _paged([_entry(r) for r in _rows(cursor)], total, page)


def get_entry(con: duckdb.DuckDBPyConnection, entry_id: str) -> dict[str, Any] | None:
    """One ledger entry with its claims (and each claim's document), or None."""
    cursor = con.execute(f"SELECT {_ENTRY_COLUMNS} FROM ledger_entries WHERE id = ?", [entry_id])
    rows = _rows(cursor)
    if not rows:
        return None
    entry = _entry(rows[0])
    entry["claims"] = claims_by_id(con, entry["claim_ids"])
    return entry


# --- claims ---------------------------------------------------------------

_CLAIM_COLUMNS = (
    "c.id, c.doc_id, c.giver, c.receiver, c.category, c.status, c.sources, c.evidence_start, c.evidence_end, "
    "c.evidence_text, c.item, c.predicate, c.sentence, c.quantity_low, c.quantity_high, c.quantity_unit, "
    'c."when", c.when_basis, c.confidence, c.extractor, '
    "d.title AS doc_title, d.source AS doc_source, d.published AS doc_published, d.url AS doc_url"
)
_CLAIM_FROM = " FROM claims c LEFT JOIN documents d ON d.id = c.doc_id"


def _claim(row: dict[str, Any]) -> dict[str, Any]:
    quantity = None
    if row.get("quantity_low") is not None and row.get("quantity_high") is not None:
        quantity = {"low": row["quantity_low"], "high": row["quantity_high"], "unit": row.get("quantity_unit") or ""}
    return {
        "id": row["id"],
        "doc_id": row["doc_id"],
        "giver": row["giver"],
        "receiver": row["receiver"],
        "category": row["category"],
        "status": row["status"],
        "sources": _loads(row.get("sources"), []),
        "evidence": {"start": row["evidence_start"], "end": row["evidence_end"], "text": row["evidence_text"]},
        "item": row.get("item") or "",
        "predicate": row.get("predicate") or "",
        "sentence": row.get("sentence") or "",
        "quantity": quantity,
        "when": row.get("when"),
        "when_basis": row.get("when_basis"),
        "confidence": row.get("confidence"),
        "extractor": row.get("extractor"),
        "document": {
            "title": row.get("doc_title"),
            "source": row.get("doc_source"),
            "published": _iso(row.get("doc_published")),
            "url": row.get("doc_url"),
        },
    }


def _claim_where(filters: Filters) -> Where:
    where = Where()
    if filters.pair:
        a, b = filters.pair
        where.add("((c.giver = ? AND c.receiver = ?) OR (c.giver = ? AND c.receiver = ?))", a, b, b, a)
    if filters.giver:
        where.add("c.giver = ?", filters.giver)
    if filters.receiver:
        where.add("c.receiver = ?", filters.receiver)
    if filters.category:
        where.add("c.category = ?", filters.category)
    if filters.status:
        where.add("c.status = ?", filters.status)
    # A claim is dated by the text where it can be, else by its document.
    claim_day = 'coalesce(c."when", CAST(d.published AS VARCHAR))'
    if filters.since:
        where.add(f"{_LATEST_DAY.format(col=claim_day)} >= ?", _earliest_day(filters.since))
    if filters.until:
        where.add(f"{_EARLIEST_DAY.format(col=claim_day)} <= ?", _latest_day(filters.until))
    if filters.outlet:
        where.add("d.source = ?", filters.outlet)
    if filters.doc_id:
        where.add("c.doc_id = ?", filters.doc_id)
    if filters.measure:
        where.add(
            "EXISTS (SELECT 1 FROM ledger_entries e WHERE list_contains(CAST(e.claim_ids AS VARCHAR[]), c.id)"
            " AND list_contains(json_extract_string(e.flags, '$[*].measure_id'), ?))",
            filters.measure,
        )
    return where


def list_claims(con: duckdb.DuckDBPyConnection, filters: Filters, page: Page) -> dict[str, Any]:
    where = _claim_where(filters)
    total = con.execute(f"SELECT count(*){_CLAIM_FROM}{where.sql()}", where.params).fetchone()[0]
    cursor = con.execute(
        f"SELECT {_CLAIM_COLUMNS}{_CLAIM_FROM}{where.sql()}"
        " ORDER BY d.published DESC NULLS LAST, c.doc_id, c.evidence_start LIMIT ? OFFSET ?",
        [*where.params, page.limit, page.offset],
    )
    return _paged([_claim(r) for r in _rows(cursor)], total, page)


def get_claim(con: duckdb.DuckDBPyConnection, claim_id: str) -> dict[str, Any] | None:
    found = claims_by_id(con, [claim_id])
    return found[0] if found else None


def claims_by_id(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> list[dict[str, Any]]:
    """The claims with these ids, in the order given (missing ids are skipped)."""
    if not claim_ids:
        return []
    cursor = con.execute(f"SELECT {_CLAIM_COLUMNS}{_CLAIM_FROM} WHERE list_contains(?, c.id)", [list(claim_ids)])
    found = {r["id"]: _claim(r) for r in _rows(cursor)}
    return [found[i] for i in claim_ids if i in found]


def entries_for_claims(con: duckdb.DuckDBPyConnection, claim_ids: list[str]) -> dict[str, str]:
    """claim id -> the ledger entry that merged it."""
    if not claim_ids:
        return {}
    cursor = con.execute(
        "SELECT u.cid, e.id FROM ledger_entries e, unnest(CAST(e.claim_ids AS VARCHAR[])) AS u(cid)"
        " WHERE list_contains(?, u.cid)",
        [list(claim_ids)],
    )
    return {cid: eid for cid, eid in cursor.fetchall()}


# --- documents ------------------------------------------------------------

_DOC_SUMMARY = "id, title, published, source, url, kind, origin, duplicate_of, length(text) AS length"


def _document_summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row.get("title") or "",
        "published": _iso(row.get("published")),
        "source": row.get("source") or "",
        "url": row.get("url"),
        "kind": row.get("kind"),
        "origin": row.get("origin"),
        "duplicate_of": row.get("duplicate_of"),
        "length": row.get("length"),
    }


def list_documents(con: duckdb.DuckDBPyConnection, filters: Filters, page: Page) -> dict[str, Any]:
    where = Where()
    if filters.outlet:
        where.add("source = ?", filters.outlet)
    if filters.since:
        where.add("published >= CAST(? AS DATE)", _earliest_day(filters.since))
    if filters.until:
        where.add("published <= CAST(? AS DATE)", _latest_day(filters.until))
    claim_filters = Filters(
        pair=filters.pair, giver=filters.giver, receiver=filters.receiver,
        category=filters.category, status=filters.status, measure=filters.measure,
    )
    if claim_filters != Filters():  # only documents with a claim that matches
        inner = _claim_where(claim_filters)
        where.add(f"id IN (SELECT c.doc_id FROM claims c{inner.sql()})", *inner.params)
    total = con.execute(f"SELECT count(*) FROM documents{where.sql()}", where.params).fetchone()[0]
    cursor = con.execute(
        f"SELECT {_DOC_SUMMARY} FROM documents{where.sql()} ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
        [*where.params, page.limit, page.offset],
    )
    return _paged([_document_summary(r) for r in _rows(cursor)], total, page)


def get_document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any] | None:
    """One document with its full text, removed spans and the claims read from it."""
    cursor = con.execute(f"SELECT {_DOC_SUMMARY}, text, removed FROM documents WHERE id = ?", [doc_id])
    rows = _rows(cursor)
    if not rows:
        return None
    doc = _document_summary(rows[0])
    doc["text"] = rows[0]["text"]
    doc["removed"] = _spans(rows[0].get("removed"))
    doc["claims"] = list_claims(con, Filters(doc_id=doc_id), Page(limit=MAX_LIMIT))["items"]
    return doc


def _earliest_day(text: str) -> str:
    """The Python twin of _EARLIEST_DAY, for DATE columns."""
    return {4: text + "-01-01", 7: text + "-01"}.get(len(text), text)


def _latest_day(text: str) -> str:
    """The Python twin of _LATEST_DAY, for DATE columns."""
    if len(text) == 4:
        return text + "-12-31"
    if len(text) == 7:  # the last day of the month, whatever its length
        year, month = int(text[:4]), int(text[5:7])
        return f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    return text


def document_texts(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """doc id -> its text and removed spans, for showing quotes in place."""
    if not doc_ids:
        return {}
    cursor = con.execute("SELECT id, text, removed FROM documents WHERE list_contains(?, id)", [sorted(set(doc_ids))])
    return {r["id"]: {"text": r["text"], "removed": _spans(r.get("removed"))} for r in _rows(cursor)}


def _spans(raw: Any) -> list[dict[str, Any]]:
    spans = []
    for s in _loads(raw, []):
        if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int):
            spans.append({"start": s["start"], "end": s["end"], "reason": str(s.get("reason") or "")})
    return spans


def outlets(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cursor = con.execute(
        "SELECT source, count(*) AS documents FROM documents WHERE coalesce(source, '') <> ''"
        " GROUP BY source ORDER BY documents DESC, source"
    )
    return _rows(cursor)


# --- pairs and the balance sheet ------------------------------------------


def pairs(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every pair of states with ledger entries or claims, busiest first."""
    cursor = con.execute(
        """
        WITH e AS (
            SELECT least(giver, receiver) AS a, greatest(giver, receiver) AS b, count(*) AS entries
            FROM ledger_entries GROUP BY 1, 2
        ), c AS (
            SELECT least(giver, receiver) AS a, greatest(giver, receiver) AS b, count(*) AS claims
            FROM claims GROUP BY 1, 2
        )
        SELECT coalesce(e.a, c.a) AS a, coalesce(e.b, c.b) AS b,
               coalesce(e.entries, 0) AS entries, coalesce(c.claims, 0) AS claims
        FROM e FULL OUTER JOIN c ON e.a = c.a AND e.b = c.b
        ORDER BY entries DESC, claims DESC, a, b
        """
    )
    return [{**r, "pair": f"{r['a']}-{r['b']}"} for r in _rows(cursor)]


def balance(con: duckdb.DuckDBPyConnection, pair: tuple[str, str], per_category: int = 5) -> dict[str, Any]:
    """What A gives B and what B gives A, by category: counts, quantity ranges, flags, top entries."""
    a, b = pair
    sides = []
    for giver, receiver in ((a, b), (b, a)):
        cursor = con.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM ledger_entries WHERE giver = ? AND receiver = ?"
            " ORDER BY category, coalesce(last_date, first_date) DESC NULLS LAST, id",
            [giver, receiver],
        )
        entries = [_entry(r) for r in _rows(cursor)]
        sides.append({"giver": giver, "receiver": receiver, **_summarise(entries, per_category)})
    return {"pair": f"{a}-{b}", "a": a, "b": b, "sides": sides}


def _summarise(entries: list[dict[str, Any]], per_category: int) -> dict[str, Any]:
    by_category: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_category.setdefault(entry["category"], []).append(entry)
    categories = []
    for category, group in sorted(by_category.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        categories.append(
            {
                "category": category,
                "entries": len(group),
                "claims": sum(len(e["claim_ids"]) for e in group),
                "standings": _count(e["standing"] or "unknown" for e in group),
                "quantities": _ranges(e["quantity"] for e in group),
                "flags": _count_flags(group),
                "first_date": min((e["first_date"] for e in group if e["first_date"]), default=None),
                "last_date": max((e["last_date"] or e["first_date"] for e in group if e["last_date"] or e["first_date"]), default=None),
                "top": group[:per_category],
            }
        )
    return {
        "entries": len(entries),
        "flagged": sum(1 for e in entries if e["flags"]),
        "categories": categories,
    }


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _ranges(quantities: Any) -> list[dict[str, Any]]:
    """Per unit, the lowest low and highest high reported: a range, never a sum."""
    by_unit: dict[str, dict[str, Any]] = {}
    for q in quantities:
        if not q:
            continue
        unit = q["unit"]
        seen = by_unit.setdefault(unit, {"unit": unit, "low": q["low"], "high": q["high"], "entries": 0})
        seen["low"] = min(seen["low"], q["low"])
        seen["high"] = max(seen["high"], q["high"])
        seen["entries"] += 1
    return list(by_unit.values())


def _count_flags(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for entry in entries:
        for measure_id in {f.get("measure_id") for f in entry["flags"] if isinstance(f, dict) and f.get("measure_id")}:
            counts[measure_id] = counts.get(measure_id, 0) + 1
    return [{"measure_id": m, "entries": n} for m, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


# --- timeline -------------------------------------------------------------


def timeline(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, Any]:
    """Ledger entries counted by the month they were first reported and by category."""
    where = _entry_where(filters)
    month = "CASE WHEN length(first_date) >= 7 THEN substr(first_date, 1, 7) END"
    cursor = con.execute(
        f"SELECT {month} AS month, category, count(*) AS entries FROM ledger_entries{where.sql()}"
        " GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2",
        where.params,
    )
    rows = _rows(cursor)
    return {
        "counts": [r for r in rows if r["month"]],
        "without_month": sum(r["entries"] for r in rows if not r["month"]),
    }


# --- search ---------------------------------------------------------------

_LIKE_SPECIAL = re.compile(r"([\\%_])")
MAX_TERMS = 8


def search_terms(query: str) -> list[str]:
    """The words of a query (quoted phrases kept whole), at most MAX_TERMS of them."""
    terms = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', query or "")]
    return [t for t in terms if t.strip()][:MAX_TERMS]


def _like(term: str) -> str:
    return "%" + _LIKE_SPECIAL.sub(r"\\\1", term) + "%"


def search(con: duckdb.DuckDBPyConnection, query: str, page: Page, filters: Filters = Filters()) -> dict[str, Any]:
    """Documents whose title or text hold every term, and quotes (claim evidence) that do.

    Case-insensitive substring matching: the store has no full-text index that
    works offline, and the desk's corpus is small enough to scan.
    """
    terms = search_terms(query)
    if not terms:
        return {"query": query, "terms": [], "documents": {"items": [], "total": 0}, "quotes": {"items": [], "total": 0}}
    doc_where = Where()
    for term in terms:
        doc_where.add("(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')", _like(term), _like(term))
    if filters.outlet:
        doc_where.add("source = ?", filters.outlet)
    total_docs = con.execute(f"SELECT count(*) FROM documents{doc_where.sql()}", doc_where.params).fetchone()[0]
    cursor = con.execute(
        f"SELECT {_DOC_SUMMARY}, text FROM documents{doc_where.sql()}"
        " ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
        [*doc_where.params, page.limit, page.offset],
    )
    documents = []
    for row in _rows(cursor):
        summary = _document_summary(row)
        summary["snippet"] = snippet(row["text"], terms)
        documents.append(summary)

    quote_where = _claim_where(filters)
    for term in terms:
        quote_where.add("(c.evidence_text ILIKE ? ESCAPE '\\' OR c.sentence ILIKE ? ESCAPE '\\')", _like(term), _like(term))
    total_quotes = con.execute(f"SELECT count(*){_CLAIM_FROM}{quote_where.sql()}", quote_where.params).fetchone()[0]
    cursor = con.execute(
        f"SELECT {_CLAIM_COLUMNS}{_CLAIM_FROM}{quote_where.sql()}"
        " ORDER BY d.published DESC NULLS LAST, c.id LIMIT ? OFFSET ?",
        [*quote_where.params, page.limit, page.offset],
    )
    quotes = [_claim(r) for r in _rows(cursor)]
    return {
        "query": query,
        "terms": terms,
        "limit": page.limit,
        "offset": page.offset,
        "documents": {"items": documents, "total": total_docs},
        "quotes": {"items": quotes, "total": total_quotes},
    }


def snippet(text: str, terms: list[str], width: int = 240) -> dict[str, Any]:
    """A window of ``text`` around the first term found, with that term's offsets in the window."""
    lowered = text.lower()
    hits = [(lowered.find(t.lower()), t) for t in terms]
    hits = [(i, t) for i, t in hits if i >= 0]
    if not hits:
        return {"text": text[:width], "start": 0, "mark": None}
    at, term = min(hits)
    start = max(0, at - width // 2)
    if start > 0:  # begin at a word, not inside one
        space = text.find(" ", start, at)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    return {"text": text[start:end], "start": start, "mark": [at - start, at - start + len(term)]}
