"""Training the learned layer (extract/learned.py) from barter's own annotations.

    doc_rows, gold_rows = rebuild_passages(Path("../shared"), read_annotations(ANNOTATIONS))
    result = train(doc_rows, gold_rows)
    write_model(result.model, MODEL_PATH)

The annotations (training/annotations.jsonl) hold document ids, evidence
offsets and labels, never text: the passages are rebuilt from the corpus
beside the clone (``../shared/corpus``), so training needs it there.

Split (training/README.md): a passage is in the TEST split when
``int(sha256(doc_id).hexdigest(), 16) % 5 == 0``, else TRAIN.  Only TRAIN is
learned from; the shared dev and dev-real sets are never trained on.

How: every TRAIN passage is read with the gate OFF (so no candidate hides
behind it); each sentence's candidates (``learned.propose``) are labelled
positive when their (doc_id, giver, receiver, category) is a required gold
key, negative when it is no gold key, and left out when only an optional key
matches.  A logistic regression (scikit-learn, liblinear, fixed seed) is fitted
with C and class weighting chosen by 5-fold cross-validation grouped by
passage, scored as the eval scorer scores keys; two thresholds (one for the
rules' candidates, one for recall candidates) maximise that key F1 on the
cross-validated probabilities, among those whose precision is at least the
rules' own precision on TRAIN (the layer adds recall, it does not buy it
with precision; ``precision_floor=False`` drops that).  Settings whose
cross-validated F1 lies within one standard error of the best are all as good
as far as 186 or so required keys can tell; among them the most cautious is
kept (overruling the fewest rule reads, then proposing the fewest new ones):
picking the single best let the model's regime flip between retrainings on
noise.  A rule frame with fewer than
MIN_FRAME_EXAMPLES training candidates is not the model's to overrule: its
candidates stay as the rules read them.  The same annotations give a
byte-identical model file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ANNOTATIONS = REPO / "training" / "annotations.jsonl"
CORPORA = {"feed": "news-feeds-2023.jsonl.gz", "wh": "whitehouse.jsonl.gz"}
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
TEST_MODULUS = 5
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
CLASS_WEIGHTS = ("balanced", None)
FOLDS = 5
MIN_FRAME_EXAMPLES = 15  # training candidates a rule frame needs before the model may overrule it
SEED = 2023

Key = tuple[str, str, str, str]  # (doc_id, giver, receiver, category)


# --- the passages --------------------------------------------------------------------------

def in_test_split(doc_id: str) -> bool:
    """Our held-out TEST split: one passage in five, by a hash of its id (never tuned on)."""
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % TEST_MODULUS == 0


def read_annotations(path: Path = ANNOTATIONS) -> dict[str, list[dict]]:
    """doc_id -> its annotated claims (offsets, no text); the last line for an id wins."""
    annotations: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                annotations[row["doc_id"]] = row["claims"]
            except (json.JSONDecodeError, KeyError, TypeError):
                raise ValueError(f"{path}:{number}: not an annotation line (doc_id, claims)") from None
    return annotations


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def passages(shared: Path) -> Iterator[dict]:
    """Every passage of both corpora, in corpus order: a feed entry, or one White House paragraph."""
    for prefix, name in CORPORA.items():
        source = shared / "corpus" / name
        if not source.exists():
            raise FileNotFoundError(f"{source}: corpus missing; training rebuilds passages from ../shared/corpus "
                                    "beside the clone (pass --shared)")
        with gzip.open(source, "rt", encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                meta = {k: doc.get(k) for k in ("title", "published", "source", "url")}
                if prefix == "feed":
                    yield {"id": doc["id"], "text": doc["text"], **meta}
                    continue
                blocks = [b for b in PARAGRAPH_BREAK.split(doc["text"]) if b.strip()]
                for number, block in enumerate(blocks):
                    yield {"id": f"{doc['id']}#{number}", "text": block.strip("\n"), **meta}


def rebuild_passages(shared: Path, annotations: Mapping[str, list[dict]]) -> tuple[list[dict], list[dict]]:
    """The annotated passages as eval-shaped (doc rows, gold rows), evidence text cut from the corpus."""
    doc_rows: list[dict] = []
    gold_rows: list[dict] = []
    for passage in passages(shared):
        claims = annotations.get(passage["id"])
        if claims is None:
            continue
        doc_rows.append({k: passage[k] for k in ("id", "title", "published", "source", "url", "text")})
        if not claims:
            gold_rows.append({"doc_id": passage["id"], "none": True})
        for claim in claims:
            start, end = claim["evidence"]
            gold_rows.append(dict(claim, doc_id=passage["id"], evidence=passage["text"][start:end]))
    return doc_rows, gold_rows


def evaluation_ids(shared: Path) -> set[str]:
    """Ids of the shared dev and dev-real documents: evaluation only, never trained on."""
    ids: set[str] = set()
    for name in ("dev", "dev-real"):
        path = shared / "eval" / name / "docs.jsonl"
        if path.exists():
            with open(path, encoding="utf-8") as lines:
                ids |= {json.loads(line)["id"] for line in lines if line.strip()}
    return ids


def train_rows(doc_rows: list[dict], fraction: float = 1.0) -> list[dict]:
    """The TRAIN passages; a fraction takes a fixed, nested subset (1/4 inside 1/2 inside all)."""
    rows = [row for row in doc_rows if not in_test_split(row["id"])]
    if fraction >= 1.0:
        return rows
    order = sorted(rows, key=lambda row: hashlib.sha256(f"fraction:{row['id']}".encode()).hexdigest())
    return order[:max(1, round(len(rows) * fraction))]


# --- candidates and labels ---------------------------------------------------------------

@dataclass(frozen=True)
class Example:
    key: Key
    features: dict[str, float]
    label: int


@dataclass
class GoldKeys:
    required: set[Key] = field(default_factory=set)
    optional: set[Key] = field(default_factory=set)  # every gold key, required or not


def gold_keys(gold_rows: Iterable[Mapping]) -> GoldKeys:
    keys = GoldKeys()
    for row in gold_rows:
        if row.get("none"):
            continue
        key = (row["doc_id"], row["giver"], row["receiver"], row["category"])
        keys.optional.add(key)
        if row.get("required", True):
            keys.required.add(key)
    return keys


def candidate_examples(doc_rows: list[dict], gold_rows: list[dict], pipeline: str | None = None,
                       progress: Callable[[int], None] | None = None) -> list[Example]:
    """Every candidate of every sentence (gate off), with features and its gold label."""
    from barter.cli.evaluate import documents_from_rows
    from barter.extract import ExtractConfig, _gate, _gazetteer, _units_to_parse, readable_sentences
    from barter.extract.frames import read_sentence
    from barter.extract.learned import PROPOSED_FRAME, features, mentions_of, propose
    from barter.extract.pipeline import load_pipeline

    config = ExtractConfig(gate=False, model=False, **({"pipeline": pipeline} if pipeline else {}))
    nlp = load_pipeline(config.pipeline)
    actors = nlp.get_pipe("barter_actors")
    if actors.gazetteer is not _gazetteer():
        actors.use(_gazetteer())
    gate = _gate()
    keys = gold_keys(gold_rows)
    examples: list[Example] = []
    for document in documents_from_rows(doc_rows):
        units = list(_units_to_parse(document, gate, config))
        for doc in nlp.pipe(units, batch_size=config.batch_size):
            for sent in readable_sentences(doc):
                candidates = propose(sent, read_sentence(sent))
                rule_keys = {(c.giver, c.receiver, c.category): c.frame for c in candidates if c.frame != PROPOSED_FRAME}
                mentions = mentions_of(sent)
                for candidate in candidates:
                    key = (document.id, candidate.giver, candidate.receiver, candidate.category)
                    if key in keys.optional and key not in keys.required:
                        continue  # optional: neither taught as a claim nor as a non-claim
                    examples.append(Example(key, features(candidate, rule_keys, doc.user_data, mentions),
                                            int(key in keys.required)))
        if progress:
            progress(1)
    return examples


# --- fitting -------------------------------------------------------------------------------

def frame_of(example: Example) -> str | None:
    """The rule frame that proposed a candidate (None for a recall candidate)."""
    for name in example.features:
        if name.startswith("frame="):
            return name[len("frame="):]
    return None


def decided_frames(examples: list[Example]) -> list[str]:
    """Rule frames with enough training candidates for the model to overrule; the rest stay the rules' call."""
    counts: dict[str, int] = {}
    for example in examples:
        frame = frame_of(example)
        if frame:
            counts[frame] = counts.get(frame, 0) + 1
    return sorted(frame for frame, count in counts.items() if count >= MIN_FRAME_EXAMPLES)


@dataclass(frozen=True)
class Thresholds:
    rule: float  # for candidates of a decided rule frame
    proposed: float  # for recall candidates
    precision: float
    recall: float
    f1: float


def best_thresholds(examples: list[Example], probabilities, required: set[Key], decided: list[str],
                    min_precision: float = 0.0) -> Thresholds:
    """The two thresholds maximising key F1 as the scorer counts it (keys never proposed count as missed).

    A key is predicted when a kept-frame rule candidate has it, or its best decided rule candidate
    clears ``rule``, or its best recall candidate clears ``proposed``.  Ties go to higher thresholds.
    """
    import numpy as np

    keys = sorted({e.key for e in examples})
    index = {key: i for i, key in enumerate(keys)}
    kept = np.zeros(len(keys), dtype=bool)
    rule = np.full(len(keys), -1.0)
    proposed = np.full(len(keys), -1.0)
    for example, p in zip(examples, probabilities):
        i = index[example.key]
        frame = frame_of(example)
        if frame is None:
            proposed[i] = max(proposed[i], p)
        elif frame in decided:
            rule[i] = max(rule[i], p)
        else:
            kept[i] = True
    gold = np.array([key in required for key in keys])
    best = Thresholds(0.5, 0.5, 0.0, 0.0, -1.0)
    grid = [step / 100 for step in range(5, 96)]
    for t_rule in grid:
        by_rule = kept | (rule >= t_rule)
        for t_proposed in grid:
            got = by_rule | (proposed >= t_proposed)
            hits, count = int((got & gold).sum()), int(got.sum())
            precision = hits / count if count else 0.0
            recall = hits / len(required) if required else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            if f1 >= best.f1 and precision >= min_precision:
                best = Thresholds(t_rule, t_proposed, precision, recall, f1)
    return best


@dataclass
class TrainResult:
    model: dict[str, Any]
    report: dict[str, Any]


def rules_precision(examples: list[Example], required: set[Key]) -> float:
    """Key precision of the rules alone on these passages: every key some rule candidate has."""
    ruled = {e.key for e in examples if frame_of(e)}
    return len(ruled & required) / len(ruled) if ruled else 0.0


def fit(examples: list[Example], required: set[Key], counts: Mapping[str, Any], precision_floor: bool = True) -> TrainResult:
    """Choose C and weighting by grouped cross-validation, fit on all, return the model payload.

    With ``precision_floor`` the thresholds maximise F1 only among those whose
    cross-validated precision is at least the rules' own precision on TRAIN:
    the layer must add recall without buying it with precision.
    """
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from barter.extract.learned import MODEL_FORMAT, MODEL_VERSION, checksum_of

    labels = np.array([e.label for e in examples])
    if len(set(labels.tolist())) < 2:
        raise ValueError("training needs both claims and non-claims among the candidates")
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform([e.features for e in examples]).tocsr()
    matrix.indices = matrix.indices.astype(np.int32)  # liblinear takes 32-bit indices only
    matrix.indptr = matrix.indptr.astype(np.int32)
    groups = [e.key[0] for e in examples]
    folds = min(FOLDS, len(set(groups)))
    split = list(GroupKFold(n_splits=folds).split(matrix, labels, groups))
    decided = decided_frames(examples)
    floor = round(rules_precision(examples, required), 4) if precision_floor else 0.0
    trials = []
    for weighting in CLASS_WEIGHTS:
        for c in C_GRID:
            predicted = np.zeros(len(examples))
            for train_index, test_index in split:
                if len(set(labels[train_index].tolist())) < 2:
                    predicted[test_index] = labels[train_index].mean()
                    continue
                model = _model(LogisticRegression, c, weighting).fit(matrix[train_index], labels[train_index])
                predicted[test_index] = model.predict_proba(matrix[test_index])[:, 1]
            chosen_thresholds = best_thresholds(examples, predicted.tolist(), required, decided, floor)
            meets_floor = chosen_thresholds.f1 >= 0
            if not meets_floor:  # nothing reaches the floor: the best F1 regardless, chosen only if none does
                chosen_thresholds = best_thresholds(examples, predicted.tolist(), required, decided)
            trials.append({"C": c, "class_weight": weighting or "none", "threshold": chosen_thresholds.proposed,
                           "rule_threshold": chosen_thresholds.rule, "cv_f1": round(chosen_thresholds.f1, 4),
                           "cv_precision": round(chosen_thresholds.precision, 4),
                           "cv_recall": round(chosen_thresholds.recall, 4), "meets_floor": meets_floor})
    chosen = most_cautious_of_the_best(trials, len(required))
    final = _model(LogisticRegression, chosen["C"], None if chosen["class_weight"] == "none" else "balanced")
    final.fit(matrix, labels)
    weights = {}
    for name, weight in zip(vectorizer.get_feature_names_out(), final.coef_[0]):
        rounded = round(float(weight), 6)
        if rounded != 0.0:
            weights[str(name)] = rounded
    model = {
        "format": MODEL_FORMAT, "version": MODEL_VERSION, "features": weights,
        "bias": round(float(final.intercept_[0]), 6), "threshold": chosen["threshold"],
        "rule_threshold": chosen["rule_threshold"], "decided_frames": decided,
        "trained_on": dict(counts, candidates=len(examples), positives=int(labels.sum()),
                           required_keys=len(required), precision_floor=floor, C=chosen["C"], class_weight=chosen["class_weight"],
                           cv_f1=chosen["cv_f1"], cv_precision=chosen["cv_precision"], cv_recall=chosen["cv_recall"]),
    }
    model["checksum"] = checksum_of(model)
    return TrainResult(model, {"trials": trials, "chosen": chosen, "features": len(weights)})


def most_cautious_of_the_best(trials: list[dict], required_keys: int) -> dict:
    """Among the settings within one standard error of the best cross-validated F1 (those meeting
    the precision floor, if any does), the one overruling the rules least, then proposing least."""
    eligible = [t for t in trials if t["meets_floor"]] or trials
    best = max(t["cv_f1"] for t in eligible)
    standard_error = math.sqrt(best * (1 - best) / max(1, required_keys))
    near_best = [t for t in eligible if t["cv_f1"] >= best - standard_error]
    return min(near_best, key=lambda t: (t["rule_threshold"], -t["threshold"], -t["cv_f1"], t["C"]))


def _model(factory, c: float, weighting: str | None):
    return factory(C=c, solver="liblinear", class_weight=weighting, random_state=SEED, max_iter=1000)


def train(doc_rows: list[dict], gold_rows: list[dict], *, fraction: float = 1.0, annotations_sha256: str = "",
          pipeline: str | None = None, progress: Callable[[int], None] | None = None,
          precision_floor: bool = True) -> TrainResult:
    """A model from eval-shaped rows: TRAIN split only (or a nested fraction of it)."""
    rows = sorted(train_rows(doc_rows, fraction), key=lambda row: row["id"])
    ids = {row["id"] for row in rows}
    gold = [g for g in gold_rows if g["doc_id"] in ids]
    examples = candidate_examples(rows, gold, pipeline, progress)
    required = gold_keys(gold).required
    counts = {"passages": len(rows), "fraction": fraction, "annotations_sha256": annotations_sha256}
    return fit(examples, required, counts, precision_floor)


def write_model(model: Mapping[str, Any], path: Path) -> None:
    """Sorted keys, one entry a line: the same model is the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, sort_keys=True, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def train_from_shared(shared: Path, out: Path, *, annotations: Path = ANNOTATIONS, fraction: float = 1.0,
                      pipeline: str | None = None, progress: Callable[[int], None] | None = None,
                      precision_floor: bool = True) -> TrainResult:
    """Rebuild the annotated passages from ``shared``/corpus, train on TRAIN, write ``out``."""
    started = time.monotonic()
    doc_rows, gold_rows = rebuild_passages(shared, read_annotations(annotations))
    held_out = evaluation_ids(shared)
    doc_rows = [row for row in doc_rows if row["id"] not in held_out]
    result = train(doc_rows, gold_rows, fraction=fraction, annotations_sha256=file_sha256(annotations),
                   pipeline=pipeline, progress=progress, precision_floor=precision_floor)
    write_model(result.model, out)
    result.report["seconds"] = round(time.monotonic() - started, 1)
    result.report["test_passages"] = sum(1 for row in doc_rows if in_test_split(row["id"]))
    return result
