#!/usr/bin/env python3
"""Scores pmkit's blame detector on a JSONL file of labelled sentences.

Each line: {"text": str, "blameful": bool, "categories": [str], "spans":
[[start, end], ...]} (spans in str indices; other fields are ignored). The
detector scans each text on its own; a sentence is predicted blameful when it
yields at least one finding, and predicted to carry the categories of its
findings. Prints sentence-level precision, recall and F1 (overall and per
category), the false-positive rate on neutral sentences, and how many gold
spans a finding overlaps.

    PYTHONPATH=build/python python3 benchmarks/eval_blame.py \\
        ../shared/corpus/blame-dev.jsonl [--errors] [--json] [--hints]

--errors lists the misclassified sentences (for tuning; they are the data
set's sentences, so keep that output out of the repository).
"""

import argparse
import collections
import json
import sys

import pmkit


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("jsonl")
    parser.add_argument("--errors", action="store_true",
                        help="print false positives and false negatives")
    parser.add_argument("--json", action="store_true",
                        help="print the scores as JSON")
    parser.add_argument("--hints", action="store_true",
                        help="count low-confidence hints as findings")
    args = parser.parse_args()

    detector = pmkit.BlameDetector({"includeHints": True} if args.hints else None)
    rows = []
    with open(args.jsonl, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                sys.exit("%s:%d: %s" % (args.jsonl, number, e))

    tp = fp = fn = tn = 0
    cat = collections.defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    spans_total = spans_hit = 0
    errors = []
    for row in rows:
        text = row["text"]
        gold = bool(row.get("blameful"))
        gold_cats = set(row.get("categories") or [])
        findings = detector.scan(text)
        pred = bool(findings)
        pred_cats = {f.category for f in findings}
        if gold and pred:
            tp += 1
        elif pred:
            fp += 1
        elif gold:
            fn += 1
        else:
            tn += 1
        for c in gold_cats | pred_cats:
            if c in gold_cats and c in pred_cats:
                cat[c][0] += 1
            elif c in pred_cats:
                cat[c][1] += 1
            else:
                cat[c][2] += 1
        for start, end in row.get("spans") or []:
            spans_total += 1
            if any(f.start < end and start < f.end for f in findings):
                spans_hit += 1
        if gold != pred:
            errors.append((("FP" if pred else "FN"), text,
                           [(f.category, f.excerpt) for f in findings],
                           sorted(gold_cats)))

    p, r, f1 = prf(tp, fp, fn)
    neutral = fp + tn
    scores = {
        "sentences": len(rows),
        "blameful": tp + fn,
        "neutral": neutral,
        "precision": p,
        "recall": r,
        "f1": f1,
        "false_positive_rate": fp / neutral if neutral else 0.0,
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "span_recall": spans_hit / spans_total if spans_total else 0.0,
        "lexicon": detector.lexicon_version,
        "categories": {},
    }
    for c in sorted(cat):
        ctp, cfp, cfn = cat[c]
        cp, cr, cf = prf(ctp, cfp, cfn)
        scores["categories"][c] = {"precision": cp, "recall": cr, "f1": cf,
                                   "support": ctp + cfn, "tp": ctp, "fp": cfp,
                                   "fn": cfn}
    if args.json:
        print(json.dumps(scores, indent=2))
    else:
        print("lexicon %s, %d sentences (%d blameful, %d neutral)"
              % (scores["lexicon"], len(rows), tp + fn, neutral))
        print("sentence-level  precision %.3f  recall %.3f  F1 %.3f  "
              "(tp %d fp %d fn %d tn %d)" % (p, r, f1, tp, fp, fn, tn))
        print("false-positive rate on neutral sentences: %.3f"
              % scores["false_positive_rate"])
        print("gold spans overlapped by a finding: %d/%d (%.3f)"
              % (spans_hit, spans_total, scores["span_recall"]))
        print("%-28s %9s %9s %9s %8s" % ("category", "precision", "recall",
                                          "F1", "support"))
        for c, s in scores["categories"].items():
            print("%-28s %9.3f %9.3f %9.3f %8d" % (c, s["precision"],
                                                     s["recall"], s["f1"],
                                                     s["support"]))
    if args.errors:
        for kind, text, found, gold_cats in errors:
            print("\n%s %s\n   found=%s gold=%s" % (kind, text, found, gold_cats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
