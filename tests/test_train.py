"""Training the claim model: the split, rebuilding passages, and a reproducible model file."""

from __future__ import annotations

import gzip
import json

import pytest

from barter.extract.learned import LearnedLayer
from barter.train import (
    gold_keys,
    in_test_split,
    read_annotations,
    rebuild_passages,
    train,
    train_rows,
    write_model,
)

# Our own sentences: who gives what to whom, and sentences naming two states with no transfer.
CLAIMS = [
    ("Russia shipped diesel to North Korea.", "RUS", "PRK", "refined_petroleum"),
    ("Iran sold drones to Russia.", "IRN", "RUS", "arms"),
    ("China sent rice to Cuba.", "CHN", "CUB", "food"),
    ("Germany delivered tanks to Ukraine.", "DEU", "UKR", "arms"),
    ("Japan gave fuel to the Philippines.", "JPN", "PHL", "refined_petroleum"),
    ("India bought crude oil from Russia.", "RUS", "IND", "crude_oil"),
    ("France supplied missiles to Ukraine.", "FRA", "UKR", "arms"),
    ("Brazil exported wheat to Egypt.", "BRA", "EGY", "food"),
]
NON_CLAIMS = [
    "Russia condemned the sanctions North Korea faces over fuel.",
    "Iran and Russia held talks on drones at a summit.",
    "China criticised Cuba over rice prices.",
    "Germany banned tanks made in Ukraine from its parade.",
    "Japan and the Philippines met to discuss fuel tariffs.",
    "India attacked Russia over oil prices in a speech.",
]


def _train_ids(count: int) -> list[str]:
    ids = [f"own:{n}" for n in range(200) if not in_test_split(f"own:{n}")]
    return ids[:count]


def tiny_rows() -> tuple[list[dict], list[dict]]:
    docs, gold = [], []
    texts = [(text, (giver, receiver, category)) for text, giver, receiver, category in CLAIMS]
    texts += [(text, None) for text in NON_CLAIMS]
    for doc_id, (text, key) in zip(_train_ids(len(texts)), texts):
        docs.append({"id": doc_id, "title": "", "published": "2023-05-01", "source": "test", "url": None, "text": text})
        if key is None:
            gold.append({"doc_id": doc_id, "none": True})
        else:
            giver, receiver, category = key
            gold.append({"doc_id": doc_id, "giver": giver, "receiver": receiver, "category": category,
                         "status": "asserted", "sources": [], "required": True, "evidence": text})
    return docs, gold


def test_the_test_split_is_one_passage_in_five_by_hash_and_stable():
    ids = [f"feed:{n:06x}" for n in range(2000)]
    share = sum(in_test_split(i) for i in ids) / len(ids)
    assert 0.17 < share < 0.23
    assert [in_test_split(i) for i in ids[:50]] == [in_test_split(i) for i in ids[:50]]


def test_train_rows_leave_out_the_test_split_and_fractions_nest():
    rows = [{"id": f"feed:{n}"} for n in range(400)]
    everything = train_rows(rows)
    assert all(not in_test_split(r["id"]) for r in everything) and len(everything) < len(rows)
    quarter = {r["id"] for r in train_rows(rows, 0.25)}
    half = {r["id"] for r in train_rows(rows, 0.5)}
    assert quarter < half < {r["id"] for r in everything}
    assert len(half) == round(len(everything) / 2)


def test_optional_gold_keys_are_kept_apart_from_required_ones():
    keys = gold_keys([{"doc_id": "a", "giver": "RUS", "receiver": "PRK", "category": "arms", "required": False},
                      {"doc_id": "a", "giver": "IRN", "receiver": "RUS", "category": "arms"},
                      {"doc_id": "b", "none": True}])
    assert keys.required == {("a", "IRN", "RUS", "arms")}
    assert keys.optional == {("a", "IRN", "RUS", "arms"), ("a", "RUS", "PRK", "arms")}


def test_a_bad_annotation_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "annotations.jsonl"
    path.write_text('{"doc_id": "a", "claims": []}\n{"doc_id": "b"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"annotations.jsonl:2"):
        read_annotations(path)


def test_passages_are_rebuilt_from_the_corpus_with_their_evidence(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    feed = [{"id": "feed:1", "title": "t", "published": "2023-01-02", "source": "s", "url": None,
             "text": "Iran sold drones to Russia. Nothing else."},
            {"id": "feed:2", "title": "t", "published": None, "source": "s", "url": None, "text": "Unannotated."}]
    white_house = [{"id": "wh:a", "title": "t", "published": None, "source": "whitehouse.gov", "url": None,
                    "text": "First paragraph.\n\nWe sent fuel to Ukraine."}]
    for name, rows in (("news-feeds-2023.jsonl.gz", feed), ("whitehouse.jsonl.gz", white_house)):
        with gzip.open(corpus / name, "wt", encoding="utf-8") as sink:
            sink.writelines(json.dumps(row) + "\n" for row in rows)
    annotations = {"feed:1": [{"giver": "IRN", "receiver": "RUS", "category": "arms", "status": "asserted",
                               "sources": [], "required": True, "evidence": [0, 27]}],
                   "wh:a#1": []}
    docs, gold = rebuild_passages(tmp_path, annotations)
    assert [d["id"] for d in docs] == ["feed:1", "wh:a#1"]
    assert docs[1]["text"] == "We sent fuel to Ukraine."
    assert gold == [dict(annotations["feed:1"][0], doc_id="feed:1", evidence="Iran sold drones to Russia."),
                    {"doc_id": "wh:a#1", "none": True}]


def test_a_missing_corpus_is_one_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus"):
        rebuild_passages(tmp_path, {})


def test_training_twice_on_the_same_annotations_writes_identical_bytes(tmp_path):
    docs, gold = tiny_rows()
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    result = train(docs, gold, annotations_sha256="0" * 64)
    write_model(result.model, first)
    write_model(train(docs, gold, annotations_sha256="0" * 64).model, second)
    assert first.read_bytes() == second.read_bytes()
    layer = LearnedLayer.load(first)
    assert layer.weights and 0.0 < layer.threshold < 1.0
    trained = result.model["trained_on"]
    assert trained["passages"] == len(docs) and trained["positives"] >= len(CLAIMS) - 2


# --- the command -------------------------------------------------------------------------------

def _shared_with_corpus(tmp_path):
    """A shared folder whose corpus holds our own sentences, and annotations pointing into it."""
    shared = tmp_path / "shared"
    (shared / "corpus").mkdir(parents=True)
    docs, gold = tiny_rows()
    with gzip.open(shared / "corpus" / "news-feeds-2023.jsonl.gz", "wt", encoding="utf-8") as sink:
        sink.writelines(json.dumps(row) + "\n" for row in docs)
    with gzip.open(shared / "corpus" / "whitehouse.jsonl.gz", "wt", encoding="utf-8") as sink:
        sink.write("")
    annotations = tmp_path / "annotations.jsonl"
    lines = []
    for row in docs:
        claims = [{"giver": g["giver"], "receiver": g["receiver"], "category": g["category"], "status": "asserted",
                   "sources": [], "required": True, "quantity": None, "note": None, "evidence": [0, len(row["text"])]}
                  for g in gold if g["doc_id"] == row["id"] and not g.get("none")]
        lines.append(json.dumps({"doc_id": row["id"], "claims": claims}) + "\n")
    annotations.write_text("".join(lines), encoding="utf-8")
    return shared, annotations


def test_barter_train_writes_a_loadable_model_from_the_corpus_beside_the_clone(tmp_path):
    from typer.testing import CliRunner

    from barter.cli import app

    shared, annotations = _shared_with_corpus(tmp_path)
    out = tmp_path / "model.json"
    result = CliRunner().invoke(app, ["train", "--shared", str(shared), "--annotations", str(annotations),
                                      "--out", str(out), "--report"])
    assert result.exit_code == 0, result.output
    assert "features" in result.output and "Cross-validated" in result.output
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["trained_on"]["passages"] == len(tiny_rows()[0])
    assert LearnedLayer.load(out).threshold == model["threshold"]


def test_barter_train_without_a_corpus_says_where_it_looked_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from barter.cli import app

    annotations = tmp_path / "annotations.jsonl"
    annotations.write_text('{"doc_id": "feed:1", "claims": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "--shared", str(tmp_path / "nowhere"), "--annotations", str(annotations),
                                      "--out", str(tmp_path / "model.json")])
    assert result.exit_code == 2
    assert "corpus missing" in result.output and "nowhere" in result.output
    assert not (tmp_path / "model.json").exists()


def trial(c, f1, rule, proposed, floor=True):
    return {"C": c, "class_weight": "none", "cv_f1": f1, "rule_threshold": rule, "threshold": proposed,
            "meets_floor": floor}


def test_the_most_cautious_setting_within_one_standard_error_of_the_best_is_chosen():
    from barter.train import most_cautious_of_the_best

    trials = [trial(0.1, 0.505, 0.30, 0.34), trial(0.3, 0.474, 0.20, 0.48), trial(3.0, 0.454, 0.05, 0.79),
              trial(1.0, 0.530, 0.05, 0.90, floor=False)]
    # with 186 required keys one standard error of F1 0.505 is 0.037: 0.474 is as good, 0.454 is not,
    # and a setting below the precision floor is not weighed at all
    assert most_cautious_of_the_best(trials, 186)["C"] == 0.3


def test_with_many_keys_the_best_setting_stands_alone():
    from barter.train import most_cautious_of_the_best

    trials = [trial(0.1, 0.505, 0.30, 0.34), trial(0.3, 0.474, 0.20, 0.48)]
    assert most_cautious_of_the_best(trials, 100_000)["C"] == 0.1
