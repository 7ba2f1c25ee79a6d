#!/usr/bin/env python3
"""Writes a deterministic ~1 MiB English prose corpus for blame benchmarks.

Sentences come from tests/blame/testdata/probe.jsonl (written for this
project): about 97% neutral postmortem prose, 3% blameful, shuffled with a
fixed seed into paragraphs. Used by benchmarks/blame_benchmark.cc (through
PMKIT_BLAME_CORPUS) and benchmarks/blame_vs_alex.sh, so both measure the same
bytes.

    python3 benchmarks/blame_corpus.py OUT [--mib 1]
"""
import argparse
import json
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--mib", type=float, default=1.0)
    args = parser.parse_args()
    neutral, blameful = [], []
    with open(ROOT / "tests/blame/testdata/probe.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            (blameful if row["blameful"] else neutral).append(row["text"])
    rng = random.Random(20261127)
    target = int(args.mib * 1024 * 1024)
    parts, size, in_paragraph = [], 0, 0
    while size < target:
        pool = blameful if rng.random() < 0.03 else neutral
        sentence = rng.choice(pool)
        in_paragraph += 1
        sep = "\n\n" if in_paragraph % 6 == 0 else " "
        parts.append(sentence + sep)
        size += len(sentence.encode("utf-8")) + len(sep)
    data = "".join(parts).encode("utf-8")[:target]
    # Cut at the last full character.
    pathlib.Path(args.out).write_bytes(data.decode("utf-8", "ignore").encode("utf-8"))


if __name__ == "__main__":
    main()
