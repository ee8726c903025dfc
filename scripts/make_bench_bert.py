#!/usr/bin/env python3
"""Creates a randomly initialised BERT-base-sized token-classification model for
the throughput benchmark (NOT committed: it is ~430 MB; bench-models/ is ignored).

Shapes are those of bert-base-cased (vocab 28,996, hidden 768, 12 layers, 12 heads,
intermediate 3,072, 512 positions) with 9 CoNLL labels. The WordPiece vocabulary
is built from the CoNLL-2003 training words (most frequent first) plus every
character and its `##` continuation, padded with [unusedN] to 28,996 entries.
Random weights: the figures measure speed, not accuracy.

  ~/.cache/tidings/torch-venv/bin/python scripts/make_bench_bert.py [DATA_DIR] [OUT_DIR]
  (defaults: $TIDINGS_DATA or ../shared/data, and bench-models/bert-base-ner)
"""
import collections
import os
import sys

import torch
from transformers import BertConfig, BertForTokenClassification

LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]
VOCAB_SIZE = 28996


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    data = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TIDINGS_DATA", os.path.join(root, "..", "shared", "data"))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "bench-models", "bert-base-ner")
    train = os.path.join(data, "ner", "conll2003", "train.txt")
    counts = collections.Counter()
    chars = set()
    with open(train, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] != "-DOCSTART-":
                counts[parts[0]] += 1
                chars.update(parts[0])
    vocab = ["[PAD]"] + [f"[unused{i}]" for i in range(99)] + ["[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    seen = set(vocab)
    for c in sorted(chars):
        for t in (c, "##" + c):
            if t not in seen:
                seen.add(t)
                vocab.append(t)
    for w, _ in counts.most_common():
        if len(vocab) >= VOCAB_SIZE:
            break
        if w not in seen:
            seen.add(w)
            vocab.append(w)
    i = 99
    while len(vocab) < VOCAB_SIZE:
        vocab.append(f"[unused{i}]")
        i += 1
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    torch.manual_seed(7)
    config = BertConfig(
        vocab_size=VOCAB_SIZE,
        id2label={i: l for i, l in enumerate(LABELS)},
        label2id={l: i for i, l in enumerate(LABELS)},
    )  # defaults = bert-base shapes
    model = BertForTokenClassification(config).eval()
    model.save_pretrained(out, safe_serialization=True)
    print(f"wrote {out} ({sum(p.numel() for p in model.parameters())/1e6:.1f} M parameters)", file=sys.stderr)


if __name__ == "__main__":
    main()
