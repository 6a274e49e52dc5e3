"""`barter extract --ray ADDRESS`: the extraction as a Ray Data job, then its claims into the store.

Not a command of its own: ``barter extract`` branches here when ``--ray`` is
given (see docs/ray.md for running it on a cluster).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from barter.cli.options import EXIT_OK, EXIT_REJECTS, EXIT_USAGE

# ``--ray local``: an instance started on this machine for the run
LOCAL_ADDRESS = "local"

out = Console()
err = Console(stderr=True)


def run_ray_extract(db: Path, address: str, input_path: Path | None, ray_inputs: list[str] | None,
                    ray_out: Path | None, workers: int, pipeline: str, gate: bool, jsonl: Path | None,
                    model: bool = True) -> None:
    """Run the Ray job on the inputs, load its Parquet output into ``db``, print a summary; exits."""
    from barter.extract import ExtractConfig

    inputs = ([str(input_path)] if input_path is not None else []) + list(ray_inputs or [])
    if not inputs:
        _usage("--ray needs shards to read: give --input PATH or --ray-input PATH (JSONL, JSONL.gz or Parquet, files or directories)")
    if workers < 1:
        _usage(f"--workers must be 1 or more, not {workers}")
    try:
        import ray
        import ray.exceptions
    except ImportError:
        _usage("--ray needs Ray: install it with `pip install 'barter[ray]'` (on every node of the cluster)")
    from barter.distributed import (
        claims_from_parquet,
        extract_with_ray,
        load_claims_parquet,
    )

    out_dir = ray_out or db.with_name(db.name + ".claims-parquet")
    config = ExtractConfig(pipeline=pipeline, gate=gate, model=model)
    started = time.perf_counter()
    try:
        extract_with_ray(inputs, out_dir, address=None if address == LOCAL_ADDRESS else address,
                         num_actors=workers, batch_size=config.batch_size, config=config)
    except ConnectionError as problem:
        _usage(f"--ray {address}: {problem}; check the address, and on a cluster with token authentication set "
               f"RAY_AUTH_MODE=token and RAY_AUTH_TOKEN here (docs/ray.md)")
    except (ValueError, FileExistsError, FileNotFoundError) as problem:
        _usage(f"--ray {address}: {problem}")
    except ray.exceptions.RayError as failure:  # an actor that cannot start (no spaCy model on a node, say)
        cause = str(failure).strip().splitlines()[-1] if str(failure).strip() else type(failure).__name__
        err.print(f"--ray {address}: the Ray job failed ({cause}); check that barter and its spaCy pipeline are "
                  f"installed on every node (docs/ray.md), and the Ray logs", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    job_seconds = time.perf_counter() - started
    local_inputs = [item for item in inputs if "://" not in item]  # the driver stores the documents it can read
    result = load_claims_parquet(db, Path(out_dir), documents_jsonl=local_inputs or None)
    for line in result.problems:
        err.print(line, markup=False, highlight=False, soft_wrap=True)
    if jsonl is not None:
        with jsonl.open("w", encoding="utf-8") as sink:
            for _, claims in claims_from_parquet(Path(out_dir)):
                for claim in claims:
                    sink.write(json.dumps(claim.to_contract(), ensure_ascii=False) + "\n")
    out.print(_summary(result, db, out_dir, job_seconds))
    raise typer.Exit(EXIT_REJECTS if result.problems else EXIT_OK)


def _usage(line: str) -> None:
    err.print(line, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def _summary(result, db: Path, out_dir: Path, seconds: float) -> Table:
    counts = result.counts
    table = Table(title=Text(f"extract run {result.run_id} on {db} (Ray; Parquet in {out_dir})"))
    for column in ("documents", "claims", "by category", "rejected", "job seconds", "docs/s"):
        table.add_column(column, justify="left" if column == "by category" else "right")
    by_category = ", ".join(f"{name} {count}" for name, count in sorted(counts.extra.items(), key=lambda kv: -kv[1])) or "-"
    rate = counts.read / seconds if seconds > 0 else 0.0
    table.add_row(f"{counts.read:,}", f"{counts.claims:,}", Text(by_category), f"{counts.rejected:,}",
                  f"{seconds:.1f}", f"{rate:,.0f}")
    return table
