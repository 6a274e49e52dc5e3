"""The built-in sample articles and their gold claims stay consistent with each other and with ingest."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "barter" / "samples"
CATEGORIES = {
    "arms", "military_personnel", "military_technology", "crude_oil", "refined_petroleum", "energy",
    "food", "goods", "aid", "workers", "money", "diplomatic_support",
}
STATUSES = {"asserted", "reported", "denied", "planned", "speculative"}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _builder():
    spec = importlib.util.spec_from_file_location("samples_to_docs", ROOT / "scripts" / "samples_to_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DOCS = {d["id"]: d for d in _jsonl(SAMPLES / "docs.jsonl")}
GOLD = _jsonl(SAMPLES / "gold.jsonl")
CLAIMS = [g for g in GOLD if not g.get("none")]


def test_docs_jsonl_is_rebuilt_from_the_txt_files():
    builder = _builder()
    rebuilt = {p.stem: builder.sample_as_doc(p) for p in sorted(SAMPLES.glob("*.txt"))}
    assert rebuilt == DOCS, "run: python3 scripts/samples_to_docs.py"


def test_docs_text_is_what_the_plain_text_ingester_stores():
    from barter.ingest.text import split_header

    for path in sorted(SAMPLES.glob("*.txt")):
        parts = split_header(path.read_text(encoding="utf-8"))
        assert parts.text == DOCS[path.stem]["text"], path.name
        assert parts.title == DOCS[path.stem]["title"], path.name


def test_every_sample_is_annotated():
    assert {g["doc_id"] for g in GOLD} == set(DOCS)


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda g: f"{g['doc_id']}:{g['giver']}>{g['receiver']}:{g['category']}")
def test_gold_evidence_is_verbatim_in_its_document(claim):
    assert claim["evidence"] in DOCS[claim["doc_id"]]["text"]


def test_gold_uses_only_contract_categories_statuses_and_codes():
    for g in CLAIMS:
        assert g["category"] in CATEGORIES and g["status"] in STATUSES, g
        for code in [g["giver"], g["receiver"], *g["sources"]]:
            assert len(code) == 3 and code.isupper(), g


def test_samples_cover_every_category_and_status():
    assert {g["category"] for g in CLAIMS if g["required"]} == CATEGORIES
    assert {g["status"] for g in CLAIMS if g["required"]} == STATUSES


def test_nothing_is_annotated_in_the_headline_trailer():
    text = DOCS["07_with_trailer"]["text"]
    trailer_starts = text.index("Share this article")
    for g in CLAIMS:
        if g["doc_id"] == "07_with_trailer":
            assert text.index(g["evidence"]) < trailer_starts, g["evidence"]


def test_syndicated_copy_and_independent_report_restate_earlier_transfers():
    keys = lambda doc: {(g["giver"], g["receiver"], g["category"]) for g in CLAIMS if g["doc_id"] == doc}
    assert keys("02_fuel_shipments_syndicated") == keys("01_fuel_shipments")
    figures = {
        g["doc_id"]: g["quantity"]["low"]
        for g in CLAIMS
        if g["category"] == "arms" and g["quantity"] and g["quantity"]["unit"] == "containers"
    }
    assert figures["03_shells_for_oil"] != figures["04_containers_second_report"]
