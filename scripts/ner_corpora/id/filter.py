"""Drops from the extra Indonesian span files (idner-news-2k, NER UI, NER UGM;
see scripts/ner_corpora/sources/id.md) every sentence that also occurs in a
test or dev set tidings evaluates on (NERP test and valid, xling/id test, NERGRIT
test and valid) or, lowercased, in NERP train (it would count twice).

    python scripts/ner_corpora/id_extra_filter.py IN_DIR OUT_DIR DATA NERGRIT_DIR

Sentences compare lowercased with everything but letters and digits removed.
"""
import json
import os
import re
import sys


def key(text):
    return re.sub(r"[\W_]+", "", text.lower())


def conll_sentences(path):
    words = []
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line:
            if words:
                yield " ".join(words)
            words = []
            continue
        if line.startswith("-DOCSTART-"):
            continue
        words.append(line.split()[0])
    if words:
        yield " ".join(words)


def main(inp, out, data, nergrit):
    held = set()
    for name in ("test_preprocess.txt", "valid_preprocess.txt", "train_preprocess.txt"):
        held |= {key(s) for s in conll_sentences(os.path.join(data, "ner/nerp-id", name))}
    for name in ("test.txt", "dev.txt"):
        held |= {key(s) for s in conll_sentences(os.path.join(data, "ner/xling/id", name))}
    for name in ("test.jsonl", "valid.jsonl"):
        held |= {key(json.loads(l)["text"]) for l in open(os.path.join(nergrit, name), encoding="utf-8")}
    os.makedirs(out, exist_ok=True)
    for split in ("train", "dev"):
        kept = dropped = 0
        with open(os.path.join(out, f"{split}.jsonl"), "w", encoding="utf-8") as f:
            for line in open(os.path.join(inp, f"{split}.jsonl"), encoding="utf-8"):
                if key(json.loads(line)["text"]) in held:
                    dropped += 1
                    continue
                f.write(line)
                kept += 1
        print(f"{split}: kept {kept}, dropped {dropped}")


if __name__ == "__main__":
    main(*sys.argv[1:5])
