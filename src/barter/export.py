"""Write the ledger out: entries, claims and documents as CSV, JSON lines, Parquet, or FollowTheMoney entities.

The table formats (csv, jsonl, parquet) write three files, ``entries``,
``claims`` and ``documents``, one row a record; nested fields (lists, flags)
are JSON text in CSV and Parquet and real lists in JSON lines.  ``ftm``
writes one ``entities.ftm.json`` of FollowTheMoney entities, one a line, for
Aleph or the OpenSanctions tools; docs/ftm.md explains the mapping.  Each
entry carries a PLOVER event type, the vocabulary event datasets use.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from barter.records import COARSE_CATEGORY, Claim, Document, LedgerEntry

FORMATS = ("csv", "jsonl", "parquet", "ftm")

# PLOVER (POLECAT) event types: material flows are AID, backing at the UN is
# SUPPORT, and shared know-how or labour hired out is COOPERATE.
PLOVER_TYPE: dict[str, str] = {
    "arms": "AID",
    "military_personnel": "AID",
    "military_technology": "COOPERATE",
    "crude_oil": "AID",
    "refined_petroleum": "AID",
    "energy": "AID",
    "food": "AID",
    "goods": "AID",
    "aid": "AID",
    "workers": "COOPERATE",
    "money": "AID",
    "diplomatic_support": "SUPPORT",
}


def plover_type(category: str) -> str:
    return PLOVER_TYPE.get(category, "AID")


# ---- records as plain rows ---------------------------------------------------------------------


def entry_row(entry: LedgerEntry) -> dict[str, Any]:
    q = entry.quantity
    return {
        "id": entry.id,
        "giver": entry.giver,
        "receiver": entry.receiver,
        "category": entry.category,
        "coarse_category": COARSE_CATEGORY.get(entry.category, ""),
        "plover": plover_type(entry.category),
        "items": list(entry.items),
        "standing": entry.standing,
        "outlets": entry.outlets,
        "asserted_by": list(entry.asserted_by),
        "denied_by": list(entry.denied_by),
        "quantity_low": q.low if q else None,
        "quantity_high": q.high if q else None,
        "quantity_unit": q.unit if q else None,
        "first_date": entry.first_date,
        "last_date": entry.last_date,
        "measures": [flag.measure_id for flag in entry.flags],
        "flags": [asdict(flag) | {"yearly": [list(y) for y in flag.yearly]} for flag in entry.flags],
        "claim_ids": list(entry.claim_ids),
    }


def claim_row(claim: Claim, entry_ids: Sequence[str] = ()) -> dict[str, Any]:
    contract = claim.to_contract()
    q = claim.quantity
    return {
        "id": contract["id"],
        "doc_id": claim.doc_id,
        "giver": claim.giver,
        "receiver": claim.receiver,
        "category": claim.category,
        "status": claim.status,
        "sources": contract["sources"],
        "evidence_start": claim.evidence.start,
        "evidence_end": claim.evidence.end,
        "evidence_text": claim.evidence.text,
        "item": claim.item,
        "predicate": claim.predicate,
        "quantity_low": q.low if q else None,
        "quantity_high": q.high if q else None,
        "quantity_unit": q.unit if q else None,
        "when": claim.when,
        "when_basis": claim.when_basis,
        "confidence": claim.confidence,
        "extractor": claim.extractor,
        "entry_ids": list(entry_ids),
    }


def document_row(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "published": document.published.isoformat() if document.published else None,
        "source": document.source,
        "url": document.url,
        "kind": document.kind,
        "origin": document.origin,
        "duplicate_of": document.duplicate_of,
        "text": document.text,
    }


def tables(
    entries: Sequence[LedgerEntry], claims: Iterable[Claim], documents: Iterable[Document]
) -> dict[str, list[dict[str, Any]]]:
    """The three tables every format writes, as lists of rows."""
    cited_by: dict[str, list[str]] = {}
    for entry in entries:
        for claim_id in entry.claim_ids:
            cited_by.setdefault(claim_id, []).append(entry.id)
    return {
        "entries": [entry_row(e) for e in entries],
        "claims": [claim_row(c, cited_by.get(c.id, ())) for c in claims],
        "documents": [document_row(d) for d in documents],
    }


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Lists and mappings as JSON text, for formats whose cells are scalars."""
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in row.items()}


# ---- writers -------------------------------------------------------------------------------------


def _columns(rows: list[dict[str, Any]], name: str) -> list[str]:
    return list(rows[0]) if rows else list(_EMPTY_COLUMNS[name])


_EMPTY_COLUMNS = {
    "entries": ["id", "giver", "receiver", "category", "coarse_category", "plover", "items", "standing", "outlets",
                "asserted_by", "denied_by", "quantity_low", "quantity_high", "quantity_unit", "first_date",
                "last_date", "measures", "flags", "claim_ids"],
    "claims": ["id", "doc_id", "giver", "receiver", "category", "status", "sources", "evidence_start", "evidence_end",
               "evidence_text", "item", "predicate", "quantity_low", "quantity_high", "quantity_unit", "when",
               "when_basis", "confidence", "extractor", "entry_ids"],
    "documents": ["id", "title", "published", "source", "url", "kind", "origin", "duplicate_of", "text"],
}


def write_csv(out: Path, data: dict[str, list[dict[str, Any]]]) -> list[Path]:
    paths = []
    for name, rows in data.items():
        path = out / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=_columns(rows, name))
            writer.writeheader()
            writer.writerows(_flat(row) for row in rows)
        paths.append(path)
    return paths


def write_jsonl(out: Path, data: dict[str, list[dict[str, Any]]]) -> list[Path]:
    paths = []
    for name, rows in data.items():
        path = out / f"{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def write_parquet(out: Path, data: dict[str, list[dict[str, Any]]]) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    paths = []
    for name, rows in data.items():
        path = out / f"{name}.parquet"
        flat = [_flat(row) for row in rows]
        columns = _columns(rows, name)
        table = pa.Table.from_pylist(flat) if flat else pa.table({c: pa.array([], pa.string()) for c in columns})
        pq.write_table(table, path)
        paths.append(path)
    return paths


# ---- FollowTheMoney ----------------------------------------------------------------------------


def ftm_id(kind: str, raw: str) -> str:
    """An FtM entity id (letters, digits, dots and hyphens only) for one of our records."""
    raw = re.sub(r"^(entry|claim|doc):", "", raw)
    return f"barter-{kind}-" + re.sub(r"[^0-9A-Za-z.]+", "-", raw).strip("-")


def _state(code: str) -> dict[str, Any]:
    from followthemoney import registry

    country = registry.country.clean(code)
    name = registry.country.names.get(country, code) if country else code
    props: dict[str, list[str]] = {"name": [name], "alias": [code], "classification": ["state"]}
    if country:
        props["country"] = [country]
        props["jurisdiction"] = [country]
    return {"id": ftm_id("state", code), "schema": "PublicBody", "properties": props}


def _article(document: Document) -> dict[str, Any]:
    props: dict[str, list[str]] = {"title": [document.title or document.id], "bodyText": [document.text]}
    if document.published:
        props["publishedAt"] = [document.published.isoformat()]
    if document.source:
        props["publisher"] = [document.source]
    if document.url:
        props["sourceUrl"] = [document.url]
    return {"id": ftm_id("doc", document.id), "schema": "Article", "properties": props}


def _entry_summary(entry: LedgerEntry) -> str:
    parts = [f"{entry.giver} gives {entry.receiver} {entry.category}"]
    if entry.items:
        parts.append(f"items: {', '.join(entry.items)}")
    q = entry.quantity
    if q:
        parts.append(f"quantity: {q.low:,.0f}" + (f"-{q.high:,.0f}" if q.high != q.low else "") + f" {q.unit}")
    parts.append(f"standing: {entry.standing}; independent outlets: {entry.outlets}")
    if entry.asserted_by:
        parts.append(f"according to: {', '.join(entry.asserted_by)}")
    if entry.denied_by:
        parts.append(f"denied by: {', '.join(entry.denied_by)}")
    return ". ".join(parts) + "."


def _dates(entry: LedgerEntry) -> dict[str, list[str]]:
    props = {}
    if entry.first_date:
        props["startDate"] = [entry.first_date]
        props["date"] = [entry.first_date]
    if entry.last_date:
        props["endDate"] = [entry.last_date]
    return props


def _entry_entities(entry: LedgerEntry, claims: dict[str, Claim]) -> Iterator[dict[str, Any]]:
    from followthemoney import registry

    event_id = ftm_id("entry", entry.id)
    giver, receiver = ftm_id("state", entry.giver), ftm_id("state", entry.receiver)
    proofs = sorted({ftm_id("doc", claims[c].doc_id) for c in entry.claim_ids if c in claims})
    countries = [c for c in (registry.country.clean(entry.giver), registry.country.clean(entry.receiver)) if c]
    event = {
        "name": [f"{entry.giver} to {entry.receiver}: {entry.category}" + (f" ({entry.first_date[:4]})" if entry.first_date else "")],
        "summary": [_entry_summary(entry)],
        "organizer": [giver],
        "involved": [giver, receiver],
        "keywords": [f"PLOVER:{plover_type(entry.category)}", f"category:{entry.category}",
                     f"standing:{entry.standing}"] + [f"measure:{f.measure_id}" for f in entry.flags],
        "country": countries,
        "proof": proofs,
        **_dates(entry),
    }
    if entry.flags:
        event["description"] = ["; ".join(f"{f.measure_id}: {f.reason} [{f.certainty}]" for f in entry.flags)]
    yield {"id": event_id, "schema": "Event", "properties": event}

    if entry.category != "diplomatic_support":
        # A material transfer also as trade, so Aleph's flow views show it between the two states.
        activity = {
            "sender": [giver], "receiver": [receiver],
            "goodsDescription": [", ".join(entry.items) or entry.category],
            "summary": [_entry_summary(entry)], "recordId": [entry.id], "proof": proofs, **_dates(entry),
        }
        for prop, code in (("originCountry", entry.giver), ("destinationCountry", entry.receiver)):
            country = registry.country.clean(code)
            if country:
                activity[prop] = [country]
        yield {"id": ftm_id("activity", entry.id), "schema": "EconomicActivity", "properties": activity}

    for claim_id in entry.claim_ids:
        claim = claims.get(claim_id)
        if claim is None:
            continue
        who = ", ".join(s.name or s.code or "" for s in claim.sources) or "the article"
        props = {
            "document": [ftm_id("doc", claim.doc_id)],
            "entity": [event_id],
            "role": [f"{claim.status} by {who}"],
            "summary": [claim.evidence.text],
            "description": [f"characters {claim.evidence.start}-{claim.evidence.end} of the document; claim {claim.id}"],
        }
        if claim.when:
            props["date"] = [claim.when]
        yield {"id": ftm_id("evidence", f"{entry.id.removeprefix('entry:')}-{claim.id.removeprefix('claim:')}"), "schema": "Documentation", "properties": props}

    for flag in entry.flags:
        text = f"{flag.reason}. How sure: {flag.certainty}."
        if flag.cap_note:
            text += f" {flag.cap_note}"
        yield {
            "id": ftm_id("flag", f"{entry.id.removeprefix('entry:')}-{flag.measure_id}"),
            "schema": "Note",
            "properties": {"name": [f"UN measure {flag.measure_id}"], "entity": [event_id], "description": [text]},
        }


def ftm_entities(
    entries: Sequence[LedgerEntry], claims: Iterable[Claim], documents: Iterable[Document]
) -> Iterator[dict[str, Any]]:
    """FollowTheMoney entities, as dicts, each validated by the followthemoney model."""
    from followthemoney import model

    claims_by_id = {c.id: c for c in claims}
    cited_docs = {claims_by_id[c].doc_id for e in entries for c in e.claim_ids if c in claims_by_id}
    states = sorted({code for e in entries for code in (e.giver, e.receiver)})
    raw: list[dict[str, Any]] = [_state(code) for code in states]
    raw += [_article(d) for d in documents if d.id in cited_docs]
    for entry in entries:
        raw.extend(_entry_entities(entry, claims_by_id))
    for data in raw:
        # get_proxy cleans every value against its property type: a bad value stops here, not in Aleph.
        yield model.get_proxy(data, cleaned=False).to_dict()


def write_ftm(out: Path, entries: Sequence[LedgerEntry], claims: Iterable[Claim], documents: Iterable[Document]) -> list[Path]:
    path = out / "entities.ftm.json"
    with path.open("w", encoding="utf-8") as handle:
        for entity in ftm_entities(entries, claims, documents):
            handle.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    return [path]


def export(
    out: Path, fmt: str, entries: Sequence[LedgerEntry], claims: Sequence[Claim], documents: Sequence[Document]
) -> list[Path]:
    """Write the ledger in ``fmt`` under directory ``out``; returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "ftm":
        return write_ftm(out, entries, claims, documents)
    data = tables(entries, claims, documents)
    return {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}[fmt](out, data)
