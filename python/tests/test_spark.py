"""tidings on Spark: ``annotate`` with ``mapInArrow`` on ``local[2,4]`` (two
cores, four attempts per task), and one task's Python worker killed."""

from __future__ import annotations

import pyarrow as pa
import pytest

pyspark = pytest.importorskip("pyspark")

import tidings  # noqa: E402
from tidings.spark import annotate  # noqa: E402

import faults  # noqa: E402

STAGES = ["clean", "lang", "ner"]


@pytest.fixture(scope="module")
def spark():
    import os
    import sys

    from pyspark import cloudpickle
    from pyspark.sql import SparkSession

    cloudpickle.register_pickle_by_value(faults)  # workers need not import the tests

    # Python workers run this interpreter (the venv with the wheel), not `python3`.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2,4]")
        .appName("tidings-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "8")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _frame(spark, pages):
    schema = "id STRING, html STRING, url STRING"
    rows = [(p["id"], p["html"], f"https://wcxb.example/{p['id']}") for p in pages]
    return spark.createDataFrame(rows, schema).repartition(4)


def _rows(rows) -> dict:
    out = {}
    for r in rows:
        r = r.asDict(recursive=True)
        r.pop("timings")
        out[r["id"]] = r
    return out


def _expected(pages) -> dict:
    records = [dict(p, url=f"https://wcxb.example/{p['id']}") for p in pages]
    rows = tidings.Pipeline(stages=STAGES).process_batch(pa.Table.from_pylist(records)).to_pylist()
    for r in rows:
        r.pop("timings")
    return {r["id"]: r for r in rows}


def test_annotate_gives_one_row_per_row(spark, pages):
    out = annotate(_frame(spark, pages), stages=STAGES)
    assert [f.name for f in out.schema.fields] == tidings.output_schema().names
    got = _rows(out.collect())
    assert len(got) == len(pages)
    assert got == _expected(pages)


def test_a_killed_task_loses_no_row(spark, pages, tmp_path):
    victim = pages[len(pages) // 3]["id"]
    marker = tmp_path / "killed"
    df = _frame(spark, pages)
    df = df.mapInArrow(faults.kill_once_in_spark(victim, str(marker)), df.schema)
    rows = annotate(df, stages=STAGES).collect()
    assert marker.exists(), "the fault was not injected"
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == len(pages)
    assert _rows(rows) == _expected(pages)


def test_bad_config_fails_on_the_driver(spark, pages):
    with pytest.raises(ValueError, match="unknown stage"):
        annotate(_frame(spark, pages[:2]), stages=["nope"])
