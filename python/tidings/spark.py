"""tidings on Spark: ``annotate(df)`` maps a DataFrame's Arrow batches through
the pipeline with ``mapInArrow``.

    from pyspark.sql import SparkSession
    from tidings.spark import annotate

    spark = SparkSession.builder.master("local[4]").getOrCreate()
    df = spark.read.parquet("pages/")              # columns id, html (or text), ...
    annotate(df).write.parquet("annotated/")

The result has one row per input row with the columns of
:func:`tidings.output_schema` (:func:`tidings.spark_ddl` is its DDL). The
pipeline is validated on the driver, shipped to the executors as its config
and built once per Python worker; each task's pool gets the task's CPUs
(``spark.task.cpus``) unless ``threads=`` or ``TIDINGS_THREADS`` says
otherwise.
"""

from __future__ import annotations

from typing import Optional, Sequence

from . import Config, Pipeline, spark_ddl

__all__ = ["annotate"]


def _task_cpus() -> Optional[int]:
    try:
        from pyspark import TaskContext

        ctx = TaskContext.get()
        return ctx.cpus() if ctx is not None else None
    except Exception:
        return None


def annotate(df, config: Config = None, *, stages: Optional[Sequence[str]] = None,
             threads: Optional[int] = None):
    """``df`` (columns ``id`` and ``text`` or ``html``; optional ``url``,
    ``source``, ``format``, ``metadata``; other columns go to ``metadata``)
    through the pipeline: a DataFrame in the output schema."""
    pipeline = Pipeline(config, stages=stages, threads=threads)  # raises on a bad config here

    def run(batches):
        pipe = pipeline._with_engine_cpus(_task_cpus())
        for batch in batches:
            if batch.num_rows:
                yield pipe.process_batch(batch)

    return df.mapInArrow(run, spark_ddl())
