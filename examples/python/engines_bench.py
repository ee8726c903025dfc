"""Figures for the README: the default pipeline over the WCXB-dev pages
through `tidings run -j1/-j2`, the Python API, Ray (1 vs 2 actors, one
thread each) and Spark (local[1] vs local[2]). Prints medians of --repeat
runs and the Python paths' ratio to the command.

    python examples/python/engines_bench.py [--pages N] [--repeat 3] [--engines cli,python,ray,spark]

Every figure is wall time of the whole job on the pages already on disk as
one Parquet file (id, html; row groups of 256): the command and the Python
script read it, run the pipeline and write Parquet (zstd), each starting its
process and loading its models; Ray and Spark figures exclude starting the
cluster/session (paid once per job, not per batch). Needs the release binary
(`cargo build --release --bin tidings`; TIDINGS_BIN) and the wheel installed.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    p = Path(os.environ.get("TIDINGS_DATA", "../shared/data"))
    return p if p.is_absolute() else (ROOT / p).resolve()


def write_pages(path: Path, limit: int | None) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = sorted((data_dir() / "boilerplate" / "wcxb-dev" / "html").glob("*.html.gz"))[:limit]
    if not files:
        sys.exit(f"no WCXB-dev pages under {data_dir()}")
    ids = [p.name for p in files]
    html = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in files]
    pq.write_table(pa.table({"id": ids, "html": html}), path, row_group_size=256)
    return len(files)


PY_JOB = """
import sys, pyarrow.parquet as pq, tidings
pipe = tidings.Pipeline(threads=int(sys.argv[3]))
with pq.ParquetWriter(sys.argv[2], tidings.output_schema(), compression="zstd") as w:
    for batch in pq.ParquetFile(sys.argv[1]).iter_batches(batch_size=256):
        w.write_batch(pipe.process_batch(batch))
"""

RAY_JOB = """
import os, sys, time, pyarrow.parquet as pq, ray
from tidings.ray import Tidings
n = int(sys.argv[2])
ray.init(num_cpus=n, include_dashboard=False, log_to_driver=False)
table = pq.read_table(sys.argv[1])
start = time.perf_counter()
# Blocks made here, not by a repartition task: with n CPUs and n actors, no
# CPU would be left for it.
step = -(-table.num_rows // 16)
ds = ray.data.from_arrow([table.slice(i, step) for i in range(0, table.num_rows, step)]).map_batches(
    Tidings, batch_format="pyarrow", batch_size=64, compute=ray.data.ActorPoolStrategy(size=n))
rows = ds.count()
print(time.perf_counter() - start, rows)
"""

SPARK_JOB = """
import os, sys, time
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
from pyspark.sql import SparkSession
from tidings.spark import annotate
spark = (SparkSession.builder.master(sys.argv[2]).config("spark.ui.enabled", "false")
         .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
df = spark.read.parquet(sys.argv[1]).repartition(16).cache()
df.count()
start = time.perf_counter()
annotate(df).write.format("noop").mode("overwrite").save()
print(time.perf_counter() - start, df.count())
"""


CPU = {}  # job name -> CPU seconds (user + sys) of each run, where measurable


def timed(cmd, env=None, name=None) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if name:
        CPU.setdefault(name, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def reported(cmd, env=None) -> float:
    out = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True).stdout.split()
    return float(out[-2])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=None, help="first N pages (default: all)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--engines", default="cli,python,ray,spark")
    args = ap.parse_args()
    engines = args.engines.split(",")
    binary = os.environ.get("TIDINGS_BIN", str(ROOT / "target" / "release" / "tidings"))
    env1 = dict(os.environ, TIDINGS_THREADS="1")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pages.parquet"
        n = write_pages(src, args.pages)
        jobs = {}
        for j in (1, 2):
            if "cli" in engines:
                name = f"tidings run -j{j}"
                jobs[name] = lambda j=j, name=name: timed(
                    [binary, "run", str(src), "--out", f"{tmp}/o.parquet", "--no-progress", "-j", str(j)],
                    name=name)
            if "python" in engines:
                name = f"Pipeline.process_batch, threads={j}"
                jobs[name] = lambda j=j, name=name: timed(
                    [sys.executable, "-c", PY_JOB, str(src), f"{tmp}/o.parquet", str(j)], name=name)
            if "ray" in engines:
                jobs[f"Ray, {j} actor(s) x 1 thread"] = lambda j=j: reported(
                    [sys.executable, "-c", RAY_JOB, str(src), str(j)], env1)
            if "spark" in engines:
                jobs[f"Spark local[{j}]"] = lambda j=j: reported(
                    [sys.executable, "-c", SPARK_JOB, str(src), f"local[{j}]"], env1)
        times = {name: [] for name in jobs}
        for _ in range(args.repeat):  # interleaved, so drift in load hits every job alike
            for name, job in jobs.items():
                times[name].append(job())
        print(f"{n} WCXB-dev pages, default pipeline, median of {args.repeat}; load {os.getloadavg()[0]:.2f}")
        print(f"{'job':<40} {'seconds':>8} {'pages/s':>8} {'vs command':>10} {'CPU s':>7} {'CPU vs':>7}")
        for name, ts in times.items():
            med = statistics.median(ts)
            j = "2" if ("-j2" in name or "=2" in name or "2 actor" in name or "[2]" in name) else "1"
            base = times.get(f"tidings run -j{j}")
            ratio = f"{med / statistics.median(base):.3f}" if base else "-"
            cpu = statistics.median(CPU[name]) if name in CPU else None
            base_cpu = CPU.get(f"tidings run -j{j}")
            cpu_s = f"{cpu:.2f}" if cpu is not None else "-"
            cpu_r = f"{cpu / statistics.median(base_cpu):.3f}" if cpu is not None and base_cpu else "-"
            print(f"{name:<40} {med:>8.2f} {n / med:>8.1f} {ratio:>10} {cpu_s:>7} {cpu_r:>7}")


if __name__ == "__main__":
    main()
