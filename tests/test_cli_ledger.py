"""The resolve, ledger, show and export commands, run on a real DuckDB file."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from barter.cli import export as export_cli
from barter.cli import ledger as ledger_cli
from barter.store import reading
from barter.store.ledger import ledger_for_pair
from ledger_samples import write_store

WIDE = {"COLUMNS": "220", "NO_COLOR": "1", "TERM": "dumb"}


@pytest.fixture()
def app():
    # Only these modules' commands: the others are not under test here.
    application = typer.Typer()
    ledger_cli.register(application)
    export_cli.register(application)
    return application


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "barter.duckdb"
    write_store(path)
    return path


def run(app, *args, ok=True):
    result = CliRunner().invoke(app, [str(a) for a in args], env=WIDE)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def section(output: str, heading: str) -> str:
    """The text from a table heading to the next heading."""
    start = output.index(heading)
    following = [output.find(h, start + 1) for h in ("What ", "Other pairs")]
    ends = [i for i in following if i > start]
    return output[start : min(ends) if ends else len(output)]


def test_resolve_reports_what_it_built(app, db):
    result = run(app, "resolve", "--db", db)
    assert re.search(r"15 claims -> 9 ledger entries \(\d+ touching a UN measure, 1 contested\)", result.output)


def test_the_ledger_shows_both_directions_with_flags_and_quotes(app, db):
    output = run(app, "ledger", "RUS", "PRK", "--db", db).output
    assert "rebuilt" in output  # nothing was resolved yet: the command did it
    russia_gives = section(output, "What Russia gives North Korea (RUS -> PRK)")
    korea_gives = section(output, "What North Korea gives Russia (PRK -> RUS)")
    for category in ("refined_petroleum", "food", "energy", "military_technology", "diplomatic_support"):
        assert category in russia_gives
    assert "refined-petroleum" in russia_gives and "sci-tech" in russia_gives
    for category in ("arms", "workers", "diplomatic_support"):
        assert category in korea_gives
    assert "contested" in korea_gives and "arms-out-of" in korea_gives and "workers" in korea_gives
    assert "10,000-20,000 containers" in korea_gives
    assert "wheat" in russia_gives
    assert "The Kremlin called the report [baseless]" in korea_gives  # quoted, brackets and all


def test_the_ledger_without_a_pair_shows_russia_and_the_dprk_then_other_pairs(app, db):
    output = run(app, "ledger", "--db", db).output
    assert "What Russia gives North Korea" in output
    other = section(output, "Other pairs")
    assert "CHN" in other and "PRK" in other


def test_the_ledger_refuses_a_single_state(app, db):
    result = run(app, "ledger", "RUS", "--db", db, ok=False)
    assert result.exit_code == 2
    assert "give two states" in result.output


def test_show_prints_every_quote_in_context_and_the_measures(app, db):
    run(app, "resolve", "--db", db)
    with reading(db) as connection:
        arms = next(e for e in ledger_for_pair(connection, "PRK", "RUS") if e.category == "arms")
    output = run(app, "show", arms.id.removeprefix("entry:")[:6], "--db", db).output
    assert arms.id in output
    assert "Evidence (5 quotes)" in output
    assert "told lawmakers that North Korea had" in output  # the words before the quote
    assert "(syndicated copy of doc:wire)" in output
    assert "S/RES/1718 para 8(b)" in output
    assert "Denied by: the Kremlin (RUS)" in output
    assert "how sure: contested" in output


def test_show_gives_the_cap_arithmetic_for_petroleum(app, db):
    run(app, "resolve", "--db", db)
    with reading(db) as connection:
        petroleum = next(e for e in ledger_for_pair(connection, "RUS", "PRK") if e.category == "refined_petroleum")
    output = run(app, "show", petroleum.id, "--db", db).output
    assert "600,000-900,000 barrels reported" in " ".join(output.split())


def test_show_an_unknown_entry_says_where_to_look(app, db):
    result = run(app, "show", "zzzz", "--db", db, ok=False)
    assert result.exit_code == 1
    assert "no ledger entry starts with 'zzzz'" in result.output


def test_show_an_ambiguous_prefix_asks_for_more(app, db):
    run(app, "resolve", "--db", db)
    result = run(app, "show", "entry:", "--db", db, ok=False)
    assert result.exit_code == 2
    assert "matches several entries" in result.output


def test_export_writes_the_files_it_names(app, db, tmp_path):
    out = tmp_path / "out"
    output = run(app, "export", "--format", "jsonl", "--out", out, "--db", db).output
    assert "15 claims, 5 documents" in output
    assert sorted(p.name for p in out.iterdir()) == ["claims.jsonl", "documents.jsonl", "entries.jsonl"]


def test_export_refuses_an_unknown_format(app, db, tmp_path):
    result = run(app, "export", "--format", "xml", "--out", tmp_path, "--db", db, ok=False)
    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.output


def test_the_ledger_rebuilds_only_when_the_claims_changed(app, db):
    from barter.records import Claim, Evidence
    from barter.store import writing

    run(app, "resolve", "--db", db)
    assert "rebuilt" not in run(app, "ledger", "RUS", "PRK", "--db", db).output
    with writing(db) as connection:
        text = connection.execute("SELECT text FROM documents WHERE id = 'doc:china'").fetchone()[0]
        phrase = "customs data"
        start = text.index(phrase)
        extra = Claim("doc:china", "CHN", "PRK", "food", "asserted", Evidence(start, start + len(phrase), phrase))
        connection.execute(
            "INSERT INTO claims (id, doc_id, giver, receiver, category, status, evidence_start, evidence_end, "
            "evidence_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [extra.id, extra.doc_id, extra.giver, extra.receiver, extra.category, extra.status, start,
             start + len(phrase), phrase],
        )
    assert "rebuilt 10 entries from 16 claims" in run(app, "ledger", "CHN", "PRK", "--db", db).output
