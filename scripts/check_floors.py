#!/usr/bin/env python3
"""Fail when extraction scores below the floors in eval-floors.json.

    python scripts/check_floors.py ../shared/eval

Each floor is a fine F1 on one gold set (a folder with docs.jsonl and
gold.jsonl).  Floors only ever go up: like trafilatura's benchmark guard, they
record the best the extractor has reached so that a change cannot quietly
make it worse.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FLOORS = Path(__file__).resolve().parents[1] / "eval-floors.json"


def fine_f1(gold_set: Path) -> float:
    barter = Path(sys.executable).with_name("barter")
    result = subprocess.run(
        [str(barter), "eval", str(gold_set / "docs.jsonl"), str(gold_set / "gold.jsonl"), "--json"],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"barter eval failed on {gold_set}:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return figures["fine"]["f1"], figures


def main() -> int:
    shared_eval = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval")
    floors = {name: value for name, value in json.loads(FLOORS.read_text()).items() if not name.startswith("_")}
    failed = False
    for name, floor in floors.items():
        gold_set = shared_eval / name
        if not (gold_set / "gold.jsonl").exists():
            print(f"{name}: no gold set at {gold_set}, skipped")
            continue
        f1, figures = fine_f1(gold_set)
        verdict = "ok" if f1 >= floor else "BELOW FLOOR"
        print(f"{name}: fine F1 {f1:.3f} (floor {floor:.3f}) {verdict}; "
              f"sources {figures['sources']}, status {figures['status']:.3f}, grounded {figures['grounded']:.3f}, "
              f"verbatim {figures['verbatim']}")
        failed |= f1 < floor
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
