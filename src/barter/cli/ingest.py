"""`barter ingest` (files, directories, URLs into the store) and `barter documents` (what is stored)."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from barter.cli.options import EXIT_OK, EXIT_REJECTS, EXIT_USAGE, DbOption

# A progress bar is worth drawing from this many input files on.
PROGRESS_FROM_FILES = 10
PROGRESS_FROM_BYTES = 10_000_000

out = Console()
err = Console(stderr=True)


def ingest_command(
    inputs: list[str] = typer.Argument(..., metavar="PATH_OR_URL...", help="Files, directories (read recursively) or http(s) URLs."),
    db: Path = DbOption,
    columns: str = typer.Option(
        "", "--columns", help="Map JSONL/CSV columns to document fields: text=body,published=date."
    ),
    max_bytes: int = typer.Option(50_000_000, "--max-bytes", help="Largest file read whole (HTML, text, feed) or URL answer, in bytes (0: no limit); JSONL, CSV and WARC are streamed a record at a time, each record capped."),
    max_docs: int = typer.Option(0, "--max-docs", help="Stop after this many documents (0: no limit)."),
    max_chars: int = typer.Option(2_000_000, "--max-chars", help="Reject documents whose text is longer (0: no limit)."),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds to wait for a URL."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only rejects and errors, no progress or summary."),
) -> None:
    """Read articles into the store: text, HTML, JSONL, CSV, RSS/Atom, WARC, gzipped or not.

    Each bad input gets one line on stderr and the rest goes on. Exit code 0 when
    everything was read, 1 when some input was rejected, 2 on a usage error.

    Example: barter ingest news/ feeds.xml.gz https://example.org/feed.rss --db barter.duckdb
    """
    from barter.ingest import Limits, ingest, input_files, parse_columns
    from barter.store import StoreBusy

    try:
        column_map = parse_columns(columns)
    except ValueError as problem:
        err.print(f"--columns: {problem}", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE) from None
    for name, value in (("--max-bytes", max_bytes), ("--max-docs", max_docs), ("--max-chars", max_chars)):
        if value < 0:
            err.print(f"{name} must be 0 (no limit) or more, not {value}", markup=False, highlight=False)
            raise typer.Exit(EXIT_USAGE)
    if timeout <= 0:
        err.print(f"--timeout must be more than 0 seconds, not {timeout:g}", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE)
    limits = Limits(
        max_bytes=max_bytes or None,
        max_documents=max_docs or None,
        timeout=timeout,
        max_text_chars=max_chars or None,
        columns=column_map,
    )

    def report(reject) -> None:
        err.print(reject.line(), markup=False, highlight=False, soft_wrap=True)

    files = list(input_files(inputs)) if not quiet and err.is_terminal else []
    try:
        if len(files) >= PROGRESS_FROM_FILES or _total_bytes(files) >= PROGRESS_FROM_BYTES:
            result = _ingest_with_progress(inputs, db, limits, files, report)
        else:
            result = ingest(inputs, db, limits, on_reject=report)
    except StoreBusy as problem:
        # What was committed before stays; running again picks up the rest as new.
        err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_REJECTS) from None
    if not quiet:
        out.print(_summary(result.counts, result.run_id, db))
    raise typer.Exit(EXIT_REJECTS if result.counts.rejected else EXIT_OK)


def _total_bytes(files: list[str]) -> int:
    return sum(os.path.getsize(name) for name in files if os.path.isfile(name))


def _ingest_with_progress(inputs, db, limits, files, report):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from barter.ingest import ingest

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("reading", total=len(files))

        current = {"name": "", "documents": 0}

        def describe() -> None:
            name = os.path.basename(current["name"])[:40]
            progress.update(task, description=f"{name}  {current['documents']:,} documents")

        def next_input(name: str) -> None:
            if current["name"]:
                progress.advance(task)
            current["name"] = name
            describe()

        def batch_stored(counts) -> None:
            current["documents"] = counts.read
            describe()

        result = ingest(inputs, db, limits, on_reject=report, on_input=next_input, on_batch=batch_stored)
        progress.update(task, completed=len(files))
    return result


def _summary(counts, run_id: int, db: Path) -> Table:
    table = Table(title=Text(f"ingest run {run_id} into {db}"))
    for column in ("read", "stored", "unchanged", "duplicates", "rejected"):
        table.add_column(column, justify="right")
    table.add_row(*(f"{value:,}" for value in (counts.read, counts.stored, counts.unchanged, counts.duplicates, counts.rejected)))
    return table


def documents_command(
    db: Path = DbOption,
    limit: int = typer.Option(20, "--limit", "-n", help="How many documents to list."),
    offset: int = typer.Option(0, "--offset", help="Skip this many first."),
    source: str | None = typer.Option(None, "--source", help="Only documents of this outlet."),
    kind: str | None = typer.Option(None, "--kind", help="Only 'article' or only 'summary' documents."),
) -> None:
    """List stored documents, newest first: id, date, outlet, title, kind, duplicate_of.

    Example: barter documents --limit 50 --db barter.duckdb
    """
    from barter.store import reading
    from barter.store.documents import count_documents, list_documents

    if limit < 0 or offset < 0:
        err.print("--limit and --offset must be 0 or more", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE)
    with reading(db) as connection:
        total = count_documents(connection, source=source, kind=kind)
        documents = list_documents(connection, limit=limit, offset=offset, source=source, kind=kind)
    table = Table(title=Text(f"{len(documents)} of {total:,} documents in {db}"))
    for column in ("id", "date", "outlet", "title", "kind", "duplicate_of"):
        table.add_column(column, overflow="fold" if column == "id" else "ellipsis")
    for document in documents:
        # Titles and outlets are untrusted text: Text() keeps "[...]" in them from reading as markup.
        table.add_row(
            Text(document.id),
            document.published.isoformat() if document.published else "unknown",
            Text(document.source),
            Text(document.title),
            document.kind,
            Text(document.duplicate_of or ""),
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("ingest")(ingest_command)
    app.command("documents")(documents_command)
