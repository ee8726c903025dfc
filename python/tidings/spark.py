"""tidings on Spark: ``annotate(df)`` maps a DataFrame's Arrow batches through
the pipeline with ``mapInArrow``.

    from pyspark.sql import SparkSession
    from tidings.spark import annotate

    spark = SparkSession.builder.master("local[4]").getOrCreate()
    df = spark.read.parquet("pages/")              # columns id, html (or text), ...
    annotate(df).write.parquet("annotated/")

WARC, JSON Lines and Parquet files are read by tidings' own readers (those
of ``tidings run``) from Spark's ``binaryFile`` source: :func:`read_documents`
gives a DataFrame of documents, and :func:`annotate_files` reads and
annotates in one pass (the documents never cross to the JVM in between)::

    from tidings.spark import annotate_files

    annotate_files(spark, "crawl/*.warc.gz").write.parquet("annotated/")

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

__all__ = ["annotate", "annotate_files", "read_documents"]


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
        # The next batch is processed while Spark serialises this one.
        yield from pipe.process_batches(b for b in batches if b.num_rows)

    return df.mapInArrow(run, spark_ddl())


def _files(spark, paths, path_glob: Optional[str]):
    """``binaryFile`` rows (``path``, ``content``): the bytes as stored."""
    reader = spark.read.format("binaryFile")
    if path_glob is not None:
        reader = reader.option("pathGlobFilter", path_glob)
    if isinstance(paths, str):
        paths = [paths]
    return reader.load(list(paths)).select("path", "content")


def _local_name(uri: str) -> str:
    """A local file as ``tidings run`` names it (``file:/a%20b`` → ``/a b``);
    other URIs as Spark gives them."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def _read(batches, format, batch_rows, max_bytes):
    """The documents of each file in ``binaryFile`` batches, streamed out of
    the file's bytes."""
    import pyarrow as pa

    from . import read_batches

    for batch in batches:
        names = batch.column("path").to_pylist()
        contents = batch.column("content")
        for i, name in enumerate(names):
            name = _local_name(name)
            content = pa.BufferReader(contents[i].as_buffer())
            yield from read_batches(content, format, batch_rows=batch_rows,
                                    max_bytes=max_bytes, name=name)


def read_documents(spark, paths, *, format: Optional[str] = None, batch_rows: int = 1024,
                   max_bytes: Optional[int] = None, path_glob: Optional[str] = None):
    """WARC, JSON Lines, Parquet, HTML or text files as a DataFrame of
    documents in the output schema, read by the readers of ``tidings run``
    (the same ids, texts and errors) from ``binaryFile``. ``format`` forces the
    kind (see :func:`tidings.read_batches`); ``path_glob`` is ``binaryFile``'s
    ``pathGlobFilter``."""

    def run(batches):
        yield from _read(batches, format, batch_rows, max_bytes)

    return _files(spark, paths, path_glob).mapInArrow(run, spark_ddl())


def annotate_files(spark, paths, config: Config = None, *, stages: Optional[Sequence[str]] = None,
                   threads: Optional[int] = None, format: Optional[str] = None,
                   batch_rows: int = 256, max_bytes: Optional[int] = None,
                   path_glob: Optional[str] = None):
    """:func:`read_documents` and :func:`annotate` in one ``mapInArrow``:
    each file's documents go through the pipeline in the Python worker that
    read them."""
    pipeline = Pipeline(config, stages=stages, threads=threads)

    def run(batches):
        pipe = pipeline._with_engine_cpus(_task_cpus())
        # The next batch is read and processed while Spark serialises this one.
        yield from pipe.process_batches(_read(batches, format, batch_rows, max_bytes))

    return _files(spark, paths, path_glob).mapInArrow(run, spark_ddl())
