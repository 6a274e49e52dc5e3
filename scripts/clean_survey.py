"""How much the clean stage removes from real text, and whether it ever removes gold evidence.

Reads the shared corpora and eval sets (read-only; nothing is written) and prints, per corpus:
documents read, documents touched, share of characters removed, spans per reason; then the
near-duplicate links among the sample; then any gold evidence that falls in a removed span.

    .venv/bin/python scripts/clean_survey.py --sample 20000 --show 5
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from barter.clean import NearDuplicates, _shingles, clean, clean_text, minhash_signature
from barter.records import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = ("news-feeds-2023.jsonl.gz", "whitehouse.jsonl.gz")
EVAL_SETS = ("dev", "dev-real")


def rows(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def sample(path: Path, size: int, seed: int) -> list[dict]:
    """A fixed random sample (reservoir), so runs compare."""
    chosen: list[dict] = []
    generator = random.Random(seed)
    for index, row in enumerate(rows(path)):
        if len(chosen) < size:
            chosen.append(row)
        else:
            slot = generator.randint(0, index)
            if slot < size:
                chosen[slot] = row
    return chosen


def document(row: dict) -> Document:
    return Document(id=row["id"], text=row.get("text") or "", title=row.get("title") or "")


def survey(name: str, documents: list[dict], show: int) -> None:
    started = time.perf_counter()
    cleaned = [clean(document(row)) for row in documents]
    seconds = time.perf_counter() - started
    characters = sum(len(d.text) for d in cleaned)
    removed = sum(span.end - span.start for d in cleaned for span in d.removed)
    reasons = Counter(span.reason for d in cleaned for span in d.removed)
    removed_by_reason = Counter()
    for d in cleaned:
        for span in d.removed:
            removed_by_reason[span.reason] += span.end - span.start
    touched = sum(1 for d in cleaned if d.removed)
    print(f"== {name}: {len(cleaned)} documents, {characters} characters, cleaned in {seconds:.2f} s "
          f"({len(cleaned) / seconds:.0f} docs/s)")
    print(f"   documents touched: {touched} ({touched / len(cleaned):.2%}); characters removed: {removed} "
          f"({removed / max(characters, 1):.3%})")
    for reason, count in reasons.most_common():
        print(f"   {reason:18} {count:6} spans {removed_by_reason[reason]:9} chars")
    if show:
        generator = random.Random(0)
        for reason in reasons:
            spans = [(d, s) for d in cleaned for s in d.removed if s.reason == reason]
            for d, span in generator.sample(spans, min(show, len(spans))):
                snippet = d.text[span.start : span.end]
                print(f"   [{reason}] {d.id[:40]}: {snippet[:110]!r}{' ...' if len(snippet) > 110 else ''}")
    links(name, cleaned)


def links(name: str, cleaned: list[Document]) -> None:
    """Link each document to an earlier near-copy, then check every link by exact shingle Jaccard."""
    started = time.perf_counter()
    index = NearDuplicates()
    texts = {d.id: clean_text(d).text for d in cleaned}
    pairs = []
    for d in cleaned:
        signature = minhash_signature(texts[d.id])
        first = index.first_copy(signature)
        if first is not None:
            pairs.append((d.id, first))
        else:
            index.add(d.id, signature)
    seconds = time.perf_counter() - started
    exact = sorted(jaccard(_shingles(texts[a]), _shingles(texts[b])) for a, b in pairs)
    below = sum(1 for value in exact if value < 0.7)
    print(f"   near-duplicates linked to an earlier copy: {len(pairs)} of {len(cleaned)} "
          f"({seconds:.2f} s, {len(cleaned) / seconds:.0f} docs/s); exact Jaccard of links: "
          f"min {exact[0] if exact else 0:.2f}, median {exact[len(exact) // 2] if exact else 0:.2f}, below 0.7: {below}")


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def gold_in_removed_spans() -> None:
    for name in EVAL_SETS:
        folder = SHARED / "eval" / name
        docs = {row["id"]: clean(document(row)) for row in rows(folder / "docs.jsonl")}
        lost = checked = 0
        for claim in rows(folder / "gold.jsonl"):
            evidence = claim.get("evidence")
            d = docs.get(claim.get("doc_id"))
            if not evidence or d is None:
                continue
            quotes = evidence if isinstance(evidence, list) else [evidence]
            for quote in quotes:
                text = quote if isinstance(quote, str) else quote.get("text", "")
                start = d.text.find(text)
                if start < 0:
                    continue
                checked += 1
                end = start + len(text)
                if any(span.start < end and start < span.end for span in d.removed):
                    lost += 1
                    print(f"   LOST {d.id}: {text[:80]!r}")
        removed = sum(span.end - span.start for d in docs.values() for span in d.removed)
        characters = sum(len(d.text) for d in docs.values())
        print(f"== eval {name}: {checked} gold quotes checked, {lost} inside a removed span; "
              f"{removed / max(characters, 1):.2%} of characters removed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=20000, help="documents per corpus (reservoir sample)")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--show", type=int, default=0, help="removed spans to print per reason")
    arguments = parser.parse_args()
    for name in CORPORA:
        survey(name, sample(SHARED / "corpus" / name, arguments.sample, arguments.seed), arguments.show)
    gold_in_removed_spans()


if __name__ == "__main__":
    main()
