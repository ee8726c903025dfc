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


def test_warc_files_read_and_annotated_in_one_pass(spark, pages, tmp_path):
    from conftest import write_warc

    from tidings.spark import annotate_files, read_documents

    folder = tmp_path / "crawl"
    folder.mkdir()
    halves = [pages[: len(pages) // 2], pages[len(pages) // 2:]]
    wants = [write_warc(folder / f"part-{i}.warc.gz", half, truncate_last=(i == 1), first=1000 * i)
             for i, half in enumerate(halves)]
    docs = pa.Table.from_batches([b for i in range(2) for b in tidings.read_batches(folder / f"part-{i}.warc.gz")])
    expected = {}
    for r in tidings.Pipeline(stages=STAGES).process_batch(docs).to_pylist():
        r.pop("timings")
        expected[r["id"]] = r
    assert len(expected) == sum(len(w["ids"]) for w in wants)

    read = read_documents(spark, str(folder), path_glob="*.warc.gz")
    assert sorted(r["id"] for r in read.select("id").collect()) == sorted(expected)
    rows = annotate_files(spark, str(folder), stages=STAGES, path_glob="*.warc.gz").collect()
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == len(expected)
    got = _rows(rows)
    assert got == expected  # local files named as the command names them
