"""Rewrites a Serbian or Croatian span corpus written in Latin letters in
Serbian Cyrillic, so that one model reads Serbian in both of its scripts.

    python scripts/ner_corpora/serbian/cyrillic.py SRC_DIR OUT_DIR

Serbian's two alphabets map letter for letter (Vuk's Cyrillic and Gaj's
Latin), except the digraphs lj, nj and dž, which are one Cyrillic letter
each (љ, њ, џ); the spans' code-point offsets are moved accordingly.
Letters outside the Serbian alphabet (q, w, x, y in foreign names) stay as
they are. The rare digraph that is two letters ("injekcija") is written as
one: a model reading names does not care.

Reads SRC_DIR/train.jsonl and SRC_DIR/dev.jsonl (`{"text", "spans"}`, code-point
offsets) and writes the same files under OUT_DIR.
"""
import json
import os
import sys

SINGLE = dict(zip(
    "abcčćdđefghijklmnoprsštuvzž",
    "абцчћдђефгхијклмнопрсштувзж",
))
DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ"}


def convert(text):
    """The Cyrillic text and, for each Latin code point (and the end), its
    offset in it."""
    out, where = [], []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        lower = pair.lower()
        if lower in DIGRAPHS:
            c = DIGRAPHS[lower]
            out.append(c.upper() if pair[0].isupper() else c)
            where += [len(out) - 1, len(out) - 1]
            i += 2
            continue
        ch = text[i]
        c = SINGLE.get(ch.lower())
        where.append(len(out))
        out.append(ch if c is None else (c.upper() if ch.isupper() else c))
        i += 1
    where.append(len(out))
    return "".join(out), where


def convert_file(src, dst):
    n = 0
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for line in f:
            ex = json.loads(line)
            text, where = convert(ex["text"])
            spans = [[where[a], where[b], label] for a, b, label in ex["spans"]]
            for (a, b, _), (a0, b0, _) in zip(spans, ex["spans"]):
                assert text[a:b].strip() and (b0 - a0) >= (b - a), (ex["text"], text)
            g.write(json.dumps({"text": text, "spans": spans}, ensure_ascii=False) + "\n")
            n += 1
    return n


def main(src, out):
    os.makedirs(out, exist_ok=True)
    for split in ("train", "dev"):
        path = os.path.join(src, f"{split}.jsonl")
        if os.path.exists(path):
            n = convert_file(path, os.path.join(out, f"{split}.jsonl"))
            print(f"{path}: {n} sentences -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
