"""`barter demo`: the whole pipeline on the sample articles shipped with barter."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer
from rich.console import Console

from barter.cli.options import DbOption

console = Console()


def sample_articles() -> list[Path]:
    """The sample articles written for barter (src/barter/samples/*.txt)."""
    folder = resources.files("barter") / "samples"
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".txt"))


def run_sibling(app: typer.Typer, args: list[str]) -> None:
    """Run another barter command exactly as typed, so the demo does what the user would do."""
    command = typer.main.get_command(app)
    try:
        command.main(args, prog_name="barter", standalone_mode=False)
    except typer.Exit as done:
        if done.exit_code:
            raise


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_command(db: Path = DbOption) -> None:
        """Ingest the built-in sample articles, extract their claims, build the ledger and print RUS-PRK.

        Example: barter demo --db demo.duckdb
        """
        from barter.cli.ledger import ensure_fresh_ledger, print_balance_sheet, print_other_pairs
        from barter.ingest import ingest

        articles = sample_articles()
        console.rule(f"1. ingest {len(articles)} sample articles into {db}")
        result = ingest(articles, db, on_reject=lambda reject: console.print(reject.line(), markup=False))
        counts = result.counts
        console.print(f"read {counts.read}, stored {counts.stored}, unchanged {counts.unchanged}, "
                      f"near-duplicates {counts.duplicates}, rejected {counts.rejected}")

        console.rule("2. extract claims")
        run_sibling(app, ["extract", "--db", str(db)])

        console.rule("3. the ledger")
        ensure_fresh_ledger(db, console)
        print_balance_sheet(console, db, "RUS", "PRK", quotes=True)
        print_other_pairs(console, db, ("RUS", "PRK"))
        console.print(f"Next: `barter show ENTRY --db {db}` for one entry's quotes, `barter serve --db {db}` for the dashboard.")
