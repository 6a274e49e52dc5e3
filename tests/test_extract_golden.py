"""Golden files: the claims extracted from each sample article, pinned.

tests/golden/<doc_id>.jsonl holds, one a line, the claims of the sample
article <doc_id> (src/barter/samples/docs.jsonl).  A change to the extractor
that changes any claim fails here; when the change is intended, regenerate
and review the diff:

    BARTER_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_extract_golden.py
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from barter.extract import ExtractConfig, extract_documents
from barter.records import Document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "src" / "barter" / "samples" / "docs.jsonl"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("BARTER_UPDATE_GOLDEN") == "1"


def sample_documents() -> list[Document]:
    from barter.clean import clean

    documents = []
    for line in SAMPLES.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        published = date.fromisoformat(row["published"]) if row.get("published") else None
        documents.append(clean(Document(id=row["id"], text=row["text"], title=row.get("title") or "",
                                        published=published, source=row.get("source") or "", url=row.get("url"))))
    return documents


def pinned(claim) -> dict:
    """The fields a golden file pins (the id and confidence follow from them)."""
    row = claim.to_contract()
    return {key: row[key] for key in ("giver", "receiver", "category", "status", "sources", "evidence",
                                      "item", "predicate", "quantity", "when", "when_basis")}


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[dict]]:
    out = {}
    # the rules' claims: the learned layer's are pinned by its own tests
    for document, claims in extract_documents(sample_documents(), ExtractConfig(model=False)):
        rows = [pinned(c) for c in claims]
        out[document.id] = sorted(rows, key=lambda r: (r["evidence"]["start"], r["giver"], r["receiver"],
                                                       r["category"], r["status"]))
    return out


@pytest.mark.parametrize("doc_id", [d.id for d in sample_documents()])
def test_sample_claims_match_their_golden_file(doc_id, extracted):
    path = GOLDEN / f"{doc_id}.jsonl"
    got = extracted[doc_id]
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in got), encoding="utf-8")
    want = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert got == want


def test_every_golden_claim_quotes_its_sample_verbatim(extracted):
    texts = {d.id: d.text for d in sample_documents()}
    for doc_id, rows in extracted.items():
        for row in rows:
            evidence = row["evidence"]
            assert texts[doc_id][evidence["start"]:evidence["end"]] == evidence["text"]
