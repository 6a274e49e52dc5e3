"""barter's command line: a thin Typer layer over the pipeline's stages.

Each command group lives in its own module here and registers itself on
``app``; the stages themselves never print.  Heavy imports (spaCy, FastAPI)
happen inside the commands, so ``barter --help`` stays instant.
"""

from __future__ import annotations

import typer

from barter.cli import bench, demo, evaluate, export, extract, ingest, ledger, serve, train

app = typer.Typer(
    name="barter",
    help="A sourced ledger of what states under sanctions give each other, read from the news.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

for module in (demo, ingest, extract, ledger, export, serve, evaluate, train, bench):
    module.register(app)


def main() -> None:
    app()
