#!/usr/bin/env python3
"""Validate NER jsonl files (Python 3.11 stdlib). Usage: validate_id.py FILE..."""
import json
import re
import sys
from collections import Counter

LABELS = {"PER", "ORG", "LOC"}


def key(t):
    return re.sub(r"[\W_]+", "", t.lower())


def check(path):
    errs = []
    n = 0
    lab = Counter()
    keys = set()
    for ln, line in enumerate(open(path, encoding="utf-8"), 1):
        n += 1
        try:
            o = json.loads(line)
        except json.JSONDecodeError as ex:
            errs.append(f"{ln}: bad json {ex}")
            continue
        if set(o) != {"text", "spans"}:
            errs.append(f"{ln}: keys {sorted(o)}")
            continue
        t, spans = o["text"], o["spans"]
        if not isinstance(t, str) or not t or t != t.strip() or "\n" in t or "  " in t:
            errs.append(f"{ln}: bad text {t!r}")
        keys.add(key(t))
        prev_end = 0
        for sp in spans:
            if (not isinstance(sp, list) or len(sp) != 3 or not isinstance(sp[0], int)
                    or not isinstance(sp[1], int) or sp[2] not in LABELS):
                errs.append(f"{ln}: bad span {sp!r}")
                continue
            s, e, lb = sp
            if not (0 <= s < e <= len(t)):
                errs.append(f"{ln}: out of range {sp!r}")
                continue
            x = t[s:e]
            if x != x.strip() or not x.strip():
                errs.append(f"{ln}: whitespace/empty span {x!r}")
            if s < prev_end:
                errs.append(f"{ln}: overlapping/unsorted span {sp!r}")
            prev_end = e
            lab[lb] += 1
    return n, lab, errs, keys


def main():
    allkeys = {}
    bad = 0
    for p in sys.argv[1:]:
        n, lab, errs, keys = check(p)
        allkeys[p] = keys
        print(f"{p}: {n} sentences, {dict(sorted(lab.items()))}, errors={len(errs)}")
        for e in errs[:10]:
            print("   ", e)
        bad += len(errs)
    ev = [p for p in allkeys if "nergrit" in p]
    tr = [p for p in allkeys if "nergrit" not in p]
    for a in tr:
        for b in ev:
            ov = len(allkeys[a] & allkeys[b])
            print(f"overlap {a} vs {b}: {ov}")
            bad += ov
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
