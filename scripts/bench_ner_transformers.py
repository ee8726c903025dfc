#!/usr/bin/env python3
"""Python side of the transformer NER throughput comparison (see
tools/src/bin/ner_transformers_bench.rs, which runs this script and prints the ratio).

Runs the same model directory over the same sentences as the Rust example — the
first N sentences of CoNLL-2003 test, tokens joined by spaces — on the CPU with
the same torch thread count, two ways:
  model     tokenise (BertTokenizerFast), sort by length, pad batches of
            --batch-size, forward, softmax/argmax: the same work tidings does;
  pipeline  transformers.pipeline("token-classification", aggregation_strategy="first",
            batch_size=--batch-size): what a Python user would write.
Prints one JSON line: {"model": sentences/s (median), "pipeline": ..., ...}.

  ~/.cache/tidings/torch-venv/bin/python scripts/bench_ner_transformers.py \
      --model bench-models/bert-base-ner --data ../shared/data --threads 2
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
from transformers import BertForTokenClassification, BertTokenizerFast, pipeline


def sentences(data, n):
    out, cur = [], []
    with open(os.path.join(data, "ner", "conll2003", "test.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if cur:
                    out.append(" ".join(cur))
                    cur = []
                    if len(out) == n:
                        break
            elif parts[0] != "-DOCSTART-":
                cur.append(parts[0])
    if cur and len(out) < n:
        out.append(" ".join(cur))
    return out


class UnfusedGelu(torch.nn.Module):
    """GELU written as rust-bert 0.23's `_gelu`: the same values, five kernels."""

    def forward(self, x):
        return x * 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))


def run_model(model, tok, texts, batch_size):
    enc = tok(texts, add_special_tokens=True, truncation=True, max_length=512)["input_ids"]
    order = sorted(range(len(enc)), key=lambda i: -len(enc[i]))
    labels = [None] * len(enc)
    with torch.no_grad():
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            width = max(len(enc[i]) for i in idx)
            ids = torch.zeros((len(idx), width), dtype=torch.long)
            mask = torch.zeros((len(idx), width), dtype=torch.long)
            for r, i in enumerate(idx):
                ids[r, :len(enc[i])] = torch.tensor(enc[i])
                mask[r, :len(enc[i])] = 1
            logits = model(input_ids=ids, attention_mask=mask).logits
            pred = logits.softmax(-1).argmax(-1)
            for r, i in enumerate(idx):
                labels[i] = pred[r, 1:len(enc[i]) - 1].tolist()
    return labels


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(root, "bench-models", "bert-base-ner"))
    ap.add_argument("--data", default=os.environ.get("TIDINGS_DATA", os.path.join(root, "..", "shared", "data")))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--sentences", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--modes", default="model,pipeline")
    ap.add_argument("--gelu", default="fused", choices=["fused", "unfused"],
                    help="unfused: GELU as rust-bert 0.23 computes it, five elementwise "
                         "kernels (x * 0.5 * (1 + erf(x / sqrt 2))) instead of one")
    ap.add_argument("--attn", default=None, choices=["sdpa", "eager"],
                    help="attention implementation (default: transformers' own, sdpa in 4.44); "
                         "rust-bert's BERT computes attention as eager does")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    texts = sentences(a.data, a.sentences)
    tok = BertTokenizerFast(os.path.join(a.model, "vocab.txt"), do_lower_case=False)
    kwargs = {"attn_implementation": a.attn} if a.attn else {}
    model = BertForTokenClassification.from_pretrained(a.model, **kwargs).eval()
    if a.gelu == "unfused":
        for layer in model.bert.encoder.layer:
            layer.intermediate.intermediate_act_fn = UnfusedGelu()
    result = {"sentences": len(texts), "threads": a.threads, "batch_size": a.batch_size,
              "torch": torch.__version__, "attn": model.config._attn_implementation,
              "gelu": a.gelu}
    modes = a.modes.split(",")
    if "model" in modes:
        times = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            run_model(model, tok, texts, a.batch_size)
            times.append(time.perf_counter() - t)
        result["model"] = len(texts) / statistics.median(times)
    if "pipeline" in modes:
        ner = pipeline("token-classification", model=model, tokenizer=tok,
                       aggregation_strategy="first", batch_size=a.batch_size, device="cpu")
        times = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            ner(texts)
            times.append(time.perf_counter() - t)
        result["pipeline"] = len(texts) / statistics.median(times)
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
