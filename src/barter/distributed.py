"""Extraction beyond one machine: the extract stage as a Ray Data job, and its way into the store.

    out = extract_with_ray(["shards/"], Path("claims-parquet"), address="ray://head:10001",
                           num_actors=8, batch_size=64, config=ExtractConfig())
    result = load_claims_parquet(Path("barter.duckdb"), out, documents_jsonl=["shards/"])

The job reads JSONL (plain or gzipped, line by line) and Parquet shards in the shared
document shape (id, title, published, source, url, text), turns each row into
a cleaned Document exactly as ingest does, and runs ``extract_documents`` in a
pool of ``num_actors`` Ray actors (``ClaimExtractor``: each loads the spaCy
pipeline and the gazetteer once, in its constructor).  The claims are written
with ``write_parquet``, one row per claim (``CLAIM_SCHEMA``): the claim
contract flattened, evidence as start/end/text, sources as a JSON string.

Two more kinds of row travel in the same table, so the loader needs no second
output: a document that gave no claim writes one row with its claim columns
null (the loader still marks it extracted), and a row that could not be read
or extracted writes one row whose ``problem`` says what is wrong.

Ray is imported inside the functions: ``import barter.distributed`` works
without the ``ray`` extra, so the loader and the tests' skip reasons do too.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from barter.records import Claim, Document, RunCounts

if TYPE_CHECKING:  # importing barter.extract loads spaCy: only inside the functions that extract
    from barter.extract import ExtractConfig

log = logging.getLogger(__name__)

__all__ = ["CLAIM_SCHEMA", "ClaimExtractor", "LoadResult", "claims_from_parquet",
           "extract_with_ray", "load_claims_parquet"]

DOCUMENT_FIELDS: tuple[str, ...] = ("id", "title", "published", "source", "url", "text")
JSON_SUFFIXES: tuple[str, ...] = (".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES: tuple[str, ...] = (".parquet",)
# Documents written to the store in one transaction: the file is held only that long.
STORE_CHUNK = 200

CLAIM_SCHEMA = pa.schema([
    ("doc_id", pa.string()),
    ("problem", pa.string()),  # set on a row that could not be read or extracted; all else null
    ("problem_kind", pa.string()),  # "unreadable" (the shard row) or "extraction" (the document)
    ("claim_id", pa.string()),  # null on the one row of a document that gave no claim
    ("giver", pa.string()),
    ("receiver", pa.string()),
    ("category", pa.string()),
    ("status", pa.string()),
    ("evidence_start", pa.int64()),
    ("evidence_end", pa.int64()),
    ("evidence_text", pa.string()),
    ("sources", pa.string()),  # JSON: [{"code": ..., "name": ...}]
    ("item", pa.string()),
    ("predicate", pa.string()),
    ("sentence", pa.string()),
    ("quantity_low", pa.float64()),
    ("quantity_high", pa.float64()),
    ("quantity_unit", pa.string()),
    ("when", pa.string()),
    ("when_basis", pa.string()),
    ("confidence", pa.float64()),
    ("extractor", pa.string()),
])
UNREADABLE, EXTRACTION = "unreadable", "extraction"


# --- claims <-> Parquet rows ----------------------------------------------------------

def claim_row(claim: Claim) -> dict[str, Any]:
    """A claim as one row of CLAIM_SCHEMA, through its contract shape."""
    contract = claim.to_contract()
    evidence, quantity = contract["evidence"], contract["quantity"] or {}
    return {
        "doc_id": contract["doc_id"], "problem": None, "problem_kind": None, "claim_id": contract["id"],
        "giver": contract["giver"], "receiver": contract["receiver"],
        "category": contract["category"], "status": contract["status"],
        "evidence_start": evidence["start"], "evidence_end": evidence["end"], "evidence_text": evidence["text"],
        "sources": json.dumps(contract["sources"], ensure_ascii=False),
        "item": contract["item"], "predicate": contract["predicate"], "sentence": contract["sentence"],
        "quantity_low": quantity.get("low"), "quantity_high": quantity.get("high"), "quantity_unit": quantity.get("unit"),
        "when": contract["when"], "when_basis": contract["when_basis"],
        "confidence": contract["confidence"], "extractor": contract["extractor"],
    }


def claim_from_row(row: dict[str, Any]) -> Claim:
    """The claim a CLAIM_SCHEMA row holds; ValueError when its id does not match its fields."""
    quantity = None
    if row["quantity_low"] is not None:
        quantity = {"low": row["quantity_low"], "high": row["quantity_high"], "unit": row["quantity_unit"]}
    claim = Claim.from_contract({
        "doc_id": row["doc_id"], "giver": row["giver"], "receiver": row["receiver"],
        "category": row["category"], "status": row["status"],
        "evidence": {"start": row["evidence_start"], "end": row["evidence_end"], "text": row["evidence_text"]},
        "sources": json.loads(row["sources"] or "[]"), "item": row["item"], "predicate": row["predicate"],
        "sentence": row["sentence"], "quantity": quantity, "when": row["when"], "when_basis": row["when_basis"],
        "confidence": row["confidence"], "extractor": row["extractor"],
    })
    if claim.id != row["claim_id"]:
        raise ValueError(f"claim {row['claim_id']} does not match its fields (they give {claim.id})")
    return claim


def _empty_row(doc_id: str | None, problem: str | None = None, kind: str | None = None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(CLAIM_SCHEMA.names)
    row.update(doc_id=doc_id, problem=problem, problem_kind=kind)
    return row


def result_rows(document: Document, claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """One row per claim, or the one empty row of a document that gave none."""
    return [claim_row(claim) for claim in claims] or [_empty_row(document.id)]


# --- shard rows -> Documents ------------------------------------------------------------

def documents_of_batch(batch: pa.Table) -> tuple[list[Document], list[dict[str, Any]]]:
    """The batch's rows as Documents (read as ingest reads a JSONL row), and a problem row per bad one.

    A row holds either a JSON line (``line``, from a JSONL shard) or the
    document fields as columns (from a Parquet shard); a union of both kinds
    of shard gives batches with both columns, one of them null in each row.
    """
    from barter.ingest.errors import Unreadable
    from barter.ingest.tabular import document_from_row

    documents, problems = [], []
    paths = batch.column("path").to_pylist() if "path" in batch.column_names else [""] * batch.num_rows
    lines = batch.column("line").to_pylist() if "line" in batch.column_names else [None] * batch.num_rows
    for line, fields, path in zip(lines, _as_text_columns(batch).to_pylist(), paths):
        row: dict[str, Any] | None = None
        try:
            row = _json_object(line) if line is not None else fields
            documents.append(document_from_row(row, path))
        except Unreadable as problem:
            given = row.get("id") if row is not None else None  # None: the line was no JSON object
            where = f"{path} (id {given!r})" if given else path
            problems.append(_empty_row(str(given) if given else None, f"{where}: {problem.reason}", UNREADABLE))
    return documents, problems


def _json_object(line: str) -> dict[str, Any]:
    from barter.ingest.errors import Unreadable

    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise Unreadable(f"a line is not valid JSON ({error.msg}, column {error.colno}; it begins {line[:40]!r}); "
                         f"fix or delete that line") from None
    if not isinstance(row, dict):
        raise Unreadable(f"a line is not a JSON object (it begins {line[:40]!r}); give one object per line")
    return row


def _as_text_columns(batch: pa.Table) -> pa.Table:
    """The document fields as strings, whatever type a shard stored them in (a Parquet date, an int id)."""
    columns = {}
    for name in DOCUMENT_FIELDS:
        if name in batch.column_names:
            column = batch.column(name)
            columns[name] = column if pa.types.is_string(column.type) else column.cast(pa.string())
        else:
            columns[name] = pa.nulls(batch.num_rows, pa.string())
    return pa.table(columns)


# --- the Ray job ------------------------------------------------------------------

class ClaimExtractor:
    """The map_batches callable: one per Ray actor, the model loaded once in the constructor."""

    def __init__(self, config: ExtractConfig):
        from barter.extract import extract_documents

        self._config = replace(config, workers=1)  # the actor is the worker: no processes of its own
        list(extract_documents([], self._config))  # loads the pipeline, gazetteer and gate now, not per batch

    def __call__(self, batch: pa.Table) -> pa.Table:
        from barter.clean import clean

        documents, rows = documents_of_batch(batch)
        rows.extend(self._rows([clean(document) for document in documents]))
        return pa.Table.from_pylist(rows, schema=CLAIM_SCHEMA)

    def _rows(self, documents: list[Document]) -> list[dict[str, Any]]:
        from barter.extract import extract_documents

        try:
            return [row for document, claims in extract_documents(documents, self._config)
                    for row in result_rows(document, claims)]
        except Exception:  # noqa: BLE001  one bad document must not fail the job: find it by reading them one by one
            rows = []
            for document in documents:
                try:
                    for _, claims in extract_documents([document], self._config):
                        rows.extend(result_rows(document, claims))
                except Exception as error:  # noqa: BLE001  whatever it is, it is named in the problem row
                    rows.append(_empty_row(document.id, f"{document.origin or document.id} (id {document.id!r}): "
                                           f"extraction failed ({type(error).__name__}: {error}); report it with this document",
                                           EXTRACTION))
            return rows


def extract_with_ray(inputs: Sequence[str], out_dir: Path | str, address: str | None = None, num_actors: int = 1,
                     batch_size: int = 64, config: ExtractConfig | None = None, runtime_env: dict[str, Any] | None = None) -> Path | str:
    """Extract claims from JSONL/Parquet shards on a Ray cluster into Parquet files under ``out_dir``.

    Each of the ``num_actors`` actors takes one CPU; the cluster needs at least
    one more for the tasks that read the shards and write the Parquet files.

    ``address`` is passed to ``ray.init``: "auto" (a cluster this machine is
    part of), "ray://HEAD:10001" (Ray Client), or None for a local instance
    (started here and shut down after; an already initialised Ray is used as
    it is).  Local paths are made absolute, so every node reads and writes the
    same path: on a cluster they must be shared storage (or s3://, gs:// ...).
    ``out_dir`` is overwritten.  Returns ``out_dir``.
    """
    if num_actors < 1:
        raise ValueError(f"num_actors must be 1 or more, not {num_actors}")
    target = _absolute(out_dir)
    shards = shard_paths(inputs, exclude=target)  # refused here, before a cluster is started or joined for nothing

    import ray
    import ray.data

    from barter.extract import ExtractConfig

    config = config or ExtractConfig()
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(**_init_arguments(address, num_actors, runtime_env))
    try:
        _check_room_for(num_actors, ray.cluster_resources().get("CPU", 0))
        dataset = read_documents(*shards)
        claims = dataset.map_batches(
            ClaimExtractor, fn_constructor_kwargs={"config": config}, batch_size=batch_size,
            batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=num_actors), num_cpus=1,
        )
        _write_parquet(claims, target)
    finally:
        if started_here:
            ray.shutdown()
    return out_dir


def _init_arguments(address: str | None, num_actors: int, runtime_env: dict[str, Any] | None) -> dict[str, Any]:
    arguments: dict[str, Any] = {"address": address, "log_to_driver": False}
    if runtime_env:
        arguments["runtime_env"] = runtime_env
    if address is None:  # a local instance; joining a cluster takes none of these
        # a CPU for reading and writing beside the actors' own, however few cores this machine has
        arguments.update(num_cpus=max(os.cpu_count() or 1, num_actors + 1), include_dashboard=False)
    return arguments


def _check_room_for(num_actors: int, cpus: float) -> None:
    """Refuse a pool that takes every CPU: the read and write tasks would wait for one forever."""
    if num_actors >= cpus:
        raise ValueError(f"{num_actors} actors of one CPU each would take all {cpus:g} CPUs of the cluster, leaving "
                         f"none to read and write the shards; use at most {max(int(cpus) - 1, 0)} actors or add nodes")


def read_documents(json_paths: Sequence[str], parquet_paths: Sequence[str]):
    """A Ray dataset of the shards' rows, with a ``path`` column: JSON lines as ``line``, Parquet as its columns."""
    import ray.data

    datasets = []
    if json_paths:
        # Lines, parsed in the actors as ingest parses them, rather than read_json: Arrow's JSON
        # reader fails the whole job on one malformed line or on a field whose type changes
        # between lines, where ingest rejects that one line and reads on.
        lines = ray.data.read_text(list(json_paths), include_paths=True, drop_empty_lines=True)
        datasets.append(lines.rename_columns({"text": "line"}))
    if parquet_paths:
        datasets.append(ray.data.read_parquet(list(parquet_paths), include_paths=True))
    return datasets[0] if len(datasets) == 1 else datasets[0].union(*datasets[1:])


def shard_paths(inputs: Sequence[str], exclude: str | None = None) -> tuple[list[str], list[str]]:
    """(JSONL shards, Parquet shards): local directories listed, files and URIs told apart by their suffix.

    Files under ``exclude`` (the job's own output directory, when it lies
    inside an input directory) are no shards.  ValueError when no input names one.
    """
    json_paths: list[str] = []
    parquet_paths: list[str] = []
    for item in inputs:
        local = None if _is_uri(item) else Path(item)
        if local is not None and local.is_dir():
            files = sorted(str(path.resolve()) for path in local.rglob("*") if path.is_file())
        else:
            files = [str(local.resolve()) if local is not None else item]
        for name in files:
            if exclude and (name == exclude or name.startswith(exclude.rstrip("/") + "/")):
                continue
            lowered = name.lower()
            if lowered.endswith(PARQUET_SUFFIXES):
                parquet_paths.append(name)
            elif lowered.endswith(JSON_SUFFIXES) or (local is None and not lowered.rsplit("/", 1)[-1].count(".")):
                json_paths.append(name)  # a remote prefix without a suffix: read as a directory of JSONL
    if not json_paths and not parquet_paths:
        raise ValueError(f"no JSONL or Parquet shards in {', '.join(map(str, inputs)) or 'the inputs'}; give files "
                         f"ending {', '.join(JSON_SUFFIXES + PARQUET_SUFFIXES)}, or directories of them")
    return json_paths, parquet_paths


def _write_parquet(dataset, target: str) -> None:
    if "mode" in inspect.signature(dataset.write_parquet).parameters:
        dataset.write_parquet(target, mode="overwrite")
        return
    local = None if _is_uri(target) else Path(target)  # older Ray appends: refuse to mix two runs
    if local is not None and local.exists() and any(local.glob("*.parquet")):
        raise FileExistsError(f"{target} already holds Parquet files; remove them or name another output directory")
    dataset.write_parquet(target)


def _is_uri(name: str) -> bool:
    return "://" in name


def _absolute(name: Path | str) -> str:
    return str(name) if _is_uri(str(name)) else str(Path(name).resolve())


# --- Parquet -> the store ---------------------------------------------------------------

@dataclass
class LoadResult:
    """What loading a Ray job's output did: the run it was recorded as, its counts, and one line per problem."""

    run_id: int
    counts: RunCounts
    problems: list[str] = field(default_factory=list)


def claims_from_parquet(parquet_dir: Path, problems: list[str] | None = None,
                        unreadable_rows: bool = True) -> Iterator[tuple[str, list[Claim]]]:
    """(document id, its claims) for every document the job read, in id order; bad rows go to ``problems``.

    ``unreadable_rows=False`` leaves out the rows the job could not read
    (a caller that read the same shards with ingest has named them already).
    """
    import duckdb

    files = sorted(Path(parquet_dir).glob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"{parquet_dir}: no Parquet files; run the Ray extraction into it first")
    problems = problems if problems is not None else []
    columns = ", ".join(f'"{name}"' for name in CLAIM_SCHEMA.names)
    reader = duckdb.connect()  # in memory: reads the Parquet files, never the store
    try:
        result = reader.execute(
            f"SELECT {columns} FROM read_parquet(?) ORDER BY doc_id NULLS FIRST, claim_id NULLS FIRST",
            [[str(path) for path in files]],
        )
        current: str | None = None
        claims: list[Claim] = []
        while rows := result.fetchmany(1000):
            for values in rows:
                row = dict(zip(CLAIM_SCHEMA.names, values))
                if row["problem"] is not None:
                    if unreadable_rows or row["problem_kind"] != UNREADABLE:
                        problems.append(row["problem"])
                    continue
                if row["doc_id"] != current:
                    if current is not None:
                        yield current, claims
                    current, claims = row["doc_id"], []
                if row["claim_id"] is None:
                    continue
                try:
                    claims.append(claim_from_row(row))
                except (ValueError, TypeError, KeyError) as error:
                    problems.append(f"{parquet_dir}: a claim of {row['doc_id']} is malformed ({error}); re-run the extraction")
        if current is not None:
            yield current, claims
    finally:
        reader.close()


def load_claims_parquet(db: Path, parquet_dir: Path, documents_jsonl: Sequence[str] | None = None) -> LoadResult:
    """Load a Ray job's claims into the store, as ``barter extract`` would have stored them; idempotent.

    With ``documents_jsonl`` (the job's JSONL/Parquet inputs) the documents
    are stored first, cleaned, their ids kept (already stored ones are left
    as they are), and a bad row is named once, by ingest, with its line.  A document's claims replace whatever the store held for it,
    and it is marked extracted even when it gave none.  Claims of a document
    the store does not hold are not loaded: that is one problem line.
    """
    from barter.records import Reject
    from barter.store import writing
    from barter.store.documents import finish_run, record_reject, start_run

    problems: list[str] = []
    inputs = [str(parquet_dir), *(documents_jsonl or [])]
    with writing(db) as connection:
        run_id = start_run(connection, "extract --ray", inputs)
    counts = RunCounts()
    if documents_jsonl:
        _store_documents(db, documents_jsonl, _absolute(parquet_dir), run_id, counts, problems)
    missing = _store_claims(db, parquet_dir, run_id, counts, problems, unreadable_rows=not documents_jsonl)
    if missing:
        shown = ", ".join(missing[:3]) + (" ..." if len(missing) > 3 else "")
        problems.append(f"{parquet_dir}: {len(missing)} documents are not in the store ({shown}), their claims were "
                        f"not loaded; give their JSONL (--input) so they are stored first")
    counts.rejected = len(problems)
    with writing(db) as connection:
        for line in problems:
            where, _, reason = line.partition(": ")
            record_reject(connection, run_id, Reject(where, reason or line))
        finish_run(connection, run_id, counts)
    return LoadResult(run_id, counts, problems)


def _store_claims(db: Path, parquet_dir: Path, run_id: int, counts: RunCounts, problems: list[str],
                  unreadable_rows: bool) -> list[str]:
    """Store the claims document by document, in chunks; the ids of documents the store lacks."""
    from barter.store import writing
    from barter.store.claims import mark_extracted, save_claims

    missing: list[str] = []
    chunk: list[tuple[str, list[Claim]]] = []

    def flush() -> None:
        with writing(db) as connection:
            known = _stored(connection, [doc_id for doc_id, _ in chunk])
            for doc_id, claims in chunk:
                if doc_id not in known:
                    missing.append(doc_id)
                    continue
                counts.claims += save_claims(connection, doc_id, claims, run_id)
                mark_extracted(connection, doc_id, claims[0].extractor if claims else "rules", run_id)
                counts.read += 1
                for claim in claims:
                    counts.extra[claim.category] = counts.extra.get(claim.category, 0) + 1
        chunk.clear()

    for doc_id, claims in claims_from_parquet(parquet_dir, problems, unreadable_rows):
        chunk.append((doc_id, claims))
        if len(chunk) >= STORE_CHUNK:
            flush()
    if chunk:
        flush()
    return missing


def _stored(connection, ids: list[str]) -> set[str]:
    rows = connection.execute("SELECT id FROM documents WHERE list_contains(?, id)", [ids]).fetchall()
    return {row[0] for row in rows}


def _store_documents(db: Path, inputs: Sequence[str], parquet_dir: str, run_id: int, counts: RunCounts,
                     problems: list[str]) -> None:
    """Store the inputs' documents, cleaned, in chunks sharing one near-duplicate index."""
    from barter.clean import clean
    from barter.store import writing
    from barter.store.documents import near_duplicates_index, save_documents

    index = None
    for documents in _chunks(read_document_files(inputs, problems, exclude=parquet_dir), STORE_CHUNK):
        with writing(db) as connection:
            if index is None:
                index = near_duplicates_index(connection)
            saved = save_documents(connection, [clean(document) for document in documents], run_id, index=index)
        counts.stored += saved.stored
        counts.unchanged += saved.unchanged
        counts.duplicates += saved.duplicates


def read_document_files(inputs: Sequence[str], problems: list[str], exclude: str | None = None) -> Iterator[Document]:
    """The Documents of local JSONL and Parquet shards, read as ingest reads them; one line per bad row or file."""
    import pyarrow.parquet as pq

    from barter.ingest import Limits, read_inputs
    from barter.records import Reject

    try:
        json_paths, parquet_paths = shard_paths(inputs, exclude)
    except ValueError as problem:
        problems.append(str(problem))
        return
    for item in read_inputs(json_paths, Limits()):
        if isinstance(item, Reject):
            problems.append(item.line())
        else:
            yield item
    for path in parquet_paths:
        try:
            parquet = pq.ParquetFile(path)
        except (OSError, pa.ArrowException) as error:
            problems.append(f"{path}: not readable as Parquet ({error}); check the file")
            continue
        for batch in parquet.iter_batches(batch_size=STORE_CHUNK):
            table = pa.Table.from_batches([batch]).append_column("path", pa.array([path] * batch.num_rows, pa.string()))
            documents, bad = documents_of_batch(table)
            problems.extend(row["problem"] for row in bad)
            yield from documents


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
