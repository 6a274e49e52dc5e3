"""The ledger in the store: rebuilt from claims and documents, read by pair or by entry.

``ledger_entries`` is derived data: ``rebuild_ledger`` replaces it whole from
the claims table (resolve, then assess against the measures), so it can never
drift from the claims it cites.  Every statement binds its parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from barter.assess import assess
from barter.measures import load as load_measures
from barter.records import Claim, Document, DocumentInfo, Flag, LedgerEntry, Measure, Quantity
from barter.resolve import resolve
from barter.store.claims import CLAIM_COLUMNS, claim_from_row

CONTEXT_CHARS = 200

ENTRY_COLUMNS = (
    "id, giver, receiver, category, items, claim_ids, outlets, asserted_by, denied_by, standing, "
    "quantity_low, quantity_high, quantity_unit, first_date, last_date, flags"
)


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild did: the entries written, and the claim rows it had to leave out (one line each)."""

    entries: tuple[LedgerEntry, ...]
    claims: int
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """One claim behind an entry, its quote shown in the words around it."""

    claim: Claim
    document_id: str
    title: str = ""
    outlet: str = ""
    url: str | None = None
    published: str | None = None
    duplicate_of: str | None = None
    before: str = ""
    after: str = ""
    verbatim: bool = False  # the quote is exactly document.text[start:end]


@dataclass(frozen=True)
class EntryDetail:
    entry: LedgerEntry
    quotes: tuple[Quote, ...] = field(default_factory=tuple)


# ---- claims and documents as records ---------------------------------------------------------


def read_claims(connection: duckdb.DuckDBPyConnection, where: str = "", params: Sequence[Any] = ()) -> tuple[list[Claim], list[str]]:
    """Claims from the claims table, and one line for each row that is not a valid claim."""
    claims, skipped = [], []
    rows = connection.execute(f"SELECT {CLAIM_COLUMNS} FROM claims {where} ORDER BY id", list(params)).fetchall()
    for row in rows:
        try:
            claims.append(claim_from_row(row))
        except (ValueError, TypeError) as error:
            skipped.append(f"claim {row[0]}: {error}; re-run `barter extract` on document {row[1]}")
    return claims, skipped


def read_document_infos(connection: duckdb.DuckDBPyConnection) -> dict[str, DocumentInfo]:
    rows = connection.execute("SELECT id, published, source, duplicate_of FROM documents").fetchall()
    return {row[0]: DocumentInfo(row[0], row[1], row[2] or "", row[3]) for row in rows}


# ---- entries <-> rows --------------------------------------------------------------------------


def _flag_to_json(flag: Flag) -> dict[str, Any]:
    data = asdict(flag)
    data["yearly"] = [list(year) for year in flag.yearly]
    return data


def _flag_from_json(data: dict[str, Any]) -> Flag:
    return Flag(
        measure_id=data["measure_id"], reason=data.get("reason", ""), certainty=data.get("certainty", ""),
        yearly=tuple((int(y), float(lo), float(hi)) for y, lo, hi in data.get("yearly") or ()),
        cap_note=data.get("cap_note", ""),
    )


def _entry_row(entry: LedgerEntry) -> list[Any]:
    q = entry.quantity
    return [
        entry.id, entry.giver, entry.receiver, entry.category, json.dumps(list(entry.items)),
        json.dumps(list(entry.claim_ids)), entry.outlets, json.dumps(list(entry.asserted_by)),
        json.dumps(list(entry.denied_by)), entry.standing, q.low if q else None, q.high if q else None,
        q.unit if q else None, entry.first_date, entry.last_date,
        json.dumps([_flag_to_json(f) for f in entry.flags]),
    ]


def _json_list(raw: Any) -> tuple[Any, ...]:
    if raw is None:
        return ()
    return tuple(json.loads(raw) if isinstance(raw, str) else raw)


def entry_from_row(row: Sequence[Any]) -> LedgerEntry:
    (id_, giver, receiver, category, items, claim_ids, outlets, asserted_by, denied_by, standing,
     q_low, q_high, q_unit, first_date, last_date, flags) = row
    return LedgerEntry(
        id=id_, giver=giver, receiver=receiver, category=category, items=_json_list(items),
        claim_ids=_json_list(claim_ids), outlets=outlets or 0, asserted_by=_json_list(asserted_by),
        denied_by=_json_list(denied_by), standing=standing or "",
        quantity=Quantity(q_low, q_high, q_unit or "") if q_low is not None else None,
        first_date=first_date, last_date=last_date,
        flags=tuple(_flag_from_json(f) for f in _json_list(flags)),
    )


# ---- rebuild and read --------------------------------------------------------------------------


def rebuild_ledger(connection: duckdb.DuckDBPyConnection, measures: Iterable[Measure] | None = None) -> Rebuilt:
    """Replace ledger_entries with the entries resolved and assessed from every stored claim."""
    claims, skipped = read_claims(connection)
    entries = assess(resolve(claims, read_document_infos(connection)), load_measures() if measures is None else measures)
    connection.execute("DELETE FROM ledger_entries")
    if entries:
        placeholders = ", ".join("?" * 16)
        connection.executemany(
            f"INSERT INTO ledger_entries ({ENTRY_COLUMNS}) VALUES ({placeholders})", [_entry_row(e) for e in entries]
        )
    return Rebuilt(tuple(entries), len(claims), tuple(skipped))


def ledger_is_stale(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the claims table holds claims the ledger does not cite, or the ledger cites claims now gone."""
    # The claims table's id is Claim.id (store/claims.py), the id entries cite.
    row = connection.execute(
        "WITH cited AS (SELECT DISTINCT unnest(CAST(claim_ids AS VARCHAR[])) AS id FROM ledger_entries) "
        "SELECT (SELECT count(*) FROM claims WHERE id NOT IN (SELECT id FROM cited)) "
        "     + (SELECT count(*) FROM cited WHERE id NOT IN (SELECT id FROM claims))"
    ).fetchone()
    return bool(row and row[0])


def all_entries(connection: duckdb.DuckDBPyConnection) -> list[LedgerEntry]:
    rows = connection.execute(
        f"SELECT {ENTRY_COLUMNS} FROM ledger_entries ORDER BY giver, receiver, category, first_date NULLS LAST, id"
    ).fetchall()
    return [entry_from_row(row) for row in rows]


def ledger_for_pair(connection: duckdb.DuckDBPyConnection, a: str, b: str) -> list[LedgerEntry]:
    """The entries between two states, both ways: a to b first, then b to a."""
    rows = connection.execute(
        f"SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE (giver = ? AND receiver = ?) OR (giver = ? AND receiver = ?) "
        "ORDER BY giver = ? DESC, category, first_date NULLS LAST, id",
        [a, b, b, a, a],
    ).fetchall()
    return [entry_from_row(row) for row in rows]


def pairs(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int, int]]:
    """Each pair of states in the ledger, once: (a, b, entries a to b, entries b to a), busiest first."""
    rows = connection.execute(
        "SELECT least(giver, receiver) AS a, greatest(giver, receiver) AS b, "
        "count(*) FILTER (WHERE giver = least(giver, receiver)), "
        "count(*) FILTER (WHERE giver = greatest(giver, receiver)) "
        "FROM ledger_entries GROUP BY a, b ORDER BY count(*) DESC, a, b"
    ).fetchall()
    return [(a, b, ab, ba) for a, b, ab, ba in rows]


class AmbiguousEntry(LookupError):
    """An id prefix that matches more than one entry."""


def find_entry_id(connection: duckdb.DuckDBPyConnection, prefix: str) -> str | None:
    """The entry id that starts with ``prefix`` (with or without "entry:"); None if none, AmbiguousEntry if several."""
    prefix = prefix.strip()
    candidates = [prefix] if prefix.startswith("entry:") else [prefix, "entry:" + prefix]
    found: list[str] = []
    for candidate in candidates:
        rows = connection.execute(
            "SELECT id FROM ledger_entries WHERE starts_with(id, ?) ORDER BY id LIMIT 6", [candidate]
        ).fetchall()
        found.extend(row[0] for row in rows if row[0] not in found)
    if len(found) > 1:
        raise AmbiguousEntry(f"{prefix!r} matches several entries ({', '.join(found[:5])}): give more of the id")
    return found[0] if found else None


def _quote(claim: Claim, document: Sequence[Any] | None) -> Quote:
    if document is None:
        return Quote(claim, claim.doc_id)
    _id, title, text, published, source, url, duplicate_of = document
    start, end = claim.evidence.start, claim.evidence.end
    verbatim = claim.evidence.holds_in(text)
    return Quote(
        claim=claim, document_id=claim.doc_id, title=title or "", outlet=source or "", url=url,
        published=published.isoformat() if published else None, duplicate_of=duplicate_of,
        before=text[max(0, start - CONTEXT_CHARS) : start] if verbatim else "",
        after=text[end : end + CONTEXT_CHARS] if verbatim else "",
        verbatim=verbatim,
    )


def get_entry(connection: duckdb.DuckDBPyConnection, entry_id: str) -> EntryDetail | None:
    """One entry with each of its claims, quoted in the ~200 characters either side in its document."""
    rows = connection.execute(f"SELECT {ENTRY_COLUMNS} FROM ledger_entries WHERE id = ?", [entry_id]).fetchall()
    if not rows:
        return None
    entry = entry_from_row(rows[0])
    # Claims are matched on the id computed from their fields, which the entry cites.
    claims, _ = read_claims(connection, "WHERE giver = ? AND receiver = ? AND category = ?",
                            [entry.giver, entry.receiver, entry.category])
    wanted = {claim.id: claim for claim in claims if claim.id in set(entry.claim_ids)}
    doc_ids = sorted({claim.doc_id for claim in wanted.values()})
    documents = {}
    if doc_ids:
        placeholders = ", ".join("?" * len(doc_ids))
        for row in connection.execute(
            f"SELECT id, title, text, published, source, url, duplicate_of FROM documents WHERE id IN ({placeholders})",
            doc_ids,
        ).fetchall():
            documents[row[0]] = row
    quotes = tuple(_quote(wanted[cid], documents.get(wanted[cid].doc_id)) for cid in entry.claim_ids if cid in wanted)
    return EntryDetail(entry, quotes)


def read_documents(connection: duckdb.DuckDBPyConnection, ids: Iterable[str] | None = None) -> list[Document]:
    """Stored documents (all, or those with ``ids``) as records, for export."""
    query = "SELECT id, text, title, published, source, url, kind, origin, duplicate_of FROM documents"
    params: list[Any] = []
    if ids is not None:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        query += f" WHERE id IN ({', '.join('?' * len(wanted))})"
        params = wanted
    rows = connection.execute(query + " ORDER BY id", params).fetchall()
    return [
        Document(id=r[0], text=r[1], title=r[2] or "", published=r[3], source=r[4] or "", url=r[5],
                 kind=r[6] or "article", origin=r[7] or "", duplicate_of=r[8])
        for r in rows
    ]
