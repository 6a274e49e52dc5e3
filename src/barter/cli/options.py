"""Options shared by several commands, declared once."""

from __future__ import annotations


import typer

from barter.store import DEFAULT_DB

DbOption = typer.Option(DEFAULT_DB, "--db", help="The DuckDB file to use.", envvar="BARTER_DB")
