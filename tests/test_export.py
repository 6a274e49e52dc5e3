"""export: every format written from a real store and read back by the tools analysts use."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from followthemoney import model

from barter.export import FORMATS, export, ftm_id, plover_type
from barter.store import reading, writing
from barter.store.ledger import all_entries, read_claims, read_documents, rebuild_ledger
from ledger_samples import DOCUMENTS, write_store


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    db = tmp_path_factory.mktemp("store") / "barter.duckdb"
    write_store(db)
    with writing(db) as connection:
        rebuild_ledger(connection)
    with reading(db) as connection:
        entries = all_entries(connection)
        claims, skipped = read_claims(connection)
        documents = read_documents(connection)
    assert not skipped
    return entries, claims, documents


def test_csv_reads_back_with_pandas(ledger, tmp_path):
    entries, claims, documents = ledger
    paths = export(tmp_path, "csv", entries, claims, documents)
    assert sorted(p.name for p in paths) == ["claims.csv", "documents.csv", "entries.csv"]
    frame = pd.read_csv(tmp_path / "entries.csv")
    assert len(frame) == len(entries)
    assert set(frame["id"]) == {e.id for e in entries}
    arms = frame[frame["category"] == "arms"].iloc[0]
    assert arms["standing"] == "contested" and arms["plover"] == "AID"
    assert "arms-out-of" in json.loads(arms["measures"])
    assert len(pd.read_csv(tmp_path / "claims.csv")) == len(claims)
    texts = pd.read_csv(tmp_path / "documents.csv").set_index("id")["text"]
    assert texts["doc:wire"] == DOCUMENTS[0]["text"]


def test_jsonl_keeps_lists_as_lists(ledger, tmp_path):
    entries, claims, documents = ledger
    export(tmp_path, "jsonl", entries, claims, documents)
    rows = [json.loads(line) for line in (tmp_path / "entries.jsonl").read_text().splitlines()]
    assert len(rows) == len(entries)
    petroleum = next(r for r in rows if r["category"] == "refined_petroleum")
    assert petroleum["flags"][0]["measure_id"] == "refined-petroleum"
    assert petroleum["flags"][0]["yearly"] == [[2024, 600000.0, 900000.0]]
    claim_rows = [json.loads(line) for line in (tmp_path / "claims.jsonl").read_text().splitlines()]
    texts = {d["id"]: d["text"] for d in DOCUMENTS}
    for row in claim_rows:  # evidence stays verbatim through the export
        assert texts[row["doc_id"]][row["evidence_start"] : row["evidence_end"]] == row["evidence_text"]
        assert row["entry_ids"]


def test_parquet_reads_back_with_duckdb_and_pandas(ledger, tmp_path):
    entries, claims, documents = ledger
    export(tmp_path, "parquet", entries, claims, documents)
    path = str(tmp_path / "entries.parquet")
    counts = duckdb.sql(
        "SELECT giver, receiver, count(*) FROM read_parquet(?) GROUP BY ALL ORDER BY ALL", params=[path]
    ).fetchall()
    expected = sorted({(g, r, sum(1 for e in entries if (e.giver, e.receiver) == (g, r)))
                       for g, r in {(e.giver, e.receiver) for e in entries}})
    assert counts == expected
    assert len(pd.read_parquet(tmp_path / "claims.parquet")) == len(claims)
    assert len(pd.read_parquet(tmp_path / "documents.parquet")) == len(documents)


def test_an_empty_ledger_still_writes_readable_tables(tmp_path):
    export(tmp_path, "parquet", [], [], [])
    export(tmp_path, "csv", [], [], [])
    assert list(pd.read_parquet(tmp_path / "entries.parquet").columns)[:3] == ["id", "giver", "receiver"]
    assert len(pd.read_csv(tmp_path / "claims.csv")) == 0


def ftm_lines(tmp_path, ledger):
    entries, claims, documents = ledger
    (path,) = export(tmp_path, "ftm", entries, claims, documents)
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_ftm_line_round_trips_through_followthemoney(ledger, tmp_path):
    for data in ftm_lines(tmp_path, ledger):
        proxy = model.get_proxy(data)
        assert proxy.to_dict() == data


def test_ftm_references_point_at_entities_in_the_file(ledger, tmp_path):
    lines = ftm_lines(tmp_path, ledger)
    ids = {data["id"] for data in lines}
    for data in lines:
        proxy = model.get_proxy(data)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in ids, (data["id"], prop.name, value)


def test_ftm_maps_entries_to_events_with_plover_types_and_claims_to_documentation(ledger, tmp_path):
    entries, claims, _ = ledger
    lines = ftm_lines(tmp_path, ledger)
    by_schema: dict[str, list[dict]] = {}
    for data in lines:
        by_schema.setdefault(data["schema"], []).append(data)
    assert len(by_schema["Event"]) == len(entries)
    assert {d["properties"]["name"][0] for d in by_schema["PublicBody"]} >= {"Russia", "North Korea"}
    support = next(e for e in entries if e.category == "diplomatic_support")
    event = next(d for d in by_schema["Event"] if d["id"] == ftm_id("entry", support.id))
    assert "PLOVER:SUPPORT" in event["properties"]["keywords"]
    assert all(e["properties"]["receiver"] for e in by_schema["EconomicActivity"])
    assert len(by_schema["EconomicActivity"]) == sum(1 for e in entries if e.category != "diplomatic_support")
    quotes = {d["properties"]["summary"][0] for d in by_schema["Documentation"]}
    assert quotes == {c.evidence.text for c in claims}
    flagged = sum(len(e.flags) for e in entries)
    assert len(by_schema["Note"]) == flagged > 0


def test_plover_types_follow_the_kind_of_transfer():
    assert plover_type("refined_petroleum") == "AID"
    assert plover_type("diplomatic_support") == "SUPPORT"
    assert plover_type("military_technology") == "COOPERATE"


def test_an_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(tmp_path, "xml", [], [], [])
    assert set(FORMATS) == {"csv", "jsonl", "parquet", "ftm"}


def test_ftm_ids_are_valid_entity_ids():
    assert ftm_id("entry", "entry:ab12") == "barter-entry-ab12"
    assert ftm_id("doc", "doc:x/y z") == "barter-doc-x-y-z"
