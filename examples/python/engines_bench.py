"""The engines beside the command, from WARC: the default pipeline over the
WCXB-dev pages written as `.warc.gz` files, through `tidings run -j1/-j2`,
the Python API, Ray Data (1 and 2 actors) and Spark (local[1] and local[2]).

    python examples/python/engines_bench.py [--pages N] [--sizes 1,2] [--repeat 3]
                                            [--files 4] [--engines cli,python,ray,spark]

Each job reads the WARC files with tidings' reader, runs the pipeline and
writes Parquet (zstd). Every size runs every job once per round, rounds
interleaved, so drift in the machine's load hits every job alike; figures
are medians over the rounds, with the load average.

- **wall**: the whole job in a fresh process, as a user runs it (the
  command's and Python's process start and model load included; for Ray and
  Spark, the cluster or session start too);
- **start**: what the engine costs before the first page (`ray.init`,
  building the Spark session), timed inside the job;
- **fixed** and **per page**: from the two sizes (the pages repeated, with
  new ids), `wall = fixed + pages × per page`: what does not grow with the
  input (process, cluster, actors, models) apart from what does;
- **CPU s**: user + system seconds of the job's processes (the command and
  Python only: Ray's and Spark's daemons are outside the job's process tree).

Needs the release binary (`cargo build --release --bin tidings`;
`TIDINGS_BIN`) and the wheel installed.
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


def _record(kind: str, n: int, uri: str, content_type: str, block: bytes) -> bytes:
    head = (f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{n:012d}>\r\n"
            f"WARC-Date: 2026-01-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def write_warcs(folder: Path, limit: int | None, copies: int, files: int) -> int:
    """The WCXB-dev pages, `copies` times over (each copy with new record
    ids), as `files` multi-member `.warc.gz` files (one gzip member per
    record, a request before each response, as crawlers write them)."""
    pages = sorted((data_dir() / "boilerplate" / "wcxb-dev" / "html").glob("*.html.gz"))[:limit]
    if not pages:
        sys.exit(f"no WCXB-dev pages under {data_dir()}")
    bodies = [(p.name, gzip.decompress(p.read_bytes())) for p in pages]
    folder.mkdir(parents=True)
    outs = [open(folder / f"part-{i:02d}.warc.gz", "wb") for i in range(files)]
    n = 0
    for copy in range(copies):
        for k, (name, body) in enumerate(bodies):
            uri = f"https://wcxb.example/{copy}/{name}"
            out = outs[(copy * len(bodies) + k) % files]
            n += 1
            out.write(gzip.compress(_record("request", n, uri, "application/http; msgtype=request",
                                            f"GET /{name} HTTP/1.1\r\n\r\n".encode()), 1))
            n += 1
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
            out.write(gzip.compress(_record("response", n, uri, "application/http; msgtype=response", http), 1))
    for out in outs:
        out.close()
    return len(bodies) * copies


PY_JOB = """
import sys, time, pyarrow.parquet as pq, tidings
src, dst, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
pipe = tidings.Pipeline(threads=threads)
with pq.ParquetWriter(dst, tidings.output_schema(), compression="zstd") as w:
    for out in pipe.process_batches(tidings.read_batches(src, batch_rows=256)):
        w.write_batch(out)
print(0.0)
"""

RAY_JOB = """
import sys, time
t0 = time.perf_counter()
import ray
from tidings.ray import Tidings, read_documents
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ray.init(num_cpus=n, include_dashboard=False, log_to_driver=False)
start = time.perf_counter() - t0
read_documents(src, batch_rows=256).map_batches(
    Tidings, batch_format="pyarrow", batch_size=256, zero_copy_batch=True,
    compute=ray.data.ActorPoolStrategy(size=n)).write_parquet(dst)
print(start)
"""

SPARK_JOB = """
import os, sys, time
t0 = time.perf_counter()
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
from pyspark.sql import SparkSession
from tidings.spark import annotate_files
src, dst, master = sys.argv[1], sys.argv[2], sys.argv[3]
spark = (SparkSession.builder.master(master).config("spark.ui.enabled", "false")
         .config("spark.sql.execution.arrow.maxRecordsPerBatch", "8").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
start = time.perf_counter() - t0
annotate_files(spark, src, batch_rows=256).write.mode("overwrite").parquet(dst)
print(start)
"""


def run(cmd, env=None) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process tree that exited, the
    start the job reports)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True).stdout.split()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, float(out[-1]) if out else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=None, help="first N pages (default: all)")
    ap.add_argument("--sizes", default="1,2", help="copies of the pages per size (default: 1,2)")
    ap.add_argument("--files", type=int, default=4, help=".warc.gz files per size")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--engines", default="cli,python,ray,spark")
    args = ap.parse_args()
    engines = args.engines.split(",")
    binary = os.environ.get("TIDINGS_BIN", str(ROOT / "target" / "release" / "tidings"))
    env1 = dict(os.environ, TIDINGS_THREADS="1")
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {}
        for copies in map(int, args.sizes.split(",")):
            sizes[copies] = write_warcs(Path(tmp) / f"warc-{copies}", args.pages, copies, args.files)
        jobs = {}
        for j in (1, 2):
            for copies in sizes:
                src, dst = f"{tmp}/warc-{copies}", f"{tmp}/out-{copies}"
                if "cli" in engines:
                    jobs[(f"tidings run -j{j}", copies)] = lambda j=j, src=src, dst=dst: run(
                        [binary, "run", src, "--out", f"{dst}.parquet", "--no-progress", "-j", str(j)])
                if "python" in engines:
                    jobs[(f"Python read_batches + process_batches, threads={j}", copies)] = \
                        lambda j=j, src=src, dst=dst: run([sys.executable, "-c", PY_JOB, src, f"{dst}.parquet", str(j)])
                if "ray" in engines:
                    jobs[(f"Ray, {j} actor(s) x 1 thread", copies)] = lambda j=j, src=src, dst=dst: run(
                        [sys.executable, "-c", RAY_JOB, src, f"{dst}-ray", str(j)], env1)
                if "spark" in engines:
                    jobs[(f"Spark local[{j}], annotate_files", copies)] = lambda j=j, src=src, dst=dst: run(
                        [sys.executable, "-c", SPARK_JOB, src, f"{dst}-spark", f"local[{j}]"], env1)
        results = {key: [] for key in jobs}
        loads = []
        for _ in range(args.repeat):
            for key, job in jobs.items():
                results[key].append(job())
                loads.append(os.getloadavg()[0])
        med = {key: tuple(statistics.median(r[i] for r in rs) for i in range(3)) for key, rs in results.items()}
        small, large = min(sizes), max(sizes)
        print(f"WCXB-dev pages as {args.files} .warc.gz files, sizes {', '.join(str(n) for n in sizes.values())} "
              f"pages; default pipeline; median of {args.repeat} interleaved rounds; "
              f"load average {min(loads):.2f}–{max(loads):.2f}")
        print(f"| job | pages | wall s | vs command | start s | fixed s | ms/page | per page vs command | CPU s |")
        print("|---|---|---|---|---|---|---|---|---|")
        names = list(dict.fromkeys(name for name, _ in jobs))
        for name in names:
            j = "2" if ("-j2" in name or "=2" in name or "2 actor" in name or "[2]" in name) else "1"
            base = f"tidings run -j{j}"
            per_page = fixed = None
            if large != small:
                per_page = (med[(name, large)][0] - med[(name, small)][0]) / (sizes[large] - sizes[small])
                fixed = med[(name, small)][0] - per_page * sizes[small]
            base_per_page = None
            if (base, large) in med and large != small:
                base_per_page = (med[(base, large)][0] - med[(base, small)][0]) / (sizes[large] - sizes[small])
            for copies, pages in sizes.items():
                wall, cpu, start = med[(name, copies)]
                ratio = f"{wall / med[(base, copies)][0]:.2f}×" if (base, copies) in med else "-"
                cpu_s = f"{cpu:.1f}" if "Ray" not in name and "Spark" not in name else "-"
                pp = f"{per_page * 1000:.2f}" if per_page is not None else "-"
                pp_ratio = f"{per_page / base_per_page:.2f}×" if per_page and base_per_page else "-"
                fx = f"{fixed:.1f}" if fixed is not None else "-"
                print(f"| {name} | {pages} | {wall:.1f} | {ratio} | {start:.1f} | {fx} | {pp} | {pp_ratio} | {cpu_s} |")


if __name__ == "__main__":
    main()
