"""Score extracted claims against a gold set, exactly as ../shared/eval/score.py does.

The shared scorer is the referee; this module re-implements its arithmetic so
that `barter eval` can add what an engineer needs on top (per-category
figures, the sentence behind every miss) without a second opinion on the
headline numbers.  tests/test_evaluate.py pins the agreement.

A claim's key is (doc_id, giver, receiver, category).  Gold claims with
``"required": false`` are optional: predicting them is neither rewarded nor
punished.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from barter.records import CATEGORIES, COARSE_CATEGORY, STATUSES

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    true_positives: frozenset = frozenset()
    false_positives: frozenset = frozenset()
    false_negatives: frozenset = frozenset()


@dataclass
class Scores:
    fine: PRF
    coarse: PRF
    per_category: dict[str, PRF]
    sources_named: int
    sources_wanted: int
    status_matched: int
    grounded: int
    verbatim: int
    predicted: int  # predictions that name a known document and category
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def found(self) -> int:
        return len(self.fine.true_positives)

    def as_dict(self) -> dict[str, Any]:
        found = self.found or 1
        return {
            "fine": {"p": self.fine.precision, "r": self.fine.recall, "f1": self.fine.f1},
            "coarse": {"p": self.coarse.precision, "r": self.coarse.recall, "f1": self.coarse.f1},
            "sources": self.sources_named / self.sources_wanted if self.sources_wanted else None,
            "status": self.status_matched / found,
            "grounded": self.grounded / found,
            "verbatim": self.verbatim / self.predicted if self.predicted else None,
            "per_category": {c: {"p": s.precision, "r": s.recall, "f1": s.f1} for c, s in self.per_category.items()},
        }


def read_jsonl(path: Path | str) -> list[dict[str, Any]]:
    rows = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error.msg}); fix or remove the line") from None
    return rows


def source_codes(claim: Mapping[str, Any]) -> set[str]:
    codes = set()
    for source in claim.get("sources") or []:
        if isinstance(source, str):
            codes.add(source)
        elif isinstance(source, dict) and source.get("code"):
            codes.add(source["code"])
    return codes


def _squash(text: str) -> tuple[str, list[int]]:
    """Whitespace-folded text and, for each folded character, its offset in the original."""
    out, where = [], []
    previous_space = False
    for offset, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            out.append(" ")
            previous_space = True
        else:
            out.append(char)
            previous_space = False
        where.append(offset)
    return "".join(out), where


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    """Where a gold quote stands in the text, ignoring differences in whitespace."""
    folded, where = _squash(text)
    needle = re.sub(r"\s+", " ", quote).strip()
    spans, start = [], 0
    while needle:
        found = folded.find(needle, start)
        if found < 0:
            break
        spans.append((where[found], where[found + len(needle) - 1] + 1))
        start = found + 1
    return spans


def key_of(claim: Mapping[str, Any]) -> Key:
    return (claim.get("doc_id"), claim.get("giver"), claim.get("receiver"), claim.get("category"))


def _fold(key: Key, coarse: bool) -> Key:
    return (key[0], key[1], key[2], COARSE_CATEGORY.get(key[3], key[3])) if coarse else key


def _prf(got: set, required: set, optional: set) -> PRF:
    tp, fp, fn = got & required, got - optional, required - got
    precision = len(tp) / (len(tp) + len(fp)) if tp or fp else 0.0
    recall = len(tp) / len(required) if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1, frozenset(tp), frozenset(fp), frozenset(fn))


def score(docs: Mapping[str, str], gold: Iterable[Mapping[str, Any]], predictions: Iterable[Mapping[str, Any]]) -> Scores:
    """Score predictions against gold; ``docs`` maps document id to its text."""
    gold = [g for g in gold if not g.get("none")]
    dropped: dict[str, int] = defaultdict(int)
    kept = []
    for p in predictions:
        if p.get("doc_id") not in docs:
            dropped["doc_id not among the documents"] += 1
            continue
        if p.get("category") not in COARSE_CATEGORY:
            dropped["unknown category"] += 1
            continue
        if p.get("status") not in STATUSES:
            dropped["unknown status"] += 1
        kept.append(p)

    def keysets(coarse: bool) -> tuple[set, set, set]:
        required = {_fold(key_of(g), coarse) for g in gold if g.get("required", True)}
        optional = {_fold(key_of(g), coarse) for g in gold}
        got = {_fold(key_of(p), coarse) for p in kept}
        return got, required, optional

    fine = _prf(*keysets(False))
    coarse = _prf(*keysets(True))
    got, required, optional = keysets(False)
    per_category = {
        category: _prf({k for k in got if k[3] == category}, {k for k in required if k[3] == category},
                       {k for k in optional if k[3] == category})
        for category in CATEGORIES
        if any(k[3] == category for k in got | required)
    }

    gold_by_key, predicted_by_key = defaultdict(list), defaultdict(list)
    for g in gold:
        gold_by_key[key_of(g)].append(g)
    for p in kept:
        predicted_by_key[key_of(p)].append(p)

    wanted = named = status_ok = grounded = 0
    for key in fine.true_positives:
        want = set().union(*(set(g["sources"]) for g in gold_by_key[key]))
        have = set().union(*(source_codes(p) for p in predicted_by_key[key]))
        wanted += len(want)
        named += len(want & have)
        if {g["status"] for g in gold_by_key[key]} & {p.get("status") for p in predicted_by_key[key]}:
            status_ok += 1
        gold_spans = [s for g in gold_by_key[key] for s in locate(docs[key[0]], g["evidence"])]
        for p in predicted_by_key[key]:
            evidence = p.get("evidence") or {}
            start, end = evidence.get("start"), evidence.get("end")
            if isinstance(start, int) and isinstance(end, int) and any(start < ge and gs < end for gs, ge in gold_spans):
                grounded += 1
                break

    verbatim = 0
    for p in kept:
        evidence = p.get("evidence") or {}
        start, end, quote = evidence.get("start"), evidence.get("end"), evidence.get("text")
        text = docs[p["doc_id"]]
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) and quote and text[start:end] == quote:
            verbatim += 1

    return Scores(fine, coarse, per_category, named, wanted, status_ok, grounded, verbatim, len(kept), dict(dropped))


@dataclass(frozen=True)
class ErrorRow:
    kind: str  # "missed" or "spurious"
    key: Key
    status: str
    sentence: str


def _sentence_around(text: str, start: int, end: int, limit: int = 240) -> str:
    """The sentence (or line) holding a span: enough to see an error's class at a glance."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    sentence = re.sub(r"\s+", " ", text[left:right]).strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def error_rows(docs: Mapping[str, str], gold: Iterable[Mapping[str, Any]],
               predictions: Iterable[Mapping[str, Any]], scores: Scores) -> list[ErrorRow]:
    """Each missed and spurious key with the sentence it came from."""
    gold = [g for g in gold if not g.get("none")]
    rows = []
    for key in sorted(scores.fine.false_negatives):
        g = next(g for g in gold if key_of(g) == key)
        spans = locate(docs[key[0]], g["evidence"])
        sentence = _sentence_around(docs[key[0]], *spans[0]) if spans else g["evidence"]
        rows.append(ErrorRow("missed", key, g.get("status", ""), sentence))
    for key in sorted(scores.fine.false_positives):
        p = next(p for p in predictions if key_of(p) == key)
        evidence = p.get("evidence") or {}
        text = docs[key[0]]
        start, end = evidence.get("start", 0), evidence.get("end", 0)
        rows.append(ErrorRow("spurious", key, p.get("status", ""), _sentence_around(text, start, end)))
    return rows
