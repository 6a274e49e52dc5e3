#!/usr/bin/env python3
"""Build src/barter/samples/docs.jsonl (the eval docs shape) from the sample .txt files.

Each sample is barter's plain-text format: the first non-empty line is the title, then
optional ``key: value`` header lines (date, source, url), a blank line, the body.  The stored
``text`` is the file with the header lines taken out - the same rule as
barter.ingest.text.split_header - so gold evidence found here is found in what barter ingests.
The document id is the file name without its extension, as in samples/gold.jsonl.

usage: python3 scripts/samples_to_docs.py [SAMPLES_DIR]   (default: src/barter/samples)
Standard library only; output is deterministic (files in name order, keys in fixed order).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# Keep in step with barter.ingest.text.HEADER_KEYS.
HEADER_KEYS = {"date": "published", "published": "published", "source": "source", "outlet": "source", "url": "url"}
HEADER_LINE = re.compile(r"^[ \t]*(" + "|".join(HEADER_KEYS) + r")[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE)


def sample_as_doc(path: Path) -> dict:
    """One sample file as an eval document: id, title, published, source, url, text."""
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines(keepends=True)
    title_at = next(i for i, line in enumerate(lines) if line.strip())
    header: dict[str, str] = {}
    end = title_at + 1
    while end < len(lines) and (match := HEADER_LINE.match(lines[end])):
        header.setdefault(HEADER_KEYS[match.group(1).lower()], match.group(2))
        end += 1
    return {
        "id": path.stem,
        "title": lines[title_at].strip(),
        "published": header.get("published") or None,
        "source": header.get("source") or "",
        "url": header.get("url") or None,
        "text": "".join(lines[: title_at + 1] + lines[end:]),
    }


def main(samples_dir: Path) -> int:
    docs = [sample_as_doc(p) for p in sorted(samples_dir.glob("*.txt"))]
    out = samples_dir / "docs.jsonl"
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    print(f"wrote {len(docs)} documents to {out}")
    return 0


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent / "src" / "barter" / "samples"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
