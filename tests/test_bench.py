"""`barter bench` and `barter bench-store`: figures printed, never asserted as times."""

from __future__ import annotations

import gzip
import json

from typer.testing import CliRunner

from barter.bench import Throughput, read_corpus
from barter.cli import app

ROWS = [{"id": f"d{n}", "title": "", "published": "2024-03-0%d" % (1 + n % 9), "source": "example.org", "url": None,
         "text": text} for n, text in enumerate([
             "Russia shipped diesel to North Korea in January, port records show.",
             "It rained in Pyongyang all week.",
             "Iran sold hundreds of drones to Russia over the summer, officials said.",
             "The market in Seoul was quiet.",
             "North Korea sent artillery shells to Russia by rail.",
         ])]


def write_corpus(path, rows=ROWS):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(row) + "\n" for row in rows))


def test_a_corpus_is_read_plain_or_gzipped_with_a_limit(tmp_path):
    for name in ("c.jsonl", "c.jsonl.gz"):
        write_corpus(tmp_path / name)
        assert [row["id"] for row in read_corpus(tmp_path / name, limit=2)] == ["d0", "d1"]


def test_every_nth_row_spans_the_corpus(tmp_path):
    write_corpus(tmp_path / "c.jsonl")
    assert [row["id"] for row in read_corpus(tmp_path / "c.jsonl", every=2)] == ["d0", "d2", "d4"]
    assert [row["id"] for row in read_corpus(tmp_path / "c.jsonl", limit=2, every=2)] == ["d0", "d2"]


def test_rates_are_per_second_and_zero_for_no_time():
    run = Throughput("x", documents=10, characters=2_000_000, claims=4, seconds=2.0, peak_rss_bytes=0)
    assert (run.docs_per_second, run.mb_per_second, run.claims_per_second) == (5.0, 1.0, 2.0)
    assert Throughput("x", 1, 1, 1, 0.0, 0).docs_per_second == 0.0


def test_bench_prints_its_figures_for_barter_and_the_rules_alone(tmp_path):
    write_corpus(tmp_path / "c.jsonl.gz")
    result = CliRunner().invoke(app, ["bench", str(tmp_path / "c.jsonl.gz"), "--workers", "1",
                                      "--baseline-limit", "0", "--rules-alone"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "barter clean+extract" in result.output and "rules alone" in result.output
    assert "docs/s" in result.output and "peak memory" in result.output


def test_bench_names_a_missing_corpus(tmp_path):
    result = CliRunner().invoke(app, ["bench", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2 and "missing.jsonl" in result.output


def test_bench_store_times_every_query_on_the_claims_it_generated(tmp_path):
    result = CliRunner().invoke(app, ["bench-store", "--claims", "5000", "--db", str(tmp_path / "s.duckdb")],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for query in ("ledger of a pair", "claims of one document", "one claim by id"):
        assert query in result.output
    assert "5,000 claims" in result.output
