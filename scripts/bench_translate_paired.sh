#!/usr/bin/env bash
# Translation throughput, tidings (rust-bert) against Python transformers, in
# paired runs: each pair runs tools/src/bin/translate_bench.rs and then
# scripts/bench_translate_hf.py on the same model, sentences, fixed batches,
# greedy decoding, max length and threads; the ratio of each pair is printed,
# then the median of the ratios (pairs cancel the machine's slow drifts).
#
# Usage (after scripts/setup-libtorch.sh --python-ref):
#   scripts/bench_translate_paired.sh MODEL_DIR [PAIRS=3] [N=500] [MAX_LENGTH=32] [BATCH=16] [THREADS=2]
# MODEL_DIR: `python scripts/make_translate_fixtures.py bench-model MODEL_DIR`
# (a random opus-mt-shaped Marian; nothing is downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:?usage: bench_translate_paired.sh MODEL_DIR [PAIRS] [N] [MAX_LENGTH] [BATCH] [THREADS]}
pairs=${2:-3} n=${3:-500} max_length=${4:-32} batch=${5:-16} threads=${6:-2}
eval "$(scripts/setup-libtorch.sh --env)"
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
cargo build --release --features transformers -p tidings-tools --bin translate_bench
ratios=()
for i in $(seq "$pairs"); do
  rust=$(target/release/translate_bench "$model" "$n" "$max_length" "$batch" 1 0 \
         | sed -n 's/^tidings fixed batches: median \([0-9.]*\).*/\1/p')
  py=$(python scripts/bench_translate_hf.py "$model" "$n" "$max_length" "$batch" 1 \
         | sed -n 's/^python transformers: median \([0-9.]*\).*/\1/p')
  ratio=$(python -c "print(f'{$rust / $py:.3f}')")
  echo "pair $i: tidings $rust sentences/s, python $py sentences/s, ratio $ratio"
  ratios+=("$ratio")
done
python -c "import statistics,sys; r=[float(x) for x in sys.argv[1:]]; print(f'median of {len(r)} paired ratios (tidings / python): {statistics.median(r):.3f} (min {min(r):.3f}, max {max(r):.3f})')" "${ratios[@]}"
