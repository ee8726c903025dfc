"""WikiANN (PAN-X) span files for the languages whose own gold corpora are small
or leave out foreign names: Bengali, Hindi, Hebrew, Korean, Persian, Arabic.

    python scripts/ner_corpora/wikiann/build.py OUT_DIR [LANG ...]

Reads XTREME's panx files from a local mirror of boleima/ToPro (commit
9300fd3, see slavic/sources.py) and writes OUT_DIR/<lang>-wikiann/{train,dev}.jsonl
(`{"text", "spans"}`, code-point offsets, PER/ORG/LOC). The same cleaning as the
Malay and Slavic WikiANN data: wiki markup tokens dropped, redirect and
coordinate lines skipped, exact duplicates removed, dev sentences removed from
train; all but 800 dev sentences (shuffled) join train. WikiANN is silver (labels from Wikipedia links) and its licence is
unstated; the text is Wikipedia's (CC BY-SA).
"""
import json
import os
import random
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "slavic"))
from sources import panx  # noqa: E402

LANGS = ["bn", "hi", "he", "ko", "fa", "ar"]


def write(path, examples):
    with open(path, "w", encoding="utf-8") as f:
        for ex in examples:
            f.write(json.dumps(ex, ensure_ascii=False) + "\n")


def main(out, langs):
    for lang in langs:
        c = Counter()
        dev = panx(lang, "dev", c)
        train = panx(lang, "train", c)
        seen = set()
        dev = [ex for ex in dev if not (ex["text"] in seen or seen.add(ex["text"]))]
        train = [ex for ex in train if not (ex["text"] in seen or seen.add(ex["text"]))]
        # Most of a large dev split trains: 800 sentences are enough to choose
        # the epoch beside the gold corpus's own dev.
        random.Random(20240611).shuffle(dev)
        train += dev[800:]
        dev = dev[:800]
        random.Random(20240611).shuffle(train)
        d = os.path.join(out, f"{lang}-wikiann")
        os.makedirs(d, exist_ok=True)
        write(os.path.join(d, "train.jsonl"), train)
        write(os.path.join(d, "dev.jsonl"), dev)
        print(lang, "train", len(train), "dev", len(dev), dict(c))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or LANGS)
