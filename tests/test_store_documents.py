"""The documents part of the store: idempotent saves, near-copies linked, runs and rejects, reading while writing.

Every test uses a real DuckDB file in tmp_path.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from barter.ingest import Limits, ingest
from barter.records import Document, Reject, Span, document_id
from barter.store import reading, writing
from barter.store.documents import (
    count_documents,
    get_document,
    list_documents,
    list_rejects,
    near_duplicates_index,
    record_reject,
    run_counts,
    save_documents,
    start_run,
)

# About two hundred words of our own, so one changed word leaves a near-copy.
LONG_TEXT = " ".join(
    f"On day {n} the inspectors counted {n * 3} crates at the eastern depot and wrote the figure in the harbour log."
    for n in range(1, 12)
)


def document(text: str, doc_id: str | None = None, **fields) -> Document:
    return Document(id=doc_id or document_id(text), text=text, **fields)


def all_rows(db) -> list[tuple]:
    with reading(db) as connection:
        return connection.execute(
            "SELECT id, title, text, published, source, url, kind, origin, removed, duplicate_of, minhash, run_id "
            "FROM documents ORDER BY id"
        ).fetchall()


def test_saving_the_same_documents_twice_changes_nothing(tmp_path):
    db = tmp_path / "store.duckdb"
    documents = [document("First text about a ferry."), document("Second text about a bridge.", title="Bridge")]
    with writing(db) as connection:
        first = save_documents(connection, documents, run_id=1)
    rows = all_rows(db)
    with writing(db) as connection:
        again = save_documents(connection, documents, run_id=2)
    assert (first.read, first.stored, first.unchanged) == (2, 2, 0)
    assert (again.read, again.stored, again.unchanged, again.duplicates) == (2, 0, 2, 0)
    assert all_rows(db) == rows


def test_the_same_id_twice_in_one_batch_is_stored_once(tmp_path):
    db = tmp_path / "store.duckdb"
    with writing(db) as connection:
        counts = save_documents(connection, [document("Same words."), document("Same words.")], run_id=1)
        assert count_documents(connection) == 1
    assert (counts.stored, counts.unchanged) == (1, 1)


def test_a_near_copy_is_stored_linked_to_the_first_copy(tmp_path):
    db = tmp_path / "store.duckdb"
    original = document(LONG_TEXT, source="Wire One")
    copy = document(LONG_TEXT.replace("eastern depot and wrote the figure in the harbour log.", "eastern depot.", 1),
                    source="Paper Two")
    unrelated = document("A different story entirely, about a choir that sang in the square on Sunday.")
    with writing(db) as connection:
        counts = save_documents(connection, [original, copy, unrelated], run_id=1)
        stored_copy = get_document(connection, copy.id)
        assert get_document(connection, original.id).duplicate_of is None
        assert get_document(connection, unrelated.id).duplicate_of is None
    assert stored_copy.duplicate_of == original.id
    assert (counts.stored, counts.duplicates) == (2, 1)


def test_near_copies_are_found_across_runs_from_the_stored_signatures(tmp_path):
    db = tmp_path / "store.duckdb"
    original = document(LONG_TEXT)
    copy = document(LONG_TEXT + " Updated at noon.")
    with writing(db) as connection:
        save_documents(connection, [original], run_id=1)
    with writing(db) as connection:
        index = near_duplicates_index(connection)
        assert original.id in index
        counts = save_documents(connection, [copy], run_id=2, index=index)
        assert get_document(connection, copy.id).duplicate_of == original.id
    assert counts.duplicates == 1


def test_a_stored_document_reads_back_whole_with_its_removed_spans(tmp_path):
    db = tmp_path / "store.duckdb"
    text = "Headline\nShare on Facebook\nThe body says a ferry sailed."
    stored = document(text, "given-7", title="Headline", published=date(2024, 3, 5), source="Wire One",
                      url="https://wire.example/7", kind="summary", origin="feed.xml#3",
                      removed=(Span(9, 26, "share"),))
    with writing(db) as connection:
        save_documents(connection, [stored], run_id=1)
    with reading(db) as connection:
        assert get_document(connection, "given-7") == stored
        assert get_document(connection, "absent") is None


def test_listing_filters_by_outlet_and_kind_and_pages(tmp_path):
    db = tmp_path / "store.duckdb"
    documents = [
        document("Old ferry story.", source="Wire One", published=date(2023, 1, 1)),
        document("New ferry story.", source="Wire One", published=date(2024, 1, 1), kind="summary"),
        document("Undated bridge story.", source="Paper Two"),
    ]
    with writing(db) as connection:
        save_documents(connection, documents, run_id=1)
    with reading(db) as connection:
        assert [d.text for d in list_documents(connection)] == ["New ferry story.", "Old ferry story.", "Undated bridge story."]
        assert [d.text for d in list_documents(connection, limit=1, offset=1)] == ["Old ferry story."]
        assert count_documents(connection, source="Wire One") == 2
        assert [d.text for d in list_documents(connection, kind="summary")] == ["New ferry story."]


def test_runs_and_rejects_are_recorded(tmp_path):
    db = tmp_path / "store.duckdb"
    source = tmp_path / "in"
    source.mkdir()
    (source / "good.txt").write_text("Good title\n\nGood words.", encoding="utf-8")
    (source / "empty.txt").write_bytes(b"")
    result = ingest([source], db)
    with reading(db) as connection:
        assert list_rejects(connection, result.run_id) == [
            Reject(str(source / "empty.txt"), "is empty; check that it was written completely")
        ]
        assert run_counts(connection, result.run_id) == result.counts
        command, inputs, finished = connection.execute(
            "SELECT command, inputs, finished_at FROM runs WHERE id = ?", [result.run_id]
        ).fetchone()
    assert (command, json.loads(inputs), finished is not None) == ("ingest", [str(source)], True)
    assert (result.counts.read, result.counts.stored, result.counts.rejected) == (1, 1, 1)


def test_record_reject_binds_its_text(tmp_path):
    db = tmp_path / "store.duckdb"
    awkward = Reject("it's; DROP TABLE documents; --", "a reason with 'quotes'")
    with writing(db) as connection:
        run_id = start_run(connection, "ingest", ["x"])
        record_reject(connection, run_id, awkward)
    with reading(db) as connection:
        assert list_rejects(connection) == [awkward]
        assert count_documents(connection) == 0


def test_ingesting_the_same_input_again_changes_no_row(tmp_path):
    db = tmp_path / "store.duckdb"
    source = tmp_path / "docs.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"r{i}", "text": f"Row {i}: a ferry sailed on day {i}."}) + "\n" for i in range(7))
        + json.dumps({"text": LONG_TEXT}) + "\n",
        encoding="utf-8",
    )
    first = ingest([source], db, batch_size=3)
    rows = all_rows(db)
    second = ingest([source], db, batch_size=3)
    assert all_rows(db) == rows
    assert (first.counts.stored, first.counts.unchanged) == (8, 0)
    assert (second.counts.read, second.counts.stored, second.counts.unchanged, second.counts.duplicates) == (8, 0, 8, 0)


def test_a_later_ingest_links_its_near_copy_to_the_stored_original(tmp_path):
    db = tmp_path / "store.duckdb"
    (tmp_path / "wire.txt").write_text("Depot count\n\n" + LONG_TEXT, encoding="utf-8")
    (tmp_path / "paper.txt").write_text("Depot count\n\n" + LONG_TEXT + " Updated at noon.", encoding="utf-8")
    first = ingest([tmp_path / "wire.txt"], db)
    second = ingest([tmp_path / "paper.txt"], db)
    with reading(db) as connection:
        stored = {Path(d.origin).name: d for d in list_documents(connection)}
    copy, original = stored["paper.txt"], stored["wire.txt"]
    assert (first.counts.stored, second.counts.stored, second.counts.duplicates) == (1, 0, 1)
    assert copy.duplicate_of == original.id


def test_a_limit_on_documents_holds_across_batches(tmp_path):
    db = tmp_path / "store.duckdb"
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps({"id": f"r{i}", "text": f"Row {i}."}) + "\n" for i in range(10)))
    result = ingest([source], db, Limits(max_documents=4), batch_size=2)
    with reading(db) as connection:
        assert count_documents(connection) == 4
    assert (result.counts.stored, result.counts.rejected) == (4, 1)


WRITER = """
import sys
from barter.ingest import ingest
ingest([sys.argv[1]], sys.argv[2], batch_size=int(sys.argv[3]))
"""


def test_a_reader_reads_while_a_writer_ingests_in_batches(tmp_path):
    db = tmp_path / "store.duckdb"
    total = 400
    source = tmp_path / "docs.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"r{i}", "text": f"Row {i} tells of ferry number {i} and its {i % 7} crates."}) + "\n"
                for i in range(total)),
        encoding="utf-8",
    )
    with writing(db):
        pass  # the file exists and is migrated before either side starts
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(source), str(db), "20"], stderr=subprocess.PIPE)
    seen: list[int] = []
    try:
        while writer.poll() is None:
            with reading(db) as connection:
                seen.append(count_documents(connection))
            time.sleep(0.1)  # an analyst refreshing a page, not a busy loop
    finally:
        _, errors = writer.communicate(timeout=120)
    assert writer.returncode == 0, errors.decode()
    with reading(db) as connection:
        seen.append(count_documents(connection))
    assert seen == sorted(seen), "a reader saw the count go down"
    assert any(0 < count < total for count in seen), f"no read landed between batches: {seen[:5]}...{seen[-5:]}"
    assert seen[-1] == total
