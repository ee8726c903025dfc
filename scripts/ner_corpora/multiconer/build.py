"""MultiCoNER II (SemEval-2023 Task 2) span files for Bengali and Hindi (and
Chinese, tried and not kept: see models/ner-south/README.md).

    python scripts/ner_corpora/multiconer/build.py MIRROR OUT_DIR [LANG ...]

MIRROR is a clone of github.com/Zappandy/SemEval2023 (commit 0770a18), whose
`Dataset/<lang>-{train,dev}.conll` are the task's training and development
files (`# id <uuid>\tdomain=<lang>` before each sentence, then
`token _ _ TAG`, BIO over 33 fine-grained types). MultiCoNER's authors release
the data under CC BY 4.0; the mirror states no licence of its own.

The sentences are short Wikipedia-style sentences, full of transliterated
foreign names, which the Bengali and Hindi news corpora lack. The fine types
map to PER/ORG/LOC; works, products and medical types become O:

- PER: Artist, Politician, OtherPER, Athlete, Cleric, Scientist, SportsManager
- LOC: HumanSettlement, OtherLOC, Facility, Station
- ORG: ORG, PublicCorp, PrivateCorp, SportsGRP, MusicalGRP, CarManufacturer,
  AerospaceManufacturer

A sentence that names a work, product or medical term is left out whole:
kept, it would teach the models that such names are not names. Tokens are
joined with single spaces (Chinese characters without); spans are code-point
offsets. Writes
OUT_DIR/<lang>-multiconer/{train,dev}.jsonl (`{"text", "spans"}`), exact
duplicates removed and dev sentences removed from train.
"""
import json
import os
import subprocess
import sys
from collections import Counter

LANGS = ["bn", "hi"]
TYPES = {
    "PER": ["Artist", "Politician", "OtherPER", "Athlete", "Cleric", "Scientist", "SportsManager"],
    "LOC": ["HumanSettlement", "OtherLOC", "Facility", "Station"],
    "ORG": [
        "ORG",
        "PublicCorp",
        "PrivateCorp",
        "SportsGRP",
        "MusicalGRP",
        "CarManufacturer",
        "AerospaceManufacturer",
    ],
}
LABEL = {fine: coarse for coarse, fines in TYPES.items() for fine in fines}


def conll(mirror, name):
    """The file as text, from a work tree or a bare mirror (git show)."""
    path = os.path.join(mirror, "Dataset", name)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return f.read()
    return subprocess.run(
        ["git", "-C", mirror, "show", f"HEAD:Dataset/{name}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def sentences(text, counts):
    tokens = []
    for line in text.split("\n") + [""]:
        if line.startswith("# id "):
            continue
        if not line.strip():
            if tokens:
                yield tokens
            tokens = []
            continue
        parts = line.split()
        tokens.append((parts[0], parts[-1]))


def has_other(tokens):
    """Whether a sentence names a work, product or medical term, which the
    PER/ORG/LOC models would otherwise learn as not a name."""
    return any(t[:2] == "B-" and t[2:] not in LABEL for _, t in tokens)


def to_spans(tokens, counts, unspaced=False):
    text, spans, at = [], [], 0
    open_span = None
    for i, (word, tag) in enumerate(tokens):
        # Chinese is one token per character: no spaces, except between two
        # Latin words or numbers.
        space = i and (not unspaced or (tokens[i - 1][0].isascii() and word.isascii()))
        if space:
            at += 1
            text.append(" ")
        start = at
        at += len(word)
        text.append(word)
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        label = LABEL.get(kind) if kind else None
        counts[label or ("O" if kind is None else "dropped:" + kind)] += tag.startswith("B-") or kind is None
        if tag.startswith("I-") and open_span and open_span[2] == label and label:
            open_span[1] = at
            continue
        if open_span:
            spans.append(open_span)
            open_span = None
        if label:
            open_span = [start, at, label]
    if open_span:
        spans.append(open_span)
    return {"text": "".join(text), "spans": spans}


def write(path, examples):
    with open(path, "w", encoding="utf-8") as f:
        for ex in examples:
            f.write(json.dumps(ex, ensure_ascii=False) + "\n")


def main(mirror, out, langs):
    for lang in langs:
        c = Counter()
        unspaced = lang == "zh"
        dev = [
            to_spans(s, c, unspaced)
            for s in sentences(conll(mirror, f"{lang}-dev.conll"), c)
            if not has_other(s)
        ]
        train = [
            to_spans(s, c, unspaced)
            for s in sentences(conll(mirror, f"{lang}-train.conll"), c)
            if not has_other(s)
        ]
        seen = set()
        dev = [ex for ex in dev if not (ex["text"] in seen or seen.add(ex["text"]))]
        train = [ex for ex in train if not (ex["text"] in seen or seen.add(ex["text"]))]
        d = os.path.join(out, f"{lang}-multiconer")
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, "train.jsonl"), train)
        write(os.path.join(d, "dev.jsonl"), dev)
        kept = {k: v for k, v in c.items() if not k.startswith("dropped") and k != "O"}
        print(lang, "train", len(train), "dev", len(dev), "spans", kept)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:] or LANGS)
