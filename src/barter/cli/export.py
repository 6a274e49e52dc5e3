"""The `export` command: the ledger, its claims and their documents as files other tools load."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from barter.cli.options import DbOption


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("export")
    def export_command(
        fmt: str = typer.Option(..., "--format", "-f", help="csv, jsonl, parquet, or ftm (FollowTheMoney entities)."),
        out: Path = typer.Option(Path("export"), "--out", "-o", help="The directory to write into (created if missing)."),
        db: Path = DbOption,
    ) -> None:
        """Write ledger entries, claims and documents as csv, jsonl, parquet or FollowTheMoney (ftm) files.

        Example: barter export --format ftm --out export/   (then: ftm validate or Aleph's ingest)
        """
        from barter.cli.ledger import ensure_fresh_ledger
        from barter.export import FORMATS, export
        from barter.store import reading
        from barter.store.ledger import all_entries, read_claims, read_documents

        console = Console()
        fmt = fmt.lower()
        if fmt not in FORMATS:
            console.print(Text(f"barter export: unknown format {fmt!r}; use one of {', '.join(FORMATS)}"))
            raise typer.Exit(2)
        ensure_fresh_ledger(db, console)
        with reading(db) as connection:
            entries = all_entries(connection)
            claims, skipped = read_claims(connection)
            documents = read_documents(connection)
        for line in skipped:
            console.print(Text(line, style="yellow"))
        paths = export(out, fmt, entries, claims, documents)
        console.print(
            f"{len(entries)} entries, {len(claims)} claims, {len(documents)} documents -> "
            + ", ".join(str(p) for p in paths)
        )
