"""Options shared by several commands, declared once."""

from __future__ import annotations


import typer

from barter.store import DEFAULT_DB

DbOption = typer.Option(DEFAULT_DB, "--db", help="The DuckDB file to use.", envvar="BARTER_DB")

# Exit codes every command shares: 0 all inputs read, 1 some input rejected, 2 the command was misused.
EXIT_OK = 0
EXIT_REJECTS = 1
EXIT_USAGE = 2
