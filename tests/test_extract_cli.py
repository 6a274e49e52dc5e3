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
    assert "docs.jsonl#3: line 3 is not valid JSON" in result.output and "docs.jsonl#4:" in result.output
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


STREAM_TEXTS = [
    "Russia shipped diesel to North Korea in January, port records show.",
    "Iran sold hundreds of drones to Russia over the summer, officials said.",
    "China lent two billion dollars to Pakistan to shore up its reserves.",
    "North Korea sent artillery shells to Russia by rail through Tumangang.",
    "Belarus delivered trucks to Russia for the army last spring.",
    "The United States sent humanitarian aid to Ukraine after the floods.",
    "Russia exported coal to India throughout a long and cold winter.",
]


def test_an_interrupted_run_goes_on_where_it_stopped_and_duplicates_nothing(tmp_path, monkeypatch):
    import barter.extract as extract_package
    from barter.store import extraction

    rows = [{"id": f"doc-{n}", "title": "", "published": None, "source": "", "url": None, "text": text}
            for n, text in enumerate(STREAM_TEXTS)]
    docs, db = tmp_path / "docs.jsonl", tmp_path / "x.duckdb"
    write_docs(docs, rows)
    monkeypatch.setattr(extraction, "WRITE_BATCH", 3)
    real = extract_package.extract_documents

    def crashes_at_the_fifth(documents, config):
        for n, result in enumerate(real(documents, config)):
            if n == 4:
                raise RuntimeError("the machine went down")
            yield result

    monkeypatch.setattr(extract_package, "extract_documents", crashes_at_the_fifth)
    first = runner.invoke(app, ["extract", "--db", str(db), "--input", str(docs), "--workers", "1", "--no-model"])
    assert isinstance(first.exception, RuntimeError)
    with reading(db) as connection:
        read_before = {row[0] for row in connection.execute("SELECT doc_id FROM extracted").fetchall()}
    assert read_before == {"doc-0", "doc-1", "doc-2"}  # the first batch of three was committed, the rest lost

    monkeypatch.setattr(extract_package, "extract_documents", real)
    again = runner.invoke(app, ["extract", "--db", str(db), "--workers", "1", "--no-model"])
    assert again.exit_code == 0, again.output
    with reading(db) as connection:
        claims = list_claims(connection, limit=1000)
        runs = connection.execute("SELECT counts FROM runs WHERE command = 'extract' ORDER BY id").fetchall()
    assert json.loads(runs[-1][0])["read"] == 4  # only what the first run did not finish
    keys = [(c.doc_id, c.giver, c.receiver, c.category, c.evidence.start) for c in claims]
    assert len(keys) == len(set(keys))  # nothing stored twice
    assert {c.doc_id for c in claims} >= {"doc-0", "doc-3", "doc-6"}


def test_a_gzipped_corpus_is_read_as_a_stream(tmp_path):
    import gzip

    docs, out, db = tmp_path / "docs.jsonl.gz", tmp_path / "pred.jsonl", tmp_path / "x.duckdb"
    with gzip.open(docs, "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(r) + "\n" for r in DOCS))
    result = runner.invoke(app, ["extract", "--db", str(db), "--input", str(docs), "--jsonl", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["doc_id"] for line in out.read_text(encoding="utf-8").splitlines()} == {"doc-a"}
