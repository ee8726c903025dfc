"""tidings on Spark: annotate(df) with mapInArrow.

    python examples/python/spark_annotate.py [PATH...]   # default: examples/docs

Needs Java 17 (Spark's JVM). The result has tidings' output schema.
"""

import os
import sys

import pyarrow as pa
from pyspark.sql import SparkSession

import pages
from tidings.spark import annotate

if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers use this venv too
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    records = pages.load_records(pages.args())
    table = pa.Table.from_pylist([{"id": r["id"], "text": r.get("text"), "html": r.get("html")} for r in records])
    df = spark.createDataFrame(table.to_pandas())
    out = annotate(df)
    out.select("id", "language.iso639_1", "title", "entities.text").show(truncate=60)
    spark.stop()
