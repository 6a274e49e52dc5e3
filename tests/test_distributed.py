"""Extraction as a Ray Data job: the same claims as the local extractor, loaded into the store idempotently.

The Ray tests start one local Ray instance for the module (two actors) and
shut it down at the end; they are skipped when ray is not installed.  The
documents are our own sentences, written here.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest

from barter.clean import clean
from barter.distributed import (
    CLAIM_SCHEMA,
    claim_from_row,
    claim_row,
    claims_from_parquet,
    extract_with_ray,
    load_claims_parquet,
    shard_paths,
)
from barter.extract import ExtractConfig, extract_documents
from barter.ingest import Limits, read_inputs
from barter.records import Claim, Document, Evidence, Quantity, Source
from barter.store import reading
from barter.store.claims import list_claims

# Sentences of our own; about half name a transfer between two states.
SENTENCES = [
    "Russia shipped diesel to North Korea last month, officials in Seoul said.",
    "North Korea sent artillery shells to Russia by rail, according to a think tank in Washington.",
    "The weather in Pyongyang was cold and dry on Tuesday.",
    "Iran sold attack drones to Russia in 2022, the White House said.",
    "Moscow denied that it had supplied fighter jets to North Korea.",
    "A trade fair opened in Vladivostok with stalls selling timber and fish.",
    "China delivered 30,000 tonnes of rice to North Korea in April 2023.",
    "The two leaders talked for three hours and then watched a concert.",
    "Russia may give North Korea satellite technology, analysts in Tokyo warned.",
    "Belarus sent trucks and tractors to Russia, a customs official said.",
    "Farmers near the border planted potatoes earlier than usual this spring.",
    "North Korea supplied ballistic missiles to Russia, the defence ministry in Kyiv said.",
    "Russia plans to send wheat to Syria next year.",
    "A new bridge over the river is expected to open in the autumn.",
    "Venezuela sold crude oil to Cuba at a discount, according to shipping data.",
    "The museum reopened after a long renovation.",
    "Russia transferred $5 million to Iran, a report by the treasury said.",
    "North Korean workers were sent to Russia to build apartment blocks, a rights group said.",
    "Officials met in Beijing to discuss tourism.",
    "Russia vetoed a Security Council resolution on North Korea sanctions.",
    "Syria received grain from Russia in a shipment that docked at Tartus.",
    "The railway line between the two countries was closed for repairs.",
    "Russia denied sending fuel to North Korea above the UN cap.",
    "Iran gave Russia artillery ammunition, two officials said on Friday.",
]


def _rows() -> list[dict]:
    """Each sentence as a short article in the shared JSONL shape, with a second sentence of filler."""
    rows = []
    for number, sentence in enumerate(SENTENCES):
        text = f"{sentence}\n\nThe report was published on a weekday. More details were not given."
        rows.append({"id": f"ray:{number:02d}", "title": f"Report {number}", "published": f"2023-0{1 + number % 9}-15",
                     "source": "example.org", "url": f"https://example.org/{number}", "text": text})
    return rows


BAD_ROW = {"id": "ray:empty", "title": "No text", "published": "2023-05-01", "source": "example.org",
           "url": None, "text": "   "}
BROKEN_LINE = '{"id": "ray:broken", "text": "Russia sent tanks'  # cut off: not JSON


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> Path:
    """Half the documents in a gzipped JSONL shard (and a line cut short), half (and a row without text) in Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("shards")
    rows = _rows()
    half = len(rows) // 2
    with gzip.open(folder / "part-0.jsonl.gz", "wt", encoding="utf-8") as handle:
        for row in rows[:half]:
            handle.write(json.dumps(row) + "\n")
        handle.write(BROKEN_LINE + "\n")
    pq.write_table(pa.Table.from_pylist([*rows[half:], BAD_ROW]), folder / "part-1.parquet")
    return folder


@dataclasses.dataclass(frozen=True)
class RayRun:
    """What one `barter extract --ray local` run left behind."""

    exit_code: int
    output: str
    parquet: Path
    db: Path
    claims_jsonl: Path


@pytest.fixture(scope="module")
def ray_run(shards, tmp_path_factory) -> RayRun:
    """One run of the command on the shards, in a local Ray instance (two actors) shut down after the module."""
    ray = pytest.importorskip("ray", reason="ray is not installed: pip install 'barter[ray]' to run the Ray tests")
    from typer.testing import CliRunner

    from barter.cli import app

    ray.init(num_cpus=3, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False,
             object_store_memory=100 * 1024 * 1024)
    try:
        folder = tmp_path_factory.mktemp("run")
        run = RayRun(0, "", folder / "parquet", folder / "barter.duckdb", folder / "claims.jsonl")
        result = CliRunner().invoke(app, ["extract", "--db", str(run.db), "--ray", "local", "--input", str(shards),
                                          "--ray-out", str(run.parquet), "--workers", "2",
                                          "--jsonl", str(run.claims_jsonl)])
        yield dataclasses.replace(run, exit_code=result.exit_code, output=result.output)
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def local_claims() -> list[dict]:
    """What the one-machine extractor reads from the same rows, read by ingest and cleaned."""
    documents = [clean(document) for document in _ingested(_rows())]
    return sorted((claim.to_contract() for _, claims in extract_documents(documents, ExtractConfig()) for claim in claims),
                  key=_order)


def _ingested(rows: list[dict]) -> list[Document]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "docs.jsonl"
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        return [item for item in read_inputs([str(path)], Limits()) if isinstance(item, Document)]


def _order(contract: dict) -> tuple:
    return (contract["doc_id"], contract["evidence"]["start"], contract["id"])


# --- conversion, without Ray -----------------------------------------------------------

def _claim(**changes) -> Claim:
    base = Claim(doc_id="d1", giver="RUS", receiver="PRK", category="refined_petroleum", status="reported",
                 evidence=Evidence(0, 14, "Russia shipped"), sources=(Source("officials in Seoul", "KOR"),),
                 item="diesel", predicate="shipped", sentence="Russia shipped diesel.",
                 quantity=Quantity(40000, 45000, "tonnes"), when="2023-03", when_basis="text", confidence=0.8)
    return dataclasses.replace(base, **changes)


@pytest.mark.parametrize("claim", [_claim(), _claim(quantity=None, sources=(), when=None, when_basis=None)])
def test_a_claim_survives_its_parquet_row_unchanged(claim):
    row = claim_row(claim)
    assert set(row) == set(CLAIM_SCHEMA.names)
    assert claim_from_row(row).to_contract() == claim.to_contract()


def test_a_row_whose_fields_no_longer_give_its_id_is_refused():
    row = claim_row(_claim())
    row["evidence_start"] = 1
    with pytest.raises(ValueError, match="does not match its fields"):
        claim_from_row(row)


def test_shards_are_told_apart_by_suffix_and_directories_are_listed(tmp_path):
    for name in ("a.jsonl", "b.jsonl.gz", "c.parquet", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    json_paths, parquet_paths = shard_paths([str(tmp_path), "s3://bucket/part-9.parquet"])
    assert [Path(p).name for p in json_paths] == ["a.jsonl", "b.jsonl.gz"]
    assert parquet_paths == [str(tmp_path / "c.parquet"), "s3://bucket/part-9.parquet"]


def test_the_jobs_own_output_inside_an_input_directory_is_no_shard(tmp_path):
    (tmp_path / "docs.jsonl").write_text("x", encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "part.parquet").write_text("x", encoding="utf-8")
    assert shard_paths([str(tmp_path)], exclude=str(tmp_path / "claims")) == ([str(tmp_path / "docs.jsonl")], [])


def test_inputs_without_a_shard_are_refused_before_ray_starts(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="no JSONL or Parquet shards in .*notes.txt"):
        extract_with_ray([str(tmp_path / "notes.txt")], tmp_path / "out", address="ray://nowhere.invalid:10001")


# --- the Ray job ---------------------------------------------------------------------

@pytest.mark.slow
def test_the_ray_job_reads_the_same_claims_as_the_local_extractor(ray_run, local_claims):
    assert len(local_claims) >= 8  # the sample holds transfers: an empty comparison would prove nothing
    distributed = sorted((claim.to_contract() for _, claims in claims_from_parquet(ray_run.parquet) for claim in claims),
                         key=_order)
    assert distributed == local_claims


@pytest.mark.slow
def test_every_readable_document_has_a_row_even_without_claims(ray_run):
    read = [doc_id for doc_id, _ in claims_from_parquet(ray_run.parquet)]
    assert read == sorted(row["id"] for row in _rows())


@pytest.mark.slow
def test_a_bad_row_is_one_problem_line_naming_its_shard_and_the_job_goes_on(ray_run):
    problems: list[str] = []
    list(claims_from_parquet(ray_run.parquet, problems))
    [broken] = [line for line in problems if "part-0.jsonl.gz" in line]
    [empty] = [line for line in problems if "part-1.parquet" in line]
    assert len(problems) == 2
    assert "not valid JSON" in broken and "ray:broken" in broken  # the line's beginning, to find it by
    assert "ray:empty" in empty and "empty" in empty
    assert ray_run.exit_code == 1, ray_run.output  # the command says so too, and stores the rest


@pytest.mark.slow
def test_the_command_stores_the_claims_with_their_documents_and_writes_them_as_jsonl(ray_run, local_claims):
    written = sorted((json.loads(line) for line in ray_run.claims_jsonl.read_text(encoding="utf-8").splitlines()),
                     key=_order)
    assert written == local_claims
    with reading(ray_run.db) as connection:
        stored = list_claims(connection, limit=1000)
        orphans = connection.execute("SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0]
        extracted = connection.execute("SELECT count(*) FROM extracted").fetchone()[0]
        texts = dict(connection.execute("SELECT id, text FROM documents").fetchall())
    assert sorted((c.to_contract() for c in stored), key=_order) == local_claims
    assert orphans == 0 and extracted == len(SENTENCES)
    assert all(texts[c.doc_id][c.evidence.start:c.evidence.end] == c.evidence.text for c in stored)


@pytest.mark.slow
def test_loading_the_same_output_again_changes_nothing(ray_run, shards, local_claims):
    with reading(ray_run.db) as connection:
        before = sorted(c.id for c in list_claims(connection, limit=1000))
    again = load_claims_parquet(ray_run.db, ray_run.parquet, documents_jsonl=[str(shards)])
    with reading(ray_run.db) as connection:
        after = sorted(c.id for c in list_claims(connection, limit=1000))
    assert (again.counts.stored, again.counts.unchanged) == (0, len(SENTENCES))
    assert (again.counts.read, again.counts.claims) == (len(SENTENCES), len(local_claims))
    assert after == before and len(after) == len(local_claims)
    # each bad row named once, by ingest with its line number, not again from the job's output
    assert len(again.problems) == 2, again.problems
    assert any("part-0.jsonl.gz#13" in line and "not valid JSON" in line for line in again.problems)
    assert any("ray:empty" in line for line in again.problems)


@pytest.mark.slow
def test_claims_of_documents_the_store_lacks_are_named_not_loaded(ray_run, tmp_path):
    result = load_claims_parquet(tmp_path / "empty.duckdb", ray_run.parquet)
    assert result.counts.claims == 0 and result.counts.read == 0
    assert any(f"{len(SENTENCES)} documents are not in the store" in line for line in result.problems)


@pytest.mark.slow
def test_a_pool_that_would_take_every_cpu_is_refused_before_it_waits_forever(ray_run, shards, tmp_path):
    # the module's instance has 3 CPUs: 3 actors would leave the read and write tasks none
    with pytest.raises(ValueError, match="3 actors of one CPU each would take all 3 CPUs"):
        extract_with_ray([str(shards)], tmp_path / "out", num_actors=3)
