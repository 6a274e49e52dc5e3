"""The `serve` command: the analyst's desk (JSON API and dashboard) over the store."""

from __future__ import annotations

import os
from pathlib import Path

import typer
from rich.console import Console

from barter.cli.options import DbOption

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    db: Path = DbOption,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; keep the loopback default unless you mean to share."),
    port: int = typer.Option(8765, "--port", help="Port to listen on."),
    token: str | None = typer.Option(
        None, "--token", envvar="BARTER_TOKEN", show_envvar=True,
        help="Allow writes (ingest, delete) to requests carrying 'Authorization: Bearer TOKEN'. Without it the desk is read-only.",
    ),
    max_upload_mb: float = typer.Option(20.0, "--max-upload-mb", min=0.1, help="Largest upload accepted by ingest from the page, in MB."),
) -> None:
    """Serve the dashboard and JSON API over the ledger.

    Example: barter demo && barter serve  (then open http://127.0.0.1:8765/)
    """
    import uvicorn

    from barter.serve import create_app

    console = Console(stderr=True)
    if not Path(db).exists():
        console.print(f"{db}: no store there yet; serving an empty one (fill it with `barter demo` or `barter ingest`)",
                      style="yellow", markup=False)
    if host not in LOOPBACK:
        console.print(f"listening on {host}: anyone who can reach this address can read the ledger", style="yellow", markup=False)
    # Behind loopback, answer only to loopback names: a page elsewhere that
    # rebinds its own hostname to 127.0.0.1 is refused.
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if host in LOOPBACK else None
    app = create_app(db, token=token, max_upload_mb=max_upload_mb, allowed_hosts=hosts)
    mode = "writes allowed with the token" if token else "read-only (give --token or BARTER_TOKEN to allow ingest)"
    shown_host = f"[{host}]" if ":" in host else host
    console.print(f"barter desk over {db} - {mode}\nopen http://{shown_host}:{port}/  (API docs: /api/docs)", markup=False)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("BARTER_LOG_LEVEL", "warning"), server_header=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("serve")(serve)
