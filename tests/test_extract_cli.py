"""`barter extract`: documents from a JSONL (or the store) to claims in the store and a JSONL."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from barter.cli import app
from barter.store import reading
from barter.store.claims import list_claims

runner = CliRunner()

DOCS = [
    {"id": "doc-a", "title": "Fuel", "published": "2024-03-01", "source": "example.org", "url": None,
     "text": "Fuel for the North\n\nRussia shipped diesel to North Korea last month, officials said."},
    {"id": "doc-b", "title": "Weather", "published": None, "source": "example.org", "url": None,
     "text": "It rained in Moscow and in Pyongyang."},
]


def write_docs(path, rows, extra_lines=()):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "".join(extra_lines), encoding="utf-8")


def test_input_documents_are_stored_with_their_ids_and_their_claims_written(tmp_path):
    docs, out, db = tmp_path / "docs.jsonl", tmp_path / "pred.jsonl", tmp_path / "x.duckdb"
    write_docs(docs, DOCS)
    result = runner.invoke(app, ["extract", "--db", str(db), "--input", str(docs), "--jsonl", str(out), "--no-model"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(r["doc_id"], r["giver"], r["receiver"], r["category"]) for r in rows} == {
        ("doc-a", "RUS", "PRK", "refined_petroleum")}
    text = DOCS[0]["text"]
    assert all(text[r["evidence"]["start"]:r["evidence"]["end"]] == r["evidence"]["text"] for r in rows)
    with reading(db) as connection:
        assert [c.doc_id for c in list_claims(connection)] == ["doc-a"] * len(rows)
    assert "claims" in result.output


def test_running_again_reads_nothing_new_and_keeps_the_claims(tmp_path):
    docs, db = tmp_path / "docs.jsonl", tmp_path / "x.duckdb"
    write_docs(docs, DOCS)
    runner.invoke(app, ["extract", "--db", str(db), "--input", str(docs)])
    again = runner.invoke(app, ["extract", "--db", str(db)])
    assert again.exit_code == 0, again.output
    with reading(db) as connection:
        assert len(list_claims(connection)) >= 1


def test_a_bad_input_line_gets_one_line_and_the_rest_is_read(tmp_path):
    docs, out, db = tmp_path / "docs.jsonl", tmp_path / "pred.jsonl", tmp_path / "x.duckdb"
    write_docs(docs, DOCS, extra_lines=["{not json\n", json.dumps({"title": "no id or text"}) + "\n"])
    result = runner.invoke(app, ["extract", "--db", str(db), "--input", str(docs), "--jsonl", str(out)])
    assert result.exit_code == 1
    assert "docs.jsonl:3: not JSON" in result.output and "docs.jsonl:4: no 'id' field" in result.output
    assert out.read_text(encoding="utf-8").count("doc-a") >= 1


def test_no_gate_gives_the_same_claims(tmp_path):
    docs = tmp_path / "docs.jsonl"
    write_docs(docs, DOCS)
    outputs = []
    for flags in ([], ["--no-gate"]):
        out = tmp_path / f"pred{len(outputs)}.jsonl"
        runner.invoke(app, ["extract", "--db", str(tmp_path / f"{len(outputs)}.duckdb"), "--input", str(docs),
                            "--jsonl", str(out), *flags])
        outputs.append(sorted(json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()))
    assert outputs[0] == outputs[1] and outputs[0]
