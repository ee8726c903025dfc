#!/usr/bin/env python3
"""Python transformers side of tools/src/bin/translate_bench.rs: same model directory,
sentences, fixed batches (file order), greedy decoding, max length and threads.

    OMP_NUM_THREADS=2 python scripts/bench_translate_hf.py target/opus-shape [N=200] [MAX_LENGTH=48] [BATCH=16] [RUNS=3]

Loads config.json + rust_model.safetensors with MarianMTModel (eager attention,
the implementation rust-bert mirrors) and the tokenizer with MarianTokenizer.
Prints the median sentences/s of RUNS timed runs after one warm-up batch.
"""
import os
import statistics
import sys
import time

import torch
from safetensors.torch import load_file
from transformers import MarianConfig, MarianMTModel, MarianTokenizer

model_dir = sys.argv[1]
arg = lambda i, d: int(sys.argv[i]) if len(sys.argv) > i else d
n, max_length, batch, runs = arg(2, 200), arg(3, 48), arg(4, 16), arg(5, 3)
threads = int(os.environ.get("OMP_NUM_THREADS", torch.get_num_threads()))
torch.set_num_threads(threads)
data = os.environ.get("TIDINGS_DATA", "../shared/data")
with open(os.path.join(data, "mt/flores-dev/id-en/flores-dev.id"), encoding="utf-8") as f:
    sents = [l.rstrip("\n") for l in f][:n]

config = MarianConfig.from_pretrained(model_dir)
config._attn_implementation = "eager"
model = MarianMTModel(config)
model.load_state_dict(load_file(os.path.join(model_dir, "rust_model.safetensors")), strict=False)
model.eval()
tok = MarianTokenizer(
    source_spm=os.path.join(model_dir, "source.spm"),
    target_spm=os.path.join(model_dir, "target.spm"),
    vocab=os.path.join(model_dir, "vocab.json"),
)


def run(chunk):
    enc = tok(chunk, return_tensors="pt", padding=True)
    with torch.inference_mode():
        return model.generate(**enc, num_beams=1, do_sample=False, max_length=max_length)


print(f"python transformers, {len(sents)} sentences, max_length {max_length}, batch {batch}, threads {threads}")
run(sents[:batch])
rates = []
for _ in range(runs):
    start = time.perf_counter()
    tokens = 0
    for i in range(0, len(sents), batch):
        out = run(sents[i : i + batch])
        tokens += int((out != config.pad_token_id).sum()) + out.shape[0]
    secs = time.perf_counter() - start
    rates.append(len(sents) / secs)
    print(f"  {secs:.2f} s, {len(sents) / secs:.2f} sentences/s")
print(f"python transformers: median {statistics.median(rates):.2f} sentences/s")
