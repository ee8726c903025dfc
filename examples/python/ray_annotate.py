"""tidings on Ray Data: crawl files read by tidings' readers, annotated by
an actor pool, written as Parquet.

    python examples/python/ray_annotate.py [PATH...] [--out DIR]   # default: examples/docs

PATHs are WARC (.warc, .warc.gz), JSON Lines, Parquet, HTML or text files,
or folders of them, on any filesystem Ray reads. Each actor loads the models
once; the output rows are in tidings' Arrow schema.
"""

import argparse
import os
import tempfile
from pathlib import Path

import ray

from tidings.ray import Tidings, read_documents

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "examples" / "docs")])
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    cpus = len(os.sched_getaffinity(0))
    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False)
    docs = read_documents(args.paths)  # one streamed read task per file
    out = docs.map_batches(
        Tidings,
        fn_constructor_kwargs={"config": None},  # or the JSON of `tidings config`
        batch_format="pyarrow",
        batch_size=256,
        zero_copy_batch=True,
        compute=ray.data.ActorPoolStrategy(size=cpus),  # one actor per CPU, one thread each
    )
    dest = args.out or tempfile.mkdtemp(prefix="tidings-ray-")
    out.write_parquet(dest)
    print(f"annotated records in {dest}")
    ray.shutdown()
