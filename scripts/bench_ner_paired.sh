#!/usr/bin/env bash
# Transformer NER throughput, tidings (its own encoder, rust-bert's tokenizers
# and weight files) against Python transformers, in paired runs: each pair
# runs tools/src/bin/ner_transformers_bench.rs once and
# then scripts/bench_ner_transformers.py once, on the same model, sentences
# (the first N of CoNLL-2003 test), batch size and torch threads; the ratio of
# each pair is printed, then the median of the ratios (pairs cancel the
# machine's slow drifts). Python runs both ways: `model` (tokenise, sort,
# pad, forward, argmax: tidings' work) and `pipeline` (what a user writes).
#
# Usage (after scripts/setup-libtorch.sh --python-ref):
#   scripts/bench_ner_paired.sh MODEL_DIR [PAIRS=5] [N=500] [BATCH=32] [THREADS=2]
# MODEL_DIR: `python scripts/make_bench_bert.py` (a random BERT-base-shaped
# token classifier in bench-models/bert-base-ner; nothing is downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:?usage: bench_ner_paired.sh MODEL_DIR [PAIRS] [N] [BATCH] [THREADS]}
pairs=${2:-5} n=${3:-500} batch=${4:-32} threads=${5:-2}
eval "$(scripts/setup-libtorch.sh --env)"
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
cargo build --release --features transformers -p tidings-tools --bin ner_transformers_bench
model_ratios=() pipeline_ratios=()
for i in $(seq "$pairs"); do
  rust=$(target/release/ner_transformers_bench --model "$model" --threads "$threads" \
           --batch-size "$batch" --sentences "$n" --repeat 1 \
         | sed -n 's/^tidings: \([0-9.]*\) sentences.*/\1/p')
  py=$(python scripts/bench_ner_transformers.py --model "$model" --threads "$threads" \
         --batch-size "$batch" --sentences "$n" --repeat 1 | tail -n 1)
  read -r m p < <(python -c "import json,sys; v=json.loads(sys.argv[1]); print(v['model'], v['pipeline'])" "$py")
  rm_=$(python -c "print(f'{$rust / $m:.3f}')")
  rp_=$(python -c "print(f'{$rust / $p:.3f}')")
  echo "pair $i: tidings $rust sentences/s; python model $m (ratio $rm_), pipeline $p (ratio $rp_)"
  model_ratios+=("$rm_") pipeline_ratios+=("$rp_")
done
for which in model pipeline; do
  declare -n r="${which}_ratios"
  python -c "import statistics,sys; r=[float(x) for x in sys.argv[2:]]; print(f'median of {len(r)} paired ratios, tidings / python {sys.argv[1]}: {statistics.median(r):.3f} (min {min(r):.3f}, max {max(r):.3f})')" "$which" "${r[@]}"
done
