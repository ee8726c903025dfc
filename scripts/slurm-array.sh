#!/bin/bash
#SBATCH --job-name=tidings
#SBATCH --array=0-63%16
#SBATCH --cpus-per-task=8
#SBATCH --mem=16G
#SBATCH --time=04:00:00
#SBATCH --requeue
# Inputs and outputs; a rerun of the array (sbatch again) redoes only unfinished ranks.
IN=${IN:-/data/crawl/CC-MAIN-2026-49}
OUT=${OUT:-/data/tidings/CC-MAIN-2026-49}
exec tidings run "$IN" --out-dir "$OUT" --out-format parquet \
    --threads "${SLURM_CPUS_PER_TASK:-1}" --max-file-size 1000000000 --no-progress
