"""tidings on Spark: crawl files read by tidings' readers from `binaryFile`
and annotated in the same Python worker, written as Parquet.

    python examples/python/spark_annotate.py [PATH...] [--out DIR]   # default: examples/docs

PATHs are WARC (.warc, .warc.gz), JSON Lines, Parquet, HTML or text files,
or folders of them. Needs Java 17 (Spark's JVM). The result has tidings'
output schema.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from pyspark.sql import SparkSession

from tidings.spark import annotate_files

ROOT = Path(__file__).resolve().parents[2]

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "examples" / "docs")])
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers use this venv too
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    dest = args.out or tempfile.mkdtemp(prefix="tidings-spark-")
    annotate_files(spark, args.paths).write.mode("overwrite").parquet(dest)
    print(f"annotated records in {dest}")
    spark.stop()
