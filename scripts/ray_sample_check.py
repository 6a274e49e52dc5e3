"""Do the Ray path and the local path read the same claims from a sample of the real corpus?

Run by hand (it reads ../shared, which the tests never need):

    .venv/bin/python scripts/ray_sample_check.py                      # 1,000 documents, a local Ray instance
    .venv/bin/python scripts/ray_sample_check.py --mentions "North Korea" --mentions Russia --mentions Iran
    .venv/bin/python scripts/ray_sample_check.py --address auto --actors 8

It draws a seeded sample of the corpus (of the documents whose text names one
of the ``--mentions`` words, when given: a random sample of news holds few transfers), writes it as four gzipped JSONL shards
in a temporary directory, extracts them once with ``extract_documents`` in
this process and once with ``extract_with_ray``, loads the Ray output into a
scratch store, and prints both counts, the seconds each took, and every claim
that differs.  Exit status 0 when the claims are identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "news-feeds-2023.jsonl.gz"
SHARDS = 4


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=1000, help="documents in the sample")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--actors", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64, help="documents per Ray batch")
    parser.add_argument("--address", default=None, help="ray.init address; default: a local instance")
    parser.add_argument("--mentions", action="append", default=[], help="sample only texts naming this (repeat)")
    options = parser.parse_args()

    from barter.clean import clean
    from barter.distributed import (
        claims_from_parquet,
        extract_with_ray,
        load_claims_parquet,
    )
    from barter.extract import ExtractConfig, extract_documents
    from barter.ingest import Limits, read_inputs
    from barter.records import Document

    config = ExtractConfig()
    with tempfile.TemporaryDirectory(prefix="ray-sample-") as scratch:
        folder = Path(scratch)
        shards = write_sample(options.corpus, options.n, options.seed, folder / "shards", options.mentions)

        started = time.perf_counter()
        documents = [clean(item) for item in read_inputs([str(path) for path in shards], Limits())
                     if isinstance(item, Document)]
        local = {claim.id: claim.to_contract() for _, claims in extract_documents(documents, config) for claim in claims}
        local_seconds = time.perf_counter() - started

        started = time.perf_counter()
        out = extract_with_ray([str(folder / "shards")], folder / "parquet", address=options.address,
                               num_actors=options.actors, batch_size=options.batch_size, config=config)
        ray_seconds = time.perf_counter() - started
        problems: list[str] = []
        read = list(claims_from_parquet(Path(out), problems))
        distributed = {claim.id: claim.to_contract() for _, claims in read for claim in claims}

        loaded = load_claims_parquet(folder / "barter.duckdb", Path(out), documents_jsonl=[str(folder / "shards")])

    among = f", among texts naming {' or '.join(options.mentions)}" if options.mentions else ""
    print(f"sample: {len(documents):,} documents from {options.corpus.name} (seed {options.seed}, {SHARDS} shards{among})")
    print(f"local : {len(local):,} claims in {sum(1 for _ in documents):,} documents, {local_seconds:.1f} s (1 process)")
    print(f"ray   : {len(distributed):,} claims in {len(read):,} documents, {ray_seconds:.1f} s "
          f"({options.actors} actors, Ray start-up included), {len(problems)} problem rows")
    print(f"store : {loaded.counts.claims:,} claims loaded for {loaded.counts.read:,} documents "
          f"({loaded.counts.stored:,} documents stored as first copies, {loaded.counts.duplicates:,} as near-duplicate copies)")
    only_local = sorted(set(local) - set(distributed))
    only_ray = sorted(set(distributed) - set(local))
    changed = sorted(key for key in set(local) & set(distributed) if local[key] != distributed[key])
    for label, keys, source in (("only local", only_local, local), ("only ray", only_ray, distributed)):
        for key in keys:
            print(f"{label}: {json.dumps(source[key], ensure_ascii=False)}")
    for key in changed:
        print(f"differs: {key}: local {json.dumps(local[key])} ray {json.dumps(distributed[key])}")
    same = not (only_local or only_ray or changed)
    print(f"identical: {same} (only local {len(only_local)}, only ray {len(only_ray)}, differing {len(changed)})")
    return 0 if same else 1


def write_sample(corpus: Path, n: int, seed: int, folder: Path, mentions: list[str]) -> list[Path]:
    """A seeded sample of the corpus lines (naming one of ``mentions``), spread over SHARDS gzipped JSONL files."""
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    if mentions:
        lines = [line for line in lines if any(word in json.loads(line).get("text") or "" for word in mentions)]
    sample = random.Random(seed).sample(lines, min(n, len(lines)))
    folder.mkdir(parents=True)
    paths = [folder / f"part-{number}.jsonl.gz" for number in range(SHARDS)]
    for number, path in enumerate(paths):
        with gzip.open(path, "wt", encoding="utf-8") as shard:
            shard.writelines(sample[number::SHARDS])
    return paths


if __name__ == "__main__":
    sys.exit(main())
