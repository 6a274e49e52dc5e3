"""barter's scorer agrees with the shared referee, figure for figure."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from barter.evaluate import error_rows, read_jsonl, score

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def scores_of_fixture():
    docs = {row["id"]: row["text"] for row in read_jsonl(FIXTURES / "docs.jsonl")}
    return docs, score(docs, read_jsonl(FIXTURES / "gold.jsonl"), read_jsonl(FIXTURES / "pred.jsonl"))


def test_figures_on_the_fixture_are_the_ones_the_shared_scorer_printed():
    _, scores = scores_of_fixture()
    assert (round(scores.fine.precision, 3), round(scores.fine.recall, 3), round(scores.fine.f1, 3)) == (0.5, 0.667, 0.571)
    assert (round(scores.coarse.precision, 3), round(scores.coarse.f1, 3)) == (0.5, 0.571)
    assert (scores.sources_named, scores.sources_wanted) == (1, 1)
    assert (scores.status_matched, scores.found) == (1, 2)
    assert (scores.verbatim, scores.predicted) == (3, 5)
    assert scores.grounded == 2
    assert scores.dropped == {"doc_id not among the documents": 1, "unknown category": 1}


def test_optional_gold_keys_are_neither_rewarded_nor_punished():
    _, scores = scores_of_fixture()
    keys = {k[3] for k in scores.fine.true_positives | scores.fine.false_positives}
    assert "energy" not in keys  # optional in gold, predicted: ignored


def test_error_rows_carry_the_sentence_each_miss_and_spurious_claim_came_from():
    docs, scores = scores_of_fixture()
    rows = error_rows(docs, read_jsonl(FIXTURES / "gold.jsonl"), read_jsonl(FIXTURES / "pred.jsonl"), scores)
    kinds = {(row.kind, row.key[1], row.key[2]) for row in rows}
    assert kinds == {("missed", "SYR", "RUS"), ("spurious", "RUS", "BLR"), ("spurious", "JPN", "KOR")}
    missed = next(row for row in rows if row.kind == "missed")
    assert missed.sentence.startswith("Belarus and Syria voted with Russia")


def _shared_figures(text: str) -> dict[str, str]:
    figures = {}
    for line in text.splitlines():
        match = re.match(r"(fine|coarse)\s+P ([\d.]+)\s+R ([\d.]+)\s+F1 ([\d.]+)", line)
        if match:
            figures[match.group(1)] = match.groups()[1:]
        match = re.match(r"(sources|status|evidence|grounded)\s+(\d+)/(\d+)", line)
        if match:
            figures[match.group(1)] = match.groups()[1:]
    return figures


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="../shared/eval/score.py is not beside this clone")
def test_agrees_with_the_shared_scorer_when_it_is_present():
    result = subprocess.run(
        [sys.executable, str(SHARED_SCORER), "--docs", str(FIXTURES / "docs.jsonl"), "--gold",
         str(FIXTURES / "gold.jsonl"), "--pred", str(FIXTURES / "pred.jsonl")],
        capture_output=True, text=True, check=True,
    )
    shared = _shared_figures(result.stdout)
    _, ours = scores_of_fixture()
    assert shared["fine"] == tuple(f"{x:.3f}" for x in (ours.fine.precision, ours.fine.recall, ours.fine.f1))
    assert shared["coarse"] == tuple(f"{x:.3f}" for x in (ours.coarse.precision, ours.coarse.recall, ours.coarse.f1))
    assert shared["sources"] == (str(ours.sources_named), str(ours.sources_wanted))
    assert shared["status"] == (str(ours.status_matched), str(ours.found))
    assert shared["evidence"] == (str(ours.verbatim), str(ours.predicted))
    assert shared["grounded"] == (str(ours.grounded), str(ours.found))
