"""The whole pipeline through the installed command, as a newcomer runs it.

`barter demo` ingests our sample articles into a real DuckDB file, extracts
their claims with the real spaCy pipeline and prints the ledger; then the
ledger, one entry and the exports are read back through the same command.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

BARTER = shutil.which("barter") or str(Path(sys.executable).with_name("barter"))


def barter(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([BARTER, *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"COLUMNS": "200", "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"})


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    workdir = tmp_path_factory.mktemp("demo")
    return workdir, barter("demo", "--db", "demo.duckdb", cwd=workdir)


def test_demo_builds_a_store_and_prints_both_sides_of_the_ledger(demo):
    workdir, result = demo
    assert result.returncode == 0, result.stderr
    assert "What Russia gives North Korea" in result.stdout
    assert "What North Korea gives Russia" in result.stdout
    for category in ("refined_petroleum", "arms", "workers", "diplomatic_support"):
        assert category in result.stdout
    with duckdb.connect(str(workdir / "demo.duckdb"), read_only=True) as connection:
        documents = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        claims = connection.execute("SELECT count(*) FROM claims").fetchone()[0]
        duplicates = connection.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0]
    assert documents == 12 and claims > 20
    assert duplicates >= 1  # the syndicated copy is linked to its first copy


def test_running_the_demo_again_changes_nothing(demo):
    workdir, _ = demo
    with duckdb.connect(str(workdir / "demo.duckdb"), read_only=True) as connection:
        before = connection.execute("SELECT count(*), count(DISTINCT id) FROM claims").fetchone()
    again = barter("demo", "--db", "demo.duckdb", cwd=workdir)
    assert again.returncode == 0, again.stderr
    assert "stored 0, unchanged 12" in again.stdout
    with duckdb.connect(str(workdir / "demo.duckdb"), read_only=True) as connection:
        assert connection.execute("SELECT count(*), count(DISTINCT id) FROM claims").fetchone() == before


def test_an_entry_shown_by_the_ledger_prints_its_quotes_verbatim(demo):
    workdir, _ = demo
    with duckdb.connect(str(workdir / "demo.duckdb"), read_only=True) as connection:
        entry_id, claim_ids = connection.execute(
            "SELECT id, claim_ids FROM ledger_entries WHERE giver = 'RUS' AND receiver = 'PRK' "
            "AND category = 'refined_petroleum' ORDER BY id LIMIT 1").fetchone()
        quote = connection.execute("SELECT evidence_text FROM claims WHERE id = ?", [json.loads(claim_ids)[0]]).fetchone()[0]
    shown = barter("show", entry_id, "--db", "demo.duckdb", cwd=workdir)
    assert shown.returncode == 0, shown.stderr
    assert "refined-petroleum" in shown.stdout  # the measure it touches
    assert re.sub(r"\s+", " ", quote)[:40] in re.sub(r"\s+", " ", shown.stdout)


def test_exports_load_back_with_duckdb(demo):
    workdir, _ = demo
    result = barter("export", "--format", "parquet", "--out", "exported", "--db", "demo.duckdb", cwd=workdir)
    assert result.returncode == 0, result.stderr
    entries = duckdb.connect().execute(f"SELECT count(*) FROM '{workdir / 'exported'}/*entries*.parquet'").fetchall()[0][0]
    assert entries > 0
