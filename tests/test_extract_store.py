"""store/claims.py: claims saved per document, idempotently, in a real DuckDB file."""

from __future__ import annotations

import pytest

from barter.records import Claim, Document, Evidence, Quantity, Source
from barter.store import writing
from barter.store.claims import (
    count_claims,
    documents_to_extract,
    get_claim,
    list_claims,
    mark_extracted,
    save_claims,
)
from barter.store.documents import save_documents

TEXT = "Russia shipped diesel to North Korea."


def claim(doc_id: str = "d1", status: str = "asserted", category: str = "refined_petroleum") -> Claim:
    return Claim(doc_id=doc_id, giver="RUS", receiver="PRK", category=category, status=status,
                 evidence=Evidence(0, 14, TEXT[:14]), sources=(Source("the US", "USA"),),
                 item="diesel", predicate="shipped", sentence=TEXT, quantity=Quantity(10, 20, "tonnes"),
                 when="2023-03", when_basis="text")


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "claims.duckdb"
    with writing(path) as connection:
        save_documents(connection, [Document(id="d1", text=TEXT), Document(id="d2", text="Nothing.")], run_id=None)
    return path


def test_a_saved_claim_reads_back_equal(db):
    with writing(db) as connection:
        save_claims(connection, "d1", [claim()], run_id=1)
        assert get_claim(connection, claim().id) == claim()
        assert list_claims(connection, giver="RUS") == [claim()]


def test_saving_a_documents_claims_again_replaces_them(db):
    with writing(db) as connection:
        save_claims(connection, "d1", [claim(), claim(status="reported")], run_id=1)
        save_claims(connection, "d1", [claim(status="reported")], run_id=2)
        save_claims(connection, "d1", [claim(status="reported")], run_id=3)
        assert [c.status for c in list_claims(connection, doc_id="d1")] == ["reported"]
        assert count_claims(connection) == 1


def test_a_claim_of_another_document_is_refused(db):
    with writing(db) as connection, pytest.raises(ValueError, match="belongs to document d2"):
        save_claims(connection, "d1", [claim(doc_id="d2")], run_id=1)


def test_only_documents_not_yet_extracted_are_offered_again(db):
    with writing(db) as connection:
        assert [d.id for d in documents_to_extract(connection)] == ["d1", "d2"]
        mark_extracted(connection, "d1", "rules", run_id=1)
        mark_extracted(connection, "d1", "rules", run_id=2)
        assert [d.id for d in documents_to_extract(connection)] == ["d2"]
        assert [d.id for d in documents_to_extract(connection, only_new=False)] == ["d1", "d2"]
        assert [d.id for d in documents_to_extract(connection, only_new=False, ids=["d2"])] == ["d2"]


def test_stored_documents_come_back_with_their_text(db):
    with writing(db) as connection:
        [first, _] = list(documents_to_extract(connection))
    assert first.text == TEXT


def test_a_batch_is_saved_as_its_documents_would_be_one_by_one(db):
    from barter.store import reading
    from barter.store.claims import save_extraction

    first, second = claim("d1"), claim("d2", status="reported")
    with writing(db) as connection:
        assert save_extraction(connection, [("d1", [first]), ("d2", [second])], "rules", None) == 2
        # again, d1 now without claims: its claims are replaced, not added to
        assert save_extraction(connection, [("d1", []), ("d2", [second])], "rules", None) == 1
    with reading(db) as connection:
        assert [(c.doc_id, c.status) for c in list_claims(connection)] == [("d2", "reported")]
        assert list(documents_to_extract(connection)) == []


def test_a_batch_refuses_a_claim_filed_under_another_document(db):
    from barter.store.claims import save_extraction

    with writing(db) as connection, pytest.raises(ValueError, match="belongs to document d2"):
        save_extraction(connection, [("d1", [claim("d2")])], "rules", None)
