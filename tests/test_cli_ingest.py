"""`barter ingest` and `barter documents`: exit codes, one line per reject, the summary, the listing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from barter.cli import ingest as ingest_cli
from barter.store import reading
from barter.store.documents import count_documents, get_document, list_rejects

ARTICLE = (
    "Ships leave the northern port\n"
    "date: 2024-03-05\n"
    "source: Harbour Times\n"
    "\n"
    "Three cargo ships left the northern port on Tuesday carrying grain.\n"
)
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>River Post</title><link>https://river.example/</link><description>d</description>
<item><title>Bridge opens</title><link>https://river.example/bridge</link>
<pubDate>Mon, 01 Apr 2024 09:00:00 GMT</pubDate><description>A new bridge opened to traffic.</description></item>
</channel></rss>
"""


def app() -> typer.Typer:
    # Only this module's commands: other command modules are not under test here.
    application = typer.Typer()
    ingest_cli.register(application)
    return application


def batch(directory: Path) -> Path:
    directory.mkdir()
    (directory / "ships.txt").write_text(ARTICLE, encoding="utf-8")
    (directory / "river.rss").write_text(FEED, encoding="utf-8")
    (directory / "rows.jsonl").write_text(
        json.dumps({"id": "row-1", "text": "A ferry service restarted."}) + "\n" + "{broken\n", encoding="utf-8"
    )
    (directory / "empty.txt").write_bytes(b"")
    (directory / "no-text.csv").write_text("title,body\nA,B\n", encoding="utf-8")
    return directory


def invoke(*arguments: str):
    return CliRunner().invoke(app(), list(arguments))


def test_a_batch_with_bad_files_exits_1_stores_the_good_and_lists_each_reject(tmp_path):
    source = batch(tmp_path / "in")
    db = tmp_path / "store.duckdb"
    result = invoke("ingest", str(source), "--db", str(db))
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"{source / 'empty.txt'}: is empty; check that it was written completely",
        f"{source / 'no-text.csv'}: has no 'text' column (columns: title, body); "
        "name the article column text or map it with --columns text=NAME",
        f"{source / 'rows.jsonl'}#2: line 2 is not valid JSON (Expecting property name enclosed in double quotes, "
        "column 2); fix or delete that line",
    ]
    assert "read" in result.stdout and "rejected" in result.stdout
    with reading(db) as connection:
        assert count_documents(connection) == 3
        assert get_document(connection, "row-1").text == "A ferry service restarted."
        assert len(list_rejects(connection)) == 3


def test_a_clean_batch_exits_0_and_again_counts_everything_unchanged(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "ships.txt").write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "store.duckdb"
    first = invoke("ingest", str(source), "--db", str(db))
    again = invoke("ingest", str(source), "--db", str(db))
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert first.stderr == "" and again.stderr == ""
    summary = [line for line in again.stdout.splitlines() if line.count("│") >= 5]
    assert [cell.strip() for cell in summary[-1].strip("│ ").split("│")] == ["1", "0", "1", "0", "0"]


def test_columns_are_mapped_from_the_option(tmp_path):
    source = tmp_path / "rows.csv"
    source.write_text("uid,body\nc-1,A ferry service restarted.\n", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    result = invoke("ingest", str(source), "--db", str(db), "--columns", "id=uid,text=body", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    with reading(db) as connection:
        assert get_document(connection, "c-1").text == "A ferry service restarted."


def test_usage_errors_exit_2(tmp_path):
    db = str(tmp_path / "store.duckdb")
    bad_columns = invoke("ingest", str(tmp_path), "--db", db, "--columns", "text")
    assert bad_columns.exit_code == 2
    assert bad_columns.stderr.strip() == "--columns: 'text' is not FIELD=COLUMN (e.g. text=body)"
    assert invoke("ingest", "--db", db).exit_code == 2  # no input at all
    negative = invoke("ingest", str(tmp_path), "--db", db, "--max-docs", "-1")
    assert (negative.exit_code, negative.stderr.strip()) == (2, "--max-docs must be 0 (no limit) or more, not -1")
    assert invoke("ingest", str(tmp_path), "--db", db, "--timeout", "0").exit_code == 2


def test_documents_lists_what_is_stored(tmp_path, monkeypatch):
    source = batch(tmp_path / "in")
    db = tmp_path / "store.duckdb"
    invoke("ingest", str(source), "--db", str(db))
    monkeypatch.setattr(ingest_cli.out, "width", 250)  # room for every cell, so none is cut short
    result = invoke("documents", "--db", str(db), "--limit", "10")
    assert result.exit_code == 0, result.output
    assert "3 of 3 documents" in result.stdout
    assert "row-1" in result.stdout
    assert "2024-04-01" in result.stdout and "River Post" in result.stdout and "summary" in result.stdout
    assert "Harbour Times" in result.stdout and "unknown" in result.stdout


def test_end_to_end_through_the_installed_command(tmp_path):
    source = batch(tmp_path / "in")
    db = tmp_path / "store.duckdb"
    barter = Path(sys.executable).with_name("barter")
    ingest = subprocess.run([str(barter), "ingest", str(source), "--db", str(db)], capture_output=True, text=True,
                            timeout=120)
    assert ingest.returncode == 1, ingest.stderr
    assert len(ingest.stderr.splitlines()) == 3
    listing = subprocess.run([str(barter), "documents", "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stderr
    assert "row-1" in listing.stdout


def test_the_command_defaults_are_the_limits_defaults():
    import inspect

    from barter.ingest import Limits

    defaults = {name: parameter.default.default for name, parameter in inspect.signature(ingest_cli.ingest_command).parameters.items()}
    limits = Limits()
    assert (defaults["max_bytes"], defaults["max_chars"], defaults["timeout"]) == (
        limits.max_bytes, limits.max_text_chars, limits.timeout)
